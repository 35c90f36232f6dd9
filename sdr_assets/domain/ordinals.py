""""second" as an ordinal of the prospect: "your second product launch", "the second CFO this year".

"second" is mostly no number: a unit of time ("give me a second"), a second look, opinion or pair
of eyes, "on second thought", "second to none", the second half or quarter of a year, a second
week, time, reason, question or email. It counts what the prospect did or has only when "your",
"their", "its", "his", "her", a possessive "'s", "the", "this" or "that" puts it before one of the
prospect's own events or things (a launch, round, office, product, hire, a title, "SDR class"),
at most one word apart.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_EVENTS = (r"(?:launch|launches|product|products|release|version|office|offices|location|site|hq|headquarters"
           r"|store|factory|plant|market|country|city|region|expansion|round|raise|funding|fund|series|investment"
           r"|acquisition|exit|ipo|listing|company|startup|venture|business|brand|app|platform|partnership|deal"
           r"|hire|hires|hiring|class|cohort|award|book|podcast|ceo|cto|cfo|coo|cro|cmo|vp|svp|evp|president"
           r"|director|manager|founder|co-founder|cofounder|chief|head|stint|term|tenure)")
_SECOND = LazyPattern(
    r"(?i)(?:(?<![^\W\d_])(?:your|their|its|his|her|the|this|that)|'s)\s+(?:very\s+)?second"
    rf"\s+(?:(?!look|opinion|thought|pair|set|half|quarter)[^\W\d_]+\s+)?{_EVENTS}(?![^\W\d_])")


def ordinal_reasons(lower: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """A reason when ``lower`` (a text in lower case) says "second" as an ordinal of the prospect and
    the grounds, whose words are ``allowed``, never say "second"."""
    if "second" not in lower or "second" in allowed or not _SECOND.search(lower):
        return []
    return ["number not in the facts: 'second'"]
