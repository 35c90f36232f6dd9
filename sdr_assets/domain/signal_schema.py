"""The typed attributes of each signal type: what a feed may send, within plausible bounds.

Every value is checked for its type and range; a row with one bad value is quarantined whole,
never half-used. Keys outside a type's schema are dropped, so nothing unvalidated reaches a
draft. Older feed spellings (``amount_usd``, ``lead_investor``, a leadership ``title``) are
accepted as aliases of the documented names.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_TEXT = 300
MAX_EVIDENCE = 2000
MAX_URL = 2048
# The bounds the raw_signals suite also checks (sdr_assets/quality_suites.py): one definition for both.
MIN_AMOUNT = 1  # amounts are in units of the currency; a feed quoting millions sends 0.5 for $500k
MAX_AMOUNT = 1e12  # larger than any private funding round on record
MIN_SCORE, MAX_SCORE = 0, 100
MAX_OPENINGS = 10_000
MAX_INVESTORS = 50
# C0/C1 controls, line and paragraph separators, and bidirectional overrides that could reorder text.
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CURRENCY = re.compile(r"^[A-Z]{3}$")
# Half of a UTF-16 pair on its own (a JSON "\ud800" escape): no UTF-8 text, so no table, can hold it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class SignalError(ValueError):
    """Why a signal row cannot be used."""


def clean_text(value: Any, name: str, limit: int = MAX_TEXT, multiline: bool = False) -> str:
    """Trimmed NFC text without control characters, at most ``limit`` characters."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise SignalError(f"{name} must be text, got {type(value).__name__}")
    text = unicodedata.normalize("NFC", str(value))
    if multiline:
        text = " ".join(re.split(r"[ \t\r\n]+", text))
    text = text.strip()
    if bad := LONE_SURROGATE.search(text):
        raise SignalError(f"{name} is not valid Unicode: lone surrogate U+{ord(bad.group()):04X}")
    if bad := FORBIDDEN.search(text):
        raise SignalError(f"{name} contains control character U+{ord(bad.group()):04X}")
    if len(text) > limit:
        raise SignalError(f"{name} is longer than {limit} characters ({len(text)})")
    return text


def clean_url(value: Any, name: str) -> str:
    text = clean_text(value, name, MAX_URL)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in text:
        raise SignalError(f"{name} is not an http(s) URL: {text[:80]!r}")
    return text


def number(value: Any, name: str, low: float, high: float) -> float:
    """A finite JSON number within [low, high]; text, booleans, NaN and infinities are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SignalError(f"{name} must be a number, got {type(value).__name__} {str(value)[:40]!r}")
    if not math.isfinite(value):
        raise SignalError(f"{name} is not finite ({value})")
    if not low <= value <= high:
        raise SignalError(f"{name} {value:g} outside {low:g}..{high:g}")
    return value


def _amount(value: Any, name: str) -> float:
    return float(number(value, name, MIN_AMOUNT, MAX_AMOUNT))


def _score(value: Any, name: str) -> float:
    return float(number(value, name, MIN_SCORE, MAX_SCORE))


def _count(value: Any, name: str) -> int:
    count = number(value, name, 1, MAX_OPENINGS)
    if count != int(count):
        raise SignalError(f"{name} must be a whole number")
    return int(count)


def _currency(value: Any, name: str) -> str:
    code = clean_text(value, name).upper()
    if not CURRENCY.match(code):
        raise SignalError(f"{name} must be an ISO 4217 code such as USD, got {code[:20]!r}")
    return code


def _names(value: Any, name: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > MAX_INVESTORS:
        raise SignalError(f"{name} must be a list of at most {MAX_INVESTORS} names")
    return [t for t in (clean_text(item, name) for item in items) if t]


def _change(value: Any, name: str) -> str:
    change = clean_text(value, name).lower()
    if change not in ("added", "removed"):
        raise SignalError(f"{name} must be 'added' or 'removed', got {change[:20]!r}")
    return change


Check = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False
    aliases: tuple[str, ...] = ()


SCHEMAS: dict[str, dict[str, Field]] = {
    "hiring": {"role": Field(clean_text, True), "department": Field(clean_text),
               "seniority": Field(clean_text), "posting_url": Field(clean_url), "openings": Field(_count)},
    "funding": {"round": Field(clean_text, True), "amount": Field(_amount, aliases=("amount_usd",)),
                "currency": Field(_currency), "investors": Field(_names, aliases=("lead_investor",))},
    "tech_adoption": {"technology": Field(clean_text, True), "change": Field(_change)},
    "leadership_change": {"person": Field(clean_text, True), "new_role": Field(clean_text, True, ("title",))},
    "product_launch": {"product": Field(clean_text, True), "url": Field(clean_url)},
    "intent": {"topic": Field(clean_text, True), "score": Field(_score, True), "source": Field(clean_text)},
}


def validate_attributes(signal_type: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """The typed attributes of one signal, or SignalError naming the first bad field."""
    out: dict[str, Any] = {}
    for name, spec in SCHEMAS[signal_type].items():
        key = next((k for k in (name, *spec.aliases) if attributes.get(k) not in (None, "")), None)
        if key is None:
            if spec.required:
                raise SignalError(f"{signal_type} signal needs attribute {name}")
            continue
        out[name] = spec.check(attributes[key], f"attributes.{key}")
    if signal_type == "funding":
        _funding_currency(out, attributes)
    if signal_type == "tech_adoption":
        out.setdefault("change", "added")
    return out


def _funding_currency(out: dict[str, Any], attributes: dict[str, Any]) -> None:
    """``amount_usd`` is in dollars by definition; a bare amount needs its currency."""
    if "amount" not in out:
        return
    if attributes.get("amount") in (None, "") and "currency" not in out:
        out["currency"] = "USD"
    if "currency" not in out:
        raise SignalError("funding amount needs a currency")
    if out["currency"] == "USD":
        out["amount_usd"] = out["amount"]
