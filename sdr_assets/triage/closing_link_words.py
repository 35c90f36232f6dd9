"""A reply that closes on a link's bare word alone on its last line: "Thursday 2pm works for me.\n\nUnsubscribe".

No company is named, so nothing marks the line as a footer (``company_footers``); yet a prospect who takes up the
offer does not ask to stop in the same breath: the word may be a link of her mail program or her company, copied
with her text. Below a reply that takes up the offer, a person reads which, and her mail waits; below anything else
("Who are you?", "Not for us."), it is her request, as the rule reads it.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .link_words import LINK_WORDS

__all__ = ["without_closing_link_word"]

# A link's words alone on a line but for signs around them.
_LONE_LINK_WORD_RE = LazyPattern(rf"[^\w\n]*(?:{LINK_WORDS})[^\w\n]*", re.I)


def without_closing_link_word(text: str) -> str | None:
    """``text`` without its last line when that line is a link's word alone below lines of hers; else None."""
    head, _, last = text.rstrip().rpartition("\n")
    if not head.strip() or not _LONE_LINK_WORD_RE.fullmatch(last):
        return None
    return head.rstrip()
