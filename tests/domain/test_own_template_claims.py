"""A draft that is its own approved template (its grounds open with its whole text) is not read for
whom its claims are about: reading it whole finds nothing there, on texts generated from the words
the check reads, line breaks and clause marks between them, and on every draft of the verifier's
development sets and its template."""

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import claim_subjects
from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.broken_lines import joined
from sdr_assets.domain.claim_subjects import claim_subject_reasons
from sdr_assets.domain.verifier import _fold, _norm
from sdr_assets.verifier_eval import load_set, request_for

FIELDS = (("first_name", "Dana"), ("last_name", "Park"), ("company_name", "Acme Robotics"), ("title", "VP Sales"),
          ("person", "Tom Reyes"), ("new_role", "Head of Data"), ("role", "Head of Data"),
          ("lead_investor", "Index Ventures"), ("sender_name", "Sam Carter"))
ROLES = Roles("Dana Park", "Sam Carter", tuple(v for _, v in FIELDS), FIELDS)
WORDS = st.sampled_from([
    "dana", "dana park", "park", "tom", "tom reyes", "acme", "acme robotics", "index ventures", "sam carter", "vp sales",
    "head of data", "you", "your", "you're", "you've", "you are", "as", "welcome", "to", "since", "on", "congrats",
    "congratulations", "kudos", "started", "starting", "start", "at", "the", "new", "role", "now", "that", "serve",
    "move", "recent", "joining", "joined", "just", "their", "its", "raised", "raising", "secured", "round", "series b",
    "aboard", "promotion", "appointment", "was appointed", "has", "'s", "lead", "in", "charge", "team", "hire", "hired",
    "filled", "brought on", "once", "before", "took over", "stepped", "into", "x"])
SEPARATORS = st.sampled_from([" ", "", "\t", "\n", ", ", ". ", "'", "; ", ": ", "! ", "? "])
TEXT = st.lists(st.tuples(WORDS, SEPARATORS).map("".join), max_size=24).map("".join)
FACT_LINES = st.lists(st.sampled_from([v.lower() for _, v in FIELDS] + ["raised a series b", "joined as head of data",
                                                                        "you're hiring", "x"]), max_size=6)
SETS = ["verifier", *(f"verifier_dev{n}" for n in range(2, 8))]


@settings(max_examples=400, deadline=None)
@example("since you started at acme robotics\nwelcome aboard", ["tom reyes"])
@example("congrats on the new role. acme robotics raised", [])
@example("as vp sales, you\ntom reyes was appointed", ["index ventures"])
@example("your new head of data has joined", ["acme"])
@given(TEXT, FACT_LINES)
def test_an_own_template_says_each_claim_of_the_one_its_grounds_say_it_of(text, facts):
    assert claim_subjects.said_not_grounded(text, "\n".join([text, *facts]), ROLES) == []


@pytest.mark.parametrize("name", SETS)
def test_no_draft_of_the_development_sets_read_as_its_own_template_claims_of_another(name):
    contexts, drafts = load_set(Path("tests/fixtures") / name)
    for draft in drafts:
        request = request_for(contexts[draft["context"]])
        for subject, body in ((draft["subject"], draft["body"]), request.rendered()):
            text = f"{subject}\n{joined(body)}"
            grounds = "\n".join([text, *request.roles().facts])
            said, known = _fold(_norm(text)).lower(), _fold(_norm(grounds)).lower()
            assert claim_subjects.said_not_grounded(said, known, request.roles()) == [], draft["id"]


def _reads(monkeypatch) -> list[str]:
    """Every text the check reads for a new role said of someone."""
    read: list[str] = []
    new_role_reasons = claim_subjects._new_role_reasons

    def reading(lower, known, roles):
        read.append(lower)
        return new_role_reasons(lower, known, roles)

    monkeypatch.setattr(claim_subjects, "_new_role_reasons", reading)
    return read


def test_an_own_template_is_not_read_and_another_text_is(monkeypatch):
    read = _reads(monkeypatch)
    template = "Congrats on the new role, Dana.\nWorth a chat?"
    assert claim_subject_reasons(template, f"{template}\nDana\nAcme Robotics", ROLES) == []
    assert claim_subject_reasons(template, template, ROLES) == []
    assert read == []
    assert claim_subject_reasons(template, f"Hi Dana\n{template}", ROLES) == []
    assert claim_subject_reasons(template, f"{template} Thanks\nDana", ROLES) == []
    assert claim_subject_reasons(template, "Dana\nAcme Robotics", ROLES) == [
        "says Dana has a new role; the facts say Tom Reyes joined"]
    assert len(read) == 3


def test_an_own_template_is_read_whole_where_a_name_of_the_facts_breaks_a_line(monkeypatch):
    read = _reads(monkeypatch)
    fields = (*FIELDS, ("company_name", "Acme\nRobotics"))
    roles = Roles("Dana Park", "Sam Carter", tuple(v for _, v in fields), fields)
    template = "Welcome aboard, Dana."
    assert claim_subject_reasons(template, f"{template}\nAcme\nRobotics", roles) == []
    assert len(read) == 1
