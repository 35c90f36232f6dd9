"""Which signals count for a play, which accounts fit its segment, whom to contact, and why now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sdr_assets.domain.addresses import is_valid_address
from sdr_assets.domain.countries import country_code
from sdr_assets.domain.facts import signal_amount, signal_attributes, signal_score
from sdr_assets.domain.plays import Play

SENIORITY_RANK = {"c_level": 5, "vp": 4, "director": 3, "manager": 2, "ic": 1}


@lru_cache(maxsize=256)
def _words(needles: tuple[str, ...]) -> re.Pattern[str]:
    """A play's titles or keywords as whole words of a text, or their plurals: "CTO" is in "CTO & Co-founder", not
    in "Director"; "data pipeline" is in "data pipelines", "SDR" in "hiring 5 SDRs"."""
    return re.compile("|".join(rf"(?<![^\W_]){re.escape(n.lower())}(?:e?s)?(?![^\W_])" for n in needles if n.strip())
                      or r"(?!)")


def _has_words(text: str, words: list[str]) -> bool:
    return _words(tuple(words)).search(text.lower()) is not None


def _one_of(value: Any, names: list[str]) -> bool:
    """Whether a provider's value is one of a play's names in any case ("sales" is "Sales")."""
    return _folded(value) in {n.strip().lower() for n in names}


def _folded(value: Any) -> str:
    return str(value or "").strip().lower()


@lru_cache(maxsize=64)
def _oldest(now: datetime, max_age_days: int) -> datetime:
    """The oldest a signal may be observed to match a trigger with this age limit."""
    return now - timedelta(days=max_age_days)


def attributes(signal: dict[str, Any]) -> dict[str, Any]:
    """A signal's type-specific attributes, whether stored as JSON text or already parsed."""
    return signal_attributes(signal)


def trigger_matches(trigger: dict[str, Any], signal: dict[str, Any], now: datetime) -> bool:
    """A person-defined trigger: signal type, freshness and type-specific conditions."""
    if trigger["signal_type"] != signal["signal_type"]:
        return False
    max_age = trigger.get("max_age_days")
    if max_age is not None and signal["observed_at"] < _oldest(now, int(max_age)):
        return False
    attrs = attributes(signal)
    if signal["signal_type"] == "tech_adoption" and attrs.get("change") == "removed":
        return False  # a technology dropped is no adoption: "your team is adopting" it would be false
    match = trigger.get("match") or {}
    if "keywords" in match:
        text = " ".join([signal.get("detail", ""), *(str(v) for v in attrs.values())])
        if not _has_words(text, match["keywords"]):
            return False
    if "technologies" in match and str(attrs.get("technology", "")).lower() not in {
        t.lower() for t in match["technologies"]
    }:
        return False
    if "rounds" in match and str(attrs.get("round", "")).lower() not in {r.lower() for r in match["rounds"]}:
        return False
    if "min_amount_usd" in match and (signal_amount(attrs) or 0) < float(match["min_amount_usd"]):
        return False
    if "min_score" in match and (signal_score(attrs) or 0) < float(match["min_score"]):
        return False
    return True


def matching_trigger(play: Play, signal: dict[str, Any], now: datetime) -> dict[str, Any] | None:
    return next((t for t in play.triggers if trigger_matches(t, signal, now)), None)


def segment_matches(segment: dict[str, Any], company: dict[str, Any]) -> tuple[bool, str]:
    """Firmographic filter; the reason names the first rule that failed."""
    if segment.get("industries") and not _one_of(company.get("industry"), segment["industries"]):
        return False, f"industry {company.get('industry')} not in segment"
    if segment.get("countries"):
        # A provider may write the country by its name or in lower case ("United States", "de").
        wanted = {country_code(c) or c for c in segment["countries"]}
        country = company.get("country")
        if (country_code(country) or country) not in wanted:
            return False, f"country {country} not in segment"
    bounds = segment.get("employees") or {}
    employees = company.get("employees")
    if bounds and employees is None:
        return False, f"employees unknown, segment {bounds}"
    employees = employees or 0
    if employees < int(bounds.get("min", 0)) or employees > int(bounds.get("max", 10**9)):
        return False, f"{employees} employees outside {bounds}"
    return True, "in segment"


def persona_matches(persona: dict[str, Any], contact: dict[str, Any]) -> list[str]:
    """What of a contact a persona matches: "title", "department", then "seniority" (only beside one of those)."""
    matched = []
    if persona.get("titles") and _has_words(contact.get("title") or "", persona["titles"]):
        matched.append("title")
    if persona.get("departments") and _one_of(contact.get("department"), persona["departments"]):
        matched.append("department")
    if matched and persona.get("seniorities") and _one_of(contact.get("seniority"), persona["seniorities"]):
        matched.append("seniority")
    return matched


def persona_score(persona: dict[str, Any], contact: dict[str, Any]) -> int:
    """10 for a title match, 4 for the department; seniority only adds to one of those."""
    matched = persona_matches(persona, contact)
    return ((10 if "title" in matched else 0) + (4 if "department" in matched else 0)
            + (2 + SENIORITY_RANK.get(_folded(contact.get("seniority")), 0) if "seniority" in matched else 0))


def choose_contact(play: Play, contacts: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """Best persona match with a valid address; ties go to seniority, then contact_id. The reason says
    what of the chosen contact matched, and among how many contacts."""
    if not contacts:
        return None, "no provider lists a contact at this company"
    scored = []
    for contact in contacts:
        score = max((persona_score(p, contact) for p in play.personas), default=0)
        if score >= 6:
            scored.append((score, SENIORITY_RANK.get(_folded(contact.get("seniority")), 0), contact))
    if not scored:
        return None, f"no contact of {len(contacts)} matches the play's personas"
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]["contact_id"]))
    for score, _, contact in scored:
        if is_valid_address(contact.get("email") or ""):
            matched = max((persona_matches(p, contact) for p in play.personas if persona_score(p, contact) == score),
                          key=len)
            return contact, (f"persona match: {contact.get('title')} ({', '.join(matched)}; score {score}, "
                             f"the best of {len(contacts)} contacts)")
    return None, "matching contacts have no valid email address"


def age_in_days(observed_at: datetime, now: datetime) -> int:
    """A signal's age in whole calendar days (UTC): the same all day, one more the next day."""
    return (now.astimezone(UTC).date() - observed_at.astimezone(UTC).date()).days


def fit_score(play: Play, signal: dict[str, Any], contact: dict[str, Any], age_days: float) -> float:
    """0..1: how closely the message will match the moment (persona, freshness, signal strength)."""
    persona = max((persona_score(p, contact) for p in play.personas), default=0) / 21
    # A signal dated in the future is no fresher than one observed now.
    freshness = min(1.0, max(0.0, 1 - age_days / 30))
    attrs = attributes(signal)
    score = signal_score(attrs)
    strength = (70 if score is None else score) / 100 if signal["signal_type"] == "intent" else 0.8
    return round(0.45 * min(persona, 1.0) + 0.35 * freshness + 0.2 * strength, 3)
