"""The whole pipeline with a local OpenAI-compatible server standing in for the model.

The server embellishes every answer with an invented claim. Drafts carry the facts they cite, no
invented claim reaches the outbox, a second run makes no model call, and switching the model sends
the play back to the gate.
"""

import json
import mailbox
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from resources.store import approvals
from resources.warehouse import read_table
from sdr_assets.assembly import build_definitions
from tests.approving import approve
from sdr_assets.playbook import load_plays
from sdr_assets.domain.review import content_diff
from sdr_assets.drafts import verifier_summary
from sdr_assets.model_server import INVENTIONS, Behaviour, LocalModelServer
from sdr_assets.runner import run_due

PLAY = "series-b-funding"


@pytest.fixture
def server():
    with LocalModelServer(Behaviour(mode="embellish")) as running:
        yield running


def _resources(environ, monkeypatch, server, model: str) -> dict:
    settings = {"OPENAI_BASE_URL": server.base_url, "SDR_MODEL": model, "OPENAI_API_KEY": "local"}
    for key, value in settings.items():
        monkeypatch.setenv(key, value)  # the play's version reads the same settings as the resources
    return build_resources(environ(**settings))


def _outbox(resources) -> list[str]:
    root = Path(resources["mail"].path)
    if not root.exists():
        return []
    return [m.get_payload(decode=True).decode() if not m.is_multipart()
            else "\n".join(p.get_payload(decode=True).decode() for p in m.walk() if not p.is_multipart())
            for m in mailbox.Maildir(root, create=False)]


def test_invented_claims_never_reach_the_outbox_and_a_model_change_closes_the_gate(
        environ, monkeypatch, server, instance):
    resources = _resources(environ, monkeypatch, server, "local-embellisher")
    defs = build_definitions(resources)
    run_due(defs, instance)
    approve(resources, PLAY, "Priya Raman", "samples read")
    report = run_due(defs, instance)
    assert not report.failed

    with resources["warehouse"].connect() as con:
        drafts = read_table(con, "message_drafts", "where play = ?", [PLAY])
        angles = con.execute("select angle, angle_fact_ids, angle_by from research_angles").fetchall()
    emails = drafts.filter(drafts["channel"] == "email")
    assert emails.height > 0
    assert all(json.loads(ids) for ids in emails["fact_ids"].to_list()), "every draft cites its facts"
    counts, examples = verifier_summary(drafts)
    assert counts["fell_back"] > 0 and "fell_back" in examples
    grounded = instance.get_latest_asset_check_evaluation_record(
        dg.AssetCheckKey(dg.AssetKey([PLAY, "message_drafts"]), "drafts_grounded"))
    evaluation = grounded.event.dagster_event.event_specific_data
    assert grounded.status.value == "FAILED" and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["fell_back"].value == counts["fell_back"], "judged on the drafts just written"
    assert grounded.event.step_key == f"{PLAY.replace('-', '_')}__message_drafts", "in the drafts' own step"
    assert angles and all(json.loads(ids) for _, ids, _ in angles)

    sent = _outbox(resources)
    assert sent, "the approved play sends"
    for text in sent:
        lowered = text.lower()
        assert not any(i.lower().rstrip(".") in lowered for i in INVENTIONS), text

    calls = server.requests
    assert not run_due(defs, instance).failed
    assert server.requests == calls, "an unchanged run makes no model call"

    switched = _resources(environ, monkeypatch, server, "another-model")
    play = load_plays(switched["paths"].plays).plays[PLAY]
    with switched["warehouse"].connect() as con:
        status = approvals.approval_status(con, play)
        previous = approvals.version_content(con, PLAY, status.last_approved_hash)
    assert not status.approved
    diff = content_diff(previous, play.versioned_content(), "approved", "current")
    assert "-  model: local-embellisher" in diff and "+  model: another-model" in diff
    before = len(sent)
    report = run_due(build_definitions(switched), instance)
    assert PLAY in report.gate_closed
    assert len(_outbox(switched)) == before
