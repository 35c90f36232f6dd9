"""A company's footer closing a reply with no signature delimiter above it: "Acme Ltd. Unsubscribe.",
"Acme GmbH | Hauptstr. 1 | Abmelden".

It names a company (its legal form, a copyright, "all rights reserved") and offers its readers a link's
words ("Unsubscribe", "Manage preferences"), in nobody's voice: no "me", "my" or "we". It is set apart as a
signature is (``quotes``): the labeller reads her reply without it, and its words of opting out, below a
reply that takes up the offer, send it to a person rather than suppress her.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .link_words import LINK_WORDS
from .writer_voice import names_the_writer

__all__ = ["company_footer_start"]

# The lines a footer takes at most.
_MOST_LINES = 3
_COMPANY_RE = LazyPattern(
    r"(?-i:\b[A-Z][\w&'-]*)(?:[ ,]+(?-i:[A-Z][\w&'-]*)){0,5},? (?:ltd|limited|inc|llc|llp|plc|gmbh|ag|kg|corp|corporation|"
    r"s\.?a\.?s?|sarl|s\.l\.|s\.r\.l\.|b\.?v\.?|n\.?v\.?|pty|oy|ab|aps|s\.p\.a\.)(?=\W|$)"
    r"|©|\(c\) ?\d{4}|\ball rights reserved\b|\bregistered (?:office|in)\b",
    re.I)
_LINK_WORDS_RE = LazyPattern(rf"\b(?:{LINK_WORDS})\b", re.I)


def _footer_line(line: str) -> bool:
    return bool(_COMPANY_RE.search(line) or _LINK_WORDS_RE.search(line))


def company_footer_start(lines: tuple[str, ...]) -> int:
    """Where the company footer that closes ``lines`` starts (after some line of hers), or ``len(lines)``."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 1 and end - start < _MOST_LINES and _footer_line(lines[start - 1]):
        start -= 1
    footer = "\n".join(lines[start:end])
    if (start == end or not _COMPANY_RE.search(footer) or not _LINK_WORDS_RE.search(footer)
            or names_the_writer(footer) or not any(line.strip() for line in lines[:start])):
        return len(lines)
    return start
