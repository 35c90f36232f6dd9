"""Regular expressions that first ask whether the text holds a phrase every match must contain.

A reason pattern is an alternation of phrases ("user unknown|no such user|..."), and Python's
``re`` tries each alternative at nearly every position of a 4,000-character report. Each
alternative holds a run of plain characters that any match of it contains ("unknown", "no such ");
when none of those runs is in the text, no alternative can match and the search is skipped. A
substring test runs in C and is far cheaper than the search, and most texts fail most patterns.

The runs are read from the pattern's own text, for the plain syntax reason patterns use: escapes,
groups, classes, ``.``, anchors and quantifiers end a run, and a character made optional by ``?``,
``*`` or ``{`` leaves it. A pattern with an alternative that has no run of at least
``MIN_LITERAL`` characters, or that ignores case or whitespace (by flag or inline), is searched as it is.
"""

from __future__ import annotations

import re
from functools import cached_property

MIN_LITERAL = 3
_QUANTIFIERS = "?*+{"
_UNSAFE_FLAGS = re.IGNORECASE | re.VERBOSE  # a literal test would then miss matches


def _scan(pattern: str, i: int = 0):
    """Each index and character from ``i`` on, escapes and character classes left out."""
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _class_end(pattern, i)
        else:
            yield i, c
            i += 1


def _alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level ``|``."""
    out, depth, start = [], 0, 0
    for i, c in _scan(pattern):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out


def _class_end(pattern: str, i: int) -> int:
    """The index just past the character class opening at ``i``."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1  # a leading "]" is a member
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, i: int) -> int:
    """The index just past the group opening at ``i``."""
    depth = 0
    for j, c in _scan(pattern, i):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return j + 1
    return len(pattern)


def _skip_quantifier(pattern: str, i: int) -> int:
    if i < len(pattern) and pattern[i] == "{":
        i = pattern.index("}", i) + 1
    elif i < len(pattern) and pattern[i] in "?*+":
        i += 1
    if i < len(pattern) and pattern[i] in "?+":
        i += 1  # lazy or possessive
    return i


def required_runs(alternative: str) -> list[str]:
    """Runs of plain characters that every match of ``alternative`` (no top-level ``|``) contains."""
    runs, run, i = [], "", 0
    while i < len(alternative):
        c = alternative[i]
        if c == "\\" and i + 1 < len(alternative) and not alternative[i + 1].isalnum():
            literal, i = alternative[i + 1], i + 2  # an escaped punctuation character stands for itself
        elif c == "\\" or c in ".^$":
            runs.append(run)
            run, i = "", _skip_quantifier(alternative, i + (2 if c == "\\" else 1))
            continue
        elif c in "([":
            runs.append(run)
            end = _group_end(alternative, i) if c == "(" else _class_end(alternative, i)
            run, i = "", _skip_quantifier(alternative, end)
            continue
        else:
            literal, i = c, i + 1
        if i < len(alternative) and alternative[i] in _QUANTIFIERS:
            if alternative[i] == "+":
                run += literal  # at least once
            runs.append(run)
            run, i = "", _skip_quantifier(alternative, i)
            continue
        run += literal
    runs.append(run)
    return [r for r in runs if r]


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """One run per alternative, the longest, that a match of that alternative contains; None when an
    alternative has no run of ``MIN_LITERAL`` characters."""
    chosen = []
    for alternative in _alternatives(pattern):
        longest = max(required_runs(alternative), key=len, default="")
        if len(longest) < MIN_LITERAL:
            return None
        chosen.append(longest)
    return tuple(dict.fromkeys(chosen))


class GuardedPattern:
    """A compiled pattern whose ``search`` returns None at once when the text holds none of its
    required literals; otherwise the same match ``re`` gives. The pattern and its literals are worked
    out on the first search, not when a module that holds it is imported."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    @cached_property
    def literals(self) -> tuple[str, ...] | None:
        return None if self.regex.flags & _UNSAFE_FLAGS else required_literals(self.pattern)

    def search(self, text: str) -> re.Match[str] | None:
        literals = self.literals
        if literals is None or any(map(text.__contains__, literals)):  # the literals tried in C, not in a loop
            return self.regex.search(text)
        return None
