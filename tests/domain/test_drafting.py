"""Grounded drafting, targeting and review samples."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sdr_assets.domain.drafting import MissingFactError, choose_variant, render, used_fact_ids
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.verifier import grounding_reasons
from sdr_assets.domain.review import content_diff, pick_review_sample
from sdr_assets.domain.targeting import choose_contact, segment_matches, trigger_matches
from sdr_assets.playbook import load_play

NOW = datetime(2026, 11, 20, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
PLAY = load_play(PLAYS / "revops-hiring.yaml")


def test_templates_fill_only_from_facts():
    assert render("Hi {first_name}", {"first_name": "Ana"}) == "Hi Ana"
    with pytest.raises(MissingFactError, match="role"):
        render("Hiring a {role}?", {"first_name": "Ana"})


def test_model_rewrites_may_not_add_numbers_or_names():
    grounds = "Acme\nHi Ana, you raised $20M.\nAna\nAcme\nyou raised $20M"
    assert grounding_reasons("Hi Ana, congrats on the $20M at Acme's team.", grounds) == []
    assert grounding_reasons("Hi Ana, Salesforce says you have 300 staff.", grounds, "names_numbers") == [
        "number not in the facts: 300", "name not in the facts: Salesforce"]


def test_variants_spread_deterministically():
    picks = [choose_variant(["a", "b"], f"c{i}") for i in range(200)]
    assert picks == [choose_variant(["a", "b"], f"c{i}") for i in range(200)]
    assert 70 < picks.count("a") < 130


def test_triggers_segments_and_personas():
    signal = {"signal_type": "hiring", "detail": "Hiring", "observed_at": NOW,
              "attributes": '{"role": "Head of Revenue Operations"}'}
    assert trigger_matches(PLAY.triggers[0], signal, NOW)
    assert not trigger_matches(PLAY.triggers[0], {**signal, "attributes": '{"role": "Accountant"}'}, NOW)
    stale = {**signal, "observed_at": datetime(2026, 9, 1, tzinfo=UTC)}
    assert not trigger_matches(PLAY.triggers[0], stale, NOW)
    assert segment_matches(PLAY.segment, {"industry": "Software", "country": "US", "employees": 300})[0]
    ok, reason = segment_matches(PLAY.segment, {"industry": "Mining", "country": "US", "employees": 300})
    assert not ok and "Mining" in reason
    contacts = [
        {"contact_id": "1", "title": "Chief Financial Officer", "department": "Finance", "seniority": "c_level", "email": "cfo@a.example"},
        {"contact_id": "2", "title": "VP Sales", "department": "Sales", "seniority": "vp", "email": "bad..vp@a.example"},
        {"contact_id": "3", "title": "Sales Director", "department": "Sales", "seniority": "director", "email": "sd@a.example"},
    ]
    chosen, _ = choose_contact(PLAY, contacts)
    assert chosen["contact_id"] == "3", "best persona with a valid address; a CFO is not a sales persona"


def test_review_sample_covers_variants_and_signal_types():
    rows = [{"contact_email": f"c{i}", "variant": "ab"[i % 2], "signal_type": ["hiring", "funding", "intent"][i % 3],
             "fit": i / 10} for i in range(12)]
    sample = pick_review_sample(rows, 5)
    chosen = [r for r in rows if r["contact_email"] in sample]
    assert len(sample) == 5
    assert {r["variant"] for r in chosen} == {"a", "b"}
    assert {r["signal_type"] for r in chosen} == {"hiring", "funding", "intent"}


def test_content_diff_names_the_changed_line():
    old = PLAY.versioned_content()
    new = {**old, "sender": {**old["sender"], "name": "Robin"}}
    diff = content_diff(old, new, "approved", "current")
    assert "-  name: Sam Carter" in diff and "+  name: Robin" in diff
    assert content_diff(None, new, "a", "b") == ""


def test_draft_rows_fill_every_step_and_flag_the_plays_sample_size():
    import json
    from dataclasses import replace

    from resources.model import OfflineModel
    from sdr_assets.domain.drafts import draft_rows
    from sdr_assets.domain.facts import Fact, facts_to_json

    def facts(i, without=()):
        values = {"first_name": "Ana", "company_name": f"Acme{i}", "role": "Head of RevOps", "employees": "300",
                  "why_now": "you're hiring", "industry": "Software"}
        return facts_to_json([Fact(f"t.{k}", k, v, "text", "test") for k, v in values.items() if k not in without])

    angles = [{"company_domain": f"a{i}.example", "contact_email": f"c{i}@a{i}.example", "contact_name": "C",
               "linkedin_url": "", "signal_type": "hiring", "fit": i / 10, "research_instructions": "",
               "facts": facts(i)} for i in range(6)]
    rows, pending = draft_rows(replace(PLAY, review_sample_size=2), angles, OfflineModel().write_drafts)
    assert pending == 0
    assert len(rows) == 6 * len(PLAY.sequence)
    assert all(r["grounded"] and r["verdict"] == "written" for r in rows)
    assert "t.role" in json.loads(next(r["fact_ids"] for r in rows if r["step"] == 1))
    assert len({r["contact_email"] for r in rows if r["is_review_sample"]}) == 2
    assert "Head of RevOps" in next(r["subject"] for r in rows if r["step"] == 1)
    without_role = [{**a, "facts": facts(0, without=("role",))} for a in angles[:1]]
    ungrounded = [r for r in draft_rows(PLAY, without_role, OfflineModel().write_drafts)[0] if r["channel"] == "email"]
    assert ungrounded and all(not r["grounded"] and "role" in r["missing_facts"] for r in ungrounded)



_PIECES = st.sampled_from(["Acme", "acme", "ACME", "Data", "RevOps", "rev-ops", "İstanbul", "istanbul", "Straße",
                           "STRASSE", "K", "\u212a", "é", "É", " ", ".", "-", "_", "1,200", "12", "ı", "ſ", "s", "i"])
_CASES = st.sampled_from([str, str.lower, str.upper, str.title])


@st.composite
def _text_and_values(draw):
    values = draw(st.lists(st.lists(_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=4))
    parts = draw(st.lists(st.one_of(_PIECES, st.tuples(_CASES, st.sampled_from(values)).map(lambda p: p[0](p[1]))),
                          max_size=10))
    return "".join(parts), values


@given(_text_and_values())
@example(("Hello İstanbul team", ["istanbul"]))
@example(("a \u212a b", ["k"]))
@example(("Café Acme team", ["acme", "cafe"]))
@example(("éacme, Acmeé and acme_", ["acme"]))
@example(("the ſales team", ["sales"]))
@example(("aı b", ["ai"]))
def test_cited_facts_are_the_ones_a_whole_word_search_finds(text_and_values):
    """The quick substring screen never drops a fact the pattern search would find, whatever the case or script:
    an ASCII value in a text with accented letters is searched by hand too."""
    text, values = text_and_values
    facts = tuple(Fact(f"f{i}", "name", value, "text", "test") for i, value in enumerate(values))
    expected = tuple(f.id for f in facts if re.search(rf"(?<!\w){re.escape(f.value)}(?!\w)", text, re.IGNORECASE))
    assert used_fact_ids(text, facts) == expected
