"""A file whose status moved but whose bytes did not (a chmod, a hard link) is hashed by the signals
sensor until it has hashed it clear of the change; then not again until its size, time or status
move, while bytes replaced at the same size and time are still seen."""

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from resources.signal_feed import NoSignalFeed
from sdr_assets.domain.file_clock import RACY_NS
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records
from sdr_assets.signal_ingest import ingest
from sensors import signal_file_cursor, signal_files
from sensors.signal_files import inbox_state
from tests.signal_hashes import count_hashes

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
LONG_AGO = 1_700_000_000_000_000_000


def _write(path: Path, n: int) -> None:
    path.write_text(json.dumps({"company_domain": f"co{n}.example", "signal_type": "hiring",
                                "observed_at": "2026-11-18T10:00:00Z", "detail": f"opening {n}"}) + "\n")
    os.utime(path, ns=(LONG_AGO, LONG_AGO))


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """The names of the files the sensor hashes, in order."""
    return count_hashes(monkeypatch)


def test_a_file_whose_status_moved_is_hashed_until_clear_of_the_change_then_not_again(tmp_path, hashed):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, name in enumerate(("chmod.jsonl", "linked.jsonl", "other.jsonl")):
        _write(inbox / name, n)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    read = signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())
    (inbox / "chmod.jsonl").chmod(0o600)
    os.link(inbox / "linked.jsonl", tmp_path / "elsewhere.jsonl")
    moved = time.time_ns()

    first = inbox_state(inbox, read)
    assert first.unread == [] and sorted(hashed) == ["chmod.jsonl", "linked.jsonl"]
    assert sorted(first.same_bytes) == ["chmod.jsonl", "linked.jsonl"]
    again = inbox_state(inbox, read, same_bytes=first.same_bytes)
    assert len(hashed) == 4, "hashed within a coarse clock's tick of the change: a write then might not show"
    time.sleep(max(0.0, (moved + RACY_NS - time.time_ns()) / 1e9) + 0.2)
    clear = inbox_state(inbox, read, same_bytes=again.same_bytes)
    assert len(hashed) == 6 and clear.unread == []
    cursor = signal_file_cursor.text(None, clear.same_bytes)
    _, kept = signal_file_cursor.parse(cursor)
    assert kept == clear.same_bytes, "the cursor keeps what the sensor learnt"
    settled = inbox_state(inbox, read, same_bytes=kept)
    assert len(hashed) == 6 and settled.unread == [] and settled.same_bytes == kept, "nothing hashed again"

    path = inbox / "chmod.jsonl"
    _write(path, 7)  # corrected in place: the same size, its time set back as it was
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (read["chmod.jsonl"][1].size, LONG_AGO)
    [unread] = inbox_state(inbox, read, same_bytes=kept).unread
    assert unread.startswith("chmod.jsonl@") and hashed[-1] == "chmod.jsonl"


def test_what_the_sensor_learnt_of_a_file_does_not_stand_for_another_record(tmp_path, hashed):
    """A signals run that records other bytes for the file: the sensor's record of the old ones is
    not used, and the file is hashed again."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "feed.jsonl", 1)
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    read = signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())
    (inbox / "feed.jsonl").chmod(0o600)
    stat = (inbox / "feed.jsonl").stat()
    learnt = ("0" * 64, signal_files.FileRecord(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns + 10 * RACY_NS,
                                                stat.st_ino, stat.st_ctime_ns))
    assert inbox_state(inbox, read, same_bytes={"feed.jsonl": learnt}).unread == []
    assert hashed == ["feed.jsonl"]
