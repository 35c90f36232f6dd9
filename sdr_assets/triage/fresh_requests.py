"""What of a new message (one answering none of ours) is read for a request to stop, at any length.

A person writing anew may explain at length before she asks ("... so please take me off your list"): her
request counts wherever it stands. A company's notice to its readers does not ("If you no longer wish to
receive these emails, click here"): a paragraph that reads as one (``reader_notices``) is left out, as it is
below a reply's sign-off, but for its sentences in her own voice that are none.
"""

from __future__ import annotations

import re

from .reader_notices import is_reader_notice
from .writer_voice import names_the_writer

__all__ = ["without_reader_notices"]

_PARAGRAPH_BREAK_RE = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\s+[-\u2013\u2014]\s+|\n")


def without_reader_notices(text: str) -> str:
    """``text`` without the paragraphs that read as a notice to whoever receives the mail; of such a paragraph,
    the sentences in her own voice that are no notice stay ("I never signed up at www.acme.example - please
    remove me from your list.")."""
    kept = []
    for paragraph in _PARAGRAPH_BREAK_RE.split(text):
        if not is_reader_notice(paragraph):
            kept.append(paragraph)
            continue
        kept += (s for s in _SENTENCE_END_RE.split(paragraph) if names_the_writer(s) and not is_reader_notice(s))
    return "\n\n".join(kept)
