"""A plain alternative that holds, as its sender's own words, what its html alternative quotes in a ``<blockquote>``.

Mail programs write the plain alternative of an html reply without marking its blockquotes: "Yes, interested" then a
colleague's "Please stop emailing me." with no ``>`` before it, or "Still getting these." then her own earlier
"Please remove me from your list.". Which it is, no reading of the text can tell: the plain one is read, as ever,
and the lines the html quotes are kept (``ParsedMail.unmarked_quotes``), so that a request to stop among them under
a reply that takes up the offer goes to a person (``classify``) rather than ending her sequence unseen.
"""

from __future__ import annotations

import re

from .quotes import visible_text

__all__ = ["quotes_left_unmarked", "unmarked_quotes", "without_quoted_lines"]

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


def unmarked_quotes(chosen: list[tuple[str, bool]], choices: list[list[tuple[str, bool]]],
                    blockquotes: dict[str, str]) -> str:
    """What an html alternative among ``choices`` quotes that ``chosen``, a plain one, gives unmarked; or ""."""
    if any(from_html for _, from_html in chosen):
        return ""
    plain = "\n\n".join(text for text, _ in chosen)
    for other in choices:
        quotes = "\n".join(blockquotes.get(text, "") for text, from_html in other if from_html)
        if other is not chosen and quotes_left_unmarked(plain, quotes):
            return quotes
    return ""


def without_quoted_lines(text: str, quoted: str) -> str:
    """``text`` without the lines whose words are, word for word, a line of ``quoted``."""
    lines = {words for words in map(_words, quoted.splitlines()) if words}
    return "\n".join(line for line in text.splitlines() if _words(line) not in lines)
