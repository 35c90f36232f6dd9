"""Dates written in lower case: "since march", "talk thursday", "on jan 12".

A capitalised month or weekday the facts do not give is a name not in the facts; the same word
in lower case states the same date. A month or weekday (or its abbreviation) in lower case is
read as the name it stands for, as is "May", which the name check passes as a word. Where the
word is also ordinary English ("you may", "the sun"), it is a date only beside a day number or a
year, or after a word that opens one ("in", "since", "early", "next", ...).
"""

from __future__ import annotations

import re

from sdr_assets.domain.lexicon import DATE_NAMES, DATE_NAMES_ALSO_WORDS

# "May" is also a word the name check lets pass capitalised ("May I ask?"): as a date it is read here.
_SPELLINGS = {**DATE_NAMES, "May": "may"}
_DATE_WORD = re.compile(r"(?:(?<=mid-)|(?<![\w'’-]))(" + "|".join(sorted(_SPELLINGS, key=len, reverse=True))
                        + r")(?![\w'’-])")
_OPENS_DATE = re.compile(r"(?i)(?:(?<![^\W\d_])(?:in|since|until|till|from|through|before|after|by|early|mid|late"
                         r"|last|next)[ \t]+|mid-|\d(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?)\Z")
_DAY_OR_YEAR = re.compile(r"\.?[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?|\d{4})(?![\w%])")


def lowercase_dates(text: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """The months and weekdays ``text`` writes in lower case (and "May") that ``allowed`` (the
    compared forms of the grounds' words) names in no spelling, as written."""
    dates = []
    for match in _DATE_WORD.finditer(text):
        raw = match.group(1)
        if raw.lower() in allowed or _SPELLINGS[raw] in allowed:
            continue
        if raw.lower() in DATE_NAMES_ALSO_WORDS and not (_OPENS_DATE.search(text, 0, match.start())
                                                 or _DAY_OR_YEAR.match(text, match.end())):
            continue
        dates.append(raw)
    return dates
