"""A plain alternative that holds, as her own words, what its html alternative quotes in a ``<blockquote>``.

Mail programs write the plain alternative of an html reply without marking its blockquotes ("Thanks, noted." then a
colleague's "Please take me off your list." with no ``>`` before it): read alone, the colleague's words were taken
for hers. When every line the html quotes stands among the plain one's own words, the html is read instead, where
the blockquote is a quote (``html_quotes``).
"""

from __future__ import annotations

import re

from .quotes import visible_text

__all__ = ["quotes_left_unmarked"]

_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def quotes_left_unmarked(plain: str, quoted: str) -> bool:
    """Whether each line of ``quoted`` (an html alternative's blockquoted text) stands, word for word, among the
    words ``plain`` (its plain alternative) gives as its sender's own, outside any quote it marks, and below words of
    hers: a blockquote that opens what she wrote, with only her sign-off outside it, is her own reply
    (``html_quotes``)."""
    lines = [words for words in map(_words, quoted.splitlines()) if words]
    if not lines:
        return False
    own = f" {_words(visible_text(plain))} "
    return own.find(f" {lines[0]} ") > 0 and all(f" {words} " in own for words in lines)
