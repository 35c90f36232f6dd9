"""Claim words in a sense that claims nothing of the prospect: "Balderton leading your Series A"
(an investor leads a round), "your sales leaders", "give that leader a pipeline" (a person who leads
a team), "post-raise" (a prefix), "your next stage of growth" (growth to come), "a meaningful
investment in sales" (spending on a function).

Each such word is blanked before the claim check reads a text (lower case). "A leading vendor",
"the leader in fintech", "a market leader", "your blog post", "your growth this year", "impressive
growth" and "Accel's investment in Blueio" claim something and stay.
"""

from __future__ import annotations

import re

_ROUND = r"(?:round|raise|series|investment|funding|seed|financing)"
_NOT_AFTER = r"(?<![^\W\d_])"
_NOT_BEFORE = r"(?![^\W\d_])"
_SENSES = (
    # An investor leading a round.
    re.compile(rf"{_NOT_AFTER}(?P<word>leading)(?=[ \t]+(?:your|the|their|its|this|a|an)[ \t]+"
               rf"(?:[\w&'$£€.,-]+[ \t]+){{0,3}}?{_ROUND}{_NOT_BEFORE})"),
    # A person who leads a team or a function.
    re.compile(rf"{_NOT_AFTER}(?:sales|marketing|revenue|business|commercial|product|engineering|finance|people"
               rf"|team|growth|operations|that|this|each|every|these|those)[ \t]+(?P<word>leaders?){_NOT_BEFORE}"),
    # A prefix: "post-raise", "post-launch".
    re.compile(rf"{_NOT_AFTER}(?P<word>post)(?=-[^\W\d_])"),
    # Growth to come, or growth someone helps with.
    re.compile(rf"{_NOT_AFTER}(?:next[ \t]+(?:stage|phase|chapter)[ \t]+of|(?:future|sustained|sustainable|long-term)"
               rf"|(?:support|fuel|drive|accelerate|power|enable|help(?:[ \t]+with)?)"
               rf"(?:[ \t]+[^\W\d_]+(?:'s)?){{0,2}}?)"
               rf"[ \t]+(?P<word>growth){_NOT_BEFORE}"),
    # Spending on a function, not money raised.
    re.compile(rf"{_NOT_AFTER}(?P<word>investment)(?=[ \t]+in[ \t]+(?:sales|marketing|people|hiring|pipeline"
               rf"|outbound|tooling|tools|training|onboarding|talent|data|technology|infrastructure|processes)"
               rf"{_NOT_BEFORE}(?![ \t]+(?:from|by|led|backed){_NOT_BEFORE}))"),
)


def without_other_senses(lower: str) -> str:
    """``lower`` with each claim word of ``_SENSES`` blanked where it claims nothing."""
    for sense in _SENSES:
        lower = sense.sub(lambda m: m.group()[:m.start("word") - m.start()] + " " * len(m["word"])
                          + m.group()[m.end("word") - m.start():], lower)
    return lower
