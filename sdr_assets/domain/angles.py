"""The account's angle: why this account, why now, resting on cited facts only."""

from __future__ import annotations

from dataclasses import dataclass

from sdr_assets.domain.facts import Fact, grounds_lines
from sdr_assets.domain.full_stops import with_full_stop
from sdr_assets.domain.verifier import Bounds, grounding_reasons, structural_reasons

MAX_ANGLE_WORDS = 60


@dataclass(frozen=True)
class Angle:
    text: str
    fact_ids: tuple[str, ...]
    written_by: str
    rejected: str = ""  # why a model's angle was not used


def offline_angle(facts: list[Fact]) -> Angle:
    """Deterministic: the company in one clause, then the signal's why-now."""
    by_id = {f.id: f for f in facts if f.usable}
    parts, cited = [], []
    if "company.name" in by_id:
        detail = ", ".join(by_id[i].value + (" employees" if i == "company.employees" else "")
                           for i in ("company.industry", "company.employees") if i in by_id)
        parts.append(by_id["company.name"].value + (f" ({detail})" if detail else ""))
        cited += [i for i in ("company.name", "company.industry", "company.employees") if i in by_id]
    if "research.why_now" in by_id:
        parts.append(by_id["research.why_now"].value)
        cited.append("research.why_now")
    return Angle(with_full_stop(": ".join(parts)) if parts else "", tuple(cited), "offline")


def angle_reasons(text: str, fact_ids: list[str], facts: list[Fact]) -> list[str]:
    """Why a proposed angle cannot be used: a missing fact, nothing cited, or a claim no cited fact supports."""
    by_id = {f.id: f for f in facts}
    reasons = [f"cites a fact that does not exist: {fid}" for fid in fact_ids if fid not in by_id]
    cited = [by_id[fid] for fid in fact_ids if fid in by_id]
    if not cited:
        reasons.append("cites no fact")
    grounds = "\n".join(grounds_lines(cited))
    reasons += structural_reasons("angle", text, first_touch=False, bounds=Bounds(min_words=3, max_words=MAX_ANGLE_WORDS),
                                  grounds=grounds)
    reasons += grounding_reasons(text, grounds)
    return list(dict.fromkeys(reasons))
