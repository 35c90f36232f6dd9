"""A prompt's version is its text: an edited prompt sends the plays back to the gate and has their
angles and drafts asked of the model again, with no number to bump; the prompts as they stood when
the version was kept by hand keep that version, so an upgrade re-approves and re-buys nothing, and an
edit of the suggested answers' prompt alone leaves the plays' versions where they are."""

from __future__ import annotations

import pytest

from resources.model import OpenAICompatibleModel
from sdr_assets.domain import prompts
from sdr_assets.domain.writer import model_identity
from sdr_assets.drafts import write_drafts
from sdr_assets.incremental import LayerConfig
from sdr_assets.model_server import Behaviour, LocalModelServer
from sdr_assets.playbook import load_plays
from sdr_assets.research import research_angles
from tests.send_world import _body

PLAY = "revops-hiring"
EDITED = prompts._DATA_RULE + " Write in a warm register."


def test_the_prompts_of_the_hand_kept_version_keep_it():
    assert model_identity("m", "http://x")["prompt_version"] == "2026-11-28.1"


def test_an_edited_draft_prompt_is_another_version(monkeypatch):
    before = model_identity("m", "http://x")
    monkeypatch.setattr(prompts, "_DATA_RULE", EDITED)
    after = model_identity("m", "http://x")
    assert after["prompt_version"] != before["prompt_version"]
    again = model_identity("m", "http://x")
    assert after["prompt_version"] == again["prompt_version"], "the same text, the same version"


def _versions(paths) -> dict[str, str]:
    return {n: p.version_hash for n, p in load_plays(paths.plays, writer=model_identity("m", "http://x")).plays.items()}


def test_an_edited_suggestion_prompt_leaves_the_plays_versions(monkeypatch, resources):
    before = _versions(resources["paths"])
    monkeypatch.setattr(prompts, "THREAD_CHARS", prompts.THREAD_CHARS // 2)
    assert _versions(resources["paths"]) == before


def _research(resources, model) -> None:
    _body(research_angles)(config=LayerConfig(), warehouse=resources["warehouse"], paths=resources["paths"],
                           policy=resources["policy"], model=model)


@pytest.mark.opening("signals_ran")
def test_an_edited_prompt_is_asked_again(monkeypatch, resources):
    warehouse, paths = resources["warehouse"], resources["paths"]
    with LocalModelServer(Behaviour()) as server:
        model = OpenAICompatibleModel(base_url=server.base_url, model="review", max_attempts=1, backoff_seconds=0)
        try:
            version = load_plays(paths.plays, writer=model.identity()).plays[PLAY].version_hash
            _research(resources, model)
            write_drafts(PLAY, warehouse, paths, model)
            asked = server.requests
            _research(resources, model)
            write_drafts(PLAY, warehouse, paths, model)
            assert server.requests == asked, "unchanged prompts are asked nothing"

            monkeypatch.setattr(prompts, "_DATA_RULE", EDITED)
            assert load_plays(paths.plays, writer=model.identity()).plays[PLAY].version_hash != version, \
                "the edited prompt sends the play back to the gate"
            _research(resources, model)
            researched = server.requests
            assert researched > asked, "the angles are asked again under the edited prompt"
            write_drafts(PLAY, warehouse, paths, model)
            assert server.requests > researched, "the drafts are asked again under the edited prompt"
        finally:
            model.close()
