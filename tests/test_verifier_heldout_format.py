"""The held-out verifier set is well formed: each draft is its context's template plus one addition."""

import json
from collections import Counter
from pathlib import Path

import pytest

SET = Path(__file__).parent / "fixtures" / "verifier_heldout"
FIELDS = {"id", "context", "expect", "kind", "sentence", "subject", "body"}


def _contexts() -> dict:
    loaded = json.loads((SET / "contexts.json").read_text(encoding="utf-8"))
    return {name: c for name, c in loaded.items() if not name.startswith("_")}


def _drafts() -> list[dict]:
    return [json.loads(line) for line in (SET / "drafts.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _without(body: str, sentence: str) -> set[str]:
    """The bodies left when the sentence is taken out with each way it may have been added."""
    return {body.replace(cut, "", 1) for cut in (sentence + "\n\n", " " + sentence) if cut in body}


def test_six_to_eight_contexts_each_with_facts_and_a_template():
    contexts = _contexts()
    assert 6 <= len(contexts) <= 8
    for context in contexts.values():
        assert {"facts", "subject", "body"} <= context.keys()
        assert all(isinstance(v, str) and v for v in context["facts"].values())
        context["subject"].format_map(context["facts"])
        context["body"].format_map(context["facts"])


def test_sixty_good_and_sixty_bad_drafts_with_unique_ids():
    drafts = _drafts()
    assert all(d.keys() == FIELDS for d in drafts)
    assert Counter(d["expect"] for d in drafts) == {"pass": 60, "fail": 60}
    assert len({d["id"] for d in drafts}) == len(drafts)
    assert {d["context"] for d in drafts} == _contexts().keys()


@pytest.mark.parametrize("draft", _drafts(), ids=lambda d: d["id"])
def test_draft_is_the_rendered_template_plus_its_sentence(draft):
    context = _contexts()[draft["context"]]
    assert draft["subject"] == context["subject"].format_map(context["facts"])
    assert draft["body"].count(draft["sentence"]) == 1
    assert context["body"].format_map(context["facts"]) in _without(draft["body"], draft["sentence"])
