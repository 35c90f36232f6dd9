"""One clock: with SDR_NOW set, decisions and reply-derived rows carry that time, not the wall clock's."""

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from resources.defaults import build_resources
from resources.store.approvals import history
from resources.warehouse import replace_rows
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays
from sdr_assets.replies import CLASSIFICATION_SCHEMA, sequence_holds
from tests.memory_instance import memory_instance

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
PLAY = "revops-hiring"
PINNED = "2031-03-04T05:06:07+00:00"  # years away from any wall clock the suite runs under


def _resources(tmp_path: Path) -> dict:
    shutil.copytree(PLAYS, tmp_path / "plays")
    return build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": PINNED})


def _decided_at(resources: dict) -> list[datetime]:
    with resources["warehouse"].connect() as con:
        return [d["decided_at"] for d in history(con, PLAY)]


def test_a_decision_from_the_launchpad_is_taken_at_the_pinned_time(tmp_path):
    resources = _resources(tmp_path)
    version = load_plays(tmp_path / "plays").plays[PLAY].version_hash
    run = build_definitions(resources).resolve_job_def("record_play_decision").execute_in_process(
        run_config={"ops": {"record_decision_op": {"config": {
            "play": PLAY, "version_hash": version, "decision": "approve", "decided_by": "Dana Whitfield"}}}},
        instance=memory_instance())
    assert run.success
    assert _decided_at(resources) == [datetime.fromisoformat(PINNED)]


def test_a_decision_from_a_command_or_notebook_honours_sdr_now(tmp_path, monkeypatch):
    resources = _resources(tmp_path)
    monkeypatch.setenv("SDR_NOW", PINNED)
    decide(PLAY, "reject", "Lee Ops", warehouse_path=resources["warehouse"].path, plays_dir=tmp_path / "plays")
    assert _decided_at(resources) == [datetime.fromisoformat(PINNED)]


def test_an_undated_soft_bounce_pauses_from_the_pinned_day(tmp_path):
    resources = _resources(tmp_path)
    bounce = {name: None for name in CLASSIFICATION_SCHEMA} | {
        "message_id": "<b1@example.net>", "message_key": "b1", "contact_email": "ana@acme.example",
        "kind": "bounce", "hard": False, "needs_review": False, "simulated": False}
    with resources["warehouse"].connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame([bounce], schema=CLASSIFICATION_SCHEMA))
    sequence_holds(warehouse=resources["warehouse"], policy=resources["policy"])
    with resources["warehouse"].connect() as con:
        rows = con.execute("select email, hold, until from sequence_holds").fetchall()
    pinned_day = datetime.fromisoformat(PINNED).astimezone(UTC).date()
    assert rows == [("ana@acme.example", "pause", pinned_day + timedelta(days=2))]
