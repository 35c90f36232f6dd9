"""A guarded pattern finds exactly what its regex finds: the literal test only ever skips texts
that no match could come from."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.bench_extras import MAIL_CORPUS
from sdr_assets.triage import reasons
from sdr_assets.triage.literal_guard import GuardedPattern
from sdr_assets.triage.parse import parse_bytes

GUARDED = [(name, rx) for name, rx in reasons._STRONG + reasons._WEAK + list(reasons._COMMANDS)]


@pytest.mark.parametrize(("pattern", "literals"), [
    ("mail ?box (is )?full|over ?quota", ("mail box full", "mail box is full", "mailbox full", "mailbox is full",
                                          "over quota", "overquota")),  # an optional character gives both spellings
    (r"\d{3} [a-z0-9-]+\.[a-z0-9.-]+ does not exist", (" does not exist",)),  # classes and escapes end strings
    (r"x\.yz|abc", ("abc", "x.yz")),  # an escaped dot is a dot
    ("foo{2}bar", ("bar",)),
    ("ab+cde", ("cde",)),  # "b+" holds one b at least, then the string ends
    (r"[ab]c]def", ("ac]def", "bc]def")),  # "]" after a class is a character; a class of few gives each
    ("(user|account) .{0,40}locked", ("locked",)),
    ("(a|b)|cdef", None),  # an alternative with no string of three characters cannot be guarded
    ("abc|", None),
])
def test_the_guard_looks_for_strings_one_of_which_every_match_holds(pattern, literals):
    assert GuardedPattern(pattern).literals == literals


@pytest.mark.parametrize("pattern", ["(?i)hello world", "hello world"])
def test_a_pattern_that_ignores_case_is_never_guarded(pattern):
    flags = re.IGNORECASE if not pattern.startswith("(?") else 0
    guarded = GuardedPattern(pattern, flags)
    assert guarded.literals is None
    assert guarded.search("HELLO WORLD") is not None


def test_every_reason_pattern_is_guarded():
    unguarded = [name for name, rx in GUARDED if rx.literals is None]
    assert not unguarded


@pytest.mark.parametrize(("name", "guarded"), GUARDED, ids=[f"{i}-{name}" for i, (name, _) in enumerate(GUARDED)])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_text_holding_a_match_is_never_skipped(name, guarded, data):
    text = data.draw(st.from_regex(guarded.regex))
    assert guarded.regex.search(text)
    assert guarded.search(text) is not None, (name, text)


def _span(match: re.Match | None) -> tuple[int, int] | None:
    return match.span() if match else None


def test_on_the_mail_corpus_the_guard_changes_no_search_and_skips_most():
    texts = [parse_bytes(p.read_bytes()).all_text.lower()[:4000]
             for p in sorted(MAIL_CORPUS.rglob("*")) if p.is_file() and p.suffix in (".eml", "")]
    assert len(texts) > 500
    differ = [(name, i) for name, rx in GUARDED for i, text in enumerate(texts)
              if _span(rx.search(text)) != _span(rx.regex.search(text))]
    assert not differ
    skipped = sum(not any(literal in text for literal in rx.literals) for _, rx in GUARDED for text in texts)
    assert skipped > len(texts) * len(GUARDED) / 2, "most searches are skipped by the literal test"
