"""The shortcuts of the claim checks change no finding: a slot searched only where its lead words
stand finds what the scan of every place finds, a pattern compiled word first matches where the
original does, and a text without a stem of a verb of entering has no match of the pattern that
looks for one, on texts generated from the words those patterns read."""

import dataclasses
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import claim_subjects, lowercase_people, new_hires, new_roles
from sdr_assets.domain.name_slots import find_names, word_first

NAMES = ["acme", "acme robotics", "vp sales", "head of data", "index ventures", "dana"]
WORDS = st.sampled_from(NAMES + [
    "you", "your", "you're", "you've", "you are", "as", "welcome", "to", "since", "on", "congrats", "congratulations",
    "started", "starting", "start", "at", "the", "new", "role", "are", "now", "that", "serve", "move", "recent",
    "joining", "just", "their", "its", "raising", "round", "series b", "aboard", "promotion", "appointment", "lead",
    "marketing", "in", "charge", "team", "yours", "youth", "xas", "onboard", "since you", "welcomed", "x",
])
SEPARATORS = st.sampled_from([" ", "", "  ", "\t", "\n", ", ", ". ", "'"])
TEXT = st.lists(st.tuples(WORDS, SEPARATORS).map("".join), max_size=24).map("".join)
LED = {name: getattr(claim_subjects, name) for name in ("_JOINED", "_RAISERS", "_TITLES")}


def _found(slots, names, text):
    return [(name, tail.span()) for name, tail in find_names(slots, names, text)]


@settings(max_examples=300, deadline=None)
@example("since you started at acme robotics", ["acme robotics"])
@example("you started at acme and you're joining acme robotics", ["acme", "acme robotics"])
@example("your move to acme", ["acme"])
@example("you're vp sales and you serve as head of data", ["vp sales", "head of data"])
@example("as vp sales, you", ["vp sales"])
@example("congrats to acme on their round", ["acme"])
@given(TEXT, st.lists(st.sampled_from(NAMES), min_size=1, max_size=4))
def test_slots_with_lead_words_find_what_a_scan_of_every_place_finds(text, names):
    assert any(s.leads for slots in LED.values() for s in slots)
    for slots in LED.values():
        scanned = tuple(dataclasses.replace(s, leads=()) for s in slots)
        assert _found(slots, names, text) == _found(scanned, names, text)


PATTERNS = [r"\byour[ \t]+promotion\b", r"\byour[ \t]+appointment\b", new_roles._NOW_LEADS, new_roles._WELCOME,
            r"\bas[ \t]+you\b|\bon\b"]


@settings(max_examples=300, deadline=None)
@example("welcome aboard, now that you lead marketing")
@example("xwelcome aboard yourpromotion")
@given(TEXT)
def test_a_pattern_compiled_word_first_matches_where_the_original_does(text):
    for pattern in PATTERNS:
        assert ([m.span() for m in word_first(pattern).finditer(text)]
                == [m.span() for m in re.finditer(pattern, text)]), pattern


def test_word_first_takes_only_a_pattern_that_opens_with_a_word():
    with pytest.raises(ValueError, match="does not open"):
        word_first(r"(?:a|b)c")
    with pytest.raises(ValueError, match="does not open"):
        word_first(r"\byou+")


VERB_WORDS = st.sampled_from(["you", "you've", "you're", "as", "since", "now that", "congrats on", "the team",
                              "a", "role", "as vp sales", ",", "vp", "seat", "aboard", "in", "over", "became",
                              "becoming", "joined", "joining", "took", "taken", "taking", "stepped", "stepping into",
                              "came", "coming", "moved", "arrived", "arriving", "landed", "assumed", "started",
                              "settled", "step up", "take over", "come aboard", "move into", "start as", "settle in"])


@settings(max_examples=300, deadline=None)
@example("since you took over, you're joining the team")
@given(st.lists(st.tuples(VERB_WORDS, SEPARATORS).map("".join), max_size=12).map("".join))
def test_every_match_of_a_new_role_holds_a_stem_of_its_verb(text):
    for m in new_roles._YOU_ENTER.finditer(text):
        assert any(stem in m.group() for stem in new_roles._VERB_STEMS), m.group()


ROUND_WORDS = st.sampled_from(["acme", "index ventures", "you", "you've", "your", "has", "'s", "'", "just", "raised",
                               "raising", "raise", "secured", "closed", "landed", "picked up", "took in", "a", "its",
                               "their", "new", "series b", "seed round", "round", "round of", "interviews", "funding",
                               "financing", "$25m", "congrats", "congrats to", "on", "kudos on", "x"])


@settings(max_examples=300, deadline=None)
@example("congrats to acme on closing their round")
@example("you've secured a $25m series b")
@example("acme's funding")
@given(st.lists(st.tuples(ROUND_WORDS, SEPARATORS).map("".join), max_size=12).map("".join))
def test_every_round_said_holds_a_round_word(text):
    """A text without a word of ``_ROUND_WORDS`` is not read for rounds: no match of the patterns
    that look for one lacks such a word."""
    names = ["acme", "index ventures"]
    found = [tail.group() for _, tail in find_names(claim_subjects._RAISERS, names, text)]
    found += [m.group() for m in claim_subjects._YOU_RAISED.finditer(text)]
    for said in found:
        assert any(word in said for word in claim_subjects._ROUND_WORDS), said


HIRE_WORDS = st.sampled_from(["the", "your", "a", "new", "head of data", "vp sales", "hire", "hires", "who", "has",
                              "just", "joined", "started", "arriving", "came on board", "aboard", "congrats on",
                              "kudos on", "hiring", "filling", "you", "you've", "hired", "filled", "brought on",
                              "once", "before", "x", "2"])


@settings(max_examples=300, deadline=None)
@example("once your new head of data, who has joined")
@example("congrats on the new vp sales; you've hired")
@given(st.lists(st.tuples(HIRE_WORDS, SEPARATORS | st.sampled_from([";", ":", "!", "?", "."])).map("".join),
                max_size=14).map("".join))
def test_a_hire_said_in_a_clause_is_found_in_the_whole_text(text):
    """A text in which no hire is said as a whole is not read clause by clause: each clause's
    match of ``_MADE`` is one of the whole text too."""
    if any(new_hires._MADE.search(clause.group()) for clause in new_hires._CLAUSE.finditer(text)):
        assert new_hires._MADE.search(text) is not None


CONGRATULATED_WORDS = st.sampled_from(["congrats", "Congratulations", "KUDOS", "shout-out", "Shoutouts", "hats off",
                                       "Hats Off", "say hi", "SAY HELLO", "to", "To", "tom", "dana", "the", "\u212audos",
                                       "ſay hi", "ſhout-outſ", "hatſ off", "congratſ", "x"])


@settings(max_examples=300, deadline=None)
@example("hats off to tom")
@example("\u212audos to dana")
@example("ſay hi to tom")
@given(st.lists(st.tuples(CONGRATULATED_WORDS, SEPARATORS).map("".join), max_size=10).map("".join))
def test_every_congratulation_holds_a_mark_in_lower_case(text):
    """A text without a mark of ``_CONGRATULATED_MARKS`` in lower case is not searched for a person
    congratulated: no match of the pattern, whatever its case, lacks one."""
    for m in lowercase_people._CONGRATULATED.finditer(text):
        assert any(mark in m.group().lower() for mark in lowercase_people._CONGRATULATED_MARKS), m.group()


JOIN_WORDS = st.sampled_from(["welcome", "to", "acme", "you", "you've", "you're", "have", "are", "just", "started",
                              "starting", "start", "at", "joining", "since", "on", "your", "recent", "move", "x"])


@settings(max_examples=300, deadline=None)
@example("since you started at acme")
@example("your recent move to acme")
@example("you're now joining acme")
@given(st.lists(st.tuples(JOIN_WORDS, SEPARATORS).map("".join), max_size=10).map("".join))
def test_every_welcome_to_the_company_holds_a_joined_word(text):
    """A text without a word of ``_JOINED_WORDS`` is not read for a start at the company: no match
    of the slot lacks one."""
    for _, tail in find_names(claim_subjects._JOINED, ["acme"], text):
        said = text[:tail.end()]
        assert any(word in said for word in claim_subjects._JOINED_WORDS), said
