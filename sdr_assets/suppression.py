"""Who is never mailed: the append-only ``suppression_events`` table, the opt-out log, and the one
question every sender asks, :func:`current_suppressions`.

Rows of ``suppression_events`` are only ever inserted. Events derived from something (a click in
the opt-out log, a reply) carry a deterministic id and are inserted once, so re-deriving them is
harmless and an entry whose reply is gone stays. ``suppression_list`` is the current list folded
from the events, rewritten after every change.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from resources import clock
from resources.tables import (
    advance_sequence, columns_of, ensure_key, frame_of, has_key, insert_rows, one, rewrite_rows, table_exists,
    take_sequence, transaction,
)
from sdr_assets import entry_log, line_log, optout_log
from sdr_assets.domain.addresses import InvalidAddressError
from sdr_assets.domain import file_clock
from sdr_assets.domain.approvals import nobody_named
from sdr_assets.incremental import record_mark, recorded_mark, row_hash, table_mark
from sdr_assets.line_log import Cursor
from sdr_assets.rule_digest import suppression_digest
from sdr_assets.domain.suppression import (
    ADD, LIFT, UNLIFTABLE, Entry, Event, Suppressions, SuppressionError, active_entries, canonical_target,
    events_from_replies, liftable, suppression_key,
)

EVENTS_DDL = """
create sequence if not exists suppression_events_seq;
create table if not exists suppression_events (
    event_id varchar primary key,
    target varchar not null,
    action varchar not null,
    reason varchar not null,
    source varchar,
    recorded_by varchar not null,
    note varchar,
    recorded_at timestamptz not null,
    seq bigint not null default nextval('suppression_events_seq')
)
"""
EVENT_SCHEMA = {"event_id": pl.String, "target": pl.String, "action": pl.String, "reason": pl.String,
                "source": pl.String, "recorded_by": pl.String, "note": pl.String,
                "recorded_at": pl.Datetime("us", "UTC"), "seq": pl.Int64}
# Where ingestion reached in each log, which file it reached it in, the line that ends there, the
# digest of every byte before it, and the file's inode and status change time then (line_log.Cursor's
# head, tail, prefix, inode and changed): a log whose status still matches is not opened. The status is
# null where it was read too soon after it changed to vouch for the bytes (file_clock.racy).
OFFSET_DDL = ("create table if not exists optout_log_offset (log varchar primary key, byte_offset bigint not null, "
              "head varchar, tail varchar, prefix varchar, inode bigint, changed bigint)")
# Offsets stored before heads, before the digest of the line ending at the offset, before that of
# the bytes before it, and before the file's status.
_OFFSET_COLUMNS = tuple(f"alter table optout_log_offset add column if not exists {name}"
                        for name in ("head varchar", "tail varchar", "prefix varchar", "inode bigint",
                                     "changed bigint"))
_STATUS_COLUMNS = ("inode", "changed")
LIST_SCHEMA = {"email": pl.String, "reason": pl.String, "reasons": pl.String, "source": pl.String,
               "recorded_by": pl.String, "note": pl.String, "added_at": pl.Datetime("us", "UTC")}
# Rows of the list that the reply-derived table used to hold, carried over once as events.
_LEGACY_REASONS = {"unsubscribe": "unsubscribe_reply"}
# What events_from_replies reads of a classification, and the rows that may owe an event.
_REPLY_COLUMNS = ("message_id", "received_at", "send_key", "contact_email", "kind", "hard", "label", "recipients",
                  "optout_targets", "optout_via", "read_by")
_OWING = "where kind in ('bounce', 'complaint') or (kind = 'human' and label = 'unsubscribe')"


# Each table's columns, which of them is its key, and their defaults (``seq``'s ties it to the sequence,
# which DuckDB keeps from being dropped while a default names it). Rows, not a grouped read: grouping
# them in DuckDB cost four times the read.
_SCHEMA_SQL = ("select 'suppression_events', name, pk, dflt_value from pragma_table_info('suppression_events') "
               "union all select 'optout_log_offset', name, pk, dflt_value from pragma_table_info('optout_log_offset')")
_SEQ_DEFAULT = "nextval('suppression_events_seq')"
_OFFSET_COLUMN_NAMES = {"log", "byte_offset", *(c.split()[-2] for c in _OFFSET_COLUMNS)}


def _schema_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether :func:`ensure_schema` would change nothing: both tables with their keys, every offset
    column, and the events' sequence; one statement instead of the nine that make sure of it."""
    if not (table_exists(con, "suppression_events") and table_exists(con, "optout_log_offset")):
        return False
    columns: dict[str, dict[str, str | None]] = {"suppression_events": {}, "optout_log_offset": {}}
    keys: dict[str, list[str]] = {"suppression_events": [], "optout_log_offset": []}
    for table, name, pk, default in con.execute(_SCHEMA_SQL).fetchall():
        columns[table][name] = default
        if pk:
            keys[table].append(name)
    return (keys == {"suppression_events": ["event_id"], "optout_log_offset": ["log"]}
            and columns["suppression_events"].get("seq") == _SEQ_DEFAULT
            and _OFFSET_COLUMN_NAMES <= set(columns["optout_log_offset"]))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    if _schema_current(con):
        return
    fresh = not table_exists(con, "suppression_events")
    if fresh:  # no reply's events are recorded in a new table
        con.execute("drop table if exists suppression_replies_read")
    con.execute(EVENTS_DDL)
    con.execute(OFFSET_DDL)
    for column in _OFFSET_COLUMNS:
        con.execute(column)
    ensure_key(con, "suppression_events", "event_id")
    ensure_key(con, "optout_log_offset", "log")
    # A rebuild (``create or replace ... as select``) drops the default that ties the sequence to the
    # table, and a sequence dropped then and made again would start under the events' order.
    con.execute(f"alter table suppression_events alter column seq set default {_SEQ_DEFAULT}")
    advance_sequence(con, "suppression_events_seq", one(con, "select coalesce(max(seq), 0) from suppression_events")[0])
    if fresh and "source_message_id" in columns_of(con, "suppression_list"):
        legacy = frame_of(con, "select email, reason, source_message_id, added_at from suppression_list")
        # A row from a reply without a readable Date has no date: it is carried over, dated now.
        carried = clock.now()
        insert_events(con, [
            Event(f"legacy:{r['email']}", r["email"], ADD, _LEGACY_REASONS.get(r["reason"], r["reason"]),
                  r["source_message_id"], "system", "carried over from the reply-derived list"
                  + ("" if r["added_at"] is not None else " (undated there)"), r["added_at"] or carried)
            for r in legacy.iter_rows(named=True)
        ])


def insert_events(con: duckdb.DuckDBPyConnection, events: list[Event]) -> int:
    """Insert events not seen before (by id); returns how many were new."""
    before = one(con, "select count(*) from suppression_events")[0]
    seqs = take_sequence(con, "suppression_events_seq", len(events))
    insert_rows(con, "suppression_events", ("event_id", "target", "action", "reason", "source", "recorded_by", "note",
                                            "recorded_at", "seq"),
                [[e.event_id, e.target, e.action, e.reason, e.source, e.recorded_by, e.note, e.recorded_at, seq]
                 for e, seq in zip(events, seqs, strict=True)], "event_id", "nothing")
    return one(con, "select count(*) from suppression_events")[0] - before


def read_events(con: duckdb.DuckDBPyConnection, action: str | None = None) -> list[Event]:
    """The suppression events in the order recorded; only those of ``action`` where given."""
    if not table_exists(con, "suppression_events"):
        return []
    rows = con.execute("select event_id, target, action, reason, source, recorded_by, note, recorded_at "
                       "from suppression_events where ? is null or action = ? order by seq",
                       [action, action]).fetchall()
    return [Event(*row) for row in rows]


def list_frame(events: list[Event]) -> pl.DataFrame:
    """One row per suppressed target: its first reason in force, and all of them."""
    rows = []
    for target, entries in sorted(active_entries(events).items()):
        first = entries[0]
        rows.append({"email": target, "reason": first.reason, "reasons": ",".join(sorted({e.reason for e in entries})),
                     "source": first.source, "recorded_by": first.recorded_by, "note": first.note,
                     "added_at": first.added_at})
    return pl.DataFrame(rows, schema=LIST_SCHEMA)


def fold_list(con: duckdb.DuckDBPyConnection) -> int:
    """``suppression_list`` folded again from the events, inside the caller's transaction: one that records
    events folds them in before it commits, so that no interrupt leaves the list behind them.

    Only the targets of the events recorded since the last fold are folded again, from their own events,
    while the events up to it and the list are as that fold left them (:data:`LIST_MARK`); otherwise the
    list is folded whole. Returns how many targets were folded (0 when the list was current)."""
    reached, boundary = _folded_mark(con), _list_boundary(con)
    if boundary is None:
        targets, frame = None, list_frame(read_events(con))
    else:
        targets = [row[0] for row in con.execute(f"select distinct target from ({_RANKED}) where n > ? "
                                                 "order by target", [boundary]).fetchall()]
        if not targets:
            return 0
        frame = list_frame(_events_on(con, targets))
    if targets is None:
        rewrite_rows(con, "suppression_list", frame)
    else:
        rewrite_rows(con, "suppression_list", frame, "list_contains(?, email)", [targets])
    # Dated as of the last event folded, not the wall clock: the same events leave the same mark.
    at = one(con, "select max(recorded_at) from suppression_events")[0] or datetime(1970, 1, 1, tzinfo=UTC)
    written = table_mark(con, "suppression_list", ["suppression_list"])
    record_mark(con, LIST_MARK, f"{suppression_digest()}|{reached}|{written}", at)
    return frame.height if targets is None else len(targets)


# Where ``suppression_list`` was last folded: under which rules (``rule_digest.suppression_digest``), how
# many events it held then, in the order recorded, with a digest of them, and the mark of the list it left
# ("rules|count:digest|list mark"). Counted by rank, not by ``seq``, whose numbers a rolled-back run uses
# up: the mark is the same for the same events.
LIST_MARK = "suppression_list/events"
_RANKED = "select *, row_number() over (order by seq) as n from suppression_events"
# What the list is folded from: an event's id, random for a person's entry or lift, is not.
_FOLDED = "target, action, reason, source, recorded_by, note, recorded_at"


def _folded_mark(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> str:
    """The count and digest of the first ``upto`` events in the order recorded (all where None)."""
    count, digest = con.execute(f"select count(*), sum(hash({_FOLDED})) from ({_RANKED}) where ? is null or n <= ?",
                                [upto, upto]).fetchone()
    return f"{count}:{digest}"


def _list_boundary(con: duckdb.DuckDBPyConnection) -> int | None:
    """How many events, first recorded, ``suppression_list`` holds folded, or None when it may not (never
    folded by mark, folded under other rules, the events it folded not the first ones now, or the list
    written since)."""
    mark = recorded_mark(con, LIST_MARK)
    if mark is None or not table_exists(con, "suppression_list"):
        return None
    rules, _, rest = mark.partition("|")
    if rules != suppression_digest():
        return None
    reached, _, written = rest.rpartition("|")
    upto = int(reached.split(":", 1)[0])
    if reached != _folded_mark(con, upto) or written != table_mark(con, "suppression_list", ["suppression_list"]):
        return None
    return upto


def list_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``suppression_list`` holds every event folded: a fold would write nothing."""
    boundary = _list_boundary(con)
    return boundary is not None and one(con, "select count(*) from suppression_events")[0] == boundary


def _events_on(con: duckdb.DuckDBPyConnection, targets: list[str]) -> list[Event]:
    """The events on ``targets``, in the order recorded."""
    rows = con.execute("select event_id, target, action, reason, source, recorded_by, note, recorded_at "
                       "from suppression_events where list_contains(?, target) order by seq", [targets]).fetchall()
    return [Event(*row) for row in rows]


def ingested(con: duckdb.DuckDBPyConnection, log: Path) -> Cursor:
    """Where ingestion reached in ``log``; an offset stored before heads, tails (or digests of the
    bytes before it) were kept is trusted as far as they go, and gains them at the next ingestion."""
    if not table_exists(con, "optout_log_offset"):
        return Cursor()
    kept = columns_of(con, "optout_log_offset")
    head, tail, prefix = (name if name in kept else "''" for name in ("head", "tail", "prefix"))
    inode, changed = (name if name in kept else "null" for name in _STATUS_COLUMNS)
    row = one(con, f"select byte_offset, {head}, {tail}, {prefix}, {inode}, {changed} from optout_log_offset "
                   "where log = ?", [str(log)])
    return Cursor(row[0], row[1] or "", tail=row[2] or "", prefix=row[3] or "", inode=row[4], changed=row[5]) \
        if row else Cursor()


def _unread(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> tuple[optout_log.LogRead, optout_log.LogRead]:
    """What ingestion has not reached yet: the opt-out log's clicks and the entries log's events."""
    return (optout_log.read(data_dir, ingested(con, optout_log.LOG_RELATIVE)),
            entry_log.read(data_dir, ingested(con, entry_log.LOG_RELATIVE)))


def _log_events(read: optout_log.LogRead) -> list[Event]:
    """The log's opt-outs as events. One whose time cannot be read still counts, as of now: the send
    step honours it from the log already, and its line is reported."""
    events, now = [], clock.now()
    for r in read.records:
        try:
            target = canonical_target(r.address)
        except InvalidAddressError:
            read.bad_lines.append(f"{r.optout_id}: invalid address {r.address!r}")
            continue
        at = _logged_at(r.at)
        if at is None:
            read.bad_lines.append(f"{r.optout_id}: unreadable time {r.at[:40]!r}, recorded as of {now:%Y-%m-%d %H:%M} UTC")
        events.append(Event(f"{r.via}:{r.optout_id}", target, ADD, f"unsubscribe_{r.via}", r.send_key,
                            "recipient", "", at or now))
    return events


def _logged_at(text: str) -> datetime | None:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def reply_rows(classified: pl.DataFrame) -> list[dict]:
    """Classifications as :func:`events_from_replies` takes them: their JSON lists parsed."""
    return [{**r, "recipients": json.loads(r.get("recipients") or "[]"),
             "optout_targets": json.loads(r.get("optout_targets") or "[]")} for r in classified.iter_rows(named=True)]


def owing_replies(con: duckdb.DuckDBPyConnection, unread: bool = False) -> list[dict]:
    """The classified replies that may owe an event, as :func:`events_from_replies` takes them, each
    with when it was read from the mailbox (``fetched_at``, from ``raw_replies``): what dates one
    without a readable Date, the same on every run. ``unread``: only those not taken into events as
    they stand (:func:`mark_read`), with every soft bounce where one of them is a soft bounce or a lift
    was recorded since: what a soft bounce owes follows the others and the lifts."""
    if not table_exists(con, "reply_classifications"):
        return []
    columns = [f"c.{c}" for c in columns_of(con, "reply_classifications") if c in _REPLY_COLUMNS]
    if table_exists(con, "raw_replies") and "fetched_at" in columns_of(con, "raw_replies"):
        fetched, source = "r.fetched_at", "reply_classifications c left join raw_replies r using (message_id)"
    else:
        fetched, source = "null::timestamptz", "reply_classifications c"
    read_mark = row_hash([*columns, fetched])
    select = f"select {', '.join(columns)}, {fetched} as fetched_at, {read_mark} as read_mark from {source} {_OWING}"
    if not (unread and read_under_rules(con)):
        return reply_rows(frame_of(con, select))
    rows = frame_of(con, f"with owing as ({select}) select * from owing o where not exists (select 1 from "
                         "suppression_replies_read s where s.message_id = o.message_id and s.mark = o.read_mark)")
    if rows.height and (rows.filter(_SOFT).height or recorded_mark(con, LIFTS_MARK) != _lifts_mark(con)):
        rows = pl.concat([rows, frame_of(con, f"with owing as ({select}) select * from owing")
                         .filter(_SOFT & ~pl.col("message_id").is_in(rows["message_id"].implode()))])
    return reply_rows(rows)


# Which owing replies events were taken from, each by a hash of what was read of it; the lifts then; and
# the rules they were read under (``rule_digest.suppression_digest``).
REPLIES_READ_DDL = "create table if not exists suppression_replies_read (message_id varchar primary key, mark bigint)"
LIFTS_MARK = "suppression_events/lifts"
RULES_MARK = "suppression_replies_read/rules"
_SOFT = (pl.col("kind") == "bounce") & ~pl.col("hard").fill_null(False)


def _lifts_mark(con: duckdb.DuckDBPyConnection) -> str:
    return table_mark(con, "suppression_events", ["event_id", "target", "recorded_at"], "action = ?", [LIFT])


def read_under_rules(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the replies remembered as read were read under the rules this process runs: a release
    that changes them (a target accepted that was rejected) has every owing reply read again, once."""
    return table_exists(con, "suppression_replies_read") and recorded_mark(con, RULES_MARK) == suppression_digest()


def mark_read(con: duckdb.DuckDBPyConnection, rows: list[dict], now: datetime) -> None:
    """Remember that the events ``rows`` owe are recorded (inside the transaction that records them);
    those read under other rules are forgotten (``rows`` were then every owing reply)."""
    if not read_under_rules(con):
        con.execute("drop table if exists suppression_replies_read")
    con.execute(REPLIES_READ_DDL)
    if rows:
        insert_rows(con, "suppression_replies_read", ("message_id", "mark"),
                    [[r["message_id"], r["read_mark"]] for r in rows], "message_id", "replace")
    record_mark(con, LIFTS_MARK, _lifts_mark(con), now)
    record_mark(con, RULES_MARK, suppression_digest(), now)


def pending_from_replies(con: duckdb.DuckDBPyConnection, recorded: list[Event]) -> list[Event]:
    """Events that classified replies owe and ``recorded`` does not hold yet: a replies run that stopped
    after classifying (killed, or failed before ``suppression_events``) leaves an opt-out, a complaint
    or a hard bounce classified and not yet recorded, and it counts all the same. Those taken into
    events already are recorded (:func:`mark_read`): only the others are read."""
    seen = {e.event_id for e in recorded}
    return [e for e in events_from_replies(owing_replies(con, unread=True), clock.now(), recorded)
            if e.event_id not in seen]


def pending_optouts(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> list[Event]:
    """Clicks and entries in the logs that ingestion has not reached yet, as the events they will become,
    less those the warehouse holds already under their id (an opt-out handed off while the warehouse was
    busy is logged first, then recorded by the hand-off itself, before ingestion reads its line)."""
    events = _unread_events(*_unread(con, data_dir))
    if not events or not table_exists(con, "suppression_events"):
        return events
    stored = {row[0] for row in con.execute(
        "select event_id from suppression_events where event_id in (select unnest(?::varchar[]))",
        [[e.event_id for e in events]]).fetchall()}
    return [e for e in events if e.event_id not in stored]


def _unread_events(clicks: optout_log.LogRead, entries: optout_log.LogRead) -> list[Event]:
    """The events the logs' unread clicks and entries (:func:`_unread`) become."""
    return _log_events(clicks) + entries.records


def logs_ingested(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> bool:
    """Whether ingestion would write nothing: the tables in their layout, and both logs read to their
    end with no event nor bad line left over."""
    if not all(has_key(con, t, key) for t, key in (("suppression_events", "event_id"), ("optout_log_offset", "log"))):
        return False
    if not {"head", "tail", "prefix", *_STATUS_COLUMNS} <= set(columns_of(con, "optout_log_offset")):
        return False
    try:
        clicks, entries = _unread(con, data_dir)
    except OSError:  # ingestion reads them, and says why it cannot
        return False
    return not (_unread_events(clicks, entries) or clicks.bad_lines or entries.bad_lines
                or _reads_moved(con, _by_log(clicks, entries)))


def ingest_log(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> tuple[int, int, list[str]]:
    """Move the opt-out log's clicks and the entries log's events into events, each from where the last
    ingestion reached, inside the caller's transaction; (new events, the opt-out log's offset, bad lines)."""
    ensure_schema(con)
    read_at = time.time_ns()
    clicks, entries = _unread(con, data_dir)
    events, reads = _unread_events(clicks, entries), _by_log(clicks, entries)
    if not events and not _reads_moved(con, reads):
        return 0, clicks.end, clicks.bad_lines + entries.bad_lines  # nothing new: nothing to write
    return _store(con, events, reads, read_at), clicks.end, clicks.bad_lines + entries.bad_lines


def _by_log(clicks: optout_log.LogRead, entries: optout_log.LogRead) -> dict[Path, optout_log.LogRead]:
    """The opt-out log's read and the entries log's, by the path ingestion keeps each log's place under."""
    return {optout_log.LOG_RELATIVE: clicks, entry_log.LOG_RELATIVE: entries}


def _reads_moved(con: duckdb.DuckDBPyConnection, reads: dict[Path, optout_log.LogRead]) -> bool:
    """Whether any log's read ended anywhere but where its ingestion stood."""
    return any(_moved(ingested(con, log), read.cursor) for log, read in reads.items())


def _moved(since: Cursor, reached: Cursor) -> bool:
    """Whether a read ended anywhere but where ingestion stood (its offset, or the file it is in)."""
    return (since.offset, since.head, since.tail, since.prefix) != (reached.offset, reached.head, reached.tail,
                                                                    reached.prefix)


def _store(con: duckdb.DuckDBPyConnection, events: list[Event], reads: dict[Path, optout_log.LogRead],
           read_at: int) -> int:
    """Insert ``events`` and where each log's read (begun at ``read_at``, wall clock ns) ended, inside the
    caller's transaction; returns how many were new."""
    new = insert_events(con, events)
    for log, read in reads.items():
        con.execute("insert or replace into optout_log_offset "
                    "(log, byte_offset, head, tail, prefix, inode, changed) values (?, ?, ?, ?, ?, ?, ?)",
                    [str(log), read.end, read.cursor.head, read.cursor.tail, read.cursor.prefix,
                     *_status(read.cursor, read_at)])
    return new


def _status(reached: Cursor, read_at: int) -> tuple[int | None, int | None]:
    """The file status a stored cursor keeps: none for a missing file, or one read too soon after it
    changed for a rewrite in the same tick of its clock to move it."""
    if reached.inode is None or reached.inode < 0 or reached.changed is None \
            or file_clock.racy(read_at, reached.changed):
        return None, None
    return reached.inode, reached.changed


@dataclass
class CurrentSuppressions:
    """The warehouse's list plus every click and entry in the logs that ingestion has not reached.

    :meth:`refresh` reads the clicks and entries logged since, without the warehouse: the send step
    calls it before each message, through a :class:`SuppressionWatch` that also sees new events.
    """

    suppressions: Suppressions
    data_dir: Path
    clicks: Cursor
    entries: Cursor
    events_mark: int = 0  # rows of suppression_events when they were read

    def __post_init__(self) -> None:
        self._logs = (str(optout_log.log_path(self.data_dir)), str(entry_log.log_path(self.data_dir)))

    def refresh(self) -> CurrentSuppressions:
        if line_log.unchanged(self._logs[0], self.clicks) and line_log.unchanged(self._logs[1], self.entries):
            return self
        return self.take(optout_log.read(self.data_dir, self.clicks), entry_log.read(self.data_dir, self.entries))

    def take(self, clicks: optout_log.LogRead, entries: optout_log.LogRead) -> CurrentSuppressions:
        """Add what the logs held after :attr:`clicks` and :attr:`entries`, as read, and go on from there."""
        for r in clicks.records:
            self.suppressions.add(r.address, f"unsubscribe_{r.via}")
        for e in entries.records:
            self.suppressions.add(e.target, e.reason)
        self.clicks, self.entries = clicks.cursor, entries.cursor
        return self

    def reason_for(self, address: str) -> str | None:
        return self.suppressions.reason_for(address)

    def ends(self, address: str) -> bool:
        """Whether an entry covering ``address`` ends her sequence (``Suppressions.ends``)."""
        return self.suppressions.ends(address)

    def stops_person(self, address: str) -> bool:
        """Whether an entry on ``address`` stops the person at every address (``Suppressions.stops_person``)."""
        return self.suppressions.stops_person(address)

    def __len__(self) -> int:
        return len(self.suppressions)


def current_suppressions(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> CurrentSuppressions:
    """Why an address must not be mailed, for every sender: ``.reason_for(address) -> str | None``.

    Reads only: events in the warehouse, those classified replies owe that are not recorded yet, and
    opt-outs in the log not yet ingested.
    """
    mark = _events_mark(con)  # counted first: an event inserted meanwhile is read, and counted next time
    return _current(con, data_dir, _recorded(con), mark)


def _recorded(con: duckdb.DuckDBPyConnection) -> list[Event]:
    """The events in the warehouse and those classified replies owe that are not recorded yet."""
    events = read_events(con)
    return events + pending_from_replies(con, events)


def _current(con: duckdb.DuckDBPyConnection, data_dir: str | Path, recorded: list[Event], mark: int = 0,
             unread: tuple[optout_log.LogRead, optout_log.LogRead] | None = None) -> CurrentSuppressions:
    """``recorded`` in force, a warehouse's list from before the event log, and the logs' opt-outs
    and entries that ingestion has not reached (``unread``, where they were read already)."""
    suppressions = _with_legacy_list(con, Suppressions(active_entries(recorded)))
    current = CurrentSuppressions(suppressions, Path(data_dir), ingested(con, optout_log.LOG_RELATIVE),
                                  ingested(con, entry_log.LOG_RELATIVE), mark)
    return current.refresh() if unread is None else current.take(*unread)


def _with_legacy_list(con: duckdb.DuckDBPyConnection, suppressions: Suppressions) -> Suppressions:
    """A warehouse from before the event log: its list honoured until the first ingestion."""
    if not table_exists(con, "suppression_events") and table_exists(con, "suppression_list"):
        for email, reason in con.execute("select email, reason from suppression_list").fetchall():
            suppressions.add(email, reason)
    return suppressions


def in_force(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> tuple[Suppressions, dict[str, list[Entry]]]:
    """From one read of the events and the logs: why each address must not be mailed, by the set
    :func:`current_suppressions` builds, and the entries in force per target, each with when it was
    recorded (the events, those classified replies owe, and the clicks and entries in the logs that
    ingestion has not reached)."""
    recorded, (clicks, entries) = _recorded(con), _unread(con, data_dir)
    current = _current(con, data_dir, recorded, unread=(clicks, entries))
    return current.suppressions, active_entries(recorded + _unread_events(clicks, entries))


EVENTS_MARK_SQL = "select count(*) from suppression_events"
_EVENTS_MARK = "sdr_suppression_events_mark"


def _events_mark(con: duckdb.DuckDBPyConnection) -> int:
    return one(con, EVENTS_MARK_SQL)[0] if table_exists(con, "suppression_events") else 0


class SuppressionWatch:
    """The send step's question before each message: :func:`current_suppressions` as the plan read
    it, plus every event committed to the warehouse since (``sdr suppress add``, a replies run, the
    log's ingestion) and every click appended to the log since.

    Events are only ever inserted, so they are read again only when their count moved since the last
    look: one count per question, asked only when something was committed to the warehouse since
    (``send_loop.CommitWatch``), prepared once on a cursor of its own with the optimizer off, as the
    send loop's ``GateWatch`` counts decisions. The table is made (empty) first if missing, so the
    count never needs the catalogue. :meth:`close` it after the batch.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, current: CurrentSuppressions):
        from sdr_assets.send_loop import CommitWatch, prepared_mark, unplanned_cursor

        ensure_schema(con)
        self.con, self.current = con, current
        self._commits = CommitWatch(con)
        self._marks = unplanned_cursor(con)
        try:
            self._mark = prepared_mark(self._marks, _EVENTS_MARK, EVENTS_MARK_SQL)
        except BaseException:
            self._marks.close()
            raise

    def reason_for(self, address: str) -> str | None:
        if self._commits.moved() and self._marks.execute(self._mark).fetchone()[0] != self.current.events_mark:
            self.current = current_suppressions(self.con, self.current.data_dir)
        return self.current.refresh().reason_for(address)

    def known_reason_for(self, address: str) -> str | None:
        """What the events last read and the log's clicks so far say, without counting the events:
        the check before a claim, which :meth:`reason_for` repeats before the hand-over."""
        return self.current.refresh().reason_for(address)

    def close(self) -> None:
        self._marks.close()


def _named(by: str, mode: str) -> str:
    """``by`` stripped, or SuppressionError when it names nobody by the approval gate's rule."""
    if refusal := nobody_named(by, mode):
        raise SuppressionError(refusal)
    return by.strip()


def log_entry(data_dir: str | Path, target: str, by: str, reason: str, now: datetime, mode: str = "live") -> Event:
    """A manual entry by a named person (by the gate's rule in the run ``mode``), an address or a whole
    ``@domain``, in the entries log (:mod:`sdr_assets.entry_log`): every send honours it from now on,
    the warehouse busy or not. :func:`record_entries` then records it in the warehouse."""
    by = _named(by, mode)
    try:
        canonical = canonical_target(target)
    except InvalidAddressError as exc:
        raise SuppressionError(f"not an address or @domain: {exc}") from None
    event = Event(f"manual:{uuid.uuid4().hex}", canonical, ADD, "manual", None, by, reason.strip(), now)
    entry_log.append(data_dir, event)
    return event


def record_entries(con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> int:
    """Record the entries log's events that the warehouse does not hold yet; returns how many were new."""
    ensure_schema(con)
    since, read_at = ingested(con, entry_log.LOG_RELATIVE), time.time_ns()
    read = entry_log.read(data_dir, since)
    if not _moved(since, read.cursor):
        return 0
    with transaction(con):  # the list folded in the same one: no interrupt leaves it behind the events
        new = _store(con, read.records, {entry_log.LOG_RELATIVE: read}, read_at)
        fold_list(con)
    return new


def add_entry(con: duckdb.DuckDBPyConnection, data_dir: str | Path, target: str, by: str, reason: str,
              now: datetime, mode: str = "live") -> Event:
    """:func:`log_entry`, then :func:`record_entries` on ``con``."""
    event = log_entry(data_dir, target, by, reason, now, mode)
    record_entries(con, data_dir)
    return event


def lift_entry(con: duckdb.DuckDBPyConnection, data_dir: str | Path, target: str, by: str, reason: str,
               now: datetime, mode: str = "live") -> list[str]:
    """Record a lift of the bounces and manual entries on ``target``; returns the reasons lifted.

    It lifts the mailbox, as suppressions match it: the entries on every spelling of the same
    :func:`suppression_key` (a +tag, Gmail's dots), one lift event for each spelling. Entries logged
    before it are recorded first, so it lifts them too. Refused, with nothing recorded, when nothing
    on the target may be lifted, or when ``by`` names nobody by the gate's rule in the run ``mode``.
    """
    by = _named(by, mode)
    if not reason.strip():
        raise SuppressionError("a lift needs the person's name (--by) and a reason (--reason)")
    try:
        canonical = canonical_target(target)
    except InvalidAddressError as exc:
        raise SuppressionError(f"not an address or @domain: {exc}") from None
    record_entries(con, data_dir)
    key = suppression_key(canonical)
    spellings = {t: found for t, found in active_entries(read_events(con)).items() if suppression_key(t) == key}
    entries = [e for found in spellings.values() for e in found]
    lifted = sorted({e.reason for e in liftable(entries)})
    kept = sorted({e.reason for e in entries if e.reason in UNLIFTABLE})
    if not lifted:
        why = f"its {', '.join(kept)} cannot be lifted" if kept else "it has no entry of its own"
        raise SuppressionError(f"{canonical} stays as it is: {why}")
    with transaction(con):
        insert_events(con, [Event(f"lift:{uuid.uuid4().hex}", t, LIFT, "lift", None, by, reason.strip(), now)
                            for t, found in sorted(spellings.items()) if liftable(found)])
        fold_list(con)
    return lifted
