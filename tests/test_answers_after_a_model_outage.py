"""A suggested answer that fell back because its model call failed is asked of the model again once it answers.

An outage, a 401 until the key is fixed or timeouts after every retry leave the escalations' answers
on the offline ones. Nothing the rows are built from moves when the outage ends, so nothing but the
failure itself can send those answers back to the model: the next run asks again for them alone, an
answer the model wrote is paid for once, and a run after it wrote them all calls nothing.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from resources.model import OpenAICompatibleModel
from resources.model_stage import BREAK_AFTER
from sdr_assets.domain.answers import model_answers
from sdr_assets.model_server import _data, answer_for
from tests.chat_endpoint import chat_endpoint
from tests.memory_instance import memory_instance
from tests.test_escalations import LATER, _env, answered_world, world  # noqa: F401 - fixtures

MODEL_ANSWER = "happy to help with that"


def _run(root: Path, now: str, url: str) -> dict:
    """An escalations run at ``now`` with the model at ``url``; its metadata."""
    from sdr_assets.escalations import escalations

    resources = build_resources(_env(root, now))
    model = OpenAICompatibleModel(base_url=url, model="review", max_attempts=1, backoff_seconds=0,
                                  concurrency=2)
    try:
        with memory_instance() as instance:
            result = dg.materialize([escalations], resources={**resources, "model": model}, instance=instance)
    finally:
        model.close()
    event = result.get_asset_materialization_events()[0]
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _answers(root: Path) -> dict[str, str]:
    """The suggested answers the model is asked for: those to replies in English (``model_answers``)."""
    with build_resources(_env(root))["warehouse"].connect() as con:
        return {e: text for e, text, reply in con.execute(
            "select escalation_id, suggested_response, reply_text from escalations "
            "where suggested_response <> ''").fetchall() if model_answers({"reply": reply})}


def test_answers_the_model_failed_are_written_by_it_once_it_answers(world, monkeypatch):
    import sdr_assets.escalations as module

    monkeypatch.setattr(module, "answer_digest", lambda: "rules of the upgrade")  # every open answer is asked
    down, asked = [True], []

    def endpoint(messages):
        asked.append(1)
        return 500 if down[0] else answer_for(_data(messages), "faithful", 0)

    with chat_endpoint(endpoint) as url:
        first = _run(world, "2026-11-24T15:10:00+00:00", url)
        offline = _answers(world)
        assert offline and not any(MODEL_ANSWER in text for text in offline.values())
        assert len(asked) <= BREAK_AFTER + 2, "an endpoint down is left"

        down[0] = False  # the outage is over: nothing the rows are built from moved
        calls = len(asked)
        second = _run(world, "2026-11-24T15:20:00+00:00", url)
        written = _answers(world)
        assert len(asked) - calls == len(offline), "each answer the outage left is asked again"
        assert all(MODEL_ANSWER in text for text in written.values()), "the model writes them once it answers"
        assert set(written) == set(offline) and second["answers_written"] == len(offline)

        calls = len(asked)
        third = _run(world, "2026-11-24T15:30:00+00:00", url)
        assert len(asked) == calls, "a run with nothing left to write calls nothing"
        assert third["rebuilt"].startswith("no") and _answers(world) == written
    assert first["rebuilt"].startswith("yes, and again next run")
