"""Dates said in words rather than digits or month names: seasons ("since spring", "last autumn",
"back in the fall", "in late summer"), holidays ("over the holidays") and parts of a year ("earlier
this year", "at the start of the year", "since the new year", "last quarter").

Research dates a signal by the day it was seen and gives a draft no season or part of a year: such
a date the grounds do not hold is invented. A season is a date after a word that places it in time
(in, since, over, during, last, this, early, ...), so "spring into action" and "prices fall" are none;
before or after one, or by one, the sender offers a time ("a call before the summer"), which is no
date of the prospect's.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_SEASON = r"(?:spring|summer|autumn|fall|winter|holidays|holiday[ \t]+season)"
_WORD_DATE = LazyPattern(
    rf"(?<![^\W\d_])(?<!before )(?<!after )(?<!by )(?:(?:in|since|over|during|through|throughout|last|this|past|back{_B}in)"
    rf"{_B}(?:the{_B})?(?:(?:early|late|mid)[ \t-]+)?{_SEASON}|(?:early|late|mid)[ \t-]+{_SEASON}"
    rf"|(?:earlier|later){_B}this{_B}(?:year|month|quarter)|(?:at|by){_B}the{_B}(?:start|beginning){_B}of{_B}the{_B}year"
    rf"|since{_B}the{_B}new{_B}year|last{_B}(?:year|quarter))(?![^\W\d_])")


# A word every date in words holds: a text with none of them is not scanned.
_CUES = Cues(("spring", "summer", "autumn", "fall", "winter", "holiday", "this year", "this month", "this quarter",
              "of the year", "new year", "last year", "last quarter"))


def _word_dates(lower: str) -> list[str]:
    if not _CUES.any_in(lower):
        return []
    return [" ".join(m.group().split()) for m in _WORD_DATE.finditer(lower)]


def word_date_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each date in words ``text`` (folded) says that ``grounds`` do not."""
    return [f"date not in the facts: '{date}'" for date in ungrounded(_word_dates, text, grounds)]
