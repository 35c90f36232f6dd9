"""The opt-out log sensor: a run per growth of the log, keyed by its byte range."""

import functools
import time
from datetime import UTC, datetime

import dagster as dg

from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.suppression import ingest_log
from sensors.optouts import optout_log_sensor
from tests.memory_instance import memory_instance
from tests.signal_hashes import short_racy_window

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
# A tick writes nothing to its instance, and no run of these tests reaches one: one empty instance serves them all.
_instance = functools.cache(memory_instance)


def _tick(tmp_path, cursor=None):
    paths = PipelinePaths(data_dir=str(tmp_path), signals_inbox="", plays_dir="", reference_dir="", exports_dir="")
    warehouse = Warehouse(path=str(tmp_path / "warehouse.duckdb"))
    with dg.build_sensor_context(instance=_instance(), cursor=cursor,
                                 resources={"paths": paths, "warehouse": warehouse,
                                            "policy": SendPolicy(now_override=NOW.isoformat())}) as context:
        return optout_log_sensor(context)


def test_the_sensor_requests_one_run_per_new_byte_range(tmp_path):
    assert isinstance(_tick(tmp_path), dg.SkipReason)
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    first = _tick(tmp_path)
    end = optout_log.log_path(tmp_path).stat().st_size
    head = optout_log.read(tmp_path).cursor.head
    assert [r.run_key for r in first.run_requests] == [f"optouts:{head}:0-{end}"] and first.cursor.split(":")[0] == str(end)
    assert [r.run_key for r in _tick(tmp_path).run_requests] == [f"optouts:{head}:0-{end}"], "deterministic"
    assert isinstance(_tick(tmp_path, first.cursor), dg.SkipReason)
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    second = _tick(tmp_path, first.cursor)
    assert second.run_requests[0].run_key.startswith(f"optouts:{head}:{end}-")


def test_a_cursor_that_is_no_byte_offset_counts_as_none_with_a_warning(tmp_path, capfd):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    fresh = [r.run_key for r in _tick(tmp_path).run_requests]
    assert fresh
    capfd.readouterr()
    for cursor in ["abc", "-5", "not json", "[]", "[1]", "1.5"]:
        assert [r.run_key for r in _tick(tmp_path, cursor).run_requests] == fresh, cursor
        assert f"Cursor {cursor!r} ignored" in capfd.readouterr().err, cursor


def test_a_replaced_log_gets_run_keys_of_its_own(tmp_path):
    log = optout_log.log_path(tmp_path)
    keys = []
    for first, second in (("jane", "anne"), ("jake", "ally")):  # lines of the same lengths in each log
        optout_log.append(tmp_path, "k1", f"{first}@acme.example", NOW)
        cursor = _tick(tmp_path).cursor
        optout_log.append(tmp_path, "k2", f"{second}@acme.example", NOW)
        keys.append(_tick(tmp_path, cursor).run_requests[0].run_key)
        log.unlink()
    assert keys[0].split(":")[2] == keys[1].split(":")[2], "the same byte range"
    assert keys[0] != keys[1], "a run key already used would skip the new log's clicks"


def test_a_click_rewritten_in_place_at_the_same_size_is_asked_for(tmp_path):
    """A line replaced by another of the same length keeps the size; the file's status says it moved."""
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    first = _tick(tmp_path)
    assert isinstance(_tick(tmp_path, first.cursor), dg.SkipReason)
    log = optout_log.log_path(tmp_path)
    log.write_bytes(log.read_bytes().replace(b"jane", b"anne"))
    rewritten = _tick(tmp_path, first.cursor)
    assert isinstance(rewritten, dg.SensorResult) and len(rewritten.run_requests) == 1, rewritten
    assert rewritten.run_requests[0].run_key != first.run_requests[0].run_key, "a used run key would be skipped"
    assert isinstance(_tick(tmp_path, rewritten.cursor), dg.SkipReason), "asked for once"


def test_a_bare_offset_as_kept_before_the_status_still_reads(tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    end = str(optout_log.log_path(tmp_path).stat().st_size)
    assert isinstance(_tick(tmp_path, end), dg.SkipReason)
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    grown = _tick(tmp_path, end)
    assert grown.run_requests[0].tags["sdr/optout_log_bytes"].startswith(f"{end}-")
    assert grown.cursor.count(":") == 2, "the status is kept from then on"


def _clear_of_the_clock(path, monkeypatch) -> None:
    """Wait until ``path``'s status change time is past a file clock's tick (the short racy window):
    a status read sooner vouches for nothing (``file_clock.racy``)."""
    racy_ns = short_racy_window(monkeypatch)
    time.sleep(max(0.0, (path.stat().st_ctime_ns + racy_ns - time.time_ns()) / 1e9) + 0.2)


def _rewrite_in_place(log) -> None:
    """A click line replaced by another as long: the size is kept, the status moves."""
    log.write_bytes(log.read_bytes().replace(b"jane", b"anne"))


def test_a_fresh_cursor_records_the_logs_status_at_its_first_tick_so_a_rewrite_right_after_is_asked_for(tmp_path, monkeypatch):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    with Warehouse(path=str(tmp_path / "warehouse.duckdb")).connect() as con:
        ingest_log(con, tmp_path)  # read at once: too soon after the write for its status to be kept
    log = optout_log.log_path(tmp_path)
    _clear_of_the_clock(log, monkeypatch)
    first = _tick(tmp_path)
    assert not getattr(first, "run_requests", None), "ingestion reached the end of the log"
    _rewrite_in_place(log)
    [request] = _tick(tmp_path, getattr(first, "cursor", None)).run_requests
    assert request.tags["sdr/optout_log_bytes"] == f"0-{log.stat().st_size}", "read again from its start"


def test_a_fresh_cursor_starts_from_the_status_ingestion_recorded(tmp_path, monkeypatch):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    log = optout_log.log_path(tmp_path)
    _clear_of_the_clock(log, monkeypatch)
    with Warehouse(path=str(tmp_path / "warehouse.duckdb")).connect() as con:
        ingest_log(con, tmp_path)
    _rewrite_in_place(log)
    [request] = _tick(tmp_path).run_requests
    assert request.tags["sdr/optout_log_bytes"] == f"0-{log.stat().st_size}"


def test_a_log_rewritten_before_the_first_tick_after_an_ingestion_too_soon_for_a_status_is_asked_for(tmp_path, monkeypatch):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    with Warehouse(path=str(tmp_path / "warehouse.duckdb")).connect() as con:
        ingest_log(con, tmp_path)  # read at once: no status kept, only the digests of what was read
    log = optout_log.log_path(tmp_path)
    _rewrite_in_place(log)
    _clear_of_the_clock(log, monkeypatch)
    [request] = _tick(tmp_path).run_requests
    assert request.tags["sdr/optout_log_bytes"] == f"0-{log.stat().st_size}", "read again from its start"
