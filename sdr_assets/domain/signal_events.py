"""One buying event, whichever sources report it: the facts that name an event, across feeds.

A row's ``event_key`` names what one source said (its source, day and evidence text); two vendors
word the same funding round or job posting differently, each under its own id. The occurrence here
is what they agree on: the company, the type, the day (UTC) and the type's identifying facts. Intent
is a vendor's own measure, so each source's intent stays its own event.

A job posting's URL names it on any day: a vendor posting it again, or a second vendor a day later,
reports the same opening, so a hiring row with a ``posting_url`` is one event with the rows of that
company and URL it is observed within ``POSTING_WINDOW`` of: the window slides with each report, so
a posting reposted weekly stays one event however long it runs. Two sources' rows of one URL are
one event whatever role each names; one source's are only if they name the same role (its own
repost): a vendor that gives its careers page as every posting's URL names each role apart. A
role is compared in its canonical form (``role_identity``): "VP Sales" and "Vice President, Sales"
are one role, for the facts of a hiring row without a URL and for a source's repost alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from sdr_assets.domain.role_identity import canonical_role
from sdr_assets.domain.signal_bulk import ROW_SCHEMA

# The attributes that name an event of each type; the type's own URL attribute, where given, names it
# alone. A row's evidence_url never does: one careers or news page names many events.
FACTS = {
    "funding": ("round", "amount", "currency"),
    "hiring": ("role",),
    "tech_adoption": ("technology", "change"),
    "leadership_change": ("person", "new_role"),
    "product_launch": ("product",),
}
URLS = {"hiring": "posting_url", "product_launch": "url"}
# A report keeps its whole row: it stands as the signal if the one it was merged into leaves.
MERGED_SCHEMA = {
    "signal_id": pl.String,  # the stored signal this report is one more source of
    "reported_signal_id": pl.String,
    **{name: kind for name, kind in ROW_SCHEMA.items() if name != "signal_id"},
}
NO_MERGES = pl.DataFrame(schema=MERGED_SCHEMA)
POSTING_WINDOW = timedelta(days=30)
POSTING = "posting"  # the day slot of a posting's occurrence: its URL names it on any day


def _attribute(name: str) -> pl.Expr:
    return pl.col("attributes").str.json_path_match(f"$.{name}").fill_null("").str.to_lowercase()


def _canonical(found: pl.Series) -> pl.Series:
    """Each role of ``found`` in its canonical form, each distinct text worded once."""
    texts = found.unique().drop_nulls().to_list()
    return found.replace_strict(texts, [canonical_role(t) for t in texts], default=None, return_dtype=pl.String)


def _facts(signal_type: str, fields: tuple[str, ...]) -> pl.Expr:
    facts = pl.concat_str([pl.col("_role") if f == "role" else _attribute(f) for f in fields], separator="\x1f")
    if signal_type not in URLS:
        return facts
    url = _attribute(URLS[signal_type])
    return pl.when(url != "").then(pl.lit("url\x1f") + url).otherwise(facts)


def is_posting(key: str) -> bool:
    return key.split("\x1f", 3)[2] == POSTING


_SEVERAL = object()  # the role of a source whose rows in one event name more than one


class _Event:
    """A posting's rows, as their bounds: the span of their times and the role each source's rows name."""

    __slots__ = ("first", "last", "roles", "seq", "signal_id")

    def __init__(self, seq: int, signal_id: str, source: str, role: str, observed_at: datetime) -> None:
        self.seq, self.signal_id = seq, signal_id
        self.first = self.last = observed_at
        self.roles: dict[str, object] = {source: role}

    def near(self, observed_at: datetime) -> bool:
        return self.first - POSTING_WINDOW <= observed_at <= self.last + POSTING_WINDOW


class _Posting:
    """The events of one posting in the order they were kept, indexed by each source's role and by the
    sources they lack (built when first asked)."""

    __slots__ = ("by_role", "events", "lacking")

    def __init__(self) -> None:
        self.events: dict[str, _Event] = {}
        self.by_role: dict[tuple[str, object], dict[int, _Event]] = {}
        self.lacking: dict[str, dict[int, _Event]] = {}

    def find(self, source: str, role: str, observed_at: datetime, skip: str | None) -> str | None:
        best = min((e for e in self.by_role.get((source, role), {}).values()
                    if e.signal_id != skip and e.near(observed_at)), key=lambda e: e.seq, default=None)
        lacking = self.lacking.get(source)
        if lacking is None:
            lacking = self.lacking[source] = {e.seq: e for e in self.events.values() if source not in e.roles}
        for event in lacking.values():  # in the order kept
            if best is not None and event.seq > best.seq:
                break
            if event.signal_id != skip and event.near(observed_at):
                best = event
                break
        return None if best is None else best.signal_id

    def add(self, signal_id: str, source: str, role: str, observed_at: datetime) -> None:
        event = self.events.get(signal_id)
        if event is None:
            event = self.events[signal_id] = _Event(len(self.events), signal_id, source, role, observed_at)
            self.by_role.setdefault((source, role), {})[event.seq] = event
            for lacker, lacking in self.lacking.items():
                if lacker != source:
                    lacking[event.seq] = event
            return
        event.first, event.last = min(event.first, observed_at), max(event.last, observed_at)
        named = event.roles.get(source, role)
        if source not in event.roles:
            event.roles[source] = role
            self.by_role.setdefault((source, role), {})[event.seq] = event
            self.lacking.get(source, {}).pop(event.seq, None)
        elif named is not _SEVERAL and named != role:
            event.roles[source] = _SEVERAL
            self.by_role[(source, named)].pop(event.seq)


class _Facts:
    """The events of one occurrence other than a posting: each signal by the source of its kept row."""

    __slots__ = ("by_source", "order")

    def __init__(self) -> None:
        self.order: dict[str, int] = {}  # signal -> when its event was kept
        self.by_source: dict[str, list[str]] = {}  # kept row's source -> its signals, in the order kept

    def find(self, source: str, role: str, observed_at: datetime, skip: str | None) -> str | None:
        firsts = (next((i for i in ids if i != skip), None) for kept, ids in self.by_source.items() if kept != source)
        return min((i for i in firsts if i is not None), key=self.order.__getitem__, default=None)

    def add(self, signal_id: str, source: str, role: str, observed_at: datetime) -> None:
        if signal_id not in self.order:
            self.order[signal_id] = len(self.order)
            self.by_source.setdefault(source, []).append(signal_id)


Row = tuple[str, str, str, datetime]  # a row of an event: its signal, source, role (lower case), time


class Events:
    """The events of occurrence keys as rows join them (a signal's row first, then its reports).

    A row reports the first event that will have it: a posting observed within the window of one of
    its rows, unless the event holds a row of the same source naming another role; any other event
    only from another source than its kept row's. Most keys hold one row: it is kept as it is."""

    def __init__(self) -> None:
        self._keys: dict[str, Row | _Posting | _Facts] = {}

    def find(self, key: str, source: str, role: str, observed_at: datetime, skip: str | None = None) -> str | None:
        """The signal of the first event of ``key`` (other than ``skip``'s) this row reports, if any."""
        occurrence = self._keys.get(key)
        if occurrence is None or isinstance(occurrence, (_Posting, _Facts)):
            return None if occurrence is None else occurrence.find(source, role, observed_at, skip)
        signal_id, their_source, their_role, at = occurrence
        if signal_id == skip:
            return None
        if not is_posting(key):
            return signal_id if source != their_source else None
        near = at - POSTING_WINDOW <= observed_at <= at + POSTING_WINDOW
        return signal_id if near and (source != their_source or role == their_role) else None

    def add(self, key: str, signal_id: str, source: str, role: str, observed_at: datetime) -> None:
        """Add a row to the event of ``signal_id`` (kept now if new)."""
        occurrence = self._keys.get(key)
        if occurrence is None:
            self._keys[key] = (signal_id, source, role, observed_at)
            return
        if not isinstance(occurrence, (_Posting, _Facts)):
            first = occurrence
            occurrence = self._keys[key] = _Posting() if is_posting(key) else _Facts()
            occurrence.add(*first)
        occurrence.add(signal_id, source, role, observed_at)


def roles(frame: pl.DataFrame) -> pl.Series:
    """The role each hiring row of a signals frame names, in lower case ("" for none and other types):
    the attributes of the hiring rows alone are searched."""
    hiring = (frame["signal_type"] == "hiring").fill_null(False)
    found = _canonical(frame.filter(hiring).select(_attribute("role")).to_series())
    if found.len() == frame.height:
        return found.alias("role")
    return pl.Series("role", [""] * frame.height, dtype=pl.String).scatter(hiring.arg_true(), found)


def occurrences(frame: pl.DataFrame) -> pl.Series:
    """The occurrence key of each row of a signals frame: null for a row without one (intent: its
    event_key names it). Rows share attribute texts: each distinct text of a type is searched once,
    and for its type's facts only."""
    if not frame.height:
        return pl.Series("occurrence", [], dtype=pl.String)
    rows = frame.select("company_domain", "signal_type", "observed_at", "attributes")
    texts = rows.select("signal_type", "attributes").unique()
    typed = texts.partition_by("signal_type", as_dict=True).items()
    facts = pl.concat([_NO_FACTS, *(_typed_facts(mine, signal_type) for (signal_type,), mine in typed
                                    if signal_type in FACTS)])
    keyed = rows.join(facts, on=["signal_type", "attributes"], how="left", nulls_equal=True, maintain_order="left")
    posting = (pl.col("signal_type") == "hiring") & pl.col("_facts").str.starts_with("url\x1f")
    day = pl.when(posting).then(pl.lit(POSTING)).otherwise(pl.col("observed_at").dt.date().cast(pl.String))
    return keyed.select(pl.concat_str([pl.col("company_domain"), pl.col("signal_type"), day, pl.col("_facts")],
                                      separator="\x1f").alias("occurrence")).to_series()


def _typed_facts(texts: pl.DataFrame, signal_type: str) -> pl.DataFrame:
    """The facts of each attribute text of a type (a role in its canonical form)."""
    if "role" in FACTS[signal_type]:
        texts = texts.with_columns(_role=_canonical(texts.select(_attribute("role")).to_series()))
    return texts.with_columns(_facts=_facts(signal_type, FACTS[signal_type])).drop("_role", strict=False)


_NO_FACTS = pl.DataFrame(schema={"signal_type": pl.String, "attributes": pl.String, "_facts": pl.String})


def merged_reports(reports: pl.DataFrame, into: pl.Series) -> pl.DataFrame:
    """``reports`` (signal rows) as reports of the stored signals ``into`` names, one for each row."""
    return (reports.rename({"signal_id": "reported_signal_id"}).with_columns(into.alias("signal_id"))
            .select(list(MERGED_SCHEMA)).cast(MERGED_SCHEMA))
