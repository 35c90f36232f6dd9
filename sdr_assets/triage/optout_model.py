"""A second opinion on the replies the opt-out rule does not take for requests to stop.

The rule (``optout_requests.py``) suppresses only what it is sure of. A request in words it lacks
reaches a person at best, labelled as an objection, a question or even interest, with a sales
answer suggested; at worst the labeller closes it as a plain refusal and nobody reads it. This
model marks such a reply for a person instead (triage's reason ``MAY_ASK_TO_STOP``): it never
suppresses anyone by itself.

It is naive Bayes (``labels.NaiveBayes``) over two classes: requests to stop writing (the training
set's unsubscribe replies and the opt-outs of the development sets in ``data/``) against every
other reply (the rest of the training set and the development sets' near-misses). Its threshold
was chosen on the third development set with the model trained on the rest; the held-out set
(``tests/fixtures/optouts_heldout.jsonl``) measures it (``python -m tests.triage.evaluation optouts``).

It reads a reply whole and in passages: her text without her signature, and each sentence of it alone and with
the next. A bag of words weighs all of them at once: her greeting, her sign-off, her signature and her courtesies
("Thanks for reaching out.") are words of ordinary replies, which outweighed a short request among them ("No need
to circle back. Ever." over "Best, Pat" was closed with nobody told).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from sdr_assets.domain.lazy_patterns import LazyPattern

from .kept import trained
from .labels import NaiveBayes, load_labelled
from .quotes import visible_text
from .reply_sentences import REPLY_SENTENCE_BREAKS

DATA = Path(__file__).parent / "data"
DEVELOPMENT_SETS = ("optouts_dev.jsonl", "optouts_dev2.jsonl", "optouts_dev3.jsonl")
OPTOUT, OTHER = "optout", "other"
# The probability of a request from which a reply is marked for a person. On the third development
# set, with the model trained on the rest, 0.6 marked 104 of the 129 requests the rule misses and
# left 1 closed with nobody told; 0.7 marked 98, 0.5 105, each marking 20 or 21 of its 136 other
# replies; 23 of the training set's 780 ordinary replies are marked in cross-validation, 19 at 0.7
# (``python -m tests.triage.evaluation optout_model``).
THRESHOLD = 0.6
# Smoothing, chosen with the threshold: at thresholds marking as many ordinary replies, 2 and 5 (the
# labeller's) marked fewer of the third set's missed requests.
ALPHA = 1.0
_WORD_RE = LazyPattern(r"[^\W\d_]+")
# How much of a long reply is read in passages: a request stands near its top. Without their signatures the replies
# of the development sets and the training set run to 458 characters at most, all read here, and reading only their
# first 165 in passages would mark every one that reading all of it marks; a longer reply is still read whole.
_PASSAGES_READ = 500


def labelled_rows(rows: list[dict]) -> list[tuple[str, bool]]:
    """(visible text, is a request to stop) for rows of the labeller's training set."""
    return [(visible_text(r["text"]), r["label"] == "unsubscribe") for r in rows]


def development_rows(sets: tuple[str, ...] = DEVELOPMENT_SETS) -> list[tuple[str, bool]]:
    """(text, is a request to stop) for the replies of the named development sets."""
    rows = []
    for name in sets:
        with open(DATA / name, encoding="utf-8") as fh:
            rows += [(r["text"], bool(r["optout"])) for r in (json.loads(line) for line in fh if line.strip())]
    return rows


def training_rows(sets: tuple[str, ...] = DEVELOPMENT_SETS) -> list[tuple[str, bool]]:
    """Every reply the model learns from: the labeller's training set and the development sets."""
    return labelled_rows(load_labelled()) + development_rows(sets)


def fit(rows: list[tuple[str, bool]]) -> NaiveBayes:
    return NaiveBayes.fit([text for text, _ in rows], [OPTOUT if asks else OTHER for _, asks in rows], alpha=ALPHA)


@lru_cache(maxsize=1)
def optout_model() -> NaiveBayes:
    return trained("optout_model", lambda: fit(training_rows()), NaiveBayes.as_data, NaiveBayes.from_data)


def stop_probability(text: str, model: NaiveBayes | None = None) -> float:
    """How likely the visible ``text`` asks us to stop writing, by the model."""
    return (model or optout_model()).predict_proba(text).get(OPTOUT, 0.0)


def _passages(text: str) -> list[str]:
    """``text`` without its signature, then each of its sentences alone and with the next, but for a line of names
    alone (her name below her sign-off, "Best, Alexander Warren"), whose few words the model knows nothing of. A
    name is capitalised, not in capitals, and ends no sentence: "NO NEED TO CIRCLE BACK. EVER." is a request she
    shouts, and "Enough." one she makes in a word; both are read."""
    unsigned = visible_text(text)
    sentences = [s for s in REPLY_SENTENCE_BREAKS.split(unsigned[:_PASSAGES_READ]) if s.strip()]
    if len(sentences) < 2:
        return [unsigned]
    pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:])]
    return [unsigned, *(part for part in sentences + pairs if not _names_alone(part))]


def _names_alone(passage: str) -> bool:
    return not passage.rstrip().endswith((".", "!", "?")) and all(
        word[0].isupper() and not word[1:].isupper() for word in _WORD_RE.findall(passage))


def may_ask_to_stop(text: str) -> bool:
    """Whether a person should read ``text`` (all she wrote) as a possible request to stop that the rule did not
    take: read whole, or in any of its passages, each read once."""
    if not text.strip():
        return False
    return any(stop_probability(part) >= THRESHOLD for part in dict.fromkeys([text, *_passages(text)]))
