"""Patterns with a slot for names that change from one draft to the next, compiled once.

A regex ``prefix(Dana Park|Dana|Park)suffix`` built for each draft's names costs more to compile
than the draft costs to check. A :class:`Slot` keeps the prefix and the suffix compiled and puts
the names in between at search time, finding what the regex with the names' alternation would
find, in the same order: at each place, the first prefix the engine would try, then the names
longest first, then the suffix. Names start with no blank (the prefix's blanks take them all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product

from sdr_assets.domain.lazy_patterns import LazyPattern

NOT_AFTER_LETTER = r"(?<![^\W\d_])"


@dataclass(frozen=True)
class Slot:
    """One branch ``prefix(names)suffix``; ``starts`` finds where the prefix may match, None where
    the prefix only looks behind (then a branch starts where a name does). ``leads``: words one of
    which every match of the prefix starts with; where given, the places they stand are searched
    instead of scanning the text with ``starts`` (a lookahead the engine tries at every place)."""

    prefixes: tuple[LazyPattern, ...]
    suffix: LazyPattern
    starts: LazyPattern | None
    leads: tuple[str, ...] = ()

    def at(self, text: str, pos: int, names: list[str]) -> tuple[str, re.Match[str]] | None:
        """The name and the suffix's match of this branch matching at ``pos``, or None."""
        for prefix in self.prefixes:
            if found := prefix.match(text, pos):
                end = found.end()
                for name in names:
                    if text.startswith(name, end) and (tail := self.suffix.match(text, end + len(name))):
                        return name, tail
        return None


def slot(prefix: str, suffix: str, optional: tuple[str, ...] = (), leads: tuple[str, ...] = ()) -> Slot:
    """A branch ``prefix`` + each of ``optional`` or not + names + ``suffix``; the variants of the
    prefix in the order a regex tries its greedy optional groups; ``leads`` as in :class:`Slot`."""
    variants = ("".join((prefix, *(o for o, used in zip(optional, uses, strict=True) if used)))
                for uses in product((True, False), repeat=len(optional)))
    starts = None if prefix == NOT_AFTER_LETTER else LazyPattern(f"(?=(?:{prefix}))")
    return Slot(tuple(map(LazyPattern, variants)), LazyPattern(suffix), starts, leads)


def word_first(pattern: str) -> LazyPattern:
    """``pattern``, which opens with ``\\b`` and a word, compiled as the word then ``(?<=\\bword)``: the
    same matches, but the engine can skip ahead to the word's letters, where a leading ``\\b`` has it
    try every place."""
    lead = re.match(r"\\b([a-z]+)(?![a-z*+?{])", pattern)
    if lead is None:
        raise ValueError(f"pattern does not open with \\b and a word: {pattern!r}")
    word = lead.group(1)
    return LazyPattern(rf"{word}(?<=\b{word}){pattern[lead.end():]}")


def _occurrences(text: str, names: list[str]) -> Iterator[int]:
    for name in names:
        at = text.find(name)
        while at >= 0:
            yield at
            at = text.find(name, at + 1)


def _suffixed(branch: Slot, names: list[str], text: str) -> bool:
    """Whether one of ``names`` stands in ``text`` with the branch's suffix right after it, as every
    match of the branch has it: a text without one (most drafts, for most branches) is not scanned."""
    for name in names:
        at = text.find(name)
        while at >= 0:
            if branch.suffix.match(text, at + len(name)):
                return True
            at = text.find(name, at + 1)
    return False


def find_names(slots: tuple[Slot, ...], names: Iterable[str], text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(name, suffix match) of each match, left to right and apart, of the regex whose branches are
    ``slots`` with the alternation of the folded ``names`` in each slot."""
    folded = (n.casefold() for n in sorted(set(names), key=len, reverse=True) if n)
    order = [n for n in folded if n in text]  # a name the text does not hold matches nowhere in it
    if not order or not any(_suffixed(branch, order, text) for branch in slots):
        return
    starts: set[int] = set()
    for branch in slots:
        if branch.starts is None or branch.leads:
            starts.update(_occurrences(text, list(branch.leads) or order))
        else:
            starts.update(m.start() for m in branch.starts.finditer(text))
    end = 0
    for pos in sorted(starts):
        if pos >= end and (found := next(filter(None, (b.at(text, pos, order) for b in slots)), None)):
            yield found
            end = found[1].end()
