"""The strings a check asks for before it reads a text closely, found for every check in one pass.

A check reads a text with its patterns only where it holds one of its cues (a string that every match
of a pattern holds). Asked one by one, the cues of the verifier's checks (some 370) took a fifth of a
draft's verification. A text is instead read once, with a pattern of every cue made into a tree of
their letters: where it stands, the longest cue starting there is found, and with it every shorter
cue starting there, which is a prefix of it. What a text holds is kept for the few texts last asked
about, since the checks of one draft ask about the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

_REGISTERED: set[str] = set()


class Cues(tuple):
    """A check's cues, a tuple of strings: ``cues.any_in(text)`` is ``any(cue in text for cue in cues)``."""

    def __new__(cls, cues):
        self = super().__new__(cls, cues)
        self.strings = frozenset(self)
        if not self.strings <= _REGISTERED:
            _REGISTERED.update(self.strings)
            _held.cache_clear()
            _reading.cache_clear()
        return self

    def any_in(self, text: str) -> bool:
        return not _held(text).isdisjoint(self.strings)

    def held_in(self, text: str) -> frozenset[str]:
        """The cues of the check that ``text`` holds: the only ones a part of it may hold."""
        return self.strings & _held(text)


def _tree(cues: list[str]) -> str:
    """A pattern matching the longest of ``cues`` that starts where it is tried: their letters as a tree
    of alternatives, a longer branch tried before the end of a shorter cue."""
    root: dict[str, dict] = {}
    for cue in cues:
        node = root
        for char in cue:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        either = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{either})?" if "" in node else either

    return branch(root)


def cue_pattern(cues: Iterable[str]) -> LazyPattern:
    """A pattern found where any of ``cues`` starts in a text: one search instead of one for each cue."""
    return LazyPattern(_tree(sorted(set(cues))))


@lru_cache(maxsize=1)
def _reading() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """The pattern of every cue, and for each cue the cues it starts with (itself too)."""
    cues = sorted(_REGISTERED)
    starting = {cue: frozenset(c for c in cues if cue.startswith(c)) for cue in cues}
    return re.compile(f"(?=({_tree(cues)}))"), starting


@lru_cache(maxsize=16)
def _held(text: str) -> frozenset[str]:
    """Every cue of every check that ``text`` holds."""
    pattern, starting = _reading()
    return frozenset().union(*(starting[cue] for cue in set(pattern.findall(text))))
