"""A signal file is read, and asked for, only once it has been still for the settle interval: a
file caught while it is written never leaves a cut row behind as a stored fact."""

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb

from resources.config import settings_from_env
from resources.defaults import build_resources
from resources.signal_feed import NoSignalFeed
from sdr_assets.domain import file_clock
from sdr_assets.domain.file_clock import changed_at, settling, waiting_note
from sdr_assets import signal_ingest
from sdr_assets.signal_ingest import ingest
from sensors import signal_files
from sensors.signal_files import signal_files_sensor
from tests.conftest import environ_for

HIRING_HEADER = "signal_id,company_domain,signal_type,observed_at,source,attributes,evidence_url\n"


def _row(signal_id: str, domain: str, url: str) -> str:
    return f'{signal_id},{domain},hiring,2026-11-18T10:00:00Z,jobs,"{{""role"": ""RevOps Lead""}}",{url}\n'


WHOLE = (HIRING_HEADER + _row("h-1", "acme.example", "https://acme.example/jobs/4821")
         + _row("h-2", "beta.example", "https://beta.example/careers/7730"))
CUT = WHOLE[:WHOLE.index("/careers/77") + len("/careers/77")]  # a row that looks whole: another posting


def _age(path: Path, seconds: float) -> None:
    at = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(at, at))


def test_a_file_read_while_it_is_still_being_written_ends_with_the_rows_as_written(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "hiring.csv"
    path.write_text(CUT)  # the exporter has written this much when the run comes
    con = duckdb.connect(":memory:")
    first = ingest(con, inbox, NoSignalFeed(), datetime.now(UTC))
    assert first.files_waiting == ["hiring.csv"] and first.files_read == [] and not first.quarantined
    assert con.execute("select count(*) from raw_signals").fetchone() == (0,)
    assert con.execute("select count(*) from signal_files").fetchone() == (0,), "not recorded: read next run"
    path.write_text(WHOLE)  # the export is done
    _age(path, 600)
    ingest(con, inbox, NoSignalFeed(), datetime.now(UTC) + timedelta(seconds=1))
    urls = dict(con.execute("select signal_id, evidence_url from raw_signals").fetchall())
    assert urls == {"h-1": "https://acme.example/jobs/4821", "h-2": "https://beta.example/careers/7730"}


def test_a_file_written_to_while_it_is_read_is_left_for_the_next_run(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = inbox / "hiring.csv"
    path.write_text(CUT)
    _age(path, 600)  # the exporter paused longer than the settle interval, then goes on mid-read
    read = signal_ingest.own_bytes

    def read_then_written(self, record):
        data = read(self, record)
        if self == path:
            path.write_text(WHOLE)
        return data

    monkeypatch.setattr(signal_ingest, "own_bytes", read_then_written)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), datetime.now(UTC))
    assert report.files_waiting == ["hiring.csv"] and report.files_read == []
    assert con.execute("select count(*) from raw_signals").fetchone() == (0,)


def test_the_sensor_waits_for_a_file_being_written_and_asks_for_it_once_still(tmp_path):
    # An interval longer than a busy machine may take between writing the file and the first tick.
    resources = build_resources(environ_for(tmp_path, SDR_SIGNAL_FILE_SETTLE_SECONDS="60"))
    resources = {name: resources[name] for name in ("paths", "warehouse", "policy")}
    inbox = resources["paths"].signals
    inbox.mkdir(parents=True)
    (inbox / "hiring.csv").write_text(CUT)
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            waiting = signal_files_sensor(context)
        assert isinstance(waiting, dg.SkipReason), waiting
        assert "1 signal file in" in waiting.skip_message and "may still be written (hiring.csv)" in \
            waiting.skip_message
        (inbox / "hiring.csv").write_text(WHOLE)
        _age(inbox / "hiring.csv", 61)
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            still = signal_files_sensor(context)
    [request] = still.run_requests
    assert request.tags["sdr/signal_files"] == f"hiring.csv@{len(WHOLE)}:{(inbox / 'hiring.csv').stat().st_mtime_ns}"


def test_the_settle_interval_is_a_setting_off_in_the_demo_and_never_waits_on_zero(tmp_path):
    live = settings_from_env({"SDR_DATA_DIR": str(tmp_path)})["paths"]
    demo = settings_from_env({"SDR_MODE": "demo", "SDR_DEMO_DIR": str(tmp_path)})["paths"]
    set_ = settings_from_env({"SDR_DATA_DIR": str(tmp_path), "SDR_SIGNAL_FILE_SETTLE_SECONDS": "30"})["paths"]
    assert (live.signal_settle_seconds, demo.signal_settle_seconds, set_.signal_settle_seconds) == (5.0, 0.0, 30.0)
    now = 10**18
    assert settling(now - 4 * 10**9, now, 5) and not settling(now - 5 * 10**9, now, 5)
    assert settling(now + 10**9, now, 5), "a time ahead of the clock is no proof the writer is done"
    assert not settling(now + 6 * 10**9, now, 5), "one further ahead than the interval is no age"
    assert changed_at(now + 6 * 10**9, now - 10**9, now, 5) == now - 10**9, "its status change time is"
    assert changed_at(now + 4 * 10**9, now - 10**9, now, 5) == now + 4 * 10**9
    assert not settling(now, now, 0)


def _dated(seconds_ahead: float) -> tuple[int, str]:
    at = time.time_ns() + int(seconds_ahead * 1e9)
    return at, f"dated in the future: {datetime.fromtimestamp(at / 1e9, UTC):%Y-%m-%d %H:%M:%S} UTC"


def _clock_ahead(monkeypatch, module, seconds: float) -> None:
    """The wall clock ``module`` reads, ``seconds`` later than the real one."""
    real = time.time_ns
    monkeypatch.setattr(module, "time", SimpleNamespace(time_ns=lambda: real() + int(seconds * 1e9)))


def test_a_file_dated_in_the_future_is_reported_as_such_and_one_far_ahead_waits_the_interval(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "soon.csv").write_text(WHOLE)
    (inbox / "bogus.csv").write_text(HIRING_HEADER + _row("h-3", "gamma.example", "https://gamma.example/jobs/1"))
    soon, said = _dated(3)
    os.utime(inbox / "soon.csv", ns=(soon, soon))
    bogus, bogus_said = _dated(365 * 86400)
    os.utime(inbox / "bogus.csv", ns=(bogus, bogus))
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), datetime.now(UTC))
    assert report.files_ahead == [f"soon.csv ({said})"] and report.files_read == []
    assert report.files_waiting == [f"bogus.csv ({bogus_said})"], "a year ahead: still for no interval yet"
    assert con.execute("select count(*) from raw_signals").fetchone() == (0,)
    _clock_ahead(monkeypatch, signal_ingest, 5)
    report = ingest(con, inbox, NoSignalFeed(), datetime.now(UTC))
    assert report.files_read == ["bogus.csv"], "a year ahead: read once still for the interval, not in a year"
    assert con.execute("select signal_id from raw_signals").fetchall() == [("h-3",)]


def test_the_sensor_says_a_file_is_dated_in_the_future_and_asks_for_one_far_ahead_once_still(tmp_path, monkeypatch):
    resources = build_resources(environ_for(tmp_path, SDR_SIGNAL_FILE_SETTLE_SECONDS="60"))
    resources = {name: resources[name] for name in ("paths", "warehouse", "policy")}
    inbox = resources["paths"].signals
    inbox.mkdir(parents=True)
    path = inbox / "hiring.csv"
    path.write_text(WHOLE)
    soon, said = _dated(30)
    os.utime(path, ns=(soon, soon))
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            waiting = signal_files_sensor(context)
        assert isinstance(waiting, dg.SkipReason), waiting
        assert f"1 signal file in {inbox} is dated ahead of the clock (hiring.csv ({said}))" in waiting.skip_message
        assert "may still be written" not in waiting.skip_message
        bogus, bogus_said = _dated(365 * 86400)
        os.utime(path, ns=(bogus, bogus))
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            changed = signal_files_sensor(context)
        assert isinstance(changed, dg.SkipReason), "its time was just set: it may still be written"
        assert f"may still be written (hiring.csv ({bogus_said}))" in changed.skip_message
        _clock_ahead(monkeypatch, signal_files, 60)
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            asked = signal_files_sensor(context)
    [request] = asked.run_requests
    assert request.tags["sdr/signal_files"] == f"hiring.csv@{len(WHOLE)}:{bogus}"


def test_a_file_dated_far_ahead_waits_by_its_ctime_only_where_ctime_is_the_status_change_time():
    """On Windows ``st_ctime`` is the creation time, which a copy keeps: it says nothing of the last write."""
    now = time.time_ns()
    far, created = now + 3600 * 10**9, now - 10**9
    assert waiting_note("a.csv", far, created, now, 5.0, status_time=True) is not None, "written a second ago"
    assert waiting_note("a.csv", far, created, now, 5.0, status_time=False) is None, "read on its two looks"
    assert changed_at(far, created, now, 5.0, status_time=False) == far


def test_a_creation_time_is_no_status_to_compare():
    """Where st_ctime is the creation time (Windows) the inode alone is the status."""
    earlier, later = (SimpleNamespace(st_ino=7, st_ctime_ns=ctime) for ctime in (1, 2))
    assert file_clock.status(earlier, status_time=False) == file_clock.status(later, status_time=False)
    assert file_clock.status(earlier, status_time=True) != file_clock.status(later, status_time=True)
    assert file_clock.status(SimpleNamespace(st_ino=8, st_ctime_ns=1), status_time=False) != \
        file_clock.status(earlier, status_time=False)


def test_a_record_vouches_only_for_the_same_size_time_and_status_hashed_clear_of_its_time(tmp_path):
    path = tmp_path / "signals.jsonl"
    path.write_bytes(b"{}\n")
    stat = path.stat()
    record = file_clock.FileRecord(stat.st_size, stat.st_mtime_ns, stat.st_mtime_ns + 3 * 10**9, *file_clock.status(stat))
    assert file_clock.vouches(record, stat)
    assert not file_clock.vouches(record._replace(hashed_ns=stat.st_mtime_ns), stat), "hashed in its time's tick"
    assert not file_clock.vouches(record._replace(hashed_ns=None), stat), "hashed at an unrecorded time"
    assert not file_clock.vouches(record._replace(inode=None, ctime_ns=None), stat), "recorded before statuses"
    assert not file_clock.vouches(record._replace(ctime_ns=stat.st_ctime_ns + 1), stat), "its status moved"
    assert not file_clock.vouches(record._replace(size=stat.st_size + 1), stat)
