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
FIELD_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_KIND_NAMES = {str: "text", list: "a list", dict: "a mapping"}

# Fields whose content reaches the prospect or decides who is contacted. Routing (who answers
# the replies) stays outside: it changes nothing a prospect receives.
VERSIONED_FIELDS = ("triggers", "segment", "personas", "research", "variants", "sequence", "sender")


class PlayError(ValueError):
    """A play file that cannot be run: the file, the field at fault and the reason."""

    def __init__(self, source: str, reason: str, field: str = ""):
        self.source, self.field, self.reason = source, field, reason
        where = f"field '{field}': " if field else ""
        super().__init__(f"{source}: {where}{reason}")


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


def template_problem(template: str) -> str | None:
    """Why a template cannot be filled from facts, or None: only plain ``{fact_name}`` fields."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:  # an unbalanced '{' or '}'
        return f"{exc} (write '{{{{' or '}}}}' for a literal brace)"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not FIELD_PATTERN.match(name):
            return f"'{{{name}}}' is not a fact name: use {{first_name}}, {{company_name}} ..."
        if spec or conversion:
            return f"'{{{name}}}' carries a format; facts are filled in as written"
    return None


def _require(doc: dict[str, Any], key: str, kind: type, source: str) -> Any:
    if key not in doc:
        raise PlayError(source, f"missing required field '{key}'", key)
    value = doc[key]
    if not isinstance(value, kind):
        raise PlayError(source, f"must be {_KIND_NAMES.get(kind, kind.__name__)}", key)
    return value


def _whole_number(value: Any, source: str, key: str, default: int, minimum: int) -> int:
    value = default if value is None else value
    short = key.rpartition(".")[2]
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlayError(source, f"{short} must be a whole number, not {value!r}", key)
    if value < minimum:
        raise PlayError(source, f"{short} cannot be negative" if minimum == 0 else f"{short} must be at least {minimum}",
                        key)
    return value


def _check_templates(item: dict[str, Any], keys: tuple[str, ...], source: str, where: str) -> None:
    for key in keys:
        if key not in item:
            continue
        if not isinstance(item[key], str):
            raise PlayError(source, "a template must be text", f"{where}.{key}")
        problem = template_problem(item[key])
        if problem:
            raise PlayError(source, f"bad template: {problem}", f"{where}.{key}")


def parse_play(doc: Any, source: str = "<play>", writer: dict[str, str] | None = None) -> Play:
    if not isinstance(doc, dict):
        raise PlayError(source, "a play must be a mapping")
    name = _require(doc, "name", str, source)
    if not NAME_PATTERN.match(name):
        raise PlayError(source, f"name '{name}' must be lowercase letters, digits, '-' or '_'", "name")
    triggers = _require(doc, "triggers", list, source)
    for i, trigger in enumerate(triggers):
        if not isinstance(trigger, dict) or trigger.get("signal_type") not in SIGNAL_TYPES:
            raise PlayError(source, f"each trigger needs a signal_type in {sorted(SIGNAL_TYPES)}", f"triggers[{i}]")
    variants = _require(doc, "variants", list, source)
    if not variants:
        raise PlayError(source, "at least one message variant is required", "variants")
    for i, variant in enumerate(variants):
        if not isinstance(variant, dict) or not {"id", "subject", "body"} <= set(variant):
            raise PlayError(source, "each variant needs id, subject and body", f"variants[{i}]")
        _check_templates(variant, ("subject", "body"), source, f"variants[{i}]")
    sequence = _require(doc, "sequence", list, source)
    for i, step in enumerate(sequence):
        where = f"sequence[{i}]"
        if not isinstance(step, dict):
            raise PlayError(source, f"each step must be a mapping, not {step!r}", where)
        if step.get("channel") not in CHANNELS:
            raise PlayError(source, f"step channel must be one of {sorted(CHANNELS)}", f"{where}.channel")
        _whole_number(step.get("delay_days"), source, f"{where}.delay_days", 0, 0)
        _check_templates(step, ("subject", "body", "note"), source, where)
    if not sequence or sequence[0].get("channel") != "email":
        raise PlayError(source, "the sequence must start with an email step", "sequence")
    sender = _require(doc, "sender", dict, source)
    if "@" not in str(sender.get("email", "")):
        raise PlayError(source, "sender.email is required", "sender.email")
    for key in ("name", "email"):
        if _LINE_BREAK.search(str(sender.get(key, ""))):
            raise PlayError(source, "a line break cannot go into a mail header", f"sender.{key}")
    daily_cap = _whole_number(doc.get("daily_cap"), source, "daily_cap", 50, 0)
    sample_size = _whole_number(doc.get("review_sample_size"), source, "review_sample_size", 5, 1)
    for key, kind in (("segment", dict), ("personas", list), ("research", dict)):
        if doc.get(key) is not None and not isinstance(doc[key], kind):
            raise PlayError(source, f"must be {_KIND_NAMES[kind]}", key)
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
        raise PlayError(source, str(exc).removeprefix(f"{source}: "), "routing") from None


def load_play(path: Path, writer: dict[str, str] | None = None) -> Play:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlayError(path.name, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise PlayError(path.name, f"cannot be read: {exc.strerror}") from None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlayError(path.name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise PlayError(path.name, "invalid YAML: nested too deeply") from None
    return parse_play(doc, source=path.name, writer=writer)


def declared_name(path: Path) -> str | None:
    """The ``name:`` a play file declares, read leniently, so an invalid file still shows as its play."""
    try:
        match = re.search(r"^name:\s*['\"]?([a-z0-9][a-z0-9_-]{1,62})", path.read_text("utf-8", "replace"), re.M)
    except OSError:
        return None
    return match.group(1) if match else None


@dataclass(frozen=True)
class PlayBookLoad:
    plays: dict[str, Play]
    errors: dict[str, str]
    problems: dict[str, PlayError] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)  # invalid file -> the play name it declares

    def problem_of(self, name: str) -> PlayError | None:
        """Why the play called ``name`` could not be loaded, when one of the invalid files declares it."""
        return next((exc for f, exc in self.problems.items()
                     if self.declared.get(f) == name or Path(f).stem == name), None)


def load_plays(directory: Path, writer: dict[str, str] | None = None) -> PlayBookLoad:
    """Load every ``*.yaml``/``*.yml`` play; a broken file is reported, never fatal to the rest."""
    plays: dict[str, Play] = {}
    problems: dict[str, PlayError] = {}
    declared: dict[str, str] = {}
    if not directory.exists():
        return PlayBookLoad(plays, {})
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            play = load_play(path, writer)
        except PlayError as exc:
            problems[path.name] = exc
            if name := declared_name(path):
                declared[path.name] = name
            continue
        if play.name in plays:
            problems[path.name] = PlayError(path.name, f"duplicate play name '{play.name}'", "name")
            continue
        plays[play.name] = play
    return PlayBookLoad(plays, {name: str(exc) for name, exc in problems.items()}, problems, declared)
