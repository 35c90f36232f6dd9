"""A draft that is its own approved template (its grounds open with its whole text) is not read by the
checks that ground a claim by the same words in the grounds, and gets the reasons of the plain version,
which reads every draft whole: on the plays' templates and the verifier's development sets' filled with
values made of template words, sentence ends, quotes, numbers, hyphens and line breaks, and on every
draft and template of the development sets."""

import os
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import verifier
from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.broken_lines import joined
from sdr_assets.domain.drafting import DraftRequest, MissingFactError
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.plays import template_fields
from sdr_assets.playbook import load_plays
from sdr_assets.verifier_eval import load_set, request_for
from tests.domain import verifier_reference as reference

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "150"))
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = ["verifier", *(f"verifier_dev{n}" for n in range(2, 8))]
PLAYS = Path(__file__).resolve().parents[2] / "data" / "plays"
# The checks a text read as its own template is spared, by their names in the verifier.
SPARED = ("foreign_sentence_reasons", "foreign_claim_reasons", "lowercase_people", "first_claim_reasons",
          "_reply_reasons", "quote_reasons", "standing_reasons", "momentum_reasons", "served_others_reasons",
          "plan_reasons", "origin_reasons", "adoption_stage_reasons", "relation_reasons", "work_reasons",
          "offer_term_reasons", "word_date_reasons", "predecessor_reasons", "makeup_reasons", "effort_reasons",
          "period_reasons", "demand_reasons", "earlier_holder_reasons", "industry_reasons",
          "familiarity_reasons", "team_size_reasons")


def _templates() -> list[tuple[str, str, dict[str, str]]]:
    """Every email template of the plays and of the development sets' contexts, with facts to fill it."""
    templates = []
    for name in SETS:
        contexts, _ = load_set(FIXTURES / name)
        templates += [(c["subject"], c["body"], dict(c["facts"])) for c in contexts.values()]
    for play in load_plays(PLAYS).plays.values():
        for step in play.sequence:
            for variant in (play.variants if "body" not in step else [step]) if step["channel"] == "email" else ():
                subject, body = str(variant.get("subject", "")), str(variant["body"])
                templates.append((subject, body, dict.fromkeys(template_fields(f"{subject}\n{body}"), "Acme")))
    return templates


TEMPLATES = _templates()
WORDS = sorted({w for subject, body, _ in TEMPLATES for w in re.findall(r"[\w'’-]+", f"{subject} {body}")})
PIECES = ["cutting-edge", "up-front", "talk's", "’s", "'s", "O'Neil", "co-founder", ". ", "! ", "? ", '"', "“", "”",
          "‘", "’", "'", "20%", "$5M", "1,200", "3.5", "two", "-", "–", "(", ")", ",", ";", "e.g.", "U.S.", "Inc.",
          "free trial", "just raised", "recently", "your team is", "we helped", "is growing fast", "I heard",
          "apparently", "after a tough year", "lining up to buy", "no engineering work", "Maria asked me", "attached",
          "is live", "mostly new hires", "spring", "predecessor", "the first company in", "hi tom", "congrats to"]
VALUE = st.lists(st.tuples(st.sampled_from(PIECES + WORDS), st.sampled_from(["", " ", " ", "-", "’", "\n"])),
                 min_size=1, max_size=5).map(lambda parts: "".join(p + s for p, s in parts).strip())


def _agree(subject: str, body: str, grounds: str, roles: Roles | None) -> None:
    """The reasons of the plain version in the default mode, where every spared check runs."""
    assert verifier.verify_draft(subject, body, grounds, first_touch=True, bounds=verifier.Bounds(), roles=roles) == \
        reference.verify_draft(subject, body, grounds, first_touch=True, bounds=verifier.Bounds(), roles=roles)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.sampled_from(TEMPLATES), st.data())
def test_a_template_filled_with_any_values_gets_the_reasons_of_the_plain_version(template, data):
    subject, body, facts = template
    values = {field: data.draw(VALUE) or value for field, value in facts.items()}
    request = DraftRequest("play", "a", subject, body, tuple(Fact(f"f.{k}", k, v, "text", "test") for k, v in
                                                             values.items()))
    try:
        filled = request.rendered()
    except MissingFactError:
        assume(False)
    _agree(*filled, request.grounds(), request.roles())


@pytest.mark.parametrize("why_now", [
    "your team is cutting-edge",  # a hyphenated word, read whole by the state check
    "Quietly’apparently your team grew",  # hearsay: its marker cut out of the text's words only
    "I loved your talk's energy",  # a work of theirs, grounded by words joined otherwise
    "we saw the tickets selling out",  # a business state its own words do not hold
    "Sam Carter, your recruiter, said so",  # the sender named at the prospect
    "the pilot is free\nof charge",  # a value holding a line break
])
def test_a_value_that_breaks_a_lesser_proof_gets_the_reasons_of_the_plain_version(why_now):
    facts = {"company_name": "Acme", "first_name": "Dana", "why_now": why_now, "sender_name": "Sam Carter"}
    request = DraftRequest("play", "a", "{company_name} and data", "Hi {first_name},\n\nI noticed {why_now}.\n\n"
                           "{sender_name}", tuple(Fact(f"f.{k}", k, v, "text", "test") for k, v in facts.items()))
    _agree(*request.rendered(), request.grounds(), request.roles())


@pytest.mark.parametrize("name", SETS)
def test_the_development_sets_drafts_and_templates_get_the_reasons_of_the_plain_version(name):
    contexts, drafts = load_set(FIXTURES / name)
    for context in contexts.values():
        request = request_for(context)
        _agree(*request.rendered(), request.grounds(), request.roles())
    for draft in drafts:
        request = request_for(contexts[draft["context"]])
        _agree(draft["subject"], draft["body"], request.grounds(), request.roles())


def _reads(monkeypatch) -> list[str]:
    """The names of the spared checks as each reads a text."""
    read: list[str] = []
    for name in SPARED:
        check = getattr(verifier, name)
        def reading(*args, _name=name, _check=check):
            read.append(_name)
            return _check(*args)

        monkeypatch.setattr(verifier, name, reading)
    return read


FIELDS = (("first_name", "Dana"), ("company_name", "Acme Robotics"), ("sender_name", "Sam Carter"))
SUBJECT, BODY = "Acme Robotics and pipeline", "Hi Dana,\n\nYour team is adopting Snowflake, and we help with that.\n\nSam"


def _verify(grounds: str, fields: tuple[tuple[str, str], ...] = FIELDS) -> tuple[str, ...]:
    roles = Roles("Dana", "Sam Carter", tuple(v for _, v in fields), fields)
    return verifier.verify_draft(SUBJECT, BODY, grounds, first_touch=True, bounds=verifier.Bounds(min_words=3),
                                 roles=roles)


def test_an_own_template_is_not_read_by_the_spared_checks_and_another_text_is(monkeypatch):
    read = _reads(monkeypatch)
    text = f"{SUBJECT}\n{joined(BODY)}"
    assert _verify(f"{text}\nDana\nAcme Robotics") == ()
    assert read == []
    _verify(f"Hi Dana\n{text}")
    assert set(read) == set(SPARED)


def test_an_own_template_is_read_whole_where_a_value_breaks_a_line(monkeypatch):
    read = _reads(monkeypatch)
    fields = (*FIELDS, ("industry", "logistics\nfreight"))
    text = f"{SUBJECT}\n{joined(BODY)}"
    _verify(f"{text}\nDana\nlogistics\nfreight", fields)
    assert set(read) == set(SPARED)
