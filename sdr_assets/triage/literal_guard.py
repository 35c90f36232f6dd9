"""Regular expressions that first ask whether the text holds a string every match must contain.

A reason pattern is an alternation of phrases ("user unknown|no such user|..."), and Python's
``re`` tries each alternative at nearly every position of a 4,000-character report. Every match
holds one of a few strings ("user unknown", "no such "), read from the pattern as ``re`` parses it
(``required_words.required_strings``); when none of them is in the text, no alternative can match
and the search is skipped. A substring test runs in C and is far cheaper than the search, and most
texts fail most patterns. A pattern whose strings are too short, or that ignores case, is searched
as it is.
"""

from __future__ import annotations

import re
from functools import cached_property

from .required_words import required_strings


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
        return required_strings(self.pattern, self.flags)

    def search(self, text: str) -> re.Match[str] | None:
        literals = self.literals
        if literals is None or any(map(text.__contains__, literals)):  # the literals tried in C, not in a loop
            return self.regex.search(text)
        return None
