"""Dates written in lower case: "since march", "talk thursday", "on jan 12".

A capitalised month or weekday the facts do not give is a name not in the facts; the same word
in lower case states the same date. A month or weekday (or its abbreviation) in lower case is
read as the name it stands for, as is "May", which the name check passes as a word. Where the
word is also ordinary English ("you may", "the sun"), it is a date beside a day number or a year,
or after a preposition of time ("in", "since", "end of", "on"); "march" and "august" also after a
determiner ("your march offsite", "next august"), and "may" there only where its clause ends
("early may."), since "teams that hire early may see" is the verb.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import DATE_NAMES, DATE_NAMES_ALSO_WORDS

# "May" is also a word the name check lets pass capitalised ("May I ask?"): as a date it is read here.
_SPELLINGS = {**DATE_NAMES, "May": "may"}
_DATE_WORD = LazyPattern(r"(?:(?<=mid-)|(?<![\w'’-]))(" + "|".join(sorted(_SPELLINGS, key=len, reverse=True))
                        + r")(?![\w'’-])")
# Words after which a name that is also a word is a date: prepositions of time, or a day number.
_AFTER_PREPOSITION = LazyPattern(r"(?i)(?:(?<![^\W\d_])(?:in|since|until|till|from|through|during|of|on|by)[ \t]+"
                                r"|mid-|(?<!\d)\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?)\Z")
# Words after which "march" or "august" is one, and "may" where its clause ends there ("early may.").
_AFTER_DETERMINER = LazyPattern(r"(?i)(?<![^\W\d_])(?:early|mid|late|next|last|this|every|each|your|our|the|whole"
                               r"|before|after)[ \t]+\Z")
_DAY_OR_YEAR = LazyPattern(r"\.?[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?|\d{4})(?![\w%])")
_CLAUSE_ENDS = LazyPattern(r"[ \t]*(?:[.,;:!?)]|\n|\Z)")
_BY_DETERMINER = frozenset({"march", "august"})


def _dated(text: str, start: int, end: int, word: str) -> bool:
    """Whether the word at ``text[start:end]``, which is also an ordinary word, is used as a date."""
    if _DAY_OR_YEAR.match(text, end) or _AFTER_PREPOSITION.search(text, 0, start):
        return True
    if not _AFTER_DETERMINER.search(text, 0, start):
        return False
    return word in _BY_DETERMINER or (word == "may" and _CLAUSE_ENDS.match(text, end) is not None)


def lowercase_dates(text: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """The months and weekdays ``text`` writes in lower case (and "May") that ``allowed`` (the
    compared forms of the grounds' words) names in no spelling, as written."""
    dates = []
    for match in _DATE_WORD.finditer(text):
        raw = match.group(1)
        word = raw.lower()
        if word in allowed or _SPELLINGS[raw] in allowed:
            continue
        if word in DATE_NAMES_ALSO_WORDS and not _dated(text, match.start(), match.end(), word):
            continue
        dates.append(raw)
    return dates
