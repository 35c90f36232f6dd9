"""A slot finds what the regex with the names' alternation in it finds, in the same order: the
per-draft regex it replaces, on generated texts and names (names that are parts of others, that
start with a prefix's optional word, that the text writes next to letters)."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.name_slots import NOT_AFTER_LETTER, find_names, slot

OPTIONAL = (r"(?:the|a)[ \t]+", r"new[ \t]+")
SLOTS = (slot(NOT_AFTER_LETTER, r"(?:'s)?[ \t]+(joined|raised)\b"),
         slot(r"\bas[ \t]+", r"(?:[ \t]+at[ \t]+[^,\n]+)?,[ \t]*you\b", OPTIONAL),
         slot(r"\bcongrats[ \t]+to[ \t]+", r"[ \t]+on[ \t]+(?:its|their)[ \t]+round\b"))
NAMES = ["dana", "dana park", "park", "new business lead", "the boss", "boss", "acme at home", "acme", "a b",
         "ß", "ss"]
WORDS = st.sampled_from(NAMES + ["joined", "raised", "'s", "as", "the", "a", "new", "at", "you", ",", "congrats",
                                 "to", "on", "its", "round", "x", "2"])
SEPARATORS = st.sampled_from([" ", "", "  ", "\t", "\n", ", "])
TEXT = st.lists(st.tuples(WORDS, SEPARATORS).map("".join), max_size=20).map("".join)


def _compiled(names: list[str]) -> re.Pattern[str]:
    """The regex a slot stands for, with the names' alternation in each branch."""
    alternation = "|".join(re.escape(n.casefold()) for n in sorted(set(names), key=len, reverse=True) if n)
    optional = "".join(f"(?:{o})?" for o in OPTIONAL)
    return re.compile(rf"{NOT_AFTER_LETTER}({alternation})(?:(?:'s)?[ \t]+(?:joined|raised)\b)"
                      rf"|\bas[ \t]+{optional}({alternation})(?:(?:[ \t]+at[ \t]+[^,\n]+)?,[ \t]*you\b)"
                      rf"|\bcongrats[ \t]+to[ \t]+({alternation})(?:[ \t]+on[ \t]+(?:its|their)[ \t]+round\b)")


@settings(max_examples=400, deadline=None)
@example("dana park joined", ["park", "dana park"])  # a match's words start no other match
@example("as the boss, you", ["the boss", "boss"])  # the prefix's optional words go first
@example("as acme at home, you", ["acme", "acme at home"])  # the longest name goes first
@given(TEXT, st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))
def test_a_slot_finds_what_the_alternation_regex_finds(text, names):
    expected = [(next(g for g in m.groups() if g), m.end()) for m in _compiled(names).finditer(text)]
    assert [(name, tail.end()) for name, tail in find_names(SLOTS, names, text)] == expected

