"""An html reply's ``<blockquote>``: another message quoted, with a quote header above it or none.

Read as plain text it ran into her own words ("Yes, send the deck." then the colleague's "Stop emailing
me." it quotes), and its words were taken for hers. Each of its lines is marked ``>`` as a plain-text
client marks a quote, which ``quotes`` reads as history; its text is kept apart, where words of opting
out send the reply to a person, who reads the whole message (a quote may be hers all the same). A blockquote
with nothing of hers around it is her reply itself ("Please take me off your list." in the one blockquote some
mail programs write a whole reply in), unless it is our own message quoted whole.
"""

from __future__ import annotations

import re

from .quotes import is_our_message

__all__ = ["with_quote_bounds", "marked_quotes"]

_BLOCKQUOTE_RE = re.compile(r"<(/?)blockquote\b[^>]{0,2000}>", re.I)
# Where a blockquote opens and closes, each on a line of its own once the markup is text: characters of
# Unicode's private use area, which no mail program writes.
_OPEN, _CLOSE = "\ue000", "\ue001"


def with_quote_bounds(markup: str) -> str:
    """``markup`` with each blockquote's start and end put on a line of their own, for :func:`marked_quotes`."""
    return _BLOCKQUOTE_RE.sub(lambda m: f"<br>{_CLOSE if m.group(1) else _OPEN}<br>", markup)


def marked_quotes(text: str) -> tuple[str, str]:
    """The text of markup read with :func:`with_quote_bounds`, each line in a blockquote marked ``> ``, and the
    text of those lines as written. A blockquote that holds all she wrote is hers, as some mail programs put the
    whole reply in one: only the quotes inside it are marked."""
    if _OPEN not in text:
        return text.replace(_CLOSE, ""), ""
    rows, depth = [], 0
    for line in text.split("\n"):
        bounds = line.strip()
        if bounds and not bounds.strip(_OPEN + _CLOSE):
            depth = max(0, depth + bounds.count(_OPEN) - bounds.count(_CLOSE))
            continue
        rows.append((depth, line.replace(_OPEN, "").replace(_CLOSE, "")))
    outer = 1 if _written_in_a_blockquote(rows) else 0
    lines, quoted = [], []
    for depth, line in rows:
        if depth > outer and line.strip():
            quoted.append(line)
            line = "> " + line
        lines.append(line)
    return "\n".join(lines), "\n".join(quoted)


def _written_in_a_blockquote(rows: list[tuple[int, str]]) -> bool:
    """Whether the blockquotes hold all that stands in the message, and the outer one is no copy of our own message
    (our footer under no quote header): her reply, written in a blockquote."""
    if any(line.strip() for depth, line in rows if not depth):
        return False
    outer = "\n".join(line for depth, line in rows if depth == 1)
    return bool(outer.strip()) and not is_our_message(outer)
