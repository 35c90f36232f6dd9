"""A run stops asking an endpoint that failed every one of many calls in a row.

Each call to an endpoint that hangs costs the timeout once per attempt: a run of a few hundred drafts
on an endpoint that accepts connections and never answers took the timeout times the attempts times
the drafts over the concurrency (over an hour at the defaults), every run of the outage, and sent the
endpoint every one of those requests. Once calls have failed one after another, the rest of the
stage's calls fail at once: their drafts fall back to the approved template now, and the next run
asks the model again."""

from __future__ import annotations

from resources.model import OpenAICompatibleModel
from resources.model_stage import BREAK_AFTER
from sdr_assets.model_server import Behaviour, LocalModelServer
from tests.test_model_stage import _requests

DRAFTS = 40


def test_an_endpoint_that_fails_call_after_call_is_not_asked_for_every_draft(tmp_path):
    with LocalModelServer(Behaviour(script=["500"] * 1000)) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="local-test", max_attempts=2,
                                      backoff_seconds=0.01, concurrency=2)
        try:
            texts = model.write_drafts(_requests(DRAFTS))
        finally:
            model.close()
        asked = server.requests
    assert all(t.verdict == "fell_back" and t.reasons[0].startswith("model call failed") for t in texts)
    assert asked <= (BREAK_AFTER + 2) * 2, f"{asked} requests for {DRAFTS} drafts to an endpoint that failed them all"
    skipped = [t.reasons[0] for t in texts if "not asked" in t.reasons[0]]
    assert skipped and all("HTTP 500" in reason for reason in skipped), "the analyst reads what the endpoint said"


def test_a_failure_between_answers_does_not_stop_the_stage(tmp_path):
    with LocalModelServer(Behaviour(script=["500", "ok"] * 50)) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="local-test", max_attempts=1,
                                      backoff_seconds=0.01, concurrency=1)
        try:
            texts = model.write_drafts(_requests(DRAFTS))
        finally:
            model.close()
    assert sum(t.verdict == "written" for t in texts) == DRAFTS // 2


def test_answers_cut_short_do_not_stop_the_stage(tmp_path):
    """A truncated answer is the model's answer to that prompt: the endpoint is up, and the rest are asked."""
    with LocalModelServer(Behaviour(script=["truncated"] * (BREAK_AFTER + 1))) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="local-test", max_attempts=1, concurrency=1)
        try:
            texts = model.write_drafts(_requests(DRAFTS))
        finally:
            model.close()
    assert sum(t.verdict == "written" for t in texts) == DRAFTS - BREAK_AFTER - 1
