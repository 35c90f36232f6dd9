"""A signal file over ``SDR_SIGNAL_FILE_MAX_MB`` is quarantined from its size, before any of it is
read; a huge line is refused without the file or the line decoded.

The large files here are sparse: their size is set, no byte of them written to disk.
"""

import json
import os
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from resources.config import settings_from_env
from resources.defaults import build_resources
from resources.signal_feed import NoSignalFeed
from sdr_assets.domain.signals import MAX_LINE, MAX_RAW, read_feed
from sdr_assets import signal_ingest
from sdr_assets.signal_ingest import ingest
from sdr_assets.signals import raw_signals
from tests.conftest import environ_for

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
MB = 2**20
ROW = {"company_domain": "acme.example", "signal_type": "hiring", "detail": "Hiring an AE", "source": "feed",
       "observed_at": "2026-11-10T08:00:00Z", "attributes": {"role": "AE"}}


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes, none written, last changed a minute ago (its record is not racy)."""
    with path.open("wb") as file:
        file.truncate(size)
    past = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(past, past))


def _never_read_whole(monkeypatch, name: str) -> None:
    real = signal_ingest.own_bytes

    def own_bytes(self, record):
        assert self.name != name, f"{name} was read into memory"
        return real(self, record)

    monkeypatch.setattr(signal_ingest, "own_bytes", own_bytes)


def _reason(size_mb: str, limit_mb: str) -> str:
    return (f"file of {size_mb} MB is over the limit of {limit_mb} MB (SDR_SIGNAL_FILE_MAX_MB), so none of it was "
            "read: split it into smaller files, or raise the limit and the next run reads it")


def test_a_file_over_the_default_limit_is_quarantined_unread_and_the_others_are_ingested(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.jsonl").write_text(json.dumps(ROW) + "\n")
    big = inbox / "big.jsonl"
    _sparse(big, 600 * MB)  # over the default 512 MB
    _never_read_whole(monkeypatch, "big.jsonl")
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert con.execute("select company_domain from raw_signals").fetchall() == [("acme.example",)]
    assert con.execute("select source_file, line, reason, raw from quarantined_signal_rows").fetchall() == [
        ("big.jsonl", 0, _reason("600.0", "512"), "")]
    assert con.execute("select rows_in, accepted, quarantined from signal_files where file = 'big.jsonl'"
                       ).fetchall() == [(1, 0, 1)], "recorded, counted as one quarantined row"

    again = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert again.files_read == [] and again.quarantined == [], "unchanged: not looked at again"

    _sparse(big, 700 * MB)
    changed = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert changed.files_read == ["big.jsonl"]
    assert con.execute("select reason from quarantined_signal_rows").fetchall() == [(_reason("700.0", "512"),)]

    monkeypatch.undo()  # made small, it is read
    big.write_text(json.dumps({**ROW, "company_domain": "globex.example"}) + "\n")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    assert sorted(con.execute("select company_domain from raw_signals").fetchall()) == [
        ("acme.example",), ("globex.example",)]
    assert con.execute("select count(*) from quarantined_signal_rows").fetchone() == (0,), "the quarantine row gone"


def test_a_file_set_aside_for_its_size_is_read_once_the_limit_is_raised(tmp_path):
    """Its record is unchanged (same size and time), but it was never read: a raised limit reads it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    small = inbox / "a.jsonl"
    small.write_text(json.dumps(ROW) + "\n" * 4000)
    past = time.time_ns() - 60 * 10**9
    os.utime(small, ns=(past, past))
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0, max_file_bytes=1000)
    assert con.execute("select count(*) from raw_signals").fetchone() == (0,)
    again = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0, max_file_bytes=1000)
    assert again.files_read == [], "the same limit: not looked at again"
    raised = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0, max_file_bytes=MB)
    assert raised.files_read == ["a.jsonl"]
    assert con.execute("select company_domain from raw_signals").fetchall() == [("acme.example",)]
    assert con.execute("select count(*) from quarantined_signal_rows").fetchone() == (0,), "the quarantine row gone"


def test_the_limit_is_a_setting_the_signals_step_applies(tmp_path, monkeypatch, instance):
    assert settings_from_env({"SDR_DATA_DIR": str(tmp_path)})["paths"].signal_file_max_mb == 512
    resources = build_resources(environ_for(tmp_path, SDR_SIGNAL_FILE_MAX_MB="2"))
    assert resources["paths"].signal_file_max_mb == 2
    inbox = resources["paths"].signals
    inbox.mkdir(parents=True)
    (inbox / "a.jsonl").write_text(json.dumps(ROW) + "\n")
    _sparse(inbox / "big.csv", 3 * MB + MB // 2)
    _never_read_whole(monkeypatch, "big.csv")
    assert dg.materialize([raw_signals], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:
        assert con.execute("select source_file, reason from quarantined_signal_rows").fetchall() == [
            ("big.csv", _reason("3.5", "2"))]
        assert con.execute("select count(*) from raw_signals").fetchone() == (1,)


def test_a_huge_line_is_refused_with_its_head_without_the_file_decoded():
    line = b'{"detail": "' + b"x" * (16 * MB) + b'"}'
    data = line + b"\r\n" + json.dumps(ROW).encode() + b"\n"
    tracemalloc.start()
    try:
        feed = read_feed("feed.jsonl", data, NOW)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(q.line, q.reason, q.raw) for q in feed.quarantined] == [
        (1, f"line longer than {MAX_LINE} characters", line[:MAX_RAW].decode())]
    assert feed.frame["company_domain"].to_list() == ["acme.example"]
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held to read a file of {len(data) / MB:.0f} MB"


@pytest.mark.parametrize("padding, refused", [(MAX_LINE, True), (MAX_LINE - 100, False)])
def test_a_line_of_few_characters_but_many_bytes_is_measured_in_characters(padding, refused):
    """Only a line of more than four bytes a character is refused by its byte count: one of three-byte
    characters is decoded and measured as before."""
    line = '{"detail": "' + "\u20ac" * padding + '"}'
    assert (len(line) > MAX_LINE, len(line.encode()) > MAX_LINE) == (refused, True)
    feed = read_feed("feed.jsonl", line.encode() + b"\n", NOW)
    assert (feed.quarantined[0].reason == f"line longer than {MAX_LINE} characters") == refused


def test_the_signals_sensor_asks_for_a_file_set_aside_for_its_size_once_the_limit_is_raised(tmp_path, instance):
    from sensors.signal_files import signal_files_sensor

    def tick(resources):
        with dg.build_sensor_context(instance=instance, resources={k: resources[k] for k in
                                                                   ("paths", "warehouse", "policy")}) as context:
            return signal_files_sensor(context)

    low = build_resources(environ_for(tmp_path, SDR_SIGNAL_FILE_MAX_MB="1"))
    inbox = low["paths"].signals
    inbox.mkdir(parents=True)
    big = inbox / "big.jsonl"
    big.write_text(json.dumps(ROW) + "\n" * (2 * MB))
    past = time.time_ns() - 60 * 10**9
    os.utime(big, ns=(past, past))
    [first] = tick(low).run_requests
    assert dg.materialize([raw_signals], resources=low, instance=instance).success
    with low["warehouse"].connect() as con:
        assert con.execute("select sha256 from signal_files").fetchall() == [("",)], "set aside for its size, unread"
    assert tick(low).skip_message.startswith("No new signal files"), "the same limit: nothing to ask for"

    high = build_resources(environ_for(tmp_path, SDR_SIGNAL_FILE_MAX_MB="4"))
    [raised] = tick(high).run_requests
    assert raised.run_key != first.run_key, "a run key Dagster has not started yet"
    assert "big.jsonl@" in raised.tags["sdr/signal_files"]
    assert dg.materialize([raw_signals], resources=high, instance=instance).success
    with high["warehouse"].connect() as con:
        assert con.execute("select company_domain from raw_signals").fetchall() == [("acme.example",)]
    assert tick(high).skip_message.startswith("No new signal files"), "read now: nothing more to ask for"
