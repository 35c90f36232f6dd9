"""Incremental ingestion: a run reads only new or changed files, and the counts add up.

Files here are written whole before each run, so runs read them at once (``settle_seconds=0``);
the wait for a file still being written is ``test_signal_file_settle.py``'s.
"""

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from resources.signal_feed import NoSignalFeed
from sdr_assets import signal_ingest
from sdr_assets.signal_ingest import ingest
from sensors import signal_files
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records
from sensors.signal_files import inbox_state

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
FILES = int(os.environ.get("SDR_INGEST_FILES", "1000"))


def _write(path, n: int) -> None:
    row = {"company_domain": f"co{n}.example", "signal_type": "hiring", "observed_at": "2026-11-18T10:00:00Z",
           "source": "jobs", "detail": f"opening {n}", "attributes": {"role": "RevOps Lead"}}
    path.write_text(json.dumps(row) + "\n")


def test_a_thousand_files_then_one_more_reads_one_file(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(FILES):
        _write(inbox / f"feed_{n:04d}.jsonl", n)
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert len(first.files_read) == FILES and len(first.rows) == FILES
    _write(inbox / "feed_late.jsonl", FILES)
    second = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert second.files_read == ["feed_late.jsonl"] and second.files_seen == FILES + 1
    assert len(second.rows) == 1
    assert con.execute("select count(*) from raw_signals").fetchone() == (FILES + 1,)


def test_a_changed_file_is_read_again_and_a_touched_one_is_not(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "feed.jsonl"
    _write(path, 1)
    path.write_text(path.read_text() + "{broken\n")
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    os.utime(path, ns=(1, 1))
    touched = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert touched.files_read == [] and touched.files_unchanged_content == 1
    _write(inbox / "other.jsonl", 2)
    path.write_text(path.read_text() + (inbox / "other.jsonl").read_text().replace("co2", "co3"))
    (inbox / "other.jsonl").unlink()
    changed = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert changed.files_read == ["feed.jsonl"]
    assert (len(changed.rows), len(changed.quarantined), changed.duplicates) == (1, 1, 1)
    assert changed.rows_in == 3
    assert con.execute("select count(*) from quarantined_signal_rows").fetchone() == (1,), "replaced, not doubled"
    assert con.execute("select rows_in, accepted, quarantined, duplicates from signal_files").fetchall() == [
        (3, 1, 1, 1)]


def test_a_csv_file_whose_header_cannot_be_read_is_quarantined_and_recorded_and_an_empty_one_is_not(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    header = "company_domain,signal_type,observed_at,source,detail\n"
    rows = "".join(f"co{n}.example,hiring,2026-11-18T10:00:00Z,jobs,Hiring {n}\n" for n in range(3000))
    (inbox / "huge_header.csv").write_text("x" * 140_000 + "," + header + rows)
    (inbox / "stray_quote.csv").write_text('"' + header + rows)
    (inbox / "empty.csv").write_text("")
    _write(inbox / "good.jsonl", 1)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    files = {r[0]: r[1:] for r in con.execute("select file, rows_in, accepted, quarantined, duplicates "
                                               "from signal_files").fetchall()}
    assert files == {"huge_header.csv": (1, 0, 1, 0), "stray_quote.csv": (1, 0, 1, 0), "empty.csv": (0, 0, 0, 0),
                     "good.jsonl": (1, 1, 0, 0)}
    reasons = con.execute("select source_file, line, reason from quarantined_signal_rows order by 1").fetchall()
    limit = "CSV header unreadable, so no row of the file was read: field larger than field limit (131072)"
    assert reasons == [("huge_header.csv", 1, limit), ("stray_quote.csv", 1, limit)]


def test_a_file_whose_name_is_not_utf8_is_read_under_an_escaped_name_and_the_sensor_agrees(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "a_good.jsonl", 1)
    latin1 = os.path.join(os.fsencode(inbox), b"caf\xe9.jsonl")  # a Latin-1 name, as from a share or an archive
    with open(latin1, "w") as fh:
        fh.write((inbox / "a_good.jsonl").read_text().replace("co1", "co2") + "{broken\n")
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert first.files_read == ["a_good.jsonl", "caf\\xe9.jsonl"] and len(first.rows) == 2
    assert con.execute("select source_file from quarantined_signal_rows").fetchall() == [("caf\\xe9.jsonl",)]
    assert inbox_state(inbox, _recorded(con)).unread == [], "the sensor sees both files as read"
    assert ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0).files_read == []


def test_a_file_taken_away_between_the_listing_and_the_read_is_skipped(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "a.jsonl", 1)
    _write(inbox / "gone.jsonl", 2)
    own_bytes = signal_ingest.own_bytes

    def vanishing(path, record):
        if path.name == "gone.jsonl":
            raise FileNotFoundError(path)
        return own_bytes(path, record)

    monkeypatch.setattr(signal_ingest, "own_bytes", vanishing)
    report = ingest(duckdb.connect(":memory:"), inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert report.files_read == ["a.jsonl"] and len(report.rows) == 1


def _recorded(con) -> dict[str, tuple]:
    """``signal_files`` as ``sensors.recorded.signal_files`` gives it to the sensor."""
    return signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())


def test_a_file_rewritten_at_the_same_size_within_one_clock_tick_is_read_again_and_the_sensor_agrees(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "vendor.jsonl"
    tick = time.time_ns() // 1_000_000_000 * 1_000_000_000  # a one-second file clock
    _write(path, 1)  # the vendor's first drop, read at once...
    os.utime(path, ns=(tick, tick))
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert inbox_state(inbox, _recorded(con)).unread == [], "hashed again, the same bytes: nothing to ask for"

    _write(path, 2)  # ...corrected in place: the same length, the same tick
    os.utime(path, ns=(tick, tick))
    recorded = _recorded(con)["vendor.jsonl"][1]
    assert (recorded.size, recorded.mtime_ns) == (path.stat().st_size, tick), "size and time as recorded"
    [unread] = inbox_state(inbox, _recorded(con)).unread
    assert unread.startswith(f"vendor.jsonl@{path.stat().st_size}:{tick}:")
    again = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert again.files_read == ["vendor.jsonl"]
    assert sorted(con.execute("select company_domain from raw_signals").fetchall()) == [
        ("co1.example",), ("co2.example",)]
    assert inbox_state(inbox, _recorded(con)).unread == []


def _ingested_long_after_its_change(tmp_path) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """An inbox of one file last changed long ago, read once: the inbox and the warehouse."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "old.jsonl", 1)
    os.utime(inbox / "old.jsonl", ns=(1_700_000_000_000_000_000,) * 2)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    return inbox, con


def test_a_file_recorded_well_after_its_last_change_is_neither_read_again_nor_hashed_by_the_sensor(
        tmp_path, monkeypatch):
    inbox, con = _ingested_long_after_its_change(tmp_path)
    reads = []
    for module, name in ((signal_ingest, "own_bytes"), (signal_files, "own_digest")):
        def counted(path, record, read=getattr(module, name)):
            reads.append(path.name)
            return read(path, record)

        monkeypatch.setattr(module, name, counted)
    assert ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0).files_unchanged_content == 0
    assert inbox_state(inbox, _recorded(con)).unread == [] and reads == []


def test_a_file_copied_over_at_its_size_and_time_is_read_again_and_the_sensor_asks_for_it(tmp_path):
    """``cp -p`` or ``rsync -t`` of a corrected export: size and modification time as recorded, long
    after the last change, so no racy record either; the status change time and inode moved."""
    inbox, con = _ingested_long_after_its_change(tmp_path)
    path = inbox / "old.jsonl"
    kept = path.stat()
    _write(path, 2)
    os.utime(path, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (kept.st_size, kept.st_mtime_ns)
    [unread] = inbox_state(inbox, _recorded(con)).unread
    assert unread.startswith(f"old.jsonl@{kept.st_size}:{kept.st_mtime_ns}:")
    assert ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0).files_read == ["old.jsonl"]
    assert sorted(con.execute("select company_domain from raw_signals").fetchall()) == [
        ("co1.example",), ("co2.example",)]
    assert inbox_state(inbox, _recorded(con)).unread == []
    assert ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0).files_unchanged_content == 0


def test_files_recorded_before_their_hashing_time_was_kept_are_hashed_again_once_and_nothing_is_lost(tmp_path):
    inbox, con = _ingested_long_after_its_change(tmp_path)
    for column in ("ctime_ns", "inode", "merged", "hashed_ns"):  # the layout of an earlier version
        con.execute(f"alter table signal_files drop column {column}")

    report = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert report.files_read == [] and report.files_unchanged_content == 1
    assert con.execute("select count(*) from raw_signals").fetchone() == (1,)
    assert con.execute("select count(*) from signal_files where hashed_ns is not null").fetchone() == (1,)
    assert con.execute("select merged from signal_files").fetchall() == [(0,)], "a file read before merges"
    assert ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0).files_unchanged_content == 0
