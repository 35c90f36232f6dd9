"""Plays: the patterns a person approves once and the machine then runs at volume.

A play is a YAML file, read in one place: ``parse_play_text`` validates it against the typed model
``PlayFile`` and reports the first problem with its file, field and line. ``PlayFile`` is also the
source of the JSON Schema that editors use to check a play as it is typed.

The *version hash* covers every field that changes what a prospect receives or who receives it, as
written in the file; cosmetic edits (comments, key order, owner, owner_email, description) keep it.
"""

from __future__ import annotations

import hashlib
import json
import string
import types
import typing
from dataclasses import dataclass, field
from collections.abc import Container
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.messages import postal_address_problem
from sdr_assets.domain.routing import Routing, RoutingError, parse_routing
from sdr_assets.domain.signal_schema import MAX_AMOUNT
from sdr_assets.domain.verifier import Bounds
from sdr_assets.domain.writer import OFFLINE_IDENTITY

SignalType = Literal["hiring", "funding", "tech_adoption", "leadership_change", "product_launch", "intent"]
Channel = Literal["email", "linkedin"]
Seniority = Literal["c_level", "vp", "director", "manager", "ic"]
SIGNAL_TYPES = frozenset(typing.get_args(SignalType))
CHANNELS = frozenset(typing.get_args(Channel))
NAME_PATTERN = LazyPattern(r"[a-z0-9][a-z0-9_-]{1,62}")
FIELD_PATTERN = LazyPattern(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LINE_BREAK = LazyPattern(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Fields whose content reaches the prospect or decides who is contacted. Routing (who answers
# the replies) stays outside: it changes nothing a prospect receives.
VERSIONED_FIELDS = ("triggers", "segment", "personas", "research", "variants", "sequence", "sender")
# What of a version chooses its accounts and contacts (``Play.targeting_sha256``).
TARGETING_FIELDS = ("triggers", "segment", "personas")
# What the send step reads of a play besides its version and ``paused``: an edit of it ends a batch.
SENDING_SETTINGS = ("daily_cap",)


class PlayError(ValueError):
    """A play file that cannot be run: the file, the field at fault, the line and the reason."""

    def __init__(self, source: str, reason: str, field: str = "", line: int | None = None):
        self.source, self.field, self.reason, self.line = source, field, reason, line
        where = (f"line {line}, " if line else "") + (f"field '{field}': " if field else "")
        super().__init__(f"{source}: {where}{reason}")


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


def _template(value: str) -> str:
    if problem := template_problem(value):
        raise ValueError(f"bad template: {problem}")
    return value


def _header(value: str) -> str:
    if _LINE_BREAK.search(value):
        raise ValueError("a line break cannot go into a mail header")
    return value


def _postal(value: str) -> str:
    """The postal address as written, once a message footer can hold it (else every draft's message
    would be refused, one by one, at send time)."""
    if problem := postal_address_problem(value):
        raise ValueError(problem)
    return value


def _name(value: str) -> str:
    if not NAME_PATTERN.fullmatch(value):
        raise ValueError(f"name {value!r} must be lowercase letters, digits, '-' or '_' (2 to 63 characters)")
    return value


def _link(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError(f"'{value}' is not an http or https link (https://host/path)")
    return value


def _address(value: str) -> str:
    """The address as written, once it is one a mail server takes (``sam@outreach`` is none)."""
    try:
        canonical_address(value)
    except InvalidAddressError as exc:
        raise ValueError(f"not an email address: {exc}") from None
    return value


# Upper bounds: past them a value is a typo, and dates and tables overflow (a delay of 10^8 days
# leaves the calendar, a cap of 10^23 leaves a 64-bit integer) where the play is used, not read.
MAX_DAYS = 3650  # ten years: older than any signal still worth a message, longer than any wait
MAX_DAILY_CAP = 100_000  # emails a day, more than any one play's sending can carry
MAX_EMPLOYEES = 10_000_000  # larger than any employer
MAX_REVIEW_SAMPLE = 1000
MAX_NODES = 10_000  # keys and values of a play file with its aliases expanded
MAX_WORDS = 500  # words in a draft's body: longer is no first touch
MAX_LINKS = 100

Template = Annotated[str, AfterValidator(_template)]
Link = Annotated[str, AfterValidator(_link)]
HeaderText = Annotated[str, AfterValidator(_header)]
Texts = list[str] | None
Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]
Headcount = Annotated[int, Field(ge=0, le=MAX_EMPLOYEES)]


class _Part(BaseModel):
    """Every part of a play: known fields only (a typo is an error), no silent type coercion. Its
    validator is built when a play is first read: a command that reads none (`sdr inbox`, `sdr
    --help`) does not pay for it."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Match(_Part):
    keywords: Texts = Field(None, description="Any of these words in the signal's detail or attributes.")
    technologies: Texts = Field(None, description="tech_adoption: the adopted technology is one of these.")
    rounds: Texts = Field(None, description="funding: the round is one of these (e.g. 'Series B').")
    min_amount_usd: float | None = Field(None, ge=0, le=MAX_AMOUNT,
                                         description="funding: at least this amount, in US dollars.")
    min_score: float | None = Field(None, ge=0, le=100, description="intent: at least this score (0-100).")


class Trigger(_Part):
    signal_type: SignalType = Field(description="The kind of signal that starts this play.")
    max_age_days: Days | None = Field(None, description="Ignore signals older than this many days.")
    match: Match | None = Field(None, description="Conditions on the signal; all must hold.")


class Employees(_Part):
    min: Headcount | None = Field(None, description="At least this many employees.")
    max: Headcount | None = Field(None, description="At most this many employees.")


class Segment(_Part):
    industries: Texts = Field(None, description="The account's industry is one of these.")
    countries: Texts = Field(None, description="The account's country (ISO code) is one of these.")
    employees: Employees | None = Field(None, description="Company size bounds.")


class Persona(_Part):
    titles: Texts = Field(None, description="Any of these in the contact's title (10 points).")
    departments: Texts = Field(None, description="The contact's department is one of these (4 points).")
    seniorities: list[Seniority] | None = Field(None, description="Adds to a title or department match.")


class Research(_Part):
    instructions: str | None = Field(None, description="What the research and the writer may and may not say.")
    allowed_links: list[Link] | None = Field(
        None, max_length=MAX_LINKS, description="Links a draft may carry (http or https); any other link holds it.")
    min_words: Annotated[int, Field(ge=1, le=MAX_WORDS)] | None = Field(
        None, description=f"A draft's body has at least this many words (default {Bounds.min_words}).")
    max_words: Annotated[int, Field(ge=1, le=MAX_WORDS)] | None = Field(
        None, description=f"A draft's body has at most this many words (default {Bounds.max_words}).")

    @model_validator(mode="after")
    def _words_in_order(self) -> Research:
        least, most = self.min_words or Bounds.min_words, self.max_words or Bounds.max_words
        if least > most:
            raise ValueError(f"min_words ({least}) is more than max_words ({most}): no draft could pass")
        return self


class Variant(_Part):
    id: str = Field(description="Short name of the variant, unique in the play.")
    subject: Template = Field(description="Subject template: text with {fact_name} fields.")
    body: Template = Field(description="Body template: text with {fact_name} fields.")


class Step(_Part):
    channel: Channel = Field(description="email (sent after approval) or linkedin (a task done by hand).")
    delay_days: Days | None = Field(0, description=(
        "UTC days from the first email (not from the step before); never less than the step before's, and "
        "an email step's is more than the previous email step's. An email step also waits for that email "
        "to be sent, then for the difference of their delays."))
    subject: Template | None = Field(None, description="A follow-up email's subject template.")
    body: Template | None = Field(None, description="A follow-up email's body; without it the variant's is used.")
    note: Template | None = Field(None, description="A LinkedIn step's note template.")
    action: str | None = Field(None, description="A LinkedIn step's action, e.g. connect.")


class Sender(_Part):
    email: Annotated[HeaderText, AfterValidator(_address)] = Field(description="The From address.")
    name: HeaderText | None = Field(None, description="The From name, also {sender_name} in templates.")
    postal_address: Annotated[str, AfterValidator(_postal)] | None = Field(
        None, description="Postal address in the footer (else SDR_POSTAL_ADDRESS).")


class RoutingSegment(_Part):
    owner: str = Field(min_length=1, description="Who answers replies from accounts in this segment.")
    industries: Texts = Field(None, description="The account's industry is one of these.")
    countries: Texts = Field(None, description="The account's country is one of these.")
    employees: Employees | None = Field(None, description="Company size bounds.")

    @model_validator(mode="after")
    def _matches_something(self) -> RoutingSegment:
        if self.industries is None and self.countries is None and self.employees is None:
            raise ValueError("a routing segment matches on industries, countries or employees")
        return self


class RoutingBlock(_Part):
    owner: str | None = Field(None, min_length=1, description="Who answers this play's replies (default: owner).")
    segments: list[RoutingSegment] | None = Field(None, description="Per-segment owners; the first match wins.")


class PlayFile(_Part):
    """A play file as a person writes it."""

    model_config = ConfigDict(title="Supervised SDR play", extra="forbid", strict=True, defer_build=True)

    name: Annotated[str, AfterValidator(_name)] = Field(description="Unique name: lowercase, digits, '-', '_'.")
    owner: str = Field(description="The person responsible for the play.")
    owner_email: Annotated[HeaderText, AfterValidator(_address)] | None = Field(
        None, description="Where the monitor's pause notices go (else SDR_NOTIFY_ADDRESS); outside the version hash.")
    description: str | None = Field(None, description="What the play is for, for colleagues.")
    paused: bool | None = Field(False, description="true stops new drafts and sends without a decision.")
    triggers: list[Trigger] = Field(description="Signals that start the play; any one is enough.")
    segment: Segment | None = Field(None, description="Which accounts fit.")
    personas: list[Persona] | None = Field(None, description="Whom to contact at an account; the best match wins.")
    research: Research | None = Field(None, description="Guidance for research and writing.")
    variants: list[Variant] = Field(min_length=1, description="The first email's variants, spread evenly.")
    sequence: list[Step] = Field(min_length=1, description="The steps, starting with an email.")
    sender: Sender = Field(description="Who signs the mail.")
    daily_cap: Annotated[int, Field(ge=0, le=MAX_DAILY_CAP)] | None = Field(
        50, description="Emails per UTC day for this play, follow-ups included, from any sender.")
    review_sample_size: Annotated[int, Field(ge=1, le=MAX_REVIEW_SAMPLE)] | None = Field(
        5, description="Drafts shown for review.")
    routing: RoutingBlock | None = Field(None, description="Who answers the replies; outside the version hash.")
    formerly: list[Annotated[str, AfterValidator(_name)]] | None = Field(
        None, description="The names this play went by before a rename made with an edit: what it sent under "
                          "them counts as its own, so no one gets a step twice.")

    @field_validator("variants")
    @classmethod
    def _distinct_variants(cls, variants: list[Variant]) -> list[Variant]:
        ids = [v.id for v in variants]
        if len(set(ids)) != len(ids):
            raise ValueError(f"variant ids must be distinct, not {ids}")
        return variants

    @field_validator("sequence")
    @classmethod
    def _starts_with_email(cls, sequence: list[Step]) -> list[Step]:
        if sequence[0].channel != "email":
            raise ValueError("the sequence must start with an email step")
        return sequence


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
    owner_email: str | None = None  # where pause notices go; outside the version, as owner is
    formerly: tuple[str, ...] = ()  # names it went by before a rename with an edit (``renamed_plays``)
    version_hash: str = field(default="", compare=False)
    content_sha256: str = field(default="", compare=False)  # the whole digest the short hash is cut from

    def versioned_content(self) -> dict[str, Any]:
        # What writes the text (model, endpoint, prompt version) is approved with the play, and so are
        # the former names whose people it leaves out; a play without any hashes as it always did.
        formerly = {"formerly": sorted(self.formerly)} if self.formerly else {}
        return {**{key: getattr(self, key) for key in VERSIONED_FIELDS}, "writer": self.writer, **formerly}

    @property
    def targeting_sha256(self) -> str:
        """The digest of what chooses the play's accounts and contacts: its triggers, segment and personas."""
        return content_sha256({key: getattr(self, key) for key in TARGETING_FIELDS})

    @property
    def triggers_sha256(self) -> str:
        """The digest of what qualifies the play's signals: its triggers."""
        return content_sha256({"triggers": self.triggers})

    def trigger_types(self) -> set[str]:
        return {t["signal_type"] for t in self.triggers}

    def written_by(self, writer: dict[str, str]) -> Play:
        """The same play written by another model: the writer is part of the version."""
        play = Play(**{**self.__dict__, "writer": dict(writer)})
        digest = content_sha256(play.versioned_content())
        return Play(**{**play.__dict__, "version_hash": digest[:16], "content_sha256": digest})


def settings_changed(before: Play, after: Play) -> list[str]:
    """The sending settings outside the version hash that differ between two readings of a play."""
    return [name for name in SENDING_SETTINGS if getattr(before, name) != getattr(after, name)]


def content_sha256(content: dict[str, Any]) -> str:
    """SHA-256 of canonical JSON, independent of key order and YAML comments.

    People name a version by its first 16 hex digits (``version_hash``); each decision also keeps the
    whole digest, since two files crafted to share 64 bits cost only about 2^32 tries."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def play_schema() -> dict[str, Any]:
    """The JSON Schema of a play file, for editors (yaml-language-server) and other tools."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **PlayFile.model_json_schema()}


def schema_text() -> str:
    """The schema as committed beside the plays (``data/plays/play.schema.json``)."""
    return json.dumps(play_schema(), indent=2, ensure_ascii=False) + "\n"


def parse_play(doc: Any, source: str = "<play>", writer: dict[str, str] | None = None,
               lines: dict[tuple, int] | None = None) -> Play:
    """Validate a play document; ``lines`` maps field paths to lines of the file, for the error."""
    try:
        model = PlayFile.model_validate(doc)
    except ValidationError as exc:
        raise _first_problem(exc, source, lines or {}) from None
    if problem := _delay_problem(model.sequence):
        index, reason = problem
        path = ("sequence", index, "delay_days")
        raise PlayError(source, reason, _dotted(path), _line_of(path, lines or {}))
    # The hash covers the versioned sections as written, so the model's defaults never move it.
    play = Play(
        name=model.name, owner=model.owner, owner_email=model.owner_email,
        description=(model.description or "").strip(),
        paused=bool(model.paused), triggers=doc["triggers"], segment=dict(doc.get("segment") or {}),
        personas=list(doc.get("personas") or []), research=dict(doc.get("research") or {}),
        variants=doc["variants"], sequence=doc["sequence"], sender=doc["sender"],
        daily_cap=50 if model.daily_cap is None else model.daily_cap,
        review_sample_size=model.review_sample_size or 5, source=source,
        routing=_routing(doc, source), formerly=tuple(model.formerly or ()),
    )
    return play.written_by(OFFLINE_IDENTITY if writer is None else writer)


def _delay_problem(sequence: list[Step]) -> tuple[int, str] | None:
    """The first step whose delay does not come after the step before it, and why.

    Delays count from the first email, so they cannot go down, and two email steps on one day would
    reach the person together (or the later one first)."""
    last_email = 0
    for index, step in enumerate(sequence[1:], start=1):
        delay, before = step.delay_days or 0, sequence[index - 1].delay_days or 0
        email_before = sequence[last_email].delay_days or 0
        if delay < before:
            return index, (f"step {index + 1}'s delay_days ({delay}) is less than step {index}'s ({before}): "
                           "delays count days from the first email and cannot go down")
        if step.channel == "email":
            if delay <= email_before:
                return index, (f"step {index + 1}'s delay_days ({delay}) must be greater than step "
                               f"{last_email + 1}'s ({email_before}): delays count days from the first email, "
                               "and each email step comes after the email step before it")
            last_email = index
    return None


def _routing(doc: dict[str, Any], source: str) -> Routing:
    try:
        return parse_routing(doc.get("routing"), source)
    except RoutingError as exc:
        raise PlayError(source, str(exc).removeprefix(f"{source}: "), "routing") from None


def parse_play_text(text: str, source: str = "<play>", writer: dict[str, str] | None = None) -> Play:
    """Read a play from its YAML text; every error names the file, the field and the line."""
    doc, lines = _yaml_with_lines(text, source)
    return parse_play(doc, source, writer, lines)


_NAME_KEY = LazyPattern(r"""^\ufeff?(?:name|"name"|'name')[ \t]*:(.*)$""")
_BLOCK_HEADER = LazyPattern(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_NAME_START = LazyPattern(r"""[ \t]*(?:!\S*[ \t]+|&\S+[ \t]+)*['"]?([a-z0-9][a-z0-9_-]{1,62})""")


def declared_names(text: str) -> list[str]:
    """Every ``name:`` a play file declares at its top level, read leniently, so an invalid file still
    shows as its play: a block scalar too (a comment after its indicator), and a value folded over
    indented lines read as their text joined."""
    lines = text.splitlines()
    names = []
    for index, line in enumerate(lines):
        key = _NAME_KEY.match(line)
        if key is None:
            continue
        value = key.group(1).strip()
        if _BLOCK_HEADER.fullmatch(value) or value.startswith("#"):
            value = ""
        for more in lines[index + 1:]:
            if more.strip() and not more[:1].isspace():
                break
            value += more.strip()
        if match := _NAME_START.match(value):
            names.append(match.group(1))
    return list(dict.fromkeys(names))


def declared_name(text: str) -> str | None:
    """The first ``name:`` a play file declares (:func:`declared_names`), so an invalid file shows as its play."""
    return next(iter(declared_names(text)), None)


@dataclass(frozen=True)
class PlayBook:
    """The plays of a folder: the valid ones by name, each invalid file with its problem, and each
    name two or more files claim (held: no file of it is a play until a person removes the others)."""

    plays: dict[str, Play]
    problems: dict[str, PlayError] = field(default_factory=dict)
    declared: dict[str, str] = field(default_factory=dict)  # invalid file -> the play name it declares
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # held name -> the files claiming it
    claimants: dict[str, tuple[Play, ...]] = field(default_factory=dict)  # held name -> its valid files' plays

    @property
    def errors(self) -> dict[str, str]:
        return {name: str(exc) for name, exc in self.problems.items()}

    def invalid_plays(self) -> dict[str, PlayError]:
        """The play each invalid file stands for, with its problem: the name it declares, or its file
        name less the extension where it declares none (the first file, when two stand for one); a
        name several files claim, with that problem."""
        named: dict[str, PlayError] = {name: duplicate_problem(name, files) for name, files in self.duplicates.items()}
        for file, problem in self.problems.items():
            named.setdefault(self.declared.get(file) or file.rpartition(".")[0] or file, problem)
        return named

    def held_reason(self, name: str, approved: Container[str] | None = None) -> str | None:
        """Why the play called ``name`` is held, when several files claim it; None otherwise. Given the
        files whose version stands ``approved``, each file's version too, and whether it is approved,
        so the person knows which file to keep."""
        files = self.duplicates.get(name)
        if not files:
            return None
        if approved is None:
            return duplicate_problem(name, files).reason
        plays = {p.source: p for p in self.claimants.get(name, ())}
        said = [f"{file}: invalid" if (p := plays.get(file)) is None else
                f"{file}: version {p.version_hash}, " + ("the approved version" if file in approved else "not approved")
                for file in files]
        return duplicate_problem(name, files, said).reason

    def problem_of(self, name: str) -> PlayError | None:
        """Why the play called ``name`` could not be loaded, when an invalid file stands for it."""
        return self.invalid_plays().get(name)

    def invalid_rows(self) -> list[dict[str, Any]]:
        """One row per invalid file: the play it declares, the file, field, line and reason."""
        return [{"play": self.declared.get(file, ""), "status": "invalid", "file": file, "field": problem.field,
                 "line": problem.line, "reason": problem.reason} for file, problem in self.problems.items()]


def duplicate_problem(name: str, files: tuple[str, ...], said: list[str] | None = None) -> PlayError:
    """Why a play several files claim sends nothing: which file is the play is for a person to say.
    ``said`` describes each file (its version), in place of its bare name."""
    listed = "; ".join(said) if said else ", ".join(files)
    return PlayError(", ".join(files), f"{len(files)} files claim the name '{name}' ({listed}); "
                                       "it sends nothing until a person removes all but one", "name")


def playbook(parsed: dict[str, Play | PlayError], texts: dict[str, str]) -> PlayBook:
    """Assemble parsed files (by file name) into a playbook. A name two or more files claim (an
    invalid file by each name it declares) is no play: neither file's wording may send under it."""
    named = {file: declared_names(texts.get(file, "")) for file, outcome in parsed.items()
             if isinstance(outcome, PlayError)}
    declared = {file: names[0] for file, names in named.items() if names}
    claims: dict[str, list[str]] = {}
    for file, outcome in parsed.items():
        for name in [outcome.name] if isinstance(outcome, Play) else named[file]:
            claims.setdefault(name, []).append(file)
    duplicates = {name: tuple(files) for name, files in claims.items() if len(files) > 1}
    plays = {o.name: o for o in parsed.values() if isinstance(o, Play) and o.name not in duplicates}
    problems = {file: o for file, o in parsed.items() if isinstance(o, PlayError)}
    claimants = {name: tuple(o for file in files if isinstance(o := parsed[file], Play))
                 for name, files in duplicates.items()}
    return PlayBook(plays, problems, declared, duplicates, claimants)


def _yaml_with_lines(text: str, source: str) -> tuple[Any, dict[tuple, int]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    lines: dict[tuple, int] = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            _bound_expansion(node, source)
            # Before construction, which writes the pairs a "<<" merge key brings into its mapping:
            # a key that overrides a merged one is not a key written twice.
            _index(node, (), lines, source, 0)
        doc = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PlayError(source, f"invalid YAML: {exc.problem or exc.context}",
                        line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PlayError(source, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise PlayError(source, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    return doc, lines


def _bound_expansion(root: yaml.Node, source: str) -> None:
    """Refuse a document that holds more than MAX_NODES nodes once its aliases are expanded, or that
    contains itself.

    Aliases share nodes, so a file of a few hundred bytes can stand for billions of values ("billion
    laughs"): whatever walks the values (the line index, merge keys, the model, the hash) would
    take minutes and gigabytes. The expanded size is counted over the shared nodes, each once.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the nodes on the path from the root to the one being counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, counted = stack.pop()
        if counted:
            open_nodes.discard(id(node))
            sizes[id(node)] = size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_NODES:
                raise PlayError(source, f"more than {MAX_NODES:,} values once its aliases are expanded "
                                        "(a play has a few hundred)", line=node.start_mark.line + 1)
        elif id(node) in open_nodes:
            raise PlayError(source, "an alias refers to a value that contains it", line=node.start_mark.line + 1)
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _index(node: yaml.Node, path: tuple, lines: dict[tuple, int], source: str, depth: int) -> None:
    """Record the line of every key and item; a key written twice is an error, not a silent overwrite."""
    lines.setdefault(path, node.start_mark.line + 1)
    if depth > 50:  # deeper than any play; the recursion stays far from Python's limit
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            if key.value in seen:
                raise PlayError(source, f"duplicate key '{key.value}'", _dotted((*path, key.value)),
                                key.start_mark.line + 1)
            seen.add(key.value)
            lines.setdefault((*path, key.value), key.start_mark.line + 1)
            _index(value, (*path, key.value), lines, source, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _index(item, (*path, number), lines, source, depth + 1)


def _dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _line_of(path: tuple, lines: dict[tuple, int]) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _first_problem(exc: ValidationError, source: str, lines: dict[tuple, int]) -> PlayError:
    found = []
    for error in exc.errors():
        path = tuple(p for p in error["loc"] if isinstance(p, int | str))
        problem = PlayError(source, _reason(error, path), _dotted(path), _line_of(path, lines))
        found.append((error["type"] == "missing", problem.line or 0, problem))
    # What is written wrong comes first, in the file's order; then what is missing.
    problems = [problem for *_, problem in sorted(found, key=lambda f: f[:2])]
    first = problems[0]
    if len(problems) > 1:
        first.reason += f" (and {len(problems) - 1} more: " + "; ".join(
            f"{p.field or 'play'}: {p.reason}" for p in problems[1:4]) + (", ..." if len(problems) > 4 else "") + ")"
        first.args = (str(PlayError(source, first.reason, first.field, first.line)),)
    return first


def _reason(error: dict[str, Any], path: tuple) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    short = next((str(p) for p in reversed(path) if isinstance(p, str)), "item")
    if kind == "missing":
        return f"missing required field '{short}'"
    if kind == "extra_forbidden":
        allowed = _fields_at(path[:-1])
        return f"unknown field '{short}'" + (f"; expected one of {', '.join(allowed)}" if allowed else "")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "a play must be a mapping" if not path else "must be a mapping"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{short} must be a whole number, not {value!r}"
    if kind == "greater_than_equal":
        return f"{short} cannot be negative" if ctx.get("ge") == 0 else f"{short} must be at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{short} must be at most {ctx.get('le'):,}, not {value!r}"
    if kind == "literal_error":
        return f"{short} must be one of {ctx.get('expected')}, not {value!r}"
    if kind == "too_short":
        return f"{short} needs at least {ctx.get('min_length')} item(s)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    kinds = {"list_type": "a list", "string_type": "text", "bool_type": "true or false", "float_type": "a number"}
    if kind in kinds:
        return f"{short} must be {kinds[kind]}, not {value!r}"
    return f"{short}: {error['msg']}"


def _fields_at(path: tuple) -> list[str]:
    """The field names the model allows at ``path``, for an unknown-field message."""
    model: type[BaseModel] | None = PlayFile
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, list):
        return next((m for a in typing.get_args(annotation) if (m := _model_in(a))), None)
    return None
