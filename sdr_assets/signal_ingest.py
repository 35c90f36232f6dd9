"""Incremental signal ingestion: read only new or changed files and new API pages, then append.

The warehouse remembers each file it read (size, modification time, SHA-256, and when it was
hashed) in ``signal_files`` and each API feed's cursor in ``signal_feed_state``. A run reads the
files whose content changed since and the feed's pages after its cursor, appends the rows whose
signal_id and event are new, replaces a row its file corrected (``signal_corrections``), keeps a row
of an event another source reported first as one more report of that signal
(``merged_signal_reports``), and counts the rest: rows in = accepted + quarantined + duplicates +
merged. A
file is hashed again when its size, modification time, inode or status change time moved (a copy
that kept the size and time moves the last two), or while its record is racy
(``sdr_assets.domain.file_clock``): a coarse file clock can hide a rewrite in the same tick. A file
changed within the settle interval is not read at all: it waits for the next run, as its writer may
not be done and a cut last row can look whole. A file larger than the limit is not read either: its
size, known before any read, quarantines it whole, and its record holds no hash (each run that
finds it changed quarantines it again, from its size alone).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from resources.config import SIGNAL_FILE_MAX_MB
from resources.signal_feed import FeedPull, SignalFeed
from resources.tables import columns_of, one, transaction
from resources.warehouse import frame_of, table_exists
from sdr_assets.domain.file_clock import SETTLE_SECONDS, FileRecord, status, vouches, waiting_note
from sdr_assets.domain.feed_unnamed_rows import without_stored_unnamed
from sdr_assets.domain.file_names import stored_name
from sdr_assets.domain.signal_bulk import ROW_SCHEMA
from sdr_assets.domain.signal_events import NO_MERGES, MERGED_SCHEMA, POSTING_WINDOW
from sdr_assets.domain.signals import (
    NO_ROWS,
    SUPPORTED_SUFFIXES,
    Deduplicator,
    FeedRead,
    Quarantined,
    api_records,
    validate_records,
)
from sdr_assets.feed_health import HEALTH_SCHEMA, forget_other_feeds, record_run
from sdr_assets.feed_parts import FeedReader
from sdr_assets.inbox_files import LINK_REFUSAL, FileReplaced, is_link, limit_raised, own_bytes
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records
from sdr_assets.signal_corrections import Correction, corrections, replace_stored
from sdr_assets.signal_rescreen import stand_screened
from sdr_assets.signal_upgrade import merge_stored, merged_under_current_rules

RAW_SIGNAL_SCHEMA = {**ROW_SCHEMA, "ingested_at": pl.Datetime("us", "UTC")}
QUARANTINE_SCHEMA = {"source_file": pl.String, "line": pl.Int64, "reason": pl.String, "raw": pl.String,
                     "quarantined_at": pl.Datetime("us", "UTC")}
FILES_SCHEMA = {"file": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64, "sha256": pl.String,
                "read_at": pl.Datetime("us", "UTC"), "rows_in": pl.Int64, "accepted": pl.Int64,
                "quarantined": pl.Int64, "duplicates": pl.Int64, "hashed_ns": pl.Int64, "merged": pl.Int64,
                "inode": pl.Int64, "ctime_ns": pl.Int64}
# Columns added after the table's first layout, each with the value its earlier rows take: an unknown
# hashing time is racy, nothing was merged, and an unknown inode or status change time is a change.
LATE_FILE_COLUMNS = {"hashed_ns": "null", "merged": "0", "inode": "null", "ctime_ns": "null"}
FEED_STATE_SCHEMA = {"feed": pl.String, "state": pl.String, "updated_at": pl.Datetime("us", "UTC")}
MERGED_REPORTS_SCHEMA = {**MERGED_SCHEMA, "merged_at": pl.Datetime("us", "UTC")}
TABLES = {"raw_signals": RAW_SIGNAL_SCHEMA, "quarantined_signal_rows": QUARANTINE_SCHEMA,
          "merged_signal_reports": MERGED_REPORTS_SCHEMA, "signal_files": FILES_SCHEMA,
          "signal_feed_state": FEED_STATE_SCHEMA, "signal_feed_health": HEALTH_SCHEMA}


@dataclass
class IngestReport:
    frames: list[pl.DataFrame] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    duplicates: int = 0
    merged: list[pl.DataFrame] = field(default_factory=list)  # reports of an event another row holds
    files_seen: int = 0
    files_read: list[str] = field(default_factory=list)
    files_unreadable: list[str] = field(default_factory=list)  # set aside with the reason, tried again next run
    files_waiting: list[str] = field(default_factory=list)  # changed within the settle interval: read next run
    files_ahead: list[str] = field(default_factory=list)  # "name (dated in the future: ...)": read once its time passed
    corrected: list[Correction] = field(default_factory=list)  # stored rows replaced by their file's new values
    stored_merged: int = 0  # stored signals made reports once, as the merge rules changed (``signal_upgrade``)
    stored_split: int = 0  # stored reports made signals once, as the merge rules changed (``signal_splits``)
    refused_on_promotion: list[Quarantined] = field(default_factory=list)  # reports refused as they stood in
    pages: list[str] = field(default_factory=list)
    files_unchanged_content: int = 0
    pages_read: int = 0
    feed_requests: int = 0
    feed_stopped: str = ""
    feed_error: str = ""  # why the feed failed this run, if it did

    @property
    def rows(self) -> pl.DataFrame:
        return pl.concat([NO_ROWS, *self.frames], rechunk=True)

    @property
    def reports(self) -> pl.DataFrame:
        return pl.concat([NO_MERGES, *self.merged], rechunk=True)

    @property
    def rows_in(self) -> int:
        return (sum(f.height for f in self.frames) + len(self.quarantined) + self.duplicates
                + sum(m.height for m in self.merged))

    def add(self, feed: FeedRead) -> FeedRead:
        self.frames.append(feed.frame)
        self.quarantined.extend(feed.quarantined)
        self.duplicates += feed.duplicates
        self.merged.append(feed.merged)
        return feed


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ingestion tables; a table from an older layout is rebuilt from the inbox."""
    for column, earlier in LATE_FILE_COLUMNS.items():
        if columns_of(con, "signal_files") == _before(column):
            con.execute(f"alter table signal_files add column {column} bigint default {earlier}")
    stale = False
    for name, schema in TABLES.items():
        if table_exists(con, name):
            if columns_of(con, name) == list(schema):
                continue
            stale = True
    if stale:
        for name in TABLES:
            con.execute(f"drop table if exists {name}")
    for name, schema in TABLES.items():
        if not table_exists(con, name):
            con.register("_empty", pl.DataFrame(schema=schema))
            con.execute(f"create table {name} as select * from _empty")
            con.unregister("_empty")


def _before(column: str) -> list[str]:
    """The columns of ``signal_files`` as they were before ``column`` was added."""
    return list(FILES_SCHEMA)[:list(FILES_SCHEMA).index(column)]


def _seen(con: duckdb.DuckDBPyConnection) -> tuple[pl.Series, pl.Series]:
    """The ids and events kept: the stored rows', and those of the reports merged into them."""
    stored = frame_of(con, "select signal_id, event_key from raw_signals union all "
                           "select reported_signal_id, event_key from merged_signal_reports")
    return stored["signal_id"], stored["event_key"]


_FIELDS = "event_key, company_domain, signal_type, observed_at, evidence_url, source, attributes"
_POSTING = "coalesce(json_extract_string(attributes, '$.posting_url'), '') <> ''"
_NEAR = ("select r.{column} from {table} r join _days d on d.company_domain = r.company_domain "
         "and r.observed_at >= d.start - interval {before} day and r.observed_at < d.start + interval {after} day "
         "where r.signal_type {kind}")
# The signals of the postings a row of these company days may repost, through a row of theirs (the
# signal's own or a report's) observed in the window of one of the days: the hiring rows of those
# companies near those days first (a join), then the JSON of those alone.
_POSTINGS = ("with near as ({} union all {}) select distinct signal_id from near where {}".format(
    *(_NEAR.format(column="signal_id, r.attributes", table=table, before=POSTING_WINDOW.days,
                   after=POSTING_WINDOW.days + 1, kind="= 'hiring'")
      for table in ("raw_signals", "merged_signal_reports")), _POSTING))
_OF_DAYS = _NEAR.format(column="rowid", table="raw_signals", before=0, after=1, kind="<> 'intent'")


def _stored(con: duckdb.DuckDBPyConnection, days: list[tuple[str, date]], ids: list[str]) -> pl.DataFrame:
    """The fields that name their events of the stored rows (intent aside) of these (company, UTC day)
    pairs, and of these ids, in the order they were kept; then the reports of the postings they may
    repost, each under its signal's id."""
    con.register("_days", pl.DataFrame(days, schema={"company_domain": pl.String, "day": pl.Date}, orient="row")
                 .select("company_domain", start=pl.col("day").cast(pl.Datetime("us", "UTC"))))
    try:
        postings = [i for (i,) in con.execute(_POSTINGS).fetchall()] if days else []
        # The rows are found on narrow columns, then only they are read whole.
        rows = [i for (i,) in con.execute(
            f"select rowid from raw_signals where rowid in ({_OF_DAYS}) or signal_id in (select unnest(?::varchar[])) "
            "or signal_id in (select unnest(?::varchar[]))", [ids, postings]).fetchall()]
        return frame_of(con, f"select signal_id, {_FIELDS} from (select signal_id, {_FIELDS}, 0 as report, "
                             "ingested_at as kept_at, source_file, source_line from raw_signals "
                             "where rowid in (select unnest(?::bigint[])) "
                             f"union all select signal_id, {_FIELDS}, 1, merged_at, source_file, source_line "
                             "from merged_signal_reports where signal_id in (select unnest(?::varchar[])) "
                             f"and signal_type = 'hiring' and {_POSTING}) "
                             "order by report, kept_at, source_file, source_line", [rows, postings])
    finally:
        con.unregister("_days")


def deduplicator(con: duckdb.DuckDBPyConnection) -> Deduplicator:
    """The deduplicator of one ingest, asking the warehouse only of the companies it holds rows of: a
    file of companies new to it (most files, and every file of a first run) costs no query. The
    companies are listed when a file or feed first has rows: a run that reads nothing new scans none."""
    return Deduplicator(lambda: _seen(con), partial(_stored, con), lambda: frame_of(
        con, "select distinct company_domain from raw_signals where signal_type <> 'intent'")["company_domain"])


def _inbox_files(directory: Path) -> list[Path]:
    if not directory.exists():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))


def _moved(before: os.stat_result, after: os.stat_result) -> bool:
    """Whether the path changed since ``before``: written to, or another file (or a link) put in its place."""
    return ((before.st_size, before.st_mtime_ns, before.st_ino, before.st_mode)
            != (after.st_size, after.st_mtime_ns, after.st_ino, after.st_mode))


def _too_large(name: str, size: int, max_file_bytes: int) -> FeedRead:
    """The one quarantine row of a file over the size limit, which was not read."""
    reason = (f"file of {size / 2**20:,.1f} MB is over the limit of {max_file_bytes / 2**20:g} MB "
              "(SDR_SIGNAL_FILE_MAX_MB), so none of it was read: split it into smaller files, or raise the "
              "limit and the next run reads it")
    return FeedRead(quarantined=[Quarantined(name, 0, reason, "")])


def ingest(con: duckdb.DuckDBPyConnection, inbox: Path, feed: SignalFeed, now: datetime,
           settle_seconds: float = SETTLE_SECONDS, max_file_bytes: int = SIGNAL_FILE_MAX_MB * 2**20,
           pulled: FeedPull | None = None) -> IngestReport:
    """Read what is new and has been still for ``settle_seconds``, append it, and return what was
    read; one transaction for the whole run. A file over ``max_file_bytes`` is quarantined unread.
    ``pulled``: the feed's pages, if already read from its state (``feed_state``); else they are read here."""
    ensure_tables(con)
    split, upgraded = merge_stored(con, now)
    dedup = deduplicator(con)
    known = signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())
    report = IngestReport(stored_merged=upgraded, stored_split=split)
    registry: list[dict] = []
    reads: list[tuple[dict, Callable[[], FeedRead]]] = []
    with FeedReader(now) as reader:
        for path in _inbox_files(inbox):
            report.files_seen += 1
            name = stored_name(path.name)
            try:
                stat = path.lstat()
                previous = known.get(name)
                if _as_recorded(previous, stat, max_file_bytes):
                    continue
                clock_ns = time.time_ns()  # wall clock, as file times
                if note := waiting_note(name, stat.st_mtime_ns, stat.st_ctime_ns, clock_ns, settle_seconds):
                    (report.files_ahead if note[0] else report.files_waiting).append(note[1])
                    continue
                too_large = not is_link(stat) and stat.st_size > max_file_bytes
                hashed_ns = time.time_ns()  # wall clock, as the file's own times
                data = b"" if too_large else own_bytes(path, stat)
                digest = "" if too_large else hashlib.sha256(data).hexdigest()
                if _moved(stat, path.lstat()):  # written to while it was read: these bytes may be cut
                    report.files_waiting.append(name)
                    continue
            except FileReplaced:  # another file or a link put in its place since its record: read next run
                report.files_waiting.append(name)
                continue
            except FileNotFoundError:  # taken away since the listing: nothing of it to read
                continue
            except OSError as exc:  # not this user's to read: the other files go on, this one is tried again
                report.files_unreadable.append(name)
                report.quarantined.append(Quarantined(name, 0, f"cannot read the file: {exc.strerror or exc}", ""))
                continue
            entry = {"file": name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest,
                     "read_at": now, "rows_in": 0, "accepted": 0, "quarantined": 0, "duplicates": 0,
                     "hashed_ns": hashed_ns, "merged": 0, **dict(zip(("inode", "ctime_ns"), status(stat)))}
            if previous and digest and previous[0] == digest:
                report.files_unchanged_content += 1
                registry.append({**entry, "read_at": None})
                continue
            report.files_read.append(name)
            registry.append(entry)
            if is_link(stat):
                link = FeedRead(quarantined=[Quarantined(name, 0, LINK_REFUSAL, "")])
                reads.append((entry, lambda read=link: read))
            elif too_large:
                reads.append((entry, lambda read=_too_large(name, stat.st_size, max_file_bytes): read))
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                suffix = stored_name(path.suffix)
                unsupported = FeedRead(quarantined=[Quarantined(name, 0, f"unsupported file type '{suffix}'", "")])
                reads.append((entry, lambda read=unsupported: read))
            else:
                reads.append((entry, reader.read(name, data)))
        # Files are deduplicated in the inbox's order, whichever worker finished first.
        for entry, read in reads:
            got = read()
            fixed = corrections(con, entry["file"], got.frame) if entry["file"] in known else []
            if fixed:
                dedup.forget([c.signal_id for c in fixed], [c.stored_event for c in fixed],
                             [c.signal_id for c in fixed if c.merged])
                got = _corrections_first(got, fixed)
            fresh = report.add(dedup.fresh(got))
            if fixed:
                kept = {*fresh.frame["signal_id"].to_list(), *fresh.merged["reported_signal_id"].to_list()}
                report.corrected.extend(c for c in fixed if c.signal_id in kept)
                lost = [c for c in fixed if c.signal_id not in kept]  # dropped after all: the stored row stands
                dedup.remember([c.signal_id for c in lost], [c.stored_event for c in lost])
            entry.update(rows_in=fresh.rows_in, accepted=fresh.frame.height, quarantined=len(fresh.quarantined),
                         duplicates=fresh.duplicates, merged=fresh.merged.height)
    state = _pull_feed(con, feed, now, dedup, report, pulled)
    _write(con, report, registry, feed.label, state, now)
    return report


def _as_recorded(record: tuple[str, FileRecord] | None, stat: os.stat_result, max_file_bytes: int) -> bool:
    """Whether a file is as its ``signal_files`` record (digest, what was recorded of it) left it: the
    record vouches for its bytes (``file_clock.vouches``), and it was not set aside for a size the
    limit now allows."""
    return record is not None and vouches(record[1], stat) and not limit_raised(record[0], stat, max_file_bytes)


def nothing_to_ingest(con: duckdb.DuckDBPyConnection, inbox: Path, feed: SignalFeed,
                      max_file_bytes: int = SIGNAL_FILE_MAX_MB * 2**20) -> bool:
    """Whether ``ingest`` would write nothing: no API feed (a feed is asked each run), the tables in
    their current layout, stored signals merged under today's rules, no feed records for it to
    forget, and every inbox file as its record left it."""
    if feed.label or not all(table_exists(con, t) and columns_of(con, t) == list(schema) for t, schema in TABLES.items()):
        return False
    if not merged_under_current_rules(con) or one(con, "select count(*) from signal_feed_health")[0]:
        return False
    known = signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())
    try:
        return all(_as_recorded(known.get(stored_name(path.name)), path.lstat(), max_file_bytes)
                   for path in _inbox_files(inbox))
    except OSError:  # taken away since the listing, or not this user's: the run says what it found
        return False


def _corrections_first(read: FeedRead, fixed: list[Correction]) -> FeedRead:
    """The file's rows with those of corrected signal_ids first, each group in the file's order: a
    correction takes back its stored row's event before a new id the file gives that event."""
    corrected = pl.Series([c.signal_id for c in fixed], dtype=pl.String).implode()
    frame = read.frame.sort(~pl.col("signal_id").is_in(corrected), maintain_order=True)
    return FeedRead(frame, read.quarantined, read.duplicates)


def feed_state(con: duckdb.DuckDBPyConnection, feed: SignalFeed) -> str | None:
    """Where ``feed`` resumes (the state its last pull returned), the tables made first."""
    ensure_tables(con)
    row = con.execute("select state from signal_feed_state where feed = ?", [feed.label]).fetchone()
    return row[0] if row else None


def _pull_feed(con, feed: SignalFeed, now: datetime, dedup: Deduplicator, report: IngestReport,
               pulled: FeedPull | None) -> str | None:
    if not feed.label:
        return None
    pull = pulled if pulled is not None else feed.pull(feed_state(con, feed))
    report.feed_requests, report.feed_stopped, report.feed_error = pull.requests, pull.stopped, pull.error
    for page in pull.pages:
        report.pages_read += 1
        name = f"{feed.label}@{page.position or 'start'}"
        report.pages.append(name)
        if page.error:
            report.quarantined.append(Quarantined(name, 0, page.error, ""))
            continue
        # A row that names no source is the feed's, not the blank source of every unnamed file row: a
        # source's own rows of one event are never merged.
        read = validate_records(name, api_records(page.records), now, feed.label)
        report.add(dedup.fresh(without_stored_unnamed(read, feed.label, dedup.seen)))
    return pull.state


def new_rows(report: IngestReport, now: datetime) -> pl.DataFrame:
    return report.rows.with_columns(ingested_at=pl.lit(now, dtype=RAW_SIGNAL_SCHEMA["ingested_at"]))


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_frame", frame)
        con.execute(f"insert into {table} by name select * from _frame")
        con.unregister("_frame")


def _delete(con: duckdb.DuckDBPyConnection, table: str, column: str, names: list[str]) -> None:
    """Delete the rows whose ``column`` is one of ``names``, in one statement: an inbox of a thousand
    files read at once would otherwise cost a thousand."""
    if names:
        con.execute(f"delete from {table} where {column} in (select unnest(?::varchar[]))", [names])


def _restat(con: duckdb.DuckDBPyConnection, files: pl.DataFrame) -> None:
    """Record the status of files found with the content they had: their earlier counts are kept.
    A name listed twice takes its last status, as one update after another would leave it."""
    if files.height:
        con.register("_restat", files.unique("file", keep="last", maintain_order=True))
        con.execute("update signal_files set size = r.size, mtime_ns = r.mtime_ns, hashed_ns = r.hashed_ns, "
                    "inode = r.inode, ctime_ns = r.ctime_ns from _restat r where signal_files.file = r.file")
        con.unregister("_restat")


def _write(con, report: IngestReport, registry: list[dict], feed: str, state: str | None, now: datetime) -> None:
    rows = new_rows(report, now)
    quarantine = pl.DataFrame([{**q.__dict__, "quarantined_at": now} for q in report.quarantined],
                              schema=QUARANTINE_SCHEMA)
    files = pl.DataFrame(registry, schema=FILES_SCHEMA)
    read_entries = files.filter(pl.col("read_at").is_not_null())
    with transaction(con):
        # A file or page read again replaces its earlier quarantine rows.
        _delete(con, "quarantined_signal_rows", "source_file",
                [*report.files_read, *report.files_unreadable, *report.pages])
        _restat(con, files.filter(pl.col("read_at").is_null()))
        _delete(con, "signal_files", "file", read_entries["file"].to_list())
        _insert(con, "signal_files", read_entries)
        replace_stored(con, report.corrected)
        _insert(con, "raw_signals", rows)
        _insert(con, "merged_signal_reports", report.reports.with_columns(
            merged_at=pl.lit(now, dtype=MERGED_REPORTS_SCHEMA["merged_at"])))
        report.refused_on_promotion = stand_screened(con, [c.signal_id for c in report.corrected if not c.merged],
                                                     now)
        _insert(con, "quarantined_signal_rows", quarantine)
        if feed and state is not None:
            con.execute("delete from signal_feed_state where feed = ?", [feed])
            con.execute("insert into signal_feed_state values (?, ?, ?)", [feed, state, now])
        forget_other_feeds(con, feed)
        if feed:
            record_run(con, feed, report.feed_error, now)

