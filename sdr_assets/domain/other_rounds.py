"""A "round" or a "series" that is of something other than money claims no funding.

"Round" and "series" are funding words ("congrats on the round", "your Series B"), but not in "the
first round of interviews", "a series of webinars", "year-round" or "round the clock". Those are
blanked before the claim check reads a text, so a hiring draft may say them without a round in its
facts; a round of money ("a round of funding", "a round of $5M", "a round of new capital") stays a
claim.
"""

from __future__ import annotations

import re

# What a round of money is of: "a round of (fresh) funding", "of Series B capital", "of $5M".
OF_MONEY = (r"(?:(?:new|fresh|additional|further|more|outside|external|private|strategic|early|late)[ \t-]+)*"
            r"(?:(?:pre-?)?seed|series|venture|growth|funding|financing|fundraising|investments?|capital|equity"
            r"|debt|money|cash)\b|[$€£¥\d]")
_OF_OTHER = rf"[ \t]+of[ \t]+(?!(?:(?:the|a|an|its|your|their)[ \t]+)?(?:{OF_MONEY}))"
# Each branch opens with its word and looks behind it after, so the engine skips to an "r" or an "s"
# (a branch opening with a look-behind has it try every place of the text).
_OTHER = re.compile(rf"(?:round(?<![^\W\d_]round)|series(?<![^\W\d_]series))(?={_OF_OTHER})"
                    r"|round(?:(?<=\byear[ -]round)|(?<=\ball[ -]round))(?![^\W\d_])"
                    r"|round(?<![^\W\d_]round)(?=[ -](?:the[ -]clock|trip|table|robin|up|out)(?![^\W\d_]))")


def without_other_rounds(lower: str) -> str:
    """``lower`` (lower-case text) with every round or series of something other than money blanked."""
    if "round" not in lower and "series" not in lower:
        return lower
    return _OTHER.sub(lambda m: " " * len(m.group()), lower)
