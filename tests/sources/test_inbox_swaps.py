"""A file swapped for a link between the moment its record is taken and the moment it is read is
never followed: the run and the sensor leave it for the next look, whatever size and time the link
was given to pass for the file."""

import json
import os
import pathlib
import time
from datetime import UTC, datetime

import duckdb
import pytest

from resources.signal_feed import NoSignalFeed
from sdr_assets.domain.file_clock import FileRecord, status
from sdr_assets.inbox_files import LINK_REFUSAL, FileReplaced, own_bytes, own_digest
from sdr_assets.signal_ingest import ingest
from sensors.signal_files import inbox_state

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROW = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T10:00:00Z",
       "source": "jobs", "attributes": {"role": "RevOps Lead"}}


def _swap_on_open(monkeypatch, path: pathlib.Path, secret: pathlib.Path) -> list[int]:
    """Put a link to ``secret`` in ``path``'s place just before the file is first opened to be read,
    with the size and time of the file it replaces; return the list that counts the swaps."""
    record = path.lstat()
    swaps: list[int] = []

    def swap(target) -> None:
        if not swaps and os.fspath(target) == os.fspath(path):
            swaps.append(1)
            path.unlink()
            os.symlink(secret, path)
            os.utime(path, ns=(record.st_atime_ns, record.st_mtime_ns), follow_symlinks=False)
            assert path.lstat().st_size == record.st_size and path.lstat().st_mtime_ns == record.st_mtime_ns

    real_open, real_read_bytes, real_path_open = os.open, pathlib.Path.read_bytes, pathlib.Path.open
    monkeypatch.setattr(os, "open", lambda target, *a, **k: (swap(target), real_open(target, *a, **k))[1])
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: (swap(self), real_read_bytes(self))[1])
    monkeypatch.setattr(pathlib.Path, "open", lambda self, *a, **k: (swap(self), real_path_open(self, *a, **k))[1])
    return swaps


def _inbox(tmp_path) -> tuple[pathlib.Path, pathlib.Path]:
    """An inbox file and a secret outside whose path is as long as the file, so a link to it has its size."""
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    inbox.mkdir()
    outside.mkdir()
    own = (json.dumps({**ROW, "signal_id": "own-1"}) + "\n").encode()
    secret = outside / ("s" * (len(own) - len(os.fspath(outside)) - 1))
    secret.write_text(json.dumps({**ROW, "signal_id": "secret-1"}) + "\n")
    path = inbox / "jobs.jsonl"
    path.write_bytes(own)
    at = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(at, at))
    assert len(os.fspath(secret)) == path.stat().st_size
    return path, secret


def test_a_file_swapped_for_a_link_as_the_run_reads_it_is_left_for_the_next_run_unfollowed(tmp_path, monkeypatch):
    path, secret = _inbox(tmp_path)
    swaps = _swap_on_open(monkeypatch, path, secret)
    con = duckdb.connect(":memory:")
    report = ingest(con, path.parent, NoSignalFeed(), NOW)
    assert swaps == [1], "the link was put in place as the file was opened"
    assert con.execute("select signal_id from raw_signals").fetchall() == [], "nothing behind the link is read"
    assert report.files_waiting == ["jobs.jsonl"] and report.files_read == []
    monkeypatch.undo()
    again = ingest(con, path.parent, NoSignalFeed(), NOW)
    assert again.files_read == ["jobs.jsonl"] and con.execute("select signal_id from raw_signals").fetchall() == []
    assert con.execute("select reason from quarantined_signal_rows").fetchall() == [(LINK_REFUSAL,)]


def test_the_sensor_hashes_no_file_behind_a_link_swapped_in_as_it_hashes(tmp_path, monkeypatch):
    path, secret = _inbox(tmp_path)
    stat = path.lstat()
    # A racy record: hashed again.
    read = {"jobs.jsonl": ("0" * 64, FileRecord(stat.st_size, stat.st_mtime_ns, None, *status(stat)))}
    swaps = _swap_on_open(monkeypatch, path, secret)
    unread, waiting, ahead, _ = inbox_state(path.parent, read)
    assert swaps == [1]
    assert (unread, waiting, ahead) == ([f"jobs.jsonl@{stat.st_size}:{stat.st_mtime_ns}"], [], []), \
        "a run is asked for the changed path; no digest of what the link names is taken"


def test_a_link_or_a_file_read_by_a_record_it_no_longer_matches_is_named_replaced(tmp_path):
    path, secret = _inbox(tmp_path)
    record = path.lstat()
    assert own_bytes(path, record) == path.read_bytes() and own_digest(path, record)
    path.unlink()
    os.symlink(secret, path)
    link = path.lstat()
    assert own_bytes(path, link) == os.fsencode(secret), "a link's own text, never its target's bytes"
    for read in (own_bytes, own_digest):
        with pytest.raises(FileReplaced):
            read(path, record)  # a file's record, a link in its place
    path.unlink()
    path.write_text("written in the link's place\n")
    for read in (own_bytes, own_digest):
        with pytest.raises(FileReplaced):
            read(path, link)  # a link's record, a file in its place
