"""Amounts of money a draft writes otherwise than its facts, read as the facts write them: "3,5 M€",
"€3.5M", "EUR 3.5m" and "3.5 million euros" are one amount.

An amount is a currency (a sign or a word) with a number, a scale (k, M, million, bn, ...) or
both; a decimal comma is one before at most two digits ("3,5", never "3,500"). Where the grounds
state an amount of the same currency and value, the draft's spelling is replaced by theirs, so the
checks read it as they do; any other amount is left as written, and checked as any number is.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import CURRENCY_SIGNS, CURRENCY_WORDS

_ANY_DIGIT = LazyPattern(r"\d")
_SCALE_OF = {"k": 3, "thousand": 3, "m": 6, "mm": 6, "mn": 6, "mio": 6, "million": 6, "millions": 6,
             "b": 9, "bn": 9, "billion": 9, "billions": 9}
_SIGN = "|".join(re.escape(s) for s in CURRENCY_SIGNS)
_WORDS = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALE_OF, key=len, reverse=True))
_NUMBER = LazyPattern(r"(?<![\w.,])\d+(?:,\d{3})*(?:[.,]\d+)?")
# What may stand before a number (a sign or a currency word) and after it (a scale, then a sign or word).
_BEFORE = LazyPattern(rf"(?i)(?:(?<![^\W\d_])(?P<before>{_SIGN}|{_WORDS})[ \t]?)\Z")
_AFTER = LazyPattern(rf"(?i)(?:[ \t]?(?P<scale>{_SCALE})(?![^\W\d_]))?"
                    rf"(?:[ \t]?(?P<after>{_SIGN}|(?:{_WORDS})(?![^\W\d_])))?")


def _currency(said: str | None) -> str:
    if not said:
        return ""
    return said if said in CURRENCY_SIGNS else CURRENCY_WORDS[said.lower()]


def _value(number: str) -> Decimal | None:
    """The number written with a decimal comma ("3,5") or point, and commas between thousands."""
    if re.fullmatch(r"\d+,\d{1,2}", number):
        number = number.replace(",", ".")
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _amounts(text: str) -> list[tuple[int, int, tuple[str, Decimal]]]:
    """Where each amount of money in ``text`` starts and ends, with its currency and value."""
    found = []
    for m in _NUMBER.finditer(text):
        before = _BEFORE.search(text, max(0, m.start() - 12), m.start())
        after = _AFTER.match(text, m.end())
        said_before, said_after = before and before["before"], after["after"]
        currency = _currency(said_before) or _currency(said_after)
        value = _value(m.group())
        if not currency or value is None or (said_before and said_after):
            continue
        scale = _SCALE_OF[after["scale"].lower()] if after["scale"] else 0
        found.append((before.start() if before else m.start(), after.end(),
                      (currency, value.scaleb(scale).normalize())))
    return found


@lru_cache(maxsize=1024)
def _known(grounds: str) -> dict[tuple[str, Decimal], str]:
    """The amounts ``grounds`` state, each as they first write it."""
    known: dict[tuple[str, Decimal], str] = {}
    for start, end, key in _amounts(grounds):
        known.setdefault(key, grounds[start:end])
    return known


def as_grounds_amounts(text: str, grounds: str) -> str:
    """``text`` with each amount the grounds state in other words written as they write it."""
    if _ANY_DIGIT.search(text) is None:
        return text
    known = _known(grounds)
    if not known:
        return text
    out, at = [], 0
    for start, end, key in _amounts(text):
        if key in known and text[start:end] != known[key]:
            out += [text[at:start], known[key]]
            at = end
    return "".join(out) + text[at:]
