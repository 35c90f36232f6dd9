"""Case-insensitive patterns that stay fast on long alternations, compiled on their first search."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from itertools import groupby

from sdr_assets.domain.lazy_patterns import LazyPattern

from .required_words import required_strings, required_words, text_words

# The characters outside ASCII that ``re.IGNORECASE`` takes for ASCII letters (the Kelvin sign for "k", the long s
# for "s", the dotted and dotless i for "i"): in a text without them a match's ASCII letters are ASCII, and
# lowering the text leaves its words' bounds where they were.
_ASCII_LOOKALIKE_RE = re.compile("[\u0130\u0131\u017f\u212a]")


class Caseless:
    """A case-insensitive pattern, written in lower case. ASCII text is searched lowered, with a
    case-sensitive copy: for ASCII the two find the same, and ``re.IGNORECASE`` has no fast scan for
    long alternations. Each copy is compiled when first searched with: the opt-out rules alone took
    0.04 s to compile, paid by every `sdr` command that imports the triage and classifies nothing."""

    def __init__(self, pattern: str, flags: int = 0):
        if re.search(r"(?<!\\)(?<!\(\?)[A-Z]", pattern):  # a named group's "(?P<" is no letter searched
            raise ValueError(f"a caseless pattern is written in lower case: {pattern[:60]!r}")
        self.pattern, self.flags = pattern, flags
        self.lowered, self.caseless = LazyPattern(pattern, flags), LazyPattern(pattern, flags | re.I)

    def search(self, text: str) -> re.Match | None:
        if not text.isascii():
            return self.caseless.search(text)
        lowered = text.lower()
        return self.lowered.search(lowered) if self.may_hold(lowered) else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches, at their places in ``text``."""
        if not text.isascii():
            return self.caseless.finditer(text)
        lowered = text.lower()
        return self.lowered.finditer(lowered) if self.may_hold(lowered) else iter(())

    def may_hold(self, lowered: str) -> bool:
        """Whether lowered ASCII text holds one of ``strings``, as every match in it does (or they are unknown)."""
        groups = self.string_groups
        return groups is None or any(start in lowered and any(map(lowered.__contains__, strings))
                                     for start, strings in groups)

    @cached_property
    def strings(self) -> tuple[str, ...] | None:
        """Strings one of which every match in lowered text holds (``required_strings``): looked for in C,
        they skip most texts faster than ``re`` scans a long alternation whose branches start with no letter."""
        return required_strings(self.pattern, self.flags)

    @cached_property
    def string_groups(self) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        """``strings`` by their first four characters: a text without those holds none of the strings they start.
        Many start alike (the words of opting out: 141 strings, 71 starts), and most texts hold few of the starts."""
        if self.strings is None:
            return None
        return tuple((start, tuple(strings)) for start, strings in groupby(self.strings, key=lambda s: s[:4]))

    @cached_property
    def words(self) -> frozenset[str] | None:
        """Words one of which every match in lowered ASCII text holds whole (``required_words``)."""
        return required_words(self.pattern, self.flags)

    @cached_property
    def ascii_words(self) -> frozenset[str] | None:
        """``words`` where all are ASCII and the pattern reads words as Unicode does: one of them is then among the
        words of any text holding a match, lowered, unless the text holds one of ``_ASCII_LOOKALIKE_RE``."""
        words = self.words
        if words is None or self.flags & re.ASCII or not all(word.isascii() for word in words):
            return None
        return words


class CaselessAny:
    """Several caseless patterns searched one after the other, as one: ``re`` scans a pattern with a
    literal start far faster alone than as one alternative among a hundred (the opt-out rule of
    ``optout_requests`` took about 0.9 ms a reply as one alternation, 0.19 ms as separate patterns).
    In ASCII text a pattern none of whose required words is among the text's words is not searched:
    most of the opt-out rule's patterns, in most replies; nor is one that requires no word and holds none of its
    required strings (``Caseless.strings``). Other text is searched with every pattern ignoring case, but for those
    whose required words are ASCII and absent from its words (``Caseless.ascii_words``). The patterns a text's
    words call for are looked up by word, and searched in their order."""

    def __init__(self, patterns: list[str], flags: int = 0):
        self.patterns = [Caseless(p, flags) for p in patterns]

    def search(self, text: str) -> re.Match | None:
        if text.isascii():
            lowered = text.lower()
            return next((m for p in self._called(self._by_word, text_words(lowered))
                         if (p.words is not None or p.may_hold(lowered)) and (m := p.lowered.search(lowered))), None)
        if _ASCII_LOOKALIKE_RE.search(text):
            return next((m for p in self.patterns if (m := p.caseless.search(text))), None)
        return next((m for p in self._called(self._by_ascii_word, text_words(text.lower()))
                     if (m := p.caseless.search(text))), None)

    def _called(self, index: tuple[frozenset[int], dict[str, tuple[int, ...]]], words: set[str]) -> list[Caseless]:
        """The patterns, in order, that require no word or one of ``words``."""
        always, by_word = index
        called = set(always).union(*(by_word[word] for word in words & by_word.keys()))
        return [self.patterns[at] for at in sorted(called)]

    @cached_property
    def _by_word(self) -> tuple[frozenset[int], dict[str, tuple[int, ...]]]:
        return _word_index([p.words for p in self.patterns])

    @cached_property
    def _by_ascii_word(self) -> tuple[frozenset[int], dict[str, tuple[int, ...]]]:
        return _word_index([p.ascii_words for p in self.patterns])


def _word_index(required: list[frozenset[str] | None]) -> tuple[frozenset[int], dict[str, tuple[int, ...]]]:
    """The places of the patterns that require no word, and of those requiring each word."""
    by_word: dict[str, list[int]] = {}
    for at, words in enumerate(required):
        for word in words or ():
            by_word.setdefault(word, []).append(at)
    return (frozenset(at for at, words in enumerate(required) if words is None),
            {word: tuple(places) for word, places in by_word.items()})
