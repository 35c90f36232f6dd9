"""A draft that fell back because its model call failed is asked of the model again once it answers.

An outage, a 401 until the key is fixed or timeouts after every retry leave some drafts on the
approved template, the ``drafts_grounded`` warning telling the user to fix the model settings. The
model's identity (its name, endpoint, prompt version) does not move when the key is fixed or the
outage ends, so nothing but the failure itself can send those drafts back to the model: the next run
asks again for them alone, the drafts the model wrote are paid for once, and a run after the model
wrote them all calls nothing.
"""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.drafts import grounded_result, write_drafts
from sdr_assets.incremental import LayerConfig
from sdr_assets.model_server import Behaviour, LocalModelServer, _data, answer_for
from sdr_assets.play_graph import job_name
from sdr_assets.research import research_angles
from tests.chat_endpoint import approved_and_sent_with, chat_endpoint
from tests.send_world import _body

PLAY = "revops-hiring"
OUTAGE = 3  # calls failed, fewer than stop a stage asking (``BREAK_AFTER``)


def _metadata(result) -> dict:
    return {k: getattr(v, "value", v) for k, v in result.metadata.items()}


def _researched(resources, model, server, script: list[str]) -> None:
    """Research done under ``model`` (the writer is part of the play's version, and drafts are written from
    research of their version alone), then ``script`` of faults for the calls after it."""
    _body(research_angles)(config=LayerConfig(), warehouse=resources["warehouse"], paths=resources["paths"],
                           policy=resources["policy"], model=model)
    server.behaviour.script.extend(script)


def _failed(resources) -> int:
    with resources["warehouse"].connect() as con:
        return con.execute("select count(*) from message_drafts where play = ? and verifier_reasons like "
                           "'%model call failed%'", [PLAY]).fetchone()[0]


@pytest.mark.opening("signals_ran")
def test_drafts_the_model_failed_are_written_by_it_once_it_answers(resources):
    warehouse, paths = resources["warehouse"], resources["paths"]
    with LocalModelServer(Behaviour()) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="review", max_attempts=1,
                                      backoff_seconds=0)
        try:
            _researched(resources, model, server, ["500"] * OUTAGE)
            asked = server.requests
            first = _metadata(write_drafts(PLAY, warehouse, paths, model))
            assert server.requests > asked, "the drafts are asked of the model"
            asked = server.requests
            assert _failed(resources) == OUTAGE, "the calls of the outage fail: their drafts fall back"
            assert not grounded_result(PLAY, warehouse).passed

            second = _metadata(write_drafts(PLAY, warehouse, paths, model))  # the outage is over
            assert server.requests - asked == OUTAGE, "only the drafts the outage left are asked again"
            assert _failed(resources) == 0, "every draft the outage left is written by the model"
            assert second["rebuilt"] == "yes" and first["verdicts"] != second["verdicts"]
            assert grounded_result(PLAY, warehouse).passed, "the warning clears once the model answers"

            third = _metadata(write_drafts(PLAY, warehouse, paths, model))
            assert server.requests - asked == OUTAGE, "a run with nothing left to write calls nothing"
            assert third["rebuilt"].startswith("no")
        finally:
            model.close()


SERIES_B = "series-b-funding"


def _refusing_drafts(refused: list[bool]):
    """A faithful model whose drafts' calls get 401 while ``refused[0]`` (a key it no longer takes)."""
    def answer(messages):
        data = _data(messages)
        return 401 if refused[0] and data.get("task") == "draft" else answer_for(data, "faithful", 0)
    return answer


def test_a_first_email_sent_on_the_template_stays_as_sent_when_the_model_writes_its_draft(
        environ, monkeypatch, instance):
    refused = [True]
    with chat_endpoint(_refusing_drafts(refused)) as url:
        resources, defs = approved_and_sent_with(url, SERIES_B, environ, monkeypatch, instance)
        sql = ("select l.draft_id, d.subject, d.body, d.verifier_reasons from send_ledger l join message_drafts d "
               "using (draft_id) where l.play = ? and l.status = 'sent' order by all")
        with resources["warehouse"].connect() as con:
            sent = con.execute(sql, [SERIES_B]).fetchall()
        assert sent and all("model call failed: " in reasons for *_, reasons in sent)

        refused[0] = False  # the key is fixed: nothing the play's version reads moved
        assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
        assert defs.resolve_job_def(job_name(SERIES_B)).execute_in_process(instance=instance).success
    with resources["warehouse"].connect() as con:
        rewritten = con.execute("select count(*) from message_drafts where play = ? and channel = 'email' and "
                                "generated_by like 'openai:%'", [SERIES_B]).fetchone()[0]
        failed = con.execute("select count(*) from message_drafts where verifier_reasons like "
                             "'%model call failed%'").fetchone()[0]
        assert (failed, bool(rewritten)) == (0, True), "the model wrote the drafts once it took the key"
        now = con.execute(sql, [SERIES_B]).fetchall()
        kept = con.execute("select draft_id, subject, body from sent_message_texts order by all").fetchall()
    assert [d for d, *_ in now] == [d for d, *_ in sent], "nothing sent again"
    assert kept == [(d, s, b) for d, s, b, _ in sent], "the thread keeps the text the contact was sent"


@pytest.mark.opening("signals_ran")
def test_a_draft_whose_answer_was_truncated_is_not_paid_for_again_each_run(resources):
    """A truncated answer is paid for and, at temperature 0, what the model answers that prompt again:
    its draft falls back for good, and no later run on the same inputs asks for it."""
    warehouse, paths = resources["warehouse"], resources["paths"]
    with LocalModelServer(Behaviour()) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="review", max_attempts=1)
        try:
            _researched(resources, model, server, ["truncated"] * OUTAGE)
            before = server.requests
            write_drafts(PLAY, warehouse, paths, model)
            asked = server.requests
            assert asked > before, "the drafts are asked of the model"
            again = _metadata(write_drafts(PLAY, warehouse, paths, model))
        finally:
            model.close()
        assert server.requests == asked and again["rebuilt"].startswith("no")


@pytest.mark.opening("signals_ran")
def test_a_fallback_the_budget_leaves_waiting_is_kept_until_the_model_writes_it(resources):
    """A draft asked again after a failed call, which the run's budget leaves for the next run, stays as
    stored (the approved template, sendable) rather than leaving its contact without a draft."""
    warehouse, paths = resources["warehouse"], resources["paths"]
    sql = "select count(*) from message_drafts where play = ?"
    with LocalModelServer(Behaviour()) as server:
        down = OpenAICompatibleModel(base_url=server.base_url, model="review", max_attempts=1)
        budgeted = OpenAICompatibleModel(base_url=server.base_url, model="review", max_calls_per_run=1)
        try:
            _researched(resources, down, server, ["500"] * OUTAGE)
            write_drafts(PLAY, warehouse, paths, down)
            with warehouse.connect() as con:
                drafted = con.execute(sql, [PLAY]).fetchone()[0]
            waiting = _metadata(write_drafts(PLAY, warehouse, paths, budgeted))
        finally:
            down.close()
            budgeted.close()
    assert waiting["waiting_for_model_budget"] == OUTAGE - 1
    with warehouse.connect() as con:
        assert con.execute(sql, [PLAY]).fetchone()[0] == drafted, "no draft is lost while it waits"
    assert _failed(resources) == OUTAGE - 1
