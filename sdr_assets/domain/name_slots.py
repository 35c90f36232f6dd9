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

NOT_AFTER_LETTER = r"(?<![^\W\d_])"


@dataclass(frozen=True)
class Slot:
    """One branch ``prefix(names)suffix``; ``starts`` finds where the prefix may match, None where
    the prefix only looks behind (then a branch starts where a name does)."""

    prefixes: tuple[re.Pattern[str], ...]
    suffix: re.Pattern[str]
    starts: re.Pattern[str] | None

    def at(self, text: str, pos: int, names: list[str]) -> tuple[str, re.Match[str]] | None:
        """The name and the suffix's match of this branch matching at ``pos``, or None."""
        for prefix in self.prefixes:
            if found := prefix.match(text, pos):
                end = found.end()
                for name in names:
                    if text.startswith(name, end) and (tail := self.suffix.match(text, end + len(name))):
                        return name, tail
        return None


def slot(prefix: str, suffix: str, optional: tuple[str, ...] = ()) -> Slot:
    """A branch ``prefix`` + each of ``optional`` or not + names + ``suffix``; the variants of the
    prefix in the order a regex tries its greedy optional groups."""
    variants = ("".join((prefix, *(o for o, used in zip(optional, uses, strict=True) if used)))
                for uses in product((True, False), repeat=len(optional)))
    starts = None if prefix == NOT_AFTER_LETTER else re.compile(f"(?=(?:{prefix}))")
    return Slot(tuple(map(re.compile, variants)), re.compile(suffix), starts)


def _occurrences(text: str, names: list[str]) -> Iterator[int]:
    for name in names:
        at = text.find(name)
        while at >= 0:
            yield at
            at = text.find(name, at + 1)


def find_names(slots: tuple[Slot, ...], names: Iterable[str], text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(name, suffix match) of each match, left to right and apart, of the regex whose branches are
    ``slots`` with the alternation of the folded ``names`` in each slot."""
    order = [n.casefold() for n in sorted(set(names), key=len, reverse=True) if n]
    if not order:
        return
    starts: set[int] = set()
    for branch in slots:
        starts.update(_occurrences(text, order) if branch.starts is None
                      else (m.start() for m in branch.starts.finditer(text)))
    end = 0
    for pos in sorted(starts):
        if pos >= end and (found := next(filter(None, (b.at(text, pos, order) for b in slots)), None)):
            yield found
            end = found[1].end()
