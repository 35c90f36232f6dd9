"""Plays: the patterns a person approves once and the machine then runs at volume.

A play is a YAML file. Its *version hash* covers every field that changes what a prospect
receives or who receives it; cosmetic edits (comments, key order, owner, description) keep it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sdr_assets.domain.routing import Routing, RoutingError, parse_routing
from sdr_assets.domain.writer import writer_identity

SIGNAL_TYPES = frozenset(
    {"hiring", "funding", "tech_adoption", "leadership_change", "product_launch", "intent"}
)
CHANNELS = frozenset({"email", "linkedin"})
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,62}$")

# Fields whose content reaches the prospect or decides who is contacted. Routing (who answers
# the replies) stays outside: it changes nothing a prospect receives.
VERSIONED_FIELDS = ("triggers", "segment", "personas", "research", "variants", "sequence", "sender")


class PlayError(ValueError):
    """A play file that cannot be run, with the reason."""


@dataclass(frozen=True)
class Play:
    name: str
    owner: str
    description: str
    paused: bool
    triggers: list[dict[str, Any]]
    segment: dict[str, Any]
    personas: list[dict[str, Any]]
    research: dict[str, Any]
    variants: list[dict[str, Any]]
    sequence: list[dict[str, Any]]
    sender: dict[str, Any]
    daily_cap: int
    review_sample_size: int = 5
    source: str = ""
    writer: dict[str, str] = field(default_factory=dict)
    routing: Routing = field(default_factory=Routing)
    version_hash: str = field(default="", compare=False)

    def versioned_content(self) -> dict[str, Any]:
        # What writes the text (model, endpoint, prompt version) is approved with the play.
        return {**{key: getattr(self, key) for key in VERSIONED_FIELDS}, "writer": self.writer}

    def trigger_types(self) -> set[str]:
        return {t["signal_type"] for t in self.triggers}


def version_hash(content: dict[str, Any]) -> str:
    """Stable 16-hex hash of canonical JSON, independent of key order and YAML comments."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _require(doc: dict[str, Any], key: str, kind: type, source: str) -> Any:
    if key not in doc:
        raise PlayError(f"{source}: missing required field '{key}'")
    value = doc[key]
    if not isinstance(value, kind):
        raise PlayError(f"{source}: field '{key}' must be {kind.__name__}")
    return value


def parse_play(doc: Any, source: str = "<play>", writer: dict[str, str] | None = None) -> Play:
    if not isinstance(doc, dict):
        raise PlayError(f"{source}: a play must be a mapping")
    name = _require(doc, "name", str, source)
    if not NAME_PATTERN.match(name):
        raise PlayError(f"{source}: name '{name}' must be lowercase letters, digits, '-' or '_'")
    triggers = _require(doc, "triggers", list, source)
    for trigger in triggers:
        if not isinstance(trigger, dict) or trigger.get("signal_type") not in SIGNAL_TYPES:
            raise PlayError(f"{source}: each trigger needs a signal_type in {sorted(SIGNAL_TYPES)}")
    variants = _require(doc, "variants", list, source)
    if not variants:
        raise PlayError(f"{source}: at least one message variant is required")
    for variant in variants:
        if not {"id", "subject", "body"} <= set(variant or {}):
            raise PlayError(f"{source}: each variant needs id, subject and body")
    sequence = _require(doc, "sequence", list, source)
    if not sequence or sequence[0].get("channel") != "email":
        raise PlayError(f"{source}: the sequence must start with an email step")
    for step in sequence:
        if step.get("channel") not in CHANNELS:
            raise PlayError(f"{source}: step channel must be one of {sorted(CHANNELS)}")
        if int(step.get("delay_days", 0)) < 0:
            raise PlayError(f"{source}: step delay_days cannot be negative")
    sender = _require(doc, "sender", dict, source)
    if "@" not in str(sender.get("email", "")):
        raise PlayError(f"{source}: sender.email is required")
    daily_cap = int(doc.get("daily_cap", 50))
    if daily_cap < 0:
        raise PlayError(f"{source}: daily_cap cannot be negative")
    sample_size = int(doc.get("review_sample_size", 5))
    if sample_size < 1:
        raise PlayError(f"{source}: review_sample_size must be at least 1")
    play = Play(
        name=name,
        owner=str(_require(doc, "owner", str, source)),
        description=str(doc.get("description", "")).strip(),
        paused=bool(doc.get("paused", False)),
        triggers=triggers,
        segment=dict(doc.get("segment") or {}),
        personas=list(doc.get("personas") or []),
        research=dict(doc.get("research") or {}),
        variants=variants,
        sequence=sequence,
        sender=sender,
        daily_cap=daily_cap,
        review_sample_size=sample_size,
        source=source,
        writer=dict(writer if writer is not None else writer_identity(os.environ)),
        routing=_routing(doc, source),
    )
    return Play(**{**play.__dict__, "version_hash": version_hash(play.versioned_content())})


def _routing(doc: dict[str, Any], source: str) -> Routing:
    try:
        return parse_routing(doc.get("routing"), source)
    except RoutingError as exc:
        raise PlayError(str(exc)) from None


def load_play(path: Path, writer: dict[str, str] | None = None) -> Play:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PlayError(f"{path.name}: invalid YAML: {exc}") from exc
    return parse_play(doc, source=path.name, writer=writer)


@dataclass(frozen=True)
class PlayBookLoad:
    plays: dict[str, Play]
    errors: dict[str, str]


def load_plays(directory: Path, writer: dict[str, str] | None = None) -> PlayBookLoad:
    """Load every ``*.yaml``/``*.yml`` play; a broken file is reported, never fatal to the rest."""
    plays: dict[str, Play] = {}
    errors: dict[str, str] = {}
    if not directory.exists():
        return PlayBookLoad(plays, errors)
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            play = load_play(path, writer)
        except PlayError as exc:
            errors[path.name] = str(exc)
            continue
        if play.name in plays:
            errors[path.name] = f"{path.name}: duplicate play name '{play.name}'"
            continue
        plays[play.name] = play
    return PlayBookLoad(plays, errors)
