"""Where a sentence of a reply ends: after a full stop, a question or exclamation mark (the fullwidth question mark
too) or a semicolon followed by a space, and at every line break."""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

__all__ = ["REPLY_SENTENCE_BREAKS"]

REPLY_SENTENCE_BREAKS = LazyPattern(r"(?<=[.!?;？])\s+|\n+")
