""""second" as an ordinal of the prospect: "your second product launch", "the second CFO this year".

"second" is mostly no number: a unit of time ("give me a second"), a second look, opinion or pair
of eyes, "on second thought", "second to none", the second half or quarter of a year. It counts
what the prospect did or has when "your", "their", "its", "his", "her", a possessive "'s", "the",
"this" or "that" puts it before a word other than those.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_SECOND = LazyPattern(
    r"(?i)(?:(?<![^\W\d_])(?:your|their|its|his|her|the|this|that)|'s)\s+(?:very\s+)?second"
    r"(?!\s+(?:look|looks|glance|opinion|opinions|thought|thoughts|pair|set|guess|nature|hand|half|quarter|to\s+none)"
    r"(?![^\W\d_]))(?=\s+[^\W\d_])")


def ordinal_reasons(lower: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """A reason when ``lower`` (a text in lower case) says "second" as an ordinal of the prospect and
    the grounds, whose words are ``allowed``, never say "second"."""
    if "second" not in lower or "second" in allowed or not _SECOND.search(lower):
        return []
    return ["number not in the facts: 'second'"]
