"""A revocation taken in another process while a batch holds the warehouse.

`sdr revoke` first writes a stop request next to the warehouse; the batch ends after the message in
flight and lets the warehouse go, and the revocation is recorded. A request whose command was killed
before recording it keeps stopping the play until a person decides again: an approval records the
revocation first, a resume lifts only a pause the monitor left. The e2e tests run each `sdr revoke`
as a real process and the batches in this one; the others call ``decide`` with a writer killed in a
subprocess.
"""

import asyncio
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from unittest import mock

import dagster as dg
import duckdb
import pytest

from resources.config import WarehouseFile
from resources.damage import WarehouseLocked
from resources.store.approvals import approval_status, history, record_withdrawal
from sdr_assets import decisions, send_guard, stop_requests
from sdr_assets.domain.approvals import ApprovalError
from sdr_assets.domain.plays import Play
from sdr_assets.cli import app
from sdr_assets.instance import dagster_instance
from sdr_assets.playbook import load_plays
from tests.approving import current_version
from tests.command_line import CommandLine
from tests.crash_harness import APPROVED, REPO, SDR, copy_prepared, environ, run_here, signal_handlers_kept, smtp_environ
from tests.mail.smtp_server import RecordingHandler, start_smtp_server
from tests.reachable import service_beating

PLAYS = REPO / "data" / "plays"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _requests(root: Path) -> list[Path]:
    folder = root / "warehouse.duckdb.stop-requests"
    return sorted(folder.glob(f"{APPROVED}.*.json")) if folder.is_dir() else []


def _wait_for(condition: Callable[[], object], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def _sdr(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([str(SDR), *args], env=env or environ(root), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=REPO)


def _finished(process: subprocess.Popen, timeout: float = 600) -> str:
    output = process.communicate(timeout=timeout)[0]
    assert process.returncode == 0, output[-3000:]
    return output


@pytest.fixture(autouse=True)
def _worker_left_as_found():
    """`sdr run` in this process takes SIGTERM and Ctrl-C to stop a batch: the worker gets its own back,
    and no stop is left asked for the next test's runs."""
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    assert {s: signal.getsignal(s) for s in before} == before, "the signal handlers are the worker's again"
    assert not send_guard.stop_requested()


def _here(root: Path, *args: str) -> str:
    """`sdr <args>` in this process, which has loaded the pipeline already: for a command whose being a
    process of its own is not what the test is about (``crash_harness.run_here`` for `sdr run`'s runs).
    What the command takes for a process's life is given back: the signal handlers `sdr run` sets, its
    stop flag and the Dagster instance it opens."""
    opened: list[dg.DagsterInstance] = []

    def kept() -> dg.DagsterInstance:
        opened.append(dagster_instance())
        return opened[-1]

    try:
        with signal_handlers_kept(), mock.patch("sdr_assets.instance.dagster_instance", kept):
            result = CommandLine().invoke(app, list(args), env=environ(root))
    finally:
        send_guard.clear_stop()
        for instance in opened:
            instance.dispose()
    assert result.exit_code == 0, result.output[-3000:]
    return result.output


def _query(root: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def _last_decision(root: Path) -> tuple:
    return _query(root, f"select decision, decided_by from play_approvals where play = '{APPROVED}' "
                        "order by decision_id desc limit 1")[0]


def _sent(root: Path) -> set[str]:
    """What the play sent; nothing when no send step ever ran (no ledger yet)."""
    if not _query(root, "select 1 from duckdb_tables() where table_name = 'send_ledger'"):
        return set()
    return {m for (m,) in _query(root, f"select message_id from send_ledger where play = '{APPROVED}' "
                                       "and status = 'sent'")}


class _HoldingServer(RecordingHandler):
    """A mail server that takes the batch's first message and answers only once let go (or after
    ``HOLD_SECONDS``, within the client's timeout): the message stays in flight for as long as
    another process takes to start."""

    HOLD_SECONDS = 25

    def __init__(self):
        super().__init__()
        self.receiving, self.let_go = 0, threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving += 1
        deadline = time.monotonic() + self.HOLD_SECONDS
        while not self.let_go.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def _holding_smtp_world(template: Path, tmp_path: Path) -> Iterator[tuple[Path, _HoldingServer, object]]:
    """A copy of the world ``template`` and a ``_HoldingServer`` on 127.0.0.1; it stops after."""
    root = tmp_path / "run"
    copy_prepared(template, root)
    handler = _HoldingServer()
    server = start_smtp_server(handler)
    try:
        with service_beating(root):  # mail over SMTP needs `sdr serve` answering its links
            yield root, handler, server
    finally:
        handler.let_go.set()
        server.stop()


def _revoked_once_in_flight(root: Path, handler: _HoldingServer, batch_over: threading.Event) -> tuple[int, str]:
    """`sdr revoke` started as another process once the batch's first message is in flight, that message
    let go once the revocation's request is written: (messages begun by then, the revoke's output)."""
    _wait_for(lambda: handler.receiving or batch_over.is_set(), 600)
    assert handler.receiving, "the batch began"
    revoke = _sdr(root, "revoke", APPROVED, "--by", "Dana Whitfield", "--note", "complaints")
    _wait_for(lambda: _requests(root) or revoke.poll() is not None, 120)
    at_request = handler.receiving
    handler.let_go.set()  # the message in flight is taken; the batch goes on to its next
    assert _requests(root), "the revocation announced itself while the batch held the warehouse"
    return at_request, _finished(revoke, timeout=120)


@pytest.mark.e2e
def test_a_revoke_from_another_process_ends_the_batch_after_the_message_in_flight(crash_template, tmp_path):
    # The batch is `sdr run`'s own, in this process (``run_here``); the revocation comes from a process of its own.
    with _holding_smtp_world(crash_template, tmp_path) as (root, handler, server), \
            ThreadPoolExecutor(1) as revoker:
        batch_over = threading.Event()
        revoking = revoker.submit(_revoked_once_in_flight, root, handler, batch_over)
        try:
            batch = run_here(smtp_environ(root, server.port))
        finally:
            batch_over.set()
        at_request, revoked = revoking.result(timeout=300)
        assert not batch.failed and not batch.stopped, batch.reasons
        delivered = [message_from_bytes(d["raw"])["Message-ID"] for d in handler.delivered]
        assert handler.receiving == len(delivered) <= at_request + 1, "the batch ended after the message in flight"
        assert "Recorded decision" in revoked
        assert _last_decision(root) == ("revoke", "Dana Whitfield")
        assert set(delivered) == _sent(root)
        assert _query(root, "select count(*) from send_ledger where status = 'sending'") == [(0,)]
        assert _requests(root) == [], "the recorded request is removed"

        _here(root, "approve", APPROVED, "--version", current_version(APPROVED, root / "plays"), "--by", "Marco Li")
        rerun = run_here(smtp_environ(root, server.port))
        assert not rerun.failed, rerun.reasons
    everything = [message_from_bytes(d["raw"])["Message-ID"] for d in handler.delivered]
    assert len(everything) > len(delivered), "the batch had more to send when it ended"
    assert len(everything) == len(set(everything)) and set(everything) == _sent(root), "each message once"


@pytest.mark.e2e
def test_a_stop_request_left_by_a_killed_revoke_stops_the_play_until_a_person_decides_again(crash_template,
                                                                                           tmp_path):
    root = tmp_path / "run"
    copy_prepared(crash_template, root)
    with duckdb.connect(str(root / "warehouse.duckdb")):  # the warehouse held, as a batch would
        revoke = _sdr(root, "revoke", APPROVED, "--by", "Dana Whitfield")
        try:
            _wait_for(lambda: _requests(root) or revoke.poll() is not None, 120)
            assert _requests(root) and revoke.poll() is None, "the request is written before the warehouse is free"
        finally:
            revoke.send_signal(signal.SIGKILL)
            revoke.communicate(timeout=60)
    assert _last_decision(root) == ("approve", "Crash Harness"), "the revocation was never recorded"

    held = _here(root, "run")
    assert _sent(root) == set(), "the leftover request holds the play: no batch begins"
    assert "revops-hiring sends nothing: Dana Whitfield asked to revoke the play" in held, held[-2000:]
    assert _requests(root), "and stays"

    _here(root, "approve", APPROVED, "--version", current_version(APPROVED, root / "plays"), "--by", "Marco Li")
    assert _requests(root) == [], "a later approval lifts a request whose command is gone"
    assert _query(root, f"select decision, decided_by, note like '%recovered from stop request%' from play_approvals "
                        f"where play = '{APPROVED}' order by decision_id") == [
        ("approve", "Crash Harness", False), ("revoke", "Dana Whitfield", True), ("approve", "Marco Li", False)], \
        "after recording the revocation it asked for"
    again = run_here(environ(root))
    assert not again.failed, again.reasons
    assert _sent(root), "and the play sends again"


def _approved_warehouse(tmp_path: Path) -> str:
    path = str(tmp_path / "warehouse.duckdb")
    decisions.decide(APPROVED, "approve", "Dana Whitfield", version=current_version(APPROVED, PLAYS),
                     warehouse_path=path, plays_dir=PLAYS, now=NOW)
    return path


def _decided(path: str, decision: str, by: str, **options) -> int:
    return decisions.decide(APPROVED, decision, by, warehouse_path=path, plays_dir=PLAYS, now=NOW, **options)


def _trail(path: str) -> list[tuple[str, str]]:
    with WarehouseFile(path=path).connect() as con:
        return [(d["decision"], d["decided_by"]) for d in history(con, APPROVED)]


def _left_by_a_killed_command(folder: Path, by: str, note: str = "", decision: str = "revoke") -> None:
    """A request written by a process that dies before it records the decision."""
    code = ("import os, sys; from datetime import UTC, datetime; from pathlib import Path; "
            "from sdr_assets.stop_requests import announced; "
            "announced(Path(sys.argv[1]), sys.argv[2], sys.argv[5], sys.argv[3], datetime.now(UTC), "
            "note=sys.argv[4], mode='live').__enter__(); os._exit(9)")
    died = subprocess.run([sys.executable, "-c", code, str(folder), APPROVED, by, note, decision], cwd=REPO)
    assert died.returncode == 9


def test_a_stop_request_stays_while_its_decision_cannot_be_recorded_and_goes_once_it_is(tmp_path, monkeypatch):
    path = _approved_warehouse(tmp_path)
    folder = stop_requests.requests_folder(path)

    def held(*_args, **_options):
        raise WarehouseLocked(f"the warehouse {path} is held by process 1, which did not let it go within 60 s")

    monkeypatch.setattr(WarehouseFile, "connect", held)
    with pytest.raises(WarehouseLocked, match=f"The request to revoke '{APPROVED}' stays and stops its sends"):
        _decided(path, "revoke", "Lee Ops")
    assert len(stop_requests.request_files(folder, APPROVED)) == 1
    assert stop_requests.pending(folder, APPROVED).decided_by == "Lee Ops"

    monkeypatch.undo()
    _decided(path, "revoke", "Lee Ops")
    assert _trail(path)[-1] == ("revoke", "Lee Ops")
    assert not folder.exists(), "recording the decision removes the request left before"


@pytest.mark.parametrize("content", [b"not json", b"[" * 100_000], ids=["garbled", "nested-too-deep"])
def test_a_request_file_that_cannot_be_read_still_stops_the_play_and_says_so(tmp_path, content):
    folder = tmp_path / "warehouse.duckdb.stop-requests"
    folder.mkdir()
    (folder / f"{APPROVED}.1.abcd.json").write_bytes(content)
    request = stop_requests.pending(folder, APPROVED)
    assert (request.decision, request.decided_by) == ("stop", "someone")
    assert "the file cannot be read" in request.reason()


def test_an_approval_lifts_the_requests_whose_command_is_gone_and_not_one_still_waiting(tmp_path):
    path = _approved_warehouse(tmp_path)
    folder = stop_requests.requests_folder(path)
    _left_by_a_killed_command(folder, "Dana Whitfield")
    shell = {"SDR_DATA_DIR": str(tmp_path), "SDR_PLAYS_DIR": str(PLAYS)}
    listed = CommandLine().invoke(app, ["plays", "list"], env=shell)
    assert f"{APPROVED} sends nothing: Dana Whitfield asked to revoke the play" in " ".join(listed.output.split())

    with stop_requests.announced(folder, APPROVED, "reject", "Lee Ops", NOW):  # a command still waiting
        _decided(path, "approve", "Marco Li", version=current_version(APPROVED, PLAYS))
        assert len(stop_requests.request_files(folder, APPROVED)) == 1
        assert stop_requests.pending(folder, APPROVED).decided_by == "Lee Ops"
    assert _trail(path) == [("approve", "Dana Whitfield"), ("revoke", "Dana Whitfield"), ("approve", "Marco Li")]
    assert not folder.exists()


def test_an_approval_records_the_revocation_a_killed_command_asked_for_before_itself(tmp_path):
    path = _approved_warehouse(tmp_path)
    folder = stop_requests.requests_folder(path)
    _left_by_a_killed_command(folder, "Dana Whitfield", note="complaints from two accounts")
    left = stop_requests.pending(folder, APPROVED)

    _decided(path, "approve", "Marco Li", version=current_version(APPROVED, PLAYS))
    _decided(path, "approve", "Marco Li", version=current_version(APPROVED, PLAYS))

    with WarehouseFile(path=path).connect() as con:
        trail = history(con, APPROVED)
    assert [(d["decision"], d["decided_by"]) for d in trail] == [
        ("approve", "Dana Whitfield"), ("revoke", "Dana Whitfield"), ("approve", "Marco Li"), ("approve", "Marco Li")]
    revoke = trail[1]
    assert revoke["decided_at"] == datetime.fromisoformat(left.requested_at), "taken when it was asked for"
    assert revoke["note"].startswith("complaints from two accounts (recovered from stop request "), revoke["note"]
    assert left.file in revoke["note"] and revoke["mode"] == "live"
    assert not folder.exists(), "recorded once, then the request is gone"


def test_a_resume_lifts_a_pause_a_dead_monitor_left_and_not_a_revocation(tmp_path):
    path = _approved_warehouse(tmp_path)
    folder = stop_requests.requests_folder(path)
    _left_by_a_killed_command(folder, "the monitor", note="8 not interested", decision="pause")
    _left_by_a_killed_command(folder, "Dana Whitfield")
    assert {json.loads(f.read_text())["decision"] for f in stop_requests.request_files(folder, APPROVED)} == \
        {"pause", "revoke"}

    _decided(path, "resume", "Marco Li", version=current_version(APPROVED, PLAYS))

    assert stop_requests.pending(folder, APPROVED).decision == "revoke", "a resume never reopens a withdrawal"
    assert len(stop_requests.request_files(folder, APPROVED)) == 1
    assert _trail(path) == [("approve", "Dana Whitfield"), ("resume", "Marco Li")]


def test_a_withdrawal_is_checked_for_the_mode_it_is_taken_in(tmp_path):
    """The demo's own reviewer may revoke in the demo; outside it the name is refused before any request."""
    path = _approved_warehouse(tmp_path)
    folder = stop_requests.requests_folder(path)
    with pytest.raises(ApprovalError, match="placeholder or a machine's name"):
        _decided(path, "revoke", "demo", mode="live")
    assert not folder.exists()
    _decided(path, "revoke", "demo", mode="demo")
    assert _trail(path)[-1] == ("revoke", "demo") and not folder.exists()


def _plays_at_v1(tmp_path: Path) -> Path:
    plays = tmp_path / "plays"
    shutil.copytree(PLAYS, plays)
    return plays


def _edited_to_v2(plays: Path) -> None:
    """An edit the play's version covers: one more keyword to match."""
    file = plays / f"{APPROVED}.yaml"
    file.write_text(file.read_text().replace("sales ops]", "sales ops, rev ops]"))


def _left_before_requests_named_a_version(folder: Path, by: str, requested_at: datetime) -> None:
    """A leftover request as a killed revocation wrote it before requests named their version."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{APPROVED}.1.0badf00d.json").write_text(json.dumps(
        {"play": APPROVED, "decision": "revoke", "decided_by": by, "note": "", "mode": "live",
         "requested_at": requested_at.isoformat(timespec="seconds"), "pid": 1}))


def _revoke_killed_before_recording(path: str, plays: Path, by: str) -> None:
    """`sdr revoke` as it runs, killed once its request is written, before it records the revocation."""
    code = ("import os, sys; from sdr_assets import decisions; "
            "decisions._recorded = lambda *_args, **_options: os._exit(9); "
            "decisions.decide(sys.argv[1], 'revoke', sys.argv[2], warehouse_path=sys.argv[3], plays_dir=sys.argv[4], "
            "mode='live')")
    died = subprocess.run([sys.executable, "-c", code, APPROVED, by, path, str(plays)], cwd=REPO)
    assert died.returncode == 9


def _versions(path: str, plays: Path) -> tuple[list[tuple[str, str, str, str | None]], str]:
    """The play's trail (decision, version, person, digest) and its gate's status now."""
    play = load_plays(plays).plays[APPROVED]
    with WarehouseFile(path=path).connect() as con:
        trail = [(d["decision"], d["version_hash"], d["decided_by"], d["content_sha256"])
                 for d in history(con, APPROVED)]
        status = approval_status(con, play)
    return trail, f"{status.status} by {status.approved_by}"


def _approved_then_revoked_by_a_killed_command(tmp_path: Path) -> tuple[Path, Play, str]:
    """The play's folder, its first version, approved by Dana Whitfield, and the warehouse's path, after
    her revoke was killed before it recorded anything."""
    plays = _plays_at_v1(tmp_path)
    v1 = load_plays(plays).plays[APPROVED]
    path = str(tmp_path / "warehouse.duckdb")
    decisions.decide(APPROVED, "approve", "Dana Whitfield", version=v1.version_hash, warehouse_path=path,
                     plays_dir=plays, now=NOW)
    _revoke_killed_before_recording(path, plays, "Dana Whitfield")
    return plays, v1, path


def test_a_recovered_revocation_names_the_version_revoked_not_the_one_approved_after_an_edit(tmp_path):
    plays, v1, path = _approved_then_revoked_by_a_killed_command(tmp_path)
    left = stop_requests.request_files(stop_requests.requests_folder(path), APPROVED)
    assert [json.loads(f.read_text()).get("version") for f in left] == [v1.version_hash], "the request names it"
    _edited_to_v2(plays)
    v2 = load_plays(plays).plays[APPROVED]
    assert v2.version_hash != v1.version_hash

    decisions.decide(APPROVED, "approve", "Sam Reed", version=v2.version_hash, warehouse_path=path, plays_dir=plays)

    trail, gate = _versions(path, plays)
    assert trail == [("approve", v1.version_hash, "Dana Whitfield", v1.content_sha256),
                     ("revoke", v1.version_hash, "Dana Whitfield", v1.content_sha256),
                     ("approve", v2.version_hash, "Sam Reed", v2.content_sha256)], "Dana revoked v1, never saw v2"
    assert gate == "approved by Sam Reed"
    (plays / f"{APPROVED}.yaml").write_text((PLAYS / f"{APPROVED}.yaml").read_text())
    assert _versions(path, plays)[1] == "changed_since_approval by None", "v1 stays revoked once the file is reverted"


def test_a_recovered_revocation_of_the_current_version_is_followed_by_the_approval_that_opens_it(tmp_path):
    plays, v1, path = _approved_then_revoked_by_a_killed_command(tmp_path)

    decisions.decide(APPROVED, "approve", "Sam Reed", version=v1.version_hash, warehouse_path=path, plays_dir=plays)

    trail, gate = _versions(path, plays)
    assert [t[:3] for t in trail] == [("approve", v1.version_hash, "Dana Whitfield"),
                                      ("revoke", v1.version_hash, "Dana Whitfield"),
                                      ("approve", v1.version_hash, "Sam Reed")]
    assert gate == "approved by Sam Reed"


def test_a_request_that_names_no_version_is_recorded_against_the_version_approved_when_it_was_written(tmp_path):
    plays = _plays_at_v1(tmp_path)
    v1 = load_plays(plays).plays[APPROVED]
    path = str(tmp_path / "warehouse.duckdb")
    decisions.decide(APPROVED, "approve", "Dana Whitfield", version=v1.version_hash, warehouse_path=path,
                     plays_dir=plays, now=NOW)
    _left_before_requests_named_a_version(stop_requests.requests_folder(path), "Dana Whitfield",
                                          NOW + timedelta(hours=1))
    _edited_to_v2(plays)
    v2 = load_plays(plays).plays[APPROVED]

    decisions.decide(APPROVED, "approve", "Sam Reed", version=v2.version_hash, warehouse_path=path, plays_dir=plays)

    trail, gate = _versions(path, plays)
    assert [t[:3] for t in trail] == [("approve", v1.version_hash, "Dana Whitfield"),
                                      ("revoke", v1.version_hash, "Dana Whitfield"),
                                      ("approve", v2.version_hash, "Sam Reed")]
    assert gate == "approved by Sam Reed"
    with WarehouseFile(path=path).connect() as con:
        assert "names no version: the one last approved before it" in history(con, APPROVED)[1]["note"]


def test_a_request_that_names_no_version_and_follows_no_approval_says_its_version_is_unknown(tmp_path):
    plays = _plays_at_v1(tmp_path)
    path = str(tmp_path / "warehouse.duckdb")
    _left_before_requests_named_a_version(stop_requests.requests_folder(path), "Dana Whitfield", NOW)
    _edited_to_v2(plays)
    v2 = load_plays(plays).plays[APPROVED]

    decisions.decide(APPROVED, "approve", "Sam Reed", version=v2.version_hash, warehouse_path=path, plays_dir=plays)

    trail, gate = _versions(path, plays)
    assert [t[:3] for t in trail] == [("revoke", v2.version_hash, "Dana Whitfield"),
                                      ("approve", v2.version_hash, "Sam Reed")]
    assert gate == "approved by Sam Reed"
    with WarehouseFile(path=path).connect() as con:
        assert "version unknown, recorded against the current one" in history(con, APPROVED)[0]["note"]


def test_only_a_withdrawal_may_be_recorded_against_a_version_other_than_the_current_one(tmp_path):
    with WarehouseFile(path=str(tmp_path / "warehouse.duckdb")).connect() as con:
        for decision in ("approve", "resume"):
            with pytest.raises(ApprovalError, match="only a rejection or revocation"):
                record_withdrawal(con, APPROVED, "0123456789abcdef", None, decision, "Dana Whitfield")
        assert history(con, APPROVED) == []


def test_a_stop_request_beside_a_warehouse_reached_through_a_link_stops_the_batch(tmp_path):
    """The warehouse moved to a bigger disk and linked back: `sdr revoke` writes its request for the
    path it was given, the batch looks beside the file DuckDB opened; both are the file's."""
    from tests.send_world import PLAY, START, World

    disk = tmp_path / "bigdisk"
    disk.mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "warehouse.duckdb").symlink_to(disk / "warehouse.duckdb")
    world = World(tmp_path / "data", ["ann.lee@acme.example", "bob@other.example"])
    world.decide("approve")
    folder = stop_requests.requests_folder(world.warehouse.path)
    assert folder == disk / "warehouse.duckdb.stop-requests"
    with stop_requests.announced(folder, PLAY, "revoke", "Dana Whitfield", START, mode="live"):
        outcome = world.send()
    assert world.outbox() == [], outcome
