"""Grounded copy: templates filled only from researched facts, and the verdict on every draft."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import MappingProxyType

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.broken_lines import joined
from sdr_assets.domain.facts import Fact, grounds_lines, signal_is_news, template_values
from sdr_assets.domain.full_stops import fill
from sdr_assets.domain.plays import template_fields
from sdr_assets.domain.verifier import DEFAULT_MODE, Bounds, verify_draft

WRITTEN, FELL_BACK, HELD = "written", "fell_back", "held"
# The first reason of a draft settled without the model's answer (an outage, a 401, timeouts): the
# model is asked for it again next run, as nothing it answered stands behind the draft.
CALL_FAILED = "model call failed"


@dataclass(frozen=True)
class DraftRequest:
    play: str
    variant_id: str
    subject_template: str
    body_template: str
    facts: tuple[Fact, ...]
    instructions: str = ""
    step: int = 1
    angle: str = ""
    bounds: Bounds = Bounds()

    @cached_property
    def _account(self) -> _AccountFacts:
        return _account_facts(tuple(self.facts))

    @property
    def values(self) -> Mapping[str, str]:
        return self._account.values

    @cached_property
    def _rendered(self) -> tuple[str, str]:
        return render(self.subject_template, self.values), render(self.body_template, self.values)

    def rendered(self) -> tuple[str, str]:
        """Subject and body filled from the facts (worked out once); raises MissingFactError."""
        return self._rendered

    def grounds(self) -> str:
        """What a draft may state: the approved template as filled, its sentences read whole across a
        line break as the verifier reads a draft's, and every usable fact."""
        subject, body = self.rendered()
        return "\n".join([subject, joined(body), *self._account.grounds])

    def roles(self) -> Roles:
        """Whom the draft goes to and who sends it, by the template fields that name them."""
        return self._account.roles

    def news(self) -> bool | None:
        """Whether research found the signal news (``facts.signal_is_news``)."""
        return self._account.news


@dataclass(frozen=True)
class _AccountFacts:
    """What an account's facts alone give its drafts: template values (read-only: every request from
    equal facts shares them), grounds lines, roles and whether its signal is news."""

    values: Mapping[str, str]
    grounds: tuple[str, ...]
    roles: Roles
    news: bool | None


# An account's steps are drafted one after another from the same facts: what the facts alone give
# is worked out once for them all (a few entries suffice; a miss only works it out again).
@lru_cache(maxsize=16)
def _account_facts(facts: tuple[Fact, ...]) -> _AccountFacts:
    values = template_values(list(facts))
    contact = " ".join(values[f] for f in ("first_name", "last_name") if f in values)
    roles = Roles(contact, values.get("sender_name", ""), tuple(values.values()), tuple(values.items()))
    return _AccountFacts(MappingProxyType(values), tuple(grounds_lines(facts)), roles, signal_is_news(facts))


@dataclass(frozen=True)
class DraftText:
    subject: str
    body: str
    generated_by: str
    verdict: str = WRITTEN
    fact_ids: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def grounded(self) -> bool:
        """May be sent: the text as stored passed the verifier."""
        return self.verdict != HELD


@dataclass(frozen=True)
class Candidate:
    """A model's draft before verification."""

    subject: str
    body: str
    fact_ids: tuple[str, ...]
    generated_by: str


class MissingFactError(KeyError):
    """A template needs a fact the research did not find."""


@lru_cache(maxsize=256)
def _fields(template: str) -> frozenset[str]:
    """A template's fields: a play has a few templates, filled for every account."""
    return frozenset(template_fields(template))


def render(template: str, facts: Mapping[str, str]) -> str:
    missing = sorted(_fields(template) - facts.keys())
    if missing:
        raise MissingFactError(", ".join(missing))
    return fill(template, facts)


# The characters that the pattern below, in any case, takes for an ASCII letter (ı and ſ for i and s),
# or whose lower case is an ASCII letter or longer than one character (K, İ): in a text without them,
# an ASCII value matches only ASCII letters, and the lower-cased text lines up with the text.
_FOLDED_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def used_fact_ids(text: str, facts: tuple[Fact, ...]) -> tuple[str, ...]:
    """The usable facts whose value the text states."""
    folded = text.lower() if text.isascii() or _FOLDED_TO_ASCII.isdisjoint(text) else None
    return tuple(f.id for f in facts if f.usable and _states(text, folded, f.value))


def _states(text: str, folded: str | None, value: str) -> bool:
    """``value`` as a whole word or phrase of ``text``, in any case.

    An ASCII value is searched by hand in a text that lines up with its lower case (``folded``), which
    for them is what the pattern below does: each value would be a new pattern, and compiling it cost
    more than the rest of a draft's checks.
    """
    if folded is not None and value and value.isascii():
        wanted = value.lower()
        start = folded.find(wanted)
        while start != -1:
            end = start + len(wanted)
            if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
                return True
            start = folded.find(wanted, start + 1)
        return False
    return _whole_words(value).search(text) is not None


@lru_cache(maxsize=1024)
def _whole_words(value: str) -> re.Pattern[str]:
    """``value`` as a whole word or phrase in any case, compiled once: an account's values are looked
    for in each of its drafts, and other patterns crowd them out of ``re``'s own cache between."""
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def settle(request: DraftRequest, candidate: Candidate | None = None, failure: str | None = None,
           mode: str = DEFAULT_MODE) -> DraftText:
    """The text to store: the model's candidate if it verifies, else the template if that does, else held.

    Raises MissingFactError when the template needs a fact research did not find.
    """
    subject, body = request.rendered()
    grounds = request.grounds()
    first_touch = request.step == 1
    roles = request.roles()
    news = request.news()
    reasons: list[str] = [failure] if failure else []
    if candidate is not None:
        known = {f.id for f in request.facts}
        unknown = [fid for fid in candidate.fact_ids if fid not in known]
        reasons += [f"cites a fact that does not exist: {fid}" for fid in unknown]
        reasons += verify_draft(candidate.subject, candidate.body, grounds, first_touch=first_touch,
                                bounds=request.bounds, mode=mode, roles=roles, news=news)
        if not reasons:
            text = f"{candidate.subject}\n{candidate.body}"
            cited = tuple(dict.fromkeys([*candidate.fact_ids, *used_fact_ids(text, request.facts)]))
            return DraftText(candidate.subject, candidate.body, candidate.generated_by, WRITTEN, cited)
    template_reasons = verify_draft(subject, body, grounds, first_touch=first_touch, bounds=request.bounds,
                                    mode=mode, roles=roles, news=news)
    cited = used_fact_ids(f"{subject}\n{body}", request.facts)
    if not template_reasons:
        verdict = FELL_BACK if reasons else WRITTEN
        by = "template (fallback)" if reasons else "offline-template"
        return DraftText(subject, body, by, verdict, cited, tuple(reasons))
    return DraftText(subject, body, "none", HELD, cited, tuple([*reasons, *(f"template: {r}" for r in template_reasons)]))


def choose_variant(variant_ids: list[str], key: str) -> str:
    """Deterministic, evenly spread A/B assignment by contact key."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return variant_ids[digest % len(variant_ids)]
