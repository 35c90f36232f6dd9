"""Researched facts as typed records with ids and sources: the only things a draft may state.

Contact and company facts come from the enrichment record; signal attributes live in their own
namespace (``signal.*``) and can never replace them, so a feed row carrying ``first_name`` or
``company_name`` changes nothing a prospect reads. Every value is validated for its kind: amounts,
counts and scores are finite and within plausible bounds, text is short, single-line and free of
links and template braces. A value that fails is left out, with the reason.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sdr_assets.domain.countries import country_words
from sdr_assets.domain.lazy_patterns import LazyPattern

MAX_TEXT = 120
MAX_AMOUNT_USD = 1e11
MIN_AMOUNT_USD = 1e4
_LINKISH = LazyPattern(r"://|\bwww\.|@|\{|\}|<|>", re.IGNORECASE)
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ASCII_CONTROL = LazyPattern(r"[\x00-\x1f\x7f]")
_NOT_SLUG = LazyPattern(r"[^a-z0-9]+")
_ATTRIBUTE_NAME = LazyPattern(r"[a-z][a-z0-9_]{0,40}")

# Template field names that researched facts own. A signal attribute of the same name is kept
# only as ``signal_<name>``.
RESEARCHED_FIELDS = frozenset({
    "first_name", "last_name", "title", "company_name", "industry", "employees", "country",
    "sender_name", "why_now", "angle",
})

# Known signal attributes and their kinds; others are kept as short text.
SIGNAL_ATTRIBUTE_KINDS = {
    "role": "role", "department": "text", "openings": "count", "round": "round",
    "amount_usd": "amount", "lead_investor": "name", "technology": "technology", "title": "role",
    "product": "text", "topic": "text", "score": "score", "person": "name", "new_role": "role",
    "investors": "name",
}
_ROUND = LazyPattern(r"^(pre-seed|seed|series [a-k]|growth|bridge|ipo|debt)$", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    id: str
    field: str
    value: str
    kind: str
    source: str
    usable: bool = True  # False: evidence the research may read, never text for a prospect


class FactError(ValueError):
    """A value that cannot be a fact, with the reason."""


def clean_text(value: Any, limit: int = MAX_TEXT) -> str:
    """Single-line, NFC, bounded text without links or template braces; raises FactError."""
    if value is None or isinstance(value, bool | dict | list):
        raise FactError(f"not text: {type(value).__name__}")
    text = unicodedata.normalize("NFC", str(value))
    # In ASCII only the C0 controls and DEL are of those categories: one search instead of a lookup a character.
    if (_ASCII_CONTROL.search(text) is not None if text.isascii()
            else any(unicodedata.category(ch) in _UNPRINTABLE for ch in text)):
        raise FactError("contains control or line-separator characters")
    text = " ".join(text.split())
    if not text:
        raise FactError("empty")
    if len(text) > limit:
        raise FactError(f"longer than {limit} characters")
    if _LINKISH.search(text):
        raise FactError("contains a link, an address or template braces")
    return text


def finite_number(value: Any, low: float, high: float) -> float:
    if isinstance(value, bool):
        raise FactError("a boolean is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FactError(f"not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise FactError("not a finite number")
    if not low <= number <= high:
        raise FactError(f"{number:g} outside {low:g}..{high:g}")
    return number


def typed_value(kind: str, value: Any) -> str:
    """The display form of a signal attribute of ``kind``; raises FactError when implausible."""
    if kind == "amount":
        return _usd(finite_number(value, MIN_AMOUNT_USD, MAX_AMOUNT_USD))
    if kind == "count":
        number = finite_number(value, 1, 100_000)
        if number != int(number):
            raise FactError("not a whole number")
        return f"{int(number):,}"
    if kind == "score":
        return f"{finite_number(value, 0, 100):g}"
    if kind == "round":
        text = clean_text(value, 30)
        if not _ROUND.match(text):
            raise FactError(f"unknown funding round {text!r}")
        return text
    if kind == "contact_name":
        return _contact_name(clean_text(value, 80))
    return clean_text(value, 80 if kind in {"role", "technology", "name"} else MAX_TEXT)


# What a contacts file writes where it has no name: never greeted as one ("Hi N/A,").
_NO_NAME = frozenset((
    "n/a", "na", "n.a.", "null", "none", "nil", "unknown", "unk", "tbd", "tba", "test", "x", "xx", "xxx",
    "first", "last", "firstname", "lastname", "first name", "last name", "name", "anonymous", "undefined",
    "not available", "not provided", "no name",
))


def _contact_name(text: str) -> str:
    """A contact's first or last name as a greeting may say it: none for a file's stand-in, and one
    written in capitals ("DANA") as a name is written."""
    if text.casefold() in _NO_NAME or not any(c.isalpha() for c in text):
        raise FactError(f"not a name: {text!r}")
    return text.title() if text.isupper() and sum(c.isalpha() for c in text) > 1 else text


def _usd(amount: float) -> str:
    """$25.6M, $400K, $1.25B: the amount as reported, in its largest unit, to a hundredth of it at most."""
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if amount >= size:
            return f"${amount / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"${amount:,.0f}"


def signal_amount(attrs: dict[str, Any]) -> float | None:
    """A funding amount usable in a comparison, or None when absent or implausible (NaN, inf, 1e400)."""
    try:
        return finite_number(attrs.get("amount_usd"), 0, MAX_AMOUNT_USD)
    except FactError:
        return None


def signal_score(attrs: dict[str, Any]) -> float | None:
    try:
        return finite_number(attrs.get("score"), 0, 100)
    except FactError:
        return None


_TYPED = frozenset(("amount", "count", "score", "round", "contact_name"))  # read by typed_value, not as plain text


def _fact(facts: list[Fact], rejected: list[str], fid: str, field: str, kind: str, source: str,
          value: Any, usable: bool = True) -> None:
    try:
        text = typed_value(kind, value) if kind in _TYPED else clean_text(value)
    except FactError as exc:
        rejected.append(f"{fid}: {exc}")
        return
    facts.append(Fact(fid, field, text, "name" if kind == "contact_name" else kind, source, usable))


WHY_NOW = {
    "hiring": ("you're hiring a {role}", ["role"]),
    "funding": ("you just raised a {round}", ["round"]),
    "tech_adoption": ("your team is adopting {technology}", ["technology"]),
    "leadership_change": ("a new {new_role} just joined", ["new_role"]),
    "product_launch": ("you just launched {product}", ["product"]),
    "intent": ("your team has been researching {topic}", ["topic"]),
}
# "Just" is news only while the signal is: past this many days a why-now says what happened, not when.
JUST_DAYS = 14
NOT_JUST = {"funding": "you raised a {round}", "leadership_change": "a new {new_role} joined",
            "product_launch": "you launched {product}"}
# The evidence (never text for a prospect) that says whether the signal is news: a draft may call it
# news ("recently", "just closed") only when it is (``recency.py``).
NEWS = "research.news"
# The id of the researched "why now" a draft cites, derived from the signal's facts.
WHY_NOW_FACT = "research.why_now"


def says_just(signal_type: str, why_now: str) -> bool:
    """Whether ``why_now`` is the form that calls its signal news ("you just raised a Series B"), true
    only while the signal is at most :data:`JUST_DAYS` old."""
    if signal_type not in NOT_JUST:
        return False
    parts = re.split(r"\{\w+\}", WHY_NOW[signal_type][0])
    return re.fullmatch("(.+)".join(re.escape(part) for part in parts), why_now) is not None


def build_facts(signal: dict[str, Any], company: dict[str, Any], contact: dict[str, Any],
                enrichment_source: str = "enrichment", age_days: float | None = None) -> tuple[list[Fact], list[str]]:
    """Every fact a draft may use for one account, and the reasons values were left out. The why-now
    says "just" only of a signal at most :data:`JUST_DAYS` old (``age_days``; None where unknown), and
    the evidence :data:`NEWS` says which it is where the age is known."""
    facts: list[Fact] = []
    rejected: list[str] = []
    contact_src = f"contact record ({enrichment_source})"
    company_src = f"firmographics ({enrichment_source})"
    _fact(facts, rejected, "contact.first_name", "first_name", "contact_name", contact_src, contact.get("first_name"))
    _fact(facts, rejected, "contact.last_name", "last_name", "contact_name", contact_src, contact.get("last_name"))
    _fact(facts, rejected, "contact.title", "title", "role", contact_src, contact.get("title"))
    _fact(facts, rejected, "company.name", "company_name", "name", company_src, company.get("name"))
    _fact(facts, rejected, "company.industry", "industry", "text", company_src, company.get("industry"))
    _fact(facts, rejected, "company.employees", "employees", "count", company_src, company.get("employees"))
    _fact(facts, rejected, "company.country", "country", "text", company_src, company.get("country"))
    for tech in [t for t in str(company.get("tech_stack") or "").split(",") if t.strip()][:12]:
        slug = _NOT_SLUG.sub("_", tech.strip().lower()).strip("_")
        _fact(facts, rejected, f"company.tech.{slug}", f"tech_{slug}", "technology", company_src, tech)
    facts += _signal_facts(signal, rejected)
    return [*facts, *_why_now(facts, str(signal.get("signal_type")), age_days)], rejected


def _signal_facts(signal: dict[str, Any], rejected: list[str]) -> list[Fact]:
    """The facts of a signal's row (``signal.*``); the reasons values were left out go into ``rejected``."""
    facts: list[Fact] = []
    signal_src = f"signal {signal.get('signal_id', '')} ({signal.get('source') or 'feed'})"
    _fact(facts, rejected, "signal.type", "signal_type", "text", signal_src, signal.get("signal_type"), usable=False)
    if str(signal.get("detail") or "").strip():
        try:
            detail = " ".join(str(signal["detail"]).split())[:400]
            facts.append(Fact("signal.detail", "signal_detail", detail, "evidence", signal_src, usable=False))
        except (TypeError, ValueError):
            rejected.append("signal.detail: unreadable")
    attrs = signal_attributes(signal)
    for key in sorted(attrs):
        if not _ATTRIBUTE_NAME.fullmatch(str(key)):
            rejected.append(f"signal attribute {str(key)[:40]!r}: not a valid name")
            continue
        kind = SIGNAL_ATTRIBUTE_KINDS.get(key, "text")
        field = "amount" if key == "amount_usd" else key
        if field in RESEARCHED_FIELDS:
            field = f"signal_{field}"
        value = attrs[key]
        # Only dollar amounts are stated ("$12M"); a reported amount in another currency is not.
        if value in (None, "", []) or key == "amount":
            continue
        if isinstance(value, list) and key == "investors":
            value = ", ".join(str(v) for v in value)
        _fact(facts, rejected, f"signal.{key}", field, kind, signal_src, value)
    return facts


def _why_now(facts: list[Fact], kind: str, age_days: float | None) -> list[Fact]:
    """The why-now derived from the signal's facts and the evidence whether it is news, at ``age_days``."""
    by_field = {f.field: f for f in facts if f.id.startswith("signal.")}
    template, needs = WHY_NOW.get(kind, ("", ["-"]))
    news = None if age_days is None else age_days <= JUST_DAYS
    if news is False:
        template = NOT_JUST.get(kind, template)
    derived = []
    removed = kind == "tech_adoption" and getattr(by_field.get("change"), "value", "") == "removed"
    if all(n in by_field for n in needs) and not removed:  # a technology dropped is no adoption
        text = template.format(**{n: by_field[n].value for n in needs})
        ids = ",".join(by_field[n].id for n in needs)
        derived.append(Fact(WHY_NOW_FACT, "why_now", text, "derived", f"derived from {ids}"))
    if news is not None:
        derived.append(Fact(NEWS, "signal_is_news", "yes" if news else "no", "flag", "derived from the signal's date",
                            usable=False))
    return derived


def aged_facts(facts: list[Fact], kind: str, age_days: float | None,
               signal: dict[str, Any] | None = None) -> list[Fact]:
    """Stored research's facts with the why-now worded for a signal ``age_days`` old, as research would
    word it that day; as stored where the age is unknown. With ``signal``, the signal's row as it
    reads now, its facts are taken from that row: a correction of the row is what a follow-up states."""
    if signal is not None:
        kept = [f for f in facts if not f.id.startswith("signal.") and f.id not in (WHY_NOW_FACT, NEWS)]
        current = [*kept, *_signal_facts(signal, [])]
        return [*current, *_why_now(current, kind, age_days)]
    if age_days is None:
        return facts
    return [*(f for f in facts if f.id not in (WHY_NOW_FACT, NEWS)), *_why_now(facts, kind, age_days)]


def signal_is_news(facts: tuple[Fact, ...] | list[Fact]) -> bool | None:
    """Whether research found the signal news (at most :data:`JUST_DAYS` old); None where it did not know
    the signal's age."""
    return next((f.value == "yes" for f in facts if f.id == NEWS), None)


def signal_attributes(signal: dict[str, Any]) -> dict[str, Any]:
    attrs = signal.get("attributes") or {}
    if isinstance(attrs, str):
        try:
            attrs = json.loads(attrs)
        except (ValueError, RecursionError):
            return {}
    return attrs if isinstance(attrs, dict) else {}


# What a count counts, stated beside it in the grounds: a headcount of 240 grounds "240 people",
# never "240 openings" (the verifier compares the noun a number counts).
COUNTED = {"employees": "employees", "openings": "openings"}


def grounds_lines(facts: list[Fact] | tuple[Fact, ...]) -> list[str]:
    """The usable facts as a draft's grounds state them: each value, a count with its noun, the country
    with its name and adjectives ("DE", then "Germany" and "German")."""
    lines = []
    for f in facts:
        if f.usable:
            lines.append(f"{f.value} {COUNTED[f.field]}" if f.kind == "count" and f.field in COUNTED else f.value)
            lines += country_words(f.value) if f.field == "country" else []
    return lines


def template_values(facts: list[Fact]) -> dict[str, str]:
    """Field → value for every fact a template may print."""
    return {f.field: f.value for f in facts if f.usable}


def facts_to_json(facts: list[Fact]) -> str:
    # A fact's fields are text and a flag: its own __dict__ is what asdict's deep copy would give.
    return json.dumps([vars(f) for f in facts], ensure_ascii=False, sort_keys=True)


def facts_from_json(text: str) -> list[Fact]:
    return [Fact(**record) for record in json.loads(text or "[]")]
