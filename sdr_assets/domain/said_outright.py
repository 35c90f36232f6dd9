"""The sentences of a text that state something outright (not a question, a wish or a condition),
whether one speaks of teams in general ("teams often ...", "most new leaders ..."), and the claims
said in those that do not."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sdr_assets.domain.lazy_patterns import LazyPattern

_SENTENCE = LazyPattern(r"(?<=[.!?])\s+|\n+")
# A wish, or a condition or time to come: what such a sentence says of a prospect it does not state.
_NOT_OUTRIGHT = LazyPattern(r"(?i)(?<![^\W\d_])(?:hope|hoping|wish|trust|if|whether|unless|once|when|whenever|until"
                            r"|in[ \t]+case|imagine|suppose)(?![^\W\d_])")
_IN_GENERAL = LazyPattern(r"(?i)(?<![^\W\d_])(?:often|usually|typically|generally|tend|tends|rarely|seldom|most|many"
                          r"|every)(?![^\W\d_])")


def outright_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` that state what they say outright."""
    for sentence in _SENTENCE.split(text):
        if sentence.strip() and not sentence.rstrip().endswith("?") and not _NOT_OUTRIGHT.search(sentence):
            yield sentence


def in_general(sentence: str) -> bool:
    """Whether ``sentence`` speaks of what teams in general do or how they usually are."""
    return _IN_GENERAL.search(sentence) is not None


def claims_outright(text: str, claim: LazyPattern) -> Iterator[tuple[str, re.Match[str]]]:
    """Each match of ``claim`` in a sentence of ``text`` said outright and of no teams in general, with
    its sentence."""
    for sentence in outright_sentences(text):
        if not in_general(sentence):
            yield from ((sentence, said) for said in claim.finditer(sentence))
