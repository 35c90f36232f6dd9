"""`sdr handled ID --outcome opted_out` while another process (a send batch) holds the warehouse: the
person's decision is logged at once, where the send step reads it before each message, and the
queue records the hand-off once the warehouse is free, with one suppression event, not two."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sdr_assets import entry_log
from sdr_assets.suppression import current_suppressions, ingest_log, record_entries
from tests.escalation_desk import (ANN, ASKS_TO_STOP_AT, POSTAL_ADDRESS, CopiedDesk, Desk,
                                   desk_asked_to_stop)
from tests.warehouse_holder import held

SDR = str(Path(sys.executable).with_name("sdr"))
MON = ASKS_TO_STOP_AT
NOW = MON.replace(hour=11)


@pytest.fixture(scope="module")
def asked_to_stop(tmp_path_factory) -> Path:
    """Ann's desk (``desk_asked_to_stop``), built once for this module: tests copy it, never write to it."""
    return desk_asked_to_stop(tmp_path_factory.mktemp("asked_to_stop") / "data").root



@pytest.fixture
def desk(asked_to_stop: Path, tmp_path) -> Desk:
    """A copy of the module's desk; its files keep their times, as the warehouse recorded them."""
    return CopiedDesk(asked_to_stop, tmp_path / "data")


@contextmanager
def _sdr(desk: Desk, *args: str) -> Iterator[subprocess.Popen]:
    env = {**os.environ, "SDR_DATA_DIR": str(desk.root), "SDR_NOW": NOW.isoformat(),
           "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS}
    command = subprocess.Popen([SDR, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield command
    finally:
        if command.poll() is None:
            command.kill()
        command.communicate()


def _logged(desk: Desk, command: subprocess.Popen) -> list:
    """The entries log's events, once the command wrote one; it must not have finished first."""
    log, deadline = entry_log.log_path(desk.root), time.monotonic() + 30
    while not (log.exists() and log.read_bytes().endswith(b"\n")):
        assert command.poll() is None, command.communicate()
        assert time.monotonic() < deadline, "the command never logged the opt-out"
        time.sleep(0.05)
    return entry_log.read(desk.root).records


def _events(desk: Desk) -> list[tuple]:
    with desk.resources(NOW)["warehouse"].connect() as con:
        return con.execute("select event_id, target, reason, recorded_by from suppression_events").fetchall()


def test_an_opt_out_handled_while_a_batch_holds_the_warehouse_stops_sending_at_once_and_closes_later(desk):
    (row,) = desk.queue(NOW)
    eid = row["escalation_id"]
    with desk.resources(NOW)["warehouse"].connect() as con:
        planned = current_suppressions(con, desk.root)  # what the batch read when it planned
    assert planned.reason_for(ANN) is None

    with (held(desk.root / "warehouse.duckdb") as holder,
          _sdr(desk, "handled", eid, "--by", "Dana Whitfield", "--outcome", "opted_out") as command):
        (event,) = _logged(desk, command)
        assert command.poll() is None, "still waiting for the warehouse the batch holds"
        assert (event.target, event.reason, event.recorded_by, event.recorded_at) == (
            ANN, "unsubscribe_reply", "Dana Whitfield", NOW)
        assert f"escalation {eid}" in event.note
        assert planned.refresh().reason_for(ANN) == "unsubscribe_reply", "the send step's next check refuses her"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = command.communicate(timeout=120)

    assert command.returncode == 0, out + err
    first, *rest = out.splitlines()
    assert "warehouse is busy" in first and "already stops sending" in first and ANN in first, out
    assert "Traceback" not in out + err
    done = desk.queue(NOW)[0]
    assert (done["status"], done["outcome"], done["handled_by"]) == ("handled", "opted_out", "Dana Whitfield")
    assert _events(desk) == [(event.event_id, ANN, "unsubscribe_reply", "Dana Whitfield")]
    with desk.resources(NOW)["warehouse"].connect() as con:
        assert record_entries(con, desk.root) == 0 and ingest_log(con, desk.root)[0] == 0, "folding adds nothing"
    assert _events(desk) == [(event.event_id, ANN, "unsubscribe_reply", "Dana Whitfield")]


def test_an_opt_out_handled_while_the_warehouse_is_free_is_recorded_there_alone(desk):
    (row,) = desk.queue(NOW)
    with _sdr(desk, "handled", row["escalation_id"], "--by", "Dana Whitfield", "--outcome", "opted_out") as command:
        out, err = command.communicate(timeout=120)
    assert command.returncode == 0 and "busy" not in out, out + err
    assert not entry_log.log_path(desk.root).exists()
    assert [e[1:] for e in _events(desk)] == [(ANN, "unsubscribe_reply", "Dana Whitfield")]


def test_stopping_the_wait_keeps_the_opt_out_and_running_it_again_records_the_hand_off_once(desk):
    eid = desk.queue(NOW)[0]["escalation_id"]
    with (held(desk.root / "warehouse.duckdb"),
          _sdr(desk, "handled", eid, "--by", "Dana Whitfield", "--outcome", "opted_out") as command):
        (event,) = _logged(desk, command)
        command.send_signal(signal.SIGINT)
        out, err = command.communicate(timeout=60)
    assert command.returncode == 130 and "Traceback" not in out + err, out + err
    assert out.splitlines()[-1].startswith(f"Stopped waiting. {ANN}'s opt-out stands and stops every send; {eid}")
    assert desk.queue(NOW)[0]["suppressed"] == "unsubscribe_reply", "honoured, and the queue says so"
    with _sdr(desk, "handled", eid, "--by", "Dana Whitfield", "--outcome", "opted_out") as command:
        assert command.communicate(timeout=120) and command.returncode == 0
    with desk.resources(NOW)["warehouse"].connect() as con:
        assert ingest_log(con, desk.root)[0] == 0
    assert desk.queue(NOW)[0]["status"] == "handled"
    assert _events(desk) == [(event.event_id, ANN, "unsubscribe_reply", "Dana Whitfield")]


def test_a_hand_off_the_queue_would_refuse_logs_nothing_while_the_warehouse_is_busy(desk):
    eid = desk.queue(NOW)[0]["escalation_id"]
    with (held(desk.root / "warehouse.duckdb"),
          _sdr(desk, "handled", eid, "--by", "system", "--outcome", "opted_out") as command):
        out, err = command.communicate(timeout=60)
    assert command.returncode == 1 and err.startswith("error: 'system' names nobody") and not out, out + err
    assert not entry_log.log_path(desk.root).exists()


def test_sdr_suppress_add_while_the_warehouse_is_busy_says_at_once_that_its_entry_already_stops_sending(desk):
    with (held(desk.root / "warehouse.duckdb") as holder,
          _sdr(desk, "suppress", "add", ANN, "--by", "Dana Whitfield", "--reason", "asked by phone") as command):
        (entry,) = _logged(desk, command)
        busy = command.stdout.readline()  # said while the holder still holds the warehouse
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = command.communicate(timeout=120)
    assert command.returncode == 0, busy + out + err
    assert busy.startswith("The warehouse is busy") and "already stops sending" in busy, busy
    (said,) = out.splitlines()
    assert said == f"Dana Whitfield suppressed {ANN} ({entry.event_id})."


@pytest.mark.parametrize("snoozed", [False, True], ids=["claimed", "snoozed by her"])
def test_a_hand_off_of_someone_elses_claim_logs_nothing_while_the_warehouse_is_busy(desk, snoozed):
    """The export shows Dana holds it (claimed, or snoozed by her: she still holds it): Sam's opt-out is
    refused, naming her, before anything is logged; with --take-over it is logged at once."""
    eid = desk.queue(NOW)[0]["escalation_id"]
    desk.act(eid, "claim", "Dana Whitfield", MON.replace(hour=10, minute=20))
    if snoozed:
        desk.act(eid, "snooze", "Dana Whitfield", MON.replace(hour=10, minute=30), until=MON.replace(day=30))
    desk.run_escalations(MON.replace(hour=10, minute=45))
    with (held(desk.root / "warehouse.duckdb"),
          _sdr(desk, "handled", eid, "--by", "Sam Ortiz", "--outcome", "opted_out") as command):
        out, err = command.communicate(timeout=60)
    assert command.returncode == 1 and "Dana Whitfield" in out, out + err
    assert not entry_log.log_path(desk.root).exists()
    with (held(desk.root / "warehouse.duckdb"),
          _sdr(desk, "handled", eid, "--by", "Sam Ortiz", "--outcome", "opted_out", "--take-over") as command):
        (entry,) = _logged(desk, command)
    assert entry.target == ANN and "took over from Dana Whitfield" in entry.note


def test_the_hand_off_is_recorded_at_the_moment_it_reaches_the_warehouse(desk):
    """On the real clock: ``recorded_at`` is after the holder let go, ``acted_at`` when the person decided."""
    eid = desk.queue(NOW)[0]["escalation_id"]
    env = {**os.environ, "SDR_DATA_DIR": str(desk.root), "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS}
    env.pop("SDR_NOW", None)
    with held(desk.root / "warehouse.duckdb") as holder:
        command = subprocess.Popen([SDR, "handled", eid, "--by", "Dana Whitfield", "--outcome", "opted_out"],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _logged(desk, command)
        # Into the next whole second: the decision, logged by now, falls before it on any clock precision.
        time.sleep(1.01 - datetime.now(UTC).microsecond / 1e6)
        released = datetime.now(UTC)
        holder.stdin.write("go\n")
        holder.stdin.flush()
        out, err = command.communicate(timeout=120)
    assert command.returncode == 0, out + err
    with desk.resources(NOW)["warehouse"].connect() as con:
        acted, recorded = con.execute("select acted_at, recorded_at from escalation_events "
                                      "where action = 'handle'").fetchone()
    assert acted < released.replace(microsecond=0) <= recorded


def test_a_ctrl_c_that_comes_while_the_lock_is_tried_is_read_after_the_attempt():
    """DuckDB looks for a pending interrupt while it tries the lock: the wait must take it, not DuckDB."""
    from resources.damage import WarehouseLocked
    from sdr_assets.busy_warehouse import when_free

    attempts = []

    def attempt():
        attempts.append(1)
        signal.raise_signal(signal.SIGINT)  # inside the attempt, as during DuckDB's attach
        raise WarehouseLocked("held")

    previous = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        when_free(attempt, "/nonexistent/folder/warehouse.duckdb")
    assert attempts == [1], "stopped after the attempt the Ctrl-C came in, not inside it"
    assert signal.getsignal(signal.SIGINT) is previous


class _Raised(Exception):
    """What the handler before the wait raises, as Python's own for Ctrl-C does wherever the process is."""


class _Stopped(Exception):
    """The wait's stop."""


@pytest.mark.parametrize("arrives", ["as the opt-out is logged", "as the person is told"])
def test_a_stop_the_moment_the_opt_out_is_logged_ends_the_wait_and_is_never_lost(tmp_path, arrives):
    """A Ctrl-C once the opt-out is logged (the moment a person, or the test above, stops the wait) came
    before the wait's handler: it raised wherever the process was, and where that swallowed it the
    wait ran on, deaf to it. Now the wait's flag takes it from before the opt-out is logged."""
    from resources.config import WarehouseFile
    from sdr_assets.busy_warehouse import record_when_free

    logged, told = object(), []

    def optout():
        if arrives == "as the opt-out is logged":
            signal.raise_signal(signal.SIGINT)
        return logged

    def tell(busy) -> None:
        told.append(busy.logged)
        if arrives == "as the person is told":
            signal.raise_signal(signal.SIGINT)

    def act(warehouse, **_):
        with warehouse.connect():
            return {"recorded": True}

    def raised(*_):
        raise _Raised

    path = tmp_path / "warehouse.duckdb"
    before = signal.signal(signal.SIGINT, raised)
    try:
        with held(path), pytest.raises(_Stopped):
            record_when_free(WarehouseFile(path=str(path)), act, lambda: NOW, tell, optout, _Stopped)
        assert signal.getsignal(signal.SIGINT) is raised, "the handler before the wait is put back"
    finally:
        signal.signal(signal.SIGINT, before)
    assert told == [logged], "told once, with the opt-out logged"
