"""Where a sentence of a reply ends: after a full stop, a question or exclamation mark (the fullwidth question mark
too) or a semicolon followed by a space, and at every line break; and where a clause starts after a sign."""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

__all__ = ["AFTER_A_SIGN", "REPLY_SENTENCE_BREAKS"]

REPLY_SENTENCE_BREAKS = LazyPattern(r"(?<=[.!?;？])\s+|\n+")
# Where a clause of hers starts after a sign, right after it or after one space: "Unsubscribe me. Just kidding",
# "Stop calling me; stop altogether", "(sorry) just kidding".
AFTER_A_SIGN = r"(?<=[.!?;,:)–—])|(?<=[.!?;,:)–—] )"
