"""The words one of which every match of a pattern holds whole: a text holding none of them as a word
holds no match, and one set of the text's words answers that for each of a rule's many patterns.

"\\b(take|get|remove) me off (your|the) list" matches no text without "take", "get" or "remove" among
its words. A word counts only where the pattern bounds it on both sides (``\\b``, ``^``, ``$``, or a
character that is no word character): "remove me" also matches in "unremove meh", so neither of its
words is required. The pattern is read as ``re`` itself parses it; what cannot be read simply (any
character, a category, a repeat with no bound, a back-reference) requires nothing, and a pattern that
ignores case gives no words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as _c
from re import _parser

from sdr_assets.domain.lazy_patterns import LazyPattern

from .kept import UNREADABLE, keep, load

__all__ = ["required_strings", "required_words", "text_words", "kept_readings", "keep_readings"]

_BOUNDARY = "\x00"  # where a pattern requires a word to begin or end, in the strings a match holds
_WORD_RE = LazyPattern(r"\w+")
# Sets of more strings than this are not kept; a class of more characters than this is no literal.
_MAX_STRINGS = 64
_MAX_CLASS = 8
# A word this long is rare in any text: a longer one skips no more texts.
_RARE_LENGTH = 8
# Shorter strings are in too many texts to be worth looking for.
MIN_STRING = 3
_BOUNDARIES = {_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING, _c.AT_END, _c.AT_END_STRING}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}

Strings = frozenset[str] | None
Reading = tuple[tuple[str, ...] | None, frozenset[str] | None]  # (``required_strings``, ``required_words``)
# The readings of the patterns the classifier's modules hold, kept at setup (``kept``) for a process to load rather
# than reading each pattern again.
READINGS = "pattern_readings"


def text_words(text: str) -> set[str]:
    """The words of ``text``, to test a pattern's required words against."""
    return set(_WORD_RE.findall(text))


def _bounded_words(string: str) -> list[str]:
    """The words of ``string`` bounded on both sides within it: words any text holding it holds whole."""
    return [m.group() for m in _WORD_RE.finditer(string) if m.start() > 0 and m.end() < len(string)]


def _words(strings: Strings) -> frozenset[str] | None:
    """One bounded word of each string (its longest), or None when a string has none. A string holding a
    character outside ASCII stands for itself: no ASCII text holds it, whatever its words."""
    if not strings:
        return None
    chosen = set()
    for string in strings:
        words = _bounded_words(string) if string.isascii() else [string.replace(_BOUNDARY, "")]
        if not words:
            return None
        chosen.add(max(words, key=len))
    return frozenset(chosen)


def _rarity(looked_for: frozenset[str] | None) -> tuple[int, int]:
    """How few texts hold one of ``looked_for``: the shortest first, up to ``_RARE_LENGTH`` characters (one
    outside ASCII is rare), then the fewest to look for."""
    if not looked_for:
        return (-1, 0)
    shortest = min(len(s) if s.isascii() else _RARE_LENGTH for s in looked_for)
    return (min(shortest, _RARE_LENGTH), -len(looked_for))


@lru_cache(maxsize=4096)
def _word_rarity(strings: Strings) -> tuple[int, int]:
    return _rarity(_words(strings))


@lru_cache(maxsize=4096)
def _string_rarity(strings: Strings) -> tuple[int, int]:
    return _rarity(_plain(strings))


def _plain(strings: Strings) -> frozenset[str] | None:
    """The strings without their boundaries, each one that holds another left out: a text holding it holds
    the other."""
    if strings is None:
        return None
    plain = {s.replace(_BOUNDARY, "") for s in strings}
    return frozenset(s for s in plain if not any(t != s and t in s for t in plain))


def _better(a: Strings, b: Strings, rarity) -> Strings:
    return a if rarity(a) >= rarity(b) else b


def _class_strings(items) -> Strings:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None  # a negation, a category (\w, \s) or a wide range
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _node(op, av, rarity) -> tuple[Strings, Strings]:
    """(every string the node can match, when few; strings one of which every match of it holds, or None).
    ``_BOUNDARY`` stands in a string where the node requires a word boundary."""
    if op is _c.LITERAL:
        exact: Strings = frozenset(chr(av))
    elif op is _c.AT:
        exact = frozenset([_BOUNDARY if av in _BOUNDARIES else ""])
    elif op in (_c.ASSERT, _c.ASSERT_NOT):
        exact = frozenset([""])
    elif op is _c.IN:
        exact = _class_strings(av)
    elif op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & (_c.SRE_FLAG_IGNORECASE | _c.SRE_FLAG_VERBOSE):
            return None, None
        return _sequence(sub, rarity)
    elif op is _c.BRANCH:
        found = [_sequence(sub, rarity) for sub in av[1]]
        exact = frozenset().union(*(e for e, _ in found)) if all(e is not None for e, _ in found) else None
        required = frozenset().union(*(r for _, r in found)) if all(rarity(r)[0] > 0 for _, r in found) else None
        return (exact if exact is not None and len(exact) <= _MAX_STRINGS else None), required
    elif op in _REPEATS:
        low, high, sub = av
        exact, required = _sequence(sub, rarity)
        if (low, high) == (1, 1):
            return exact, required
        if low == 0:
            return (exact | {""} if exact is not None and high == 1 else None), None
        return None, _better(required, exact, rarity)
    elif op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av, rarity)
    else:
        return None, None  # any character, a category, a back-reference
    return exact, exact


def _sequence(nodes, rarity) -> tuple[Strings, Strings]:
    """What ``_node`` says, for nodes matched one after the other: the exact strings of consecutive nodes are
    joined, into few strings (``run``) and into one (``plain``, which a node of several strings ends)."""
    run: Strings = frozenset([""])
    plain = ""
    best: Strings = None
    exact = True
    for op, av in nodes:
        strings, required = _node(op, av, rarity)
        if strings is not None and len(strings) == 1:
            plain += next(iter(strings))
        else:
            best, plain = _better(best, frozenset([plain]), rarity), ""
        if strings is not None and run is not None:
            joined = frozenset(a + b for a in run for b in strings)
            if len(joined) <= _MAX_STRINGS:
                run = joined
                continue
        best, exact = _better(best, run, rarity), False
        run = strings
        if strings is None:
            best = _better(best, required, rarity)
    best = _better(_better(best, run, rarity), frozenset([plain]), rarity)
    return (run if exact else None), best


# What reading a parse of another shape raises: ``re._parser`` is private, and a Python that changes it must
# leave each pattern unguarded, searched in every text, rather than fail every message.
_UNREADABLE = (AttributeError, TypeError, ValueError, IndexError)


@lru_cache(maxsize=1)
def kept_readings() -> dict[tuple[str, int], Reading]:
    """The readings kept for this digest (``keep_readings``), or none."""
    try:
        return load(READINGS)
    except UNREADABLE:
        return {}


def keep_readings(patterns: set[tuple[str, int]]) -> dict[tuple[str, int], Reading]:
    """The reading of each of ``patterns`` (pattern, flags), kept (``kept``) for the processes after."""
    readings = {key: (_required_strings(*key), _required_words(*key)) for key in sorted(patterns)}
    keep(READINGS, readings)
    return readings


def required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """``_required_words``, as kept for the pattern where it is (``keep_readings``)."""
    kept = kept_readings().get((pattern, flags))
    return kept[1] if kept is not None else _required_words(pattern, flags)


def required_strings(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """``_required_strings``, as kept for the pattern where it is (``keep_readings``)."""
    kept = kept_readings().get((pattern, flags))
    return kept[0] if kept is not None else _required_strings(pattern, flags)


def _required_words(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` in ASCII text holds whole, the rarest found (a string
    outside ASCII among them: no match in ASCII text); None when there are none, when the pattern
    ignores case, or when its parse cannot be read."""
    try:
        parsed = _parser.parse(pattern, flags)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return None
        return _words(_sequence(parsed.data, _word_rarity)[1])
    except _UNREADABLE:
        return None


def _required_strings(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` holds, the rarest found; None when they are shorter
    than ``MIN_STRING`` characters of ASCII, when the pattern ignores case, or when its parse cannot be read."""
    try:
        parsed = _parser.parse(pattern, flags)
        if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            return None
        found = _sequence(parsed.data, _string_rarity)[1]
    except _UNREADABLE:
        return None
    if _string_rarity(found)[0] < MIN_STRING:
        return None
    return tuple(sorted(_plain(found)))
