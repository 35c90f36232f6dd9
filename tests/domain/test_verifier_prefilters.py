"""The verifier's shortcuts change no finding: a pattern run only on a text holding one of its words
finds nothing in a text without them, a pattern rewritten to open with its word matches where the
original does, and a pattern looked for line by line finds what it finds in the whole text, on texts
generated from the words those patterns read."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import foreign_sentences, invented_relations, new_roles, other_rounds, role_titles, verifier

SEPARATORS = st.sampled_from([" ", "", "  ", "\t", "\n", ", ", ". ", "'", "! "])


def _texts(words: list[str], size: int = 16):
    return st.lists(st.tuples(st.sampled_from(words), SEPARATORS).map("".join), max_size=size).map("".join)


SEAT_WORDS = ["you", "your", "you're", "you are", "as", "the", "a", "new", "recent", "arrival", "move", "transition",
              "step", "step up", "start", "onboarding", "elevation", "first", "90", "few", "days", "weeks", "quarter",
              "year", "to", "into", "in", "at", "role", "seat", "vp sales", "congrats on the", "on the", "still",
              "now", "team", "company", "customer", "x"]


@settings(max_examples=300, deadline=None)
@example("your first 90 days")
@example("as the new vp sales, you")
@example("your move into the vp sales seat")
@given(_texts(SEAT_WORDS))
def test_every_new_seat_said_holds_its_cue(text):
    pattern = next(p for p, _, worth in new_roles._YOU_OTHER if worth is not None)
    for m in pattern.finditer(text):
        assert new_roles._may_have_new_seat(m.group()), m.group()


PASSIVE_WORDS = ["you", "you've been", "you were", "you're", "on being", "just", "now", "appointed", "promoted",
                 "named", "hired", "tapped", "elevated", "installed", "recruited", "brought on", "brought in",
                 "chosen", "picked", "selected", "as", "to lead", "the new vp sales", "by", "x"]


@settings(max_examples=300, deadline=None)
@example("you've been brought on")
@example("on being selected to lead sales")
@given(_texts(PASSIVE_WORDS))
def test_every_passive_new_role_holds_a_passive_word(text):
    for m in new_roles._YOU_PASSIVE.finditer(text):
        assert any(word in m.group() for word in new_roles._PASSIVE_WORDS), m.group()


ENTERING_WORDS = ["you", "you've", "you're", "as", "since", "after", "now that", "congrats on", "the team", "a",
                  "role", "as vp sales", ",", "seat", "aboard", "in", "over", "became", "joined", "joining", "took",
                  "taking", "stepping into", "came", "moved", "arrived", "started", "step up", "take over", "x"]


@settings(max_examples=300, deadline=None)
@example("Stepping into the role, you\nsince you took over")
@example("joined.\n taking over, you")
@example("you\njoined the team")
@given(_texts(ENTERING_WORDS))
def test_a_verb_of_entering_looked_for_line_by_line_is_found_as_in_the_whole_text(text):
    assert [m.group() for m in new_roles._entering(text)] == [m.group() for m in new_roles._YOU_ENTER.finditer(text)]


# Rounds of other things as the pattern was first written, each branch opening with its look-behind.
PLAIN_OTHER_ROUNDS = re.compile(
    rf"(?<![^\W\d_])(?:round|series)(?={other_rounds._OF_OTHER})"
    r"|(?:(?<=\byear[ -])|(?<=\ball[ -]))round(?![^\W\d_])"
    r"|(?<![^\W\d_])round(?=[ -](?:the[ -]clock|trip|table|robin|up|out)(?![^\W\d_]))")
ROUND_WORDS = ["round", "rounds", "series", "around", "year", "all", "overall", "-", "of", "the", "a", "interviews",
               "webinars", "funding", "new", "capital", "$5m", "clock", "trip", "table", "up", "out", "x"]


@settings(max_examples=300, deadline=None)
@example("year-round and all round the clock")
@example("overall round-up, a series of webinars")
@example("the round of $5m")
@given(_texts(ROUND_WORDS))
def test_rounds_of_other_things_are_found_where_the_plain_pattern_finds_them(text):
    assert ([m.span() for m in other_rounds._OTHER.finditer(text)]
            == [m.span() for m in PLAIN_OTHER_ROUNDS.finditer(text)])


MARKUP_WORDS = ["<b>", "</p>", "<br/>", "&amp;", "&#39;", "&#x27;", "**bold**", "__under__", "`code`", "# Title",
                "> quote", "### ", "#1", "a", "plain", "text", "<", ">", "&", "*", "_", "`", "x"]


@settings(max_examples=300, deadline=None)
@example("plain\n  > quoted")
@example("x\n### heading")
@given(_texts(MARKUP_WORDS))
def test_every_markup_holds_one_of_its_marks(text):
    for m in verifier._MARKUP.finditer(text):
        assert any(mark in m.group() for mark in verifier._MARKUP_MARKS), m.group()


LINK_WORDS = ["see", "acme.com", "ACME.COM", "Acme.Io", "www.acme", "WWW.Acme", "https://acme", "HTTP://x",
              "dana@acme", "a.b", "example.org", "x.example", "İo.İo", ".", "net", "x"]


@settings(max_examples=300, deadline=None)
@example("write to dana@acme today")
@example("see Acme.NET")
@given(_texts(LINK_WORDS))
def test_a_sentence_without_link_marks_keeps_what_the_link_pattern_keeps(text):
    assert foreign_sentences._without_links(text) == foreign_sentences._LINKS.sub(" ", text)


MARK = invented_relations._MARK
BEFORE_WORDS = ["we", "i", "we've", "have", "already", "worked", "built", "for", "with", "the", "both", "know", "knew",
                "met", "a few", "people", "at", "from", "and", "friends", "our", "team", "integrate", "plugs", "into",
                "natively", "x", MARK * 4]


@settings(max_examples=300, deadline=None)
@example(f"we worked with the {MARK * 4}")
@example(f"friends at  {MARK * 4}")
@given(_texts(BEFORE_WORDS, 12))
def test_a_relation_before_a_name_ends_with_one_of_its_closing_words(text):
    for name in invented_relations._MARKS.finditer(text):
        at = name.start()
        if invented_relations._BEFORE_NAME.search(text, max(0, at - 80), at):
            assert invented_relations._may_end_before(text, at), text


TITLE_WORDS = ["Head", "HEAD", "hEaD", "vP", "VP", "Vice", "DIRECTOR", "chief", "ManaGer", "he", "ad", "man", "ager",
               "of", "sales", "x", "\u0130", "\u017f", "\u212a", "dIrector", "CH\u0130EF"]


@settings(max_examples=300, deadline=None)
@example("Head of Sales")
@example("CH\u0130EF of staff")
@given(_texts(TITLE_WORDS, 8))
def test_a_title_word_is_found_in_any_case_as_the_case_blind_pattern_finds_it(text):
    assert role_titles._may_state_title(text) == (role_titles._HINT.search(text) is not None)


LOWER_WORDS = ["acme", "Acme", "ab", "abc", "l'oreal", "x-ray", "déjà", "vu", "é", "a1b", "_abc", "'abc", "-abc", "über"]


@settings(max_examples=300, deadline=None)
@example("déjàvu abc")
@example("_abc 1abc")
@given(_texts(LOWER_WORDS, 10))
def test_lower_case_words_are_found_as_the_plain_pattern_finds_them(text):
    plain = re.compile(r"(?<![^\W\d_])[a-z][a-z'-]{2,}(?![^\W\d_])")
    assert foreign_sentences._LOWER.findall(text) == plain.findall(text)
