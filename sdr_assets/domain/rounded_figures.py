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

from decimal import Decimal, InvalidOperation

from sdr_assets.domain.lazy_patterns import LazyPattern

_B = r"[ \t]+"
_SCALES = {"": 0, "k": 3, "thousand": 3, "m": 6, "million": 6, "bn": 9, "b": 9, "billion": 9}
_FIGURE = (r"(?P<sign>[$€£¥])?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
           r"(?:[ \t]?(?P<scale>k|thousand|m|million|bn|b|billion)(?![^\W\d_]))?")
_SAID = LazyPattern(rf"(?i)(?<![^\W\d_])(?P<bound>(?:over|more{_B}than|above|upwards{_B}of|north{_B}of"
                    rf"|in{_B}excess{_B}of|at{_B}least){_B})?(?<![\w.,]){_FIGURE}")
_KNOWN = LazyPattern(rf"(?i)(?<![\w.,]){_FIGURE}")


def _value(m) -> tuple[str, Decimal] | None:
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


def as_grounds_figures(text: str, grounds: str) -> str:
    """``text`` with each figure a bound rounds down, or written with a scale, replaced by the
    grounds' spelling of it."""
    if not any(c.isdigit() for c in text):
        return text
    known = [(v, m.group()) for m in _KNOWN.finditer(grounds) if (v := _value(m))]
    if not known:
        return text

    def restated(m) -> str:
        said = _value(m)
        if said is None or not (m["bound"] or m["scale"]):
            return m.group()
        for (sign, value), spelling in known:
            if sign == said[0] and (value == said[1] and m["scale"] or m["bound"] and _rounded_down(said[1], value)):
                return (m["bound"] or "") + spelling
        return m.group()

    return _SAID.sub(restated, text)
