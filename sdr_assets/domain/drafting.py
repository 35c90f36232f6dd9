"""Grounded copy: templates filled only from researched facts, and the check that keeps it so."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sdr_assets.domain.plays import template_fields

_NUMBER = re.compile(r"\d[\d,.]*")
_PROPER = re.compile(r"\b[A-Z][a-zA-Z0-9&'-]{2,}\b")


@dataclass(frozen=True)
class DraftRequest:
    play: str
    variant_id: str
    subject_template: str
    body_template: str
    facts: dict[str, str]
    instructions: str = ""


@dataclass(frozen=True)
class DraftText:
    subject: str
    body: str
    generated_by: str
    grounded: bool
    ungrounded_terms: tuple[str, ...] = ()


class MissingFactError(KeyError):
    """A template needs a fact the research did not find."""


def render(template: str, facts: dict[str, str]) -> str:
    missing = sorted(template_fields(template) - facts.keys())
    if missing:
        raise MissingFactError(", ".join(missing))
    return template.format_map(facts)


def render_request(request: DraftRequest) -> tuple[str, str]:
    return render(request.subject_template, request.facts), render(request.body_template, request.facts)


def ungrounded_terms(text: str, request: DraftRequest) -> tuple[str, ...]:
    """Numbers and proper nouns in ``text`` that appear neither in the templates nor the facts.

    A model may rephrase, but anything specific it states must come from research.
    """
    allowed = " ".join(
        [request.subject_template, request.body_template, request.instructions, *request.facts.values()]
    )
    allowed_numbers = set(_NUMBER.findall(allowed))
    allowed_words = {w.lower() for w in re.findall(r"[A-Za-z0-9&'-]+", allowed)}
    found = [n for n in _NUMBER.findall(text) if n.rstrip(".,") not in {a.rstrip(".,") for a in allowed_numbers}]
    found += [w for w in _PROPER.findall(text) if w.lower() not in allowed_words and w.lower() not in _COMMON]
    return tuple(dict.fromkeys(found))


def choose_variant(variant_ids: list[str], key: str) -> str:
    """Deterministic, evenly spread A/B assignment by contact key."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return variant_ids[digest % len(variant_ids)]


_COMMON = {
    "the", "this", "that", "thanks", "thank", "best", "regards", "hello", "dear", "would",
    "could", "your", "you", "our", "we", "are", "and", "for", "with", "happy", "quick", "just",
    "let", "know", "cheers", "congrats", "congratulations", "worth", "open", "any", "how",
    "what", "when", "why", "who", "since", "given", "saw", "noticed", "seeing", "curious",
    "monday", "tuesday", "wednesday", "thursday", "friday", "subject", "re", "not", "if", "is",
}
