"""Long replies are read in time linear in their length. Checked by what the rules read and where their runs stop,
never by a clock: "don't remove, " two thousand times over took 4.5 s to read, a refused clause of 50 KB 200 s."""

import re

import pytest

from sdr_assets.triage import data_requests, labels, optout_requests
from sdr_assets.triage.optout_requests import REFUSAL_RE, UNSUBSCRIBE_RE, set_aside_refusals

from .test_optout_families import NEGATED, REFUSALS


class _Counted:
    """A compiled pattern that adds up the characters its searches pass over: from where each starts to its match,
    or to the end of the text when none is left."""

    def __init__(self, compiled, tally: list[int]):
        self.compiled, self.tally = compiled, tally

    def search(self, text, pos=0, *rest):
        m = self.compiled.search(text, pos, *rest)
        self.tally.append((m.start() if m else len(text)) - pos)
        return m

    def finditer(self, text, pos=0, *rest):
        for m in self.compiled.finditer(text, pos, *rest):
            self.tally.append(m.start() - pos)
            pos = m.end()
            yield m
        self.tally.append(len(text) - pos)


def _offered(monkeypatch, text: str) -> int:
    """The characters the opt-out phrases are offered while the refusals of ``text`` are put aside."""
    tally: list[int] = []
    for phrase in UNSUBSCRIBE_RE.patterns:
        monkeypatch.setattr(phrase, "lowered", _Counted(re.compile(phrase.pattern, phrase.flags), tally))
        monkeypatch.setattr(phrase, "caseless", _Counted(re.compile(phrase.pattern, phrase.flags | re.I), tally))
    set_aside_refusals.cache_clear()  # the work of this reading, not an answer kept from an earlier one
    set_aside_refusals(text)
    return sum(tally)


@pytest.mark.parametrize("unit", ["don't remove, ", "Don't delete my data - ", "No me den de baja, ",
                                  "Löschen Sie mich nicht; ", "Don't remove me from the list, just from this one, ",
                                  "No me den de baja del boletín, solo de este, "])
def test_the_opt_out_phrases_read_a_reply_of_many_refusals_about_once(monkeypatch, unit):
    """Each refusal's clause was searched for an opt-out asked anew from its start to the end of the reply:
    twice the refusals, four times the reading."""
    short, long = _offered(monkeypatch, unit * 100), _offered(monkeypatch, unit * 200)
    assert long <= 2.2 * short


def test_a_refusal_is_put_aside_with_one_blank():
    """No reader needs its place: a run of blanks the length of the refusals only fed the patterns after it."""
    assert set_aside_refusals("don't remove, " * 3 + "stop emailing me") == " , " * 3 + "stop emailing me"
    assert set_aside_refusals("Hi,\n\nplease don't unsubscribe me from the newsletter. Thanks") == "Hi,\n\n . Thanks"


@pytest.mark.parametrize("text", REFUSALS + NEGATED)
def test_every_refusal_holds_a_word_it_is_looked_for_by(text):
    assert REFUSAL_RE.search(text) and optout_requests.may_refuse(text)
    assert optout_requests.may_refuse(text.upper()) and optout_requests.may_refuse(text + " Grüße")


def test_a_reply_without_a_word_of_refusal_is_not_read_for_one(monkeypatch):
    """The refusal was read over the whole reply for the rule and again for the words of opting out."""
    read = []
    for refusal in (optout_requests.REFUSAL_RE, optout_requests.DENIAL_RE):
        monkeypatch.setattr(refusal, "lowered", _Counted(re.compile(refusal.pattern, refusal.flags), read))
    text = "Thanks for reaching out. What does your tool cost per seat? Unsubscribe rates matter to us. " * 20
    assert not labels.is_unsubscribe(text) and labels.mentions_optout(text)
    assert read == []


# An erasure after the last of many openings: the runs before it stop at each opening (where the search tries
# again), so the match starts at the last one; a run that crossed the openings read each from every one before.
@pytest.mark.parametrize("opening", ["   ,", " ;", " :", " -", " so", " but", ", please", ", so please"])
def test_an_erasure_order_is_read_from_its_own_opening(opening):
    text = "We are not a fit" + opening * 50 + " delete our data."
    m = data_requests._ERASURE_RE.search(text)
    assert m and m.start() >= len(text) - len(" delete our data.") - len(opening)
    assert data_requests.read_request(text) == (True, True)


@pytest.mark.parametrize("text", ["  \n \n   Abmelden bitte.", "Hallo,\n  \n  Abmelden bitte.", "   " * 100 + "Baja."])
def test_the_blanks_before_the_first_line_end_at_a_line_start(text):
    """``\\A\\s*`` before the line's own ``[^\\w\\n]*`` split a long run of blanks every way: the blank lines are
    read whole, the blanks of the line by the line's run alone."""
    before_line = optout_requests._FIRST_LINE.removesuffix(r"[^\w\n]*")
    assert before_line != optout_requests._FIRST_LINE
    end = re.match(before_line, text, re.I).end()
    assert end == 0 or text[end - 1] == "\n"
    assert labels.is_unsubscribe(text)


def test_every_look_around_of_the_refusal_reads_a_window_of_its_own():
    """A look-ahead that failed after reading to the end of its line was read again from each place the refusal was
    tried at: "entfernen Sie meine Kollegin " four thousand times over took 6 s to read, four times the time of half
    as many. A bounded window keeps it linear."""
    for refusal in (REFUSAL_RE, optout_requests.DENIAL_RE):
        unbounded = re.findall(r"\(\?<?[=!]\[(?:\\.|[^\]\\])*\][*+]", refusal.pattern)
        assert not unbounded, unbounded


_OPENING_THEN_REPEATED = re.compile(r"\(([\w|. \\?]+)\)\( \(([\w| ]+)\)\)([*+]|\{\d*,\})")


def test_no_phrase_repeats_without_bound_a_word_it_may_open_with():
    """"graag graag graag …" opened a match at every "graag" that read the whole run: a reply of the
    word 16,000 times over took 9.6 s. A word that opens a phrase repeats after it a bounded number of times."""
    unbounded = []
    for phrase in UNSUBSCRIBE_RE.patterns:
        for m in _OPENING_THEN_REPEATED.finditer(phrase.pattern):
            opening, repeated = set(m.group(1).split("|")), set(m.group(2).split("|"))
            if opening & repeated and m.group(3) in ("*", "+") or m.group(3).endswith(",}"):
                unbounded.append(m.group())
    assert unbounded == []


@pytest.mark.parametrize("text", ["Please stop calling me, email is fine.", "Wilt u mij niet meer bellen? Mailen is prima.",
                                  "Hören Sie auf, mich anzurufen, schreiben Sie mir lieber.",
                                  "Arrêtez de m'appeler, écrivez-moi plutôt.", "Dejen de llamarme, escríbanme.",
                                  "Parem de me ligar, por e-mail está ótimo.", "Smettete di chiamarmi, l'email va bene."])
def test_a_request_to_stop_calling_that_welcomes_mail_is_read_as_a_refusal(text):
    assert REFUSAL_RE.search(text) and optout_requests.may_refuse(text)


def test_a_call_or_a_spring_with_no_word_of_mail_is_not_read_for_a_refusal(monkeypatch):
    """The words of a call ("call", "ring") are in much ordinary text; a request to stop calling is set aside only
    where mail is welcome, so they count only beside a word of mail."""
    read = []
    counted = _Counted(re.compile(REFUSAL_RE.pattern, REFUSAL_RE.flags), read)
    monkeypatch.setattr(optout_requests.REFUSAL_RE, "lowered", counted)
    text = "Happy to set up a call during spring; ring us on Tuesday or call at eight. " * 5
    assert set_aside_refusals(text) == text
    assert read == []

