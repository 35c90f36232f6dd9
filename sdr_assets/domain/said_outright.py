"""How the truth checks read a text: its sentences, those that ask nothing, the clause around a claim,
the words before a claim that make it no statement (a condition, and each check's own), the sentences
that state something outright (not a question, a wish or a condition), whether one speaks of teams in
general ("teams often ...", "most new leaders ..."), and the claims said in those that do not."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sdr_assets.domain.lazy_patterns import LazyPattern

# Where a sentence ends: a line break, or ".", "!" or "?" before a space.
SENTENCE_BREAKS = LazyPattern(r"(?<=[.!?])\s+|\n+")
# What ends a clause: a mark, or a word that joins another clause on.
_CLAUSE_BREAKS = LazyPattern(r"[,;:()\u2013\u2014]|[ \t](?:and|but|so|because|while)[ \t]")
# A condition or a time to come: what a sentence says after one of these it does not state.
CONDITIONS = ("if", "whether", "unless", "once", "when", "whenever", "until")
_IN_GENERAL = LazyPattern(r"(?i)(?<![^\W\d_])(?:often|usually|typically|generally|tend|tends|rarely|seldom|most|many"
                          r"|every)(?![^\W\d_])")


def not_stated_after(*words: str) -> LazyPattern:
    """A pattern of the ``CONDITIONS`` and of a check's own ``words`` (patterns; a space stands for the
    spaces between two words), found as whole words in any case: said after one, a claim states nothing."""
    either = "|".join(w.replace(" ", r"[ \t]+") for w in (*CONDITIONS, *words))
    return LazyPattern(rf"(?i)(?<![^\W\d_])(?:{either})(?![^\W\d_])")


# A wish, or a condition or time to come: what such a sentence says of a prospect it does not state.
_NOT_OUTRIGHT = not_stated_after("hope", "hoping", "wish", "trust", "in case", "imagine", "suppose")


def statements(text: str) -> Iterator[str]:
    """The sentences of ``text`` that ask nothing."""
    return (sentence for sentence in SENTENCE_BREAKS.split(text) if not sentence.rstrip().endswith("?"))


def clause_start(sentence: str, at: int) -> int:
    """Where the clause of ``sentence`` holding the place ``at`` begins."""
    return max((m.end() for m in _CLAUSE_BREAKS.finditer(sentence, 0, at)), default=0)


def clause_end(sentence: str, at: int) -> int:
    """Where the clause of ``sentence`` holding the place ``at`` ends."""
    end = _CLAUSE_BREAKS.search(sentence, at)
    return end.start() if end else len(sentence)


def outright_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` that state what they say outright."""
    return (sentence for sentence in statements(text) if sentence.strip() and not _NOT_OUTRIGHT.search(sentence))


def in_general(sentence: str) -> bool:
    """Whether ``sentence`` speaks of what teams in general do or how they usually are."""
    return _IN_GENERAL.search(sentence) is not None


def claims_outright(text: str, claim: LazyPattern) -> Iterator[tuple[str, re.Match[str]]]:
    """Each match of ``claim`` in a sentence of ``text`` said outright and of no teams in general, with
    its sentence."""
    for sentence in outright_sentences(text):
        if not in_general(sentence):
            yield from ((sentence, said) for said in claim.finditer(sentence))
