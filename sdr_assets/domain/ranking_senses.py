"""Ranking words in a sense that ranks no one: "Balderton leading your Series A" (an investor leads
a round), "your sales leaders", "give that leader a pipeline" (a person who leads a team).

Such a "leading" or "leader" is blanked before the claim check reads a text (lower case). "A
leading vendor", "the leader in fintech" and "a market leader" rank a company and stay.
"""

from __future__ import annotations

import re

_ROUND = r"(?:round|raise|series|investment|funding|seed|financing)"
_LEADS_A_ROUND = re.compile(rf"(?<![^\W\d_])leading(?=[ \t]+(?:your|the|their|its|this|a|an)[ \t]+"
                            rf"(?:[\w&'$£€.,-]+[ \t]+){{0,3}}?{_ROUND}(?![^\W\d_]))")
_WHO_LEADS = re.compile(
    r"(?<![^\W\d_])(?:sales|marketing|revenue|business|commercial|product|engineering|finance|people|team|"
    r"growth|operations|that|this|each|every|these|those)[ \t]+(?P<leader>leaders?)(?![^\W\d_])")


def without_other_rankings(lower: str) -> str:
    """``lower`` with a "leading" that leads a round and a "leader" who leads a team blanked."""
    if "lead" not in lower:
        return lower
    lower = _LEADS_A_ROUND.sub(lambda m: " " * len(m.group()), lower)
    return _WHO_LEADS.sub(lambda m: m.group()[:m.start("leader") - m.start()] + " " * len(m["leader"]), lower)
