"""Who answers a play's escalations: an owner per segment of accounts, else per play.

Routing lives in the play file but outside its version hash: it decides which colleague reads a
reply, never what a prospect receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEGMENT_KEYS = frozenset({"industries", "countries", "employees"})


class RoutingError(ValueError):
    """A ``routing:`` block that cannot be applied, with the reason."""


@dataclass(frozen=True)
class RoutingRule:
    owner: str
    segment: tuple[tuple[str, Any], ...]  # frozen form of a play-style segment mapping

    def matches(self, company: dict[str, Any]) -> bool:
        # Imported here: targeting imports plays, which imports this module.
        from sdr_assets.domain.targeting import segment_matches

        return segment_matches(_thaw(self.segment), company)[0]


@dataclass(frozen=True)
class Routing:
    owner: str | None = None
    rules: tuple[RoutingRule, ...] = field(default=())


def _freeze(segment: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    frozen = []
    for key, value in sorted(segment.items()):
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, dict):
            value = tuple(sorted(value.items()))
        frozen.append((key, value))
    return tuple(frozen)


def _thaw(segment: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    thawed = {}
    for key, value in segment:
        thawed[key] = dict(value) if key == "employees" else list(value)
    return thawed


def parse_routing(doc: Any, source: str = "<play>") -> Routing:
    """``routing: {owner: NAME, segments: [{owner: NAME, industries: [...], countries: [...],
    employees: {min, max}}]}``; every key optional."""
    if doc is None:
        return Routing()
    if not isinstance(doc, dict):
        raise RoutingError(f"{source}: routing must be a mapping with 'owner' and/or 'segments'")
    unknown = set(doc) - {"owner", "segments"}
    if unknown:
        raise RoutingError(f"{source}: routing has unknown keys {sorted(unknown)}; use 'owner' and 'segments'")
    owner = doc.get("owner")
    if owner is not None and not (isinstance(owner, str) and owner.strip()):
        raise RoutingError(f"{source}: routing.owner must be a person's name")
    rules = []
    for number, rule in enumerate(doc.get("segments") or [], start=1):
        if not isinstance(rule, dict) or not str(rule.get("owner") or "").strip():
            raise RoutingError(f"{source}: routing.segments[{number}] needs an owner")
        segment = {k: v for k, v in rule.items() if k != "owner"}
        if not segment or set(segment) - SEGMENT_KEYS:
            raise RoutingError(f"{source}: routing.segments[{number}] matches on {sorted(SEGMENT_KEYS)}")
        for key in ("industries", "countries"):
            if key in segment and not isinstance(segment[key], list):
                raise RoutingError(f"{source}: routing.segments[{number}].{key} must be a list")
        if "employees" in segment and not isinstance(segment["employees"], dict):
            raise RoutingError(f"{source}: routing.segments[{number}].employees must be {{min, max}}")
        rules.append(RoutingRule(owner=str(rule["owner"]).strip(), segment=_freeze(segment)))
    return Routing(owner=owner.strip() if owner else None, rules=tuple(rules))


def route(play_owner: str, routing: Routing, company: dict[str, Any]) -> str:
    """The first segment rule the account matches, else the routing owner, else the play's owner."""
    for rule in routing.rules:
        if rule.matches(company):
            return rule.owner
    return routing.owner or play_owner
