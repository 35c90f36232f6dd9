"""A figure of the facts rounded down under a bound, or written with a scale, read as the facts write
it: "over 1,000 people" and "more than 1k people" for 1,200, "more than 300 people" for 340,
"over $25M" for $25.6M, "about 1.2k people" for 1,200.

A bound below ("over", "more than", "above", "upwards of", "north of", "in excess of", "at least")
with the facts' figure rounded down to fewer digits (1,200 to 1,000, 340 to 300, 25.6M to 25M; not
to 0) states what the figure states, and so does the figure itself written with a scale (1.2k).
Such a number is replaced by the facts' spelling, with the same currency, so the checks read the
noun it counts as they read the facts'. Any other number is left as written: "over 2,000 people"
for 1,200 is not in the facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

_B = r"[ \t]+"
_SCALES = {"": 0, "k": 3, "thousand": 3, "m": 6, "million": 6, "bn": 9, "b": 9, "billion": 9}
# A figure starts with its sign or digit (no lookbehind, so the engine skips to one): where a letter,
# digit or separator stands before it, it is part of another token.
_FIGURE = LazyPattern(r"(?i)(?P<sign>[$€£¥])?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
                      r"(?:[ \t]?(?P<scale>k|thousand|m|million|bn|b|billion)(?![^\W\d_]))?")
_BOUND = LazyPattern(rf"(?i)(?<![^\W\d_])(?:over|more{_B}than|above|upwards{_B}of|north{_B}of|in{_B}excess{_B}of"
                     rf"|at{_B}least){_B}\Z")


def _value(m: re.Match[str]) -> tuple[str, Decimal] | None:
    """The figure's currency and value, or None where its digits are no number."""
    try:
        number = Decimal(m["number"].replace(",", ""))
    except InvalidOperation:
        return None
    return m["sign"] or "", number.scaleb(_SCALES[(m["scale"] or "").lower()])


def _rounded_down(said: Decimal, known: Decimal) -> bool:
    """Whether ``said`` is ``known`` cut to fewer digits: 1,000 of 1,200, 25M of 25.6M."""
    if not 0 < said < known:
        return False
    unit = Decimal(1).scaleb(said.normalize().as_tuple().exponent)
    return said == (known // unit) * unit


@lru_cache(maxsize=64)
def _figures(grounds: str) -> tuple[tuple[tuple[str, Decimal], str], ...]:
    """The grounds' figures (currency and value) with their spelling: an account's drafts share them."""
    return tuple((v, m.group()) for m in _figures_in(grounds) if (v := _value(m)))


def _figures_in(text: str) -> Iterator[re.Match[str]]:
    """The figures of ``text``, not those inside another token ("B2B", "v1.2")."""
    return (m for m in _FIGURE.finditer(text) if not m.start() or not (text[m.start() - 1].isalnum()
                                                                      or text[m.start() - 1] in "_.,"))


def as_grounds_figures(text: str, grounds: str) -> str:
    """``text`` with each figure a bound rounds down, or written with a scale, replaced by the
    grounds' spelling of it."""
    out, at = [], 0
    for m in _figures_in(text):
        bound = _BOUND.search(text, max(0, m.start() - 20), m.start()) is not None
        # A figure with a scale the grounds spell the same way is theirs already.
        said = _value(m) if bound or (m["scale"] and m.group() not in grounds) else None
        spelling = next((spelling for (sign, value), spelling in _figures(grounds) if said and sign == said[0]
                         and (value == said[1] and m["scale"] or bound and _rounded_down(said[1], value))), None)
        if spelling is not None:
            out += [text[at:m.start()], spelling]
            at = m.end()
    return "".join(out) + text[at:] if out else text
