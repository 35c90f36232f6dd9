"""What of a new message (one answering none of ours) is read for a request to stop, at any length.

A person writing anew may explain at length before she asks ("... so please take me off your list"): her
request counts wherever it stands. A company's notice to its readers does not ("If you no longer wish to
receive these emails, click here"): a paragraph that reads as one (``reader_notices``) is left out, as it is
below a reply's sign-off.
"""

from __future__ import annotations

import re

from .reader_notices import is_reader_notice

__all__ = ["without_reader_notices"]

_PARAGRAPH_BREAK_RE = re.compile(r"\n[^\S\n]*\n")


def without_reader_notices(text: str) -> str:
    """``text`` without the paragraphs that read as a notice to whoever receives the mail."""
    return "\n\n".join(p for p in _PARAGRAPH_BREAK_RE.split(text) if not is_reader_notice(p))
