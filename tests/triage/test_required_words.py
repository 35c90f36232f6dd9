"""A pattern of the opt-out rule is skipped only in a text that holds none of its required words: the rule finds
exactly what it found searching every pattern, and searches few of them in an ordinary reply."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.bench_extras import mail_corpus
from sdr_assets.triage.optout_model import DATA
from sdr_assets.triage.optout_requests import OPTOUT_WORDS_RE, UNSUBSCRIBE_RE
from sdr_assets.triage.parse import parse_bytes
from sdr_assets.triage.required_words import required_strings, required_words, text_words

PHRASES = UNSUBSCRIBE_RE.patterns
# The phrases skipped in some ASCII text: those with words of ASCII alone (one outside ASCII skips them in all).
SKIPPED_IN_ASCII = [p for p in PHRASES if p.words is not None and all(word.isascii() for word in p.words)]
# Text outside ASCII, for the phrases it may skip: a little French around the drawn match.
OUTSIDE_ASCII = st.sampled_from(["Merci, ", "Réponse : ", "— ", "À bientôt. "])


@pytest.mark.parametrize(("pattern", "strings"), [
    (r"\bunsubscrib", ("unsubscrib",)),
    (r"opt(ed)?[- ]?out", ("opt out", "opt-out", "opted out", "opted-out", "optedout", "optout")),
    (r"b[óo]rr(e|a)me", ("borrame", "borreme", "bórrame", "bórreme")),
    (r"(how|where) did you get my (e-?mail|address|details|data|number|contact)", (" did you get my ",)),
    (r"melden sie [^.!?\n]{0,40}\bab\b", ("melden sie ",)),
    ("配信の?停止", ("配信",)),  # outside ASCII, two characters are rare enough
    (r"\bno\b", None),  # too short to be worth looking for
])
def test_the_strings_required_are_the_rarest_read_from_the_pattern(pattern, strings):
    assert required_strings(pattern) == strings


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\bunsubscribe\b", {"unsubscribe"}),
    (r"\bstop (e-?mailing|sending) me\b", {"mailing", "emailing", "sending"}),  # "e-mailing" holds "mailing" whole
    (r"\bcan(not|'t)\b", {"cannot", "can"}),  # an apostrophe bounds a word
    (r"\b(take|get) me off (your|the) list", {"off"}),  # "list" may go on ("listing"): not whole
    (r"\bstop\b.*\bnow\b", {"stop"}),
    ("配信停止", {"配信停止"}),  # held by no ASCII text
    ("remove me", None),  # "unremove meh" holds it: no word of it whole
    (r"\bplease\b|remove me", None),  # one alternative requires nothing
    (r"(?i)\bplease\b", None),  # words in any case are not its words
])
def test_a_word_is_required_where_the_pattern_bounds_it_on_both_sides(pattern, words):
    assert required_words(pattern) == (None if words is None else frozenset(words))


@pytest.mark.parametrize("index", range(len(SKIPPED_IN_ASCII)))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_an_ascii_text_holding_a_match_holds_one_of_the_required_words(index, data):
    phrase = SKIPPED_IN_ASCII[index]
    text = data.draw(st.from_regex(phrase.lowered.pattern, alphabet=st.characters(max_codepoint=127)))
    if phrase.lowered.search(text) is None:  # a drawn text may not match again (a lookbehind at its start)
        return
    assert not phrase.words.isdisjoint(text_words(text)), (phrase.pattern[:80], text)


@pytest.mark.parametrize("index", range(len(SKIPPED_IN_ASCII)))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_a_text_outside_ascii_holding_a_match_holds_one_of_the_ascii_words_lowered(index, data):
    phrase = SKIPPED_IN_ASCII[index]
    match = data.draw(st.from_regex(re.compile(phrase.pattern, phrase.flags | re.I)))
    text = data.draw(OUTSIDE_ASCII) + match + data.draw(OUTSIDE_ASCII)
    if phrase.caseless.search(text) is None or re.search("[\u0130\u0131\u017f\u212a]", text):
        return  # no match in its setting, or a letter ignoring case takes for ASCII: every phrase is searched
    assert not phrase.ascii_words.isdisjoint(text_words(text.lower())), (phrase.pattern[:80], text)


@pytest.mark.parametrize("reply", ["Please unſubscribe me. Merci.", "Please \u212aeep me off your list; unsubscribe me. Merci."])
def test_a_letter_ignoring_case_takes_for_ascii_leaves_no_phrase_unsearched(reply):
    assert UNSUBSCRIBE_RE.search(reply) is not None
    assert _span(UNSUBSCRIBE_RE.search(reply)) == _span(next((m for p in PHRASES if (m := p.caseless.search(reply))), None))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The corpus and the development replies, read once for the tests of this module that search them all."""
    texts = [parse_bytes(raw).all_text[:4000] for _, raw in mail_corpus()]
    for path in sorted(DATA.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def _span(match: re.Match | None) -> tuple[int, int] | None:
    return match.span() if match else None


def _unskipped(rule, text: str, how: str = "search"):
    """What ``rule``'s ``how`` (``search`` or ``finditer``) finds in the whole text, none of it skipped."""
    return getattr(rule.lowered, how)(text.lower()) if text.isascii() else getattr(rule.caseless, how)(text)


def _first_of_every_pattern(text: str) -> re.Match | None:
    """The match of the first of the rule's patterns that matches, each searched in the whole text."""
    return next((m for p in PHRASES if (m := _unskipped(p, text))), None)


def test_on_the_corpus_and_the_development_replies_the_rule_finds_what_every_pattern_finds(texts):
    assert len(texts) > 2000
    differ = [text[:80] for text in texts if _span(UNSUBSCRIBE_RE.search(text)) != _span(_first_of_every_pattern(text))]
    assert not differ


def test_on_the_corpus_and_the_development_replies_the_words_of_opting_out_are_found_as_before(texts):
    differ = [text[:80] for text in texts
              if _span(OPTOUT_WORDS_RE.search(text)) != _span(_unskipped(OPTOUT_WORDS_RE, text))]
    assert not differ
    skipped = sum(text.isascii() and not any(s in text.lower() for s in OPTOUT_WORDS_RE.strings) for text in texts)
    assert skipped > len(texts) / 2, "most texts are skipped by the strings test"


@pytest.mark.parametrize(("searched_as", "reply", "share"), [
    ("lowered", "Thanks Sam, Thursday at 2pm works for me. Could you send the deck beforehand?\n\nBest,\nDana", 1 / 3),
    ("caseless", "Merci Sam, jeudi à 14 h me convient. Pourriez-vous m'envoyer la présentation avant ?\n\nBien à vous,\nDana",
     1 / 2),
], ids=["ascii", "outside-ascii"])
def test_an_ordinary_reply_is_searched_with_few_of_the_rules_patterns(monkeypatch, searched_as, reply, share):
    searched = []
    for phrase in PHRASES:
        monkeypatch.setattr(phrase, searched_as, _Noted(getattr(phrase, searched_as), searched))
    assert UNSUBSCRIBE_RE.search(reply) is None
    assert len(searched) < len(PHRASES) * share


class _Noted:
    def __init__(self, compiled, searched: list):
        self.compiled, self.searched = compiled, searched

    def search(self, text, *rest):
        self.searched.append(self.compiled.pattern)
        return self.compiled.search(text, *rest)


def test_a_parse_of_another_shape_leaves_a_pattern_unguarded_and_the_request_still_found(monkeypatch):
    """``re._parser`` is private: should a Python change what it returns, every pattern is searched in every text."""
    from types import SimpleNamespace

    from sdr_assets.triage import required_words as module
    from sdr_assets.triage.caseless import CaselessAny

    monkeypatch.setattr(module, "_parser", SimpleNamespace(parse=lambda pattern, flags=0: object()))
    assert required_words(r"\bunsubscribe\b") is None
    assert required_strings(r"\bunsubscribe\b") is None
    rule = CaselessAny([r"\bplease remove me\b", r"\bstop (e-?mailing|sending) me\b"])
    assert rule.search("Hi Sam, please stop emailing me. Thanks, Dana") is not None


def test_reading_a_pattern_weighs_each_set_of_strings_once(monkeypatch):
    """Each process reads the rule's phrases once, before its first reply: weighing the same strings again at
    every choice between two made that reading cost more than classifying hundreds of replies."""
    from collections import Counter

    from sdr_assets.triage import required_words as module

    weighed: Counter = Counter()
    for name in ("_words", "_plain"):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda strings, real=real, name=name: weighed.update([(name, strings)])
                            or real(strings))
    for phrase in PHRASES:
        weighed.clear()
        required_words(phrase.pattern, phrase.flags)
        required_strings(phrase.pattern, phrase.flags)
        # The strings found are weighed for their rarity, then made plain for the answer: twice at most.
        assert max(weighed.values(), default=0) <= 2, phrase.pattern


def test_on_the_corpus_and_the_development_replies_refusals_are_found_as_before(texts):
    """Every refusal and denial a full scan finds, at its place, though most texts are not scanned at all."""
    from sdr_assets.triage.optout_requests import DENIAL_RE, REFUSAL_RE

    texts = texts + ["I never asked you to remove me.", "Thanks! I never asked you to delete my number. Best, Dana",
                     "Je n'ai jamais demandé à être désinscrit."]
    for rule in (REFUSAL_RE, DENIAL_RE):
        found = [[m.span() for m in rule.finditer(text)] for text in texts]
        differ = [text[:80] for text, spans in zip(texts, found, strict=True)
                  if spans != [m.span() for m in _unskipped(rule, text, "finditer")]]
        assert not differ
        assert sum(map(bool, found)) > 1, "refusals and denials are found"
        assert sum(text.isascii() and not rule.may_hold(text.lower()) for text in texts) > len(texts) / 3, "skipped"


def test_a_pattern_requiring_no_word_is_not_searched_in_a_text_without_its_strings(monkeypatch):
    searched = []
    for phrase in PHRASES:
        monkeypatch.setattr(phrase, "lowered", _Noted(phrase.lowered, searched))
    reply = "Thanks Sam, Thursday at 2pm works for me. Could you send the deck beforehand?\n\nBest,\nDana"
    assert UNSUBSCRIBE_RE.search(reply) is None
    wordless = {p.pattern for p in PHRASES if p.words is None}
    assert wordless and not any(p.may_hold(reply.lower()) for p in PHRASES if p.words is None)
    assert not wordless & set(searched)
