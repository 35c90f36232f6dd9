"""Crash harness: `kill -9` a real `sdr run` at a random moment, run it again, and count the damage.

Each trial copies a prepared data folder (a seeded world, drafts written, one play approved, its
first emails due), starts `sdr run` as a subprocess, kills it with SIGKILL after a random delay,
then runs `sdr run` to the end (a process again, or in a test worker the same run in it: ``run_here``).
It checks the outbox (a maildir) against the send ledger:

- duplicates: a Message-ID found twice in the outbox;
- lost: a message in the outbox with no `sent` row, or a `sent` row with no message;
- unresolved: rows still `sending` after the rerun (the maildir can always tell, so none may stay);
- files left in the outbox's `tmp/` after the rerun (staged or half-written by the killed run: the
  rerun removes them before it sends).

A random kill rarely lands while messages are in flight, so two trials land there on purpose:
``in_flight_trial`` kills a run whose first messages are in the outbox while it waits to log them
(this process holds the log's lock), and ``logged_trial`` one that stopped itself once a mail
server on 127.0.0.1 took its first message and the log holds it (``tests.crash_point``).

    python -m tests.crash_harness --points 100             # prints the figures; the tests run a few points
    python -m tests.crash_harness --points 100 --in-batch  # every kill inside the send batch
"""

from __future__ import annotations

import argparse
import fcntl
import mailbox
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from sdr_assets.domain.file_clock import status
from sdr_assets.domain.file_names import stored_name
from tests.reachable import REACHABLE_OPTOUTS, service_beating
from tests.shell_settings import drop_shell_settings

if TYPE_CHECKING:
    import dagster as dg

    from sdr_assets.runner import RunReport

REPO = Path(__file__).resolve().parents[1]
SDR = Path(sys.executable).with_name("sdr")
WORLD_NOW = datetime(2026, 11, 20, tzinfo=UTC)
RUN_NOW = "2026-11-20T09:00:00+00:00"
APPROVED = "revops-hiring"


def environ(root: Path) -> dict[str, str]:
    return {**os.environ, "SDR_DATA_DIR": str(root), "SDR_NOW": RUN_NOW,
            "DAGSTER_HOME": str(root / "dagster_home"), "SDR_POSTAL_ADDRESS": "1 Test Street, Testville",
            "SDR_SECRET": "crash-harness-secret", "GX_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
            "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"}  # the copied world's files are whole


@contextmanager
def slow_smtp_world(template: Path, tmp_path: Path, seconds: float) -> Iterator[tuple[Path, object, object]]:
    """A copy of the world ``template`` under ``tmp_path`` and a local SMTP server that takes ``seconds``
    over each message: (the copy, the server's handler, the server). The server stops after."""
    from tests.mail.smtp_server import SlowServer, start_smtp_server

    root = tmp_path / "run"
    copy_prepared(template, root)
    handler = SlowServer(seconds=seconds)
    server = start_smtp_server(handler)
    try:
        with service_beating(root):  # mail over SMTP needs `sdr serve` answering its links
            yield root, handler, server
    finally:
        server.stop()


def smtp_environ(root: Path, port: int) -> dict[str, str]:
    """``environ`` with mail going to a plain SMTP server on 127.0.0.1:``port``."""
    return {**environ(root), "SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": str(port), "SDR_SMTP_SECURITY": "none",
            **REACHABLE_OPTOUTS}


def sdr_run(root: Path, timeout: float = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(SDR), "run"], env=env or environ(root), capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def copy_prepared(template: Path, root: Path) -> Path:
    """A copy at ``root`` of a prepared data folder whose signal files keep the records its runs left.

    A copy's files have new inodes and status times, which the records vouch by, so its first run
    would hash every signal file again and launch a whole signals run to find the bytes unchanged.
    The bytes are the template's: the records move to the copy's files, as that run would move them.
    """
    shutil.copytree(template, root)
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        for path in sorted((root / "inbox" / "signals").iterdir()):
            inode, ctime_ns = status(path.lstat())
            con.execute("update signal_files set inode = ?, ctime_ns = ? where file = ?",
                        [inode, ctime_ns, stored_name(path.name)])
    return root


def prepare(root: Path, companies: int = 300, in_process: bool = False) -> Path:
    """A data folder whose approved play has emails due: the template every trial copies.

    The first run is `sdr run`'s own (``run_due`` on the folder's instance), in a subprocess or, for a
    process that has loaded the pipeline already (a test worker), in this one. The runs the approval
    calls for before the play's sends follow here (signals records it, triage's monitor reads it), so
    that a trial's `sdr run` on a copy (``copy_prepared``) launches neither and goes on to the sends.
    """
    from sdr_assets.decisions import decide
    from tests.approving import current_version
    from sdr_assets.demo.world import generate_world
    from sdr_assets.runner import RunReport, run_replies, run_signals

    shutil.copytree(REPO / "data" / "plays", root / "plays")
    generate_world(root, seed=11, n_companies=companies, now=WORLD_NOW)
    if in_process:  # signals, research and drafts; every play waits at the gate
        run_here(environ(root))
    else:
        first = sdr_run(root)
        if first.returncode not in (0, 1):
            raise RuntimeError(f"preparing the world failed:\n{first.stdout}\n{first.stderr}")
    decide(APPROVED, "approve", "Crash Harness", "approved for the crash harness",
           current_version(APPROVED, root / "plays"), warehouse_path=str(root / "warehouse.duckdb"),
           plays_dir=root / "plays")
    with pipeline_here(environ(root)) as (defs, instance):
        report = RunReport()
        run_signals(defs, instance, report)
        run_replies(defs, instance, report, analytics=False)
    return root


def run_here(env: dict[str, str], progress: Callable[[str], None] = lambda _: None) -> RunReport:
    """What `sdr run` does with the settings ``env``, in this process, on the instance it would open
    (created if missing): its report; ``progress`` hears what the run's console would print. For a run
    whose being a process of its own is not what a test is about, in a test worker that has loaded the
    pipeline already (an `sdr` process loads it again)."""
    from sdr_assets.runner import run_due

    with pipeline_here(env) as (defs, instance):
        return run_due(defs, instance, progress)


@contextmanager
def pipeline_here(env: dict[str, str]) -> Iterator[tuple[dg.Definitions, dg.DagsterInstance]]:
    """The definitions `sdr run` builds from the settings ``env`` and the instance it would open
    (created if missing), in this process."""
    import dagster as dg

    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions
    from sdr_assets.instance import SETTINGS_YAML

    home = Path(env["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text(SETTINGS_YAML)
    with signal_handlers_kept(), _dagster_home(home), dg.DagsterInstance.from_config(str(home)) as instance:
        yield build_definitions(build_resources(env)), instance


@contextmanager
def signal_handlers_kept() -> Iterator[None]:
    """SIGINT's and SIGTERM's handlers as they were, after the block: a Dagster run in the main thread
    leaves SIGTERM mapped to SIGINT's handler, and `sdr run` sets both for its process's life."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signo, handler in handlers.items():
            signal.signal(signo, handler)


@contextmanager
def _dagster_home(home: Path) -> Iterator[None]:
    """DAGSTER_HOME is ``home`` meanwhile: `sdr run`'s dagster.yaml finds its storage through it, so that
    each copy of the world keeps its own history."""
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        yield
    finally:
        if before is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = before


@dataclass
class Damage:
    outbox: int = 0
    sent_rows: int = 0
    duplicates: int = 0
    lost: int = 0
    unresolved: int = 0
    sent_before_rerun: int = 0  # in the outbox when the kill landed
    sending_after_kill: int = 0  # claims the kill left in 'sending', for the rerun to reconcile
    in_tmp: int = 0  # files in the outbox's tmp/: staged or half-written, never delivered
    in_tmp_after_kill: int = 0
    problems: list[str] = field(default_factory=list)


def inspect(root: Path, delivered: list[str] | None = None) -> Damage:
    """Compare the outbox with the ledger; or, given ``delivered`` (the Message-IDs a mail server
    received), that with the ledger."""
    box = root / "outbox"
    if delivered is not None:
        ids = delivered
    elif (box / "cur").exists():
        ids = [str(m["Message-ID"]).strip() for m in mailbox.Maildir(box, create=False)]
    else:
        ids = []
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select message_id, status from send_ledger").fetchall()
    finally:
        con.close()
    sent = {m for m, status in rows if status == "sent"}
    counts = Counter(ids)
    damage = Damage(outbox=len(ids), sent_rows=len(sent))
    damage.in_tmp = sum(1 for _ in (box / "tmp").iterdir()) if (box / "tmp").exists() else 0
    damage.duplicates = sum(n - 1 for n in counts.values() if n > 1)
    missing_rows = set(counts) - sent
    missing_mail = sent - set(counts)
    damage.lost = len(missing_rows) + len(missing_mail)
    damage.unresolved = sum(status == "sending" for _, status in rows)
    where = "the outbox" if delivered is None else "what the mail server received"
    damage.problems += [f"in {where} but not sent in the ledger: {m}" for m in sorted(missing_rows)[:5]]
    damage.problems += [f"sent in the ledger but not in {where}: {m}" for m in sorted(missing_mail)[:5]]
    return damage


def _first_message(workdir: Path, process: subprocess.Popen, timeout: float = 600) -> None:
    """Wait until the run's first message is in the outbox (or the run ended, or ``timeout`` passed)."""
    new, deadline = workdir / "outbox" / "new", time.monotonic() + timeout
    while process.poll() is None and not (new.exists() and any(new.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.005)


def trial(template: Path, workdir: Path, delay: float, in_batch: bool = False, rerun_here: bool = False) -> Damage:
    """Copy the template, kill a run after ``delay`` seconds (counted from its first message sent
    when ``in_batch``), rerun, inspect. The killed run is always an `sdr run` process; the rerun is
    one too, or with ``rerun_here`` the same run in this process (``run_here``), for a test worker
    that has loaded the pipeline already: the rerun finds on disk what the kill left either way."""
    copy_prepared(template, workdir)
    process = _killable_run(workdir, environ(workdir))
    if in_batch:
        _first_message(workdir, process)
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return _rerun(workdir, environ(workdir), rerun_here)


def in_flight_trial(template: Path, workdir: Path) -> Damage:
    """Kill a run while its first messages are in flight: in the maildir outbox, their ledger rows
    still ``sending`` (the run waits to log them, ``log_locked``); rerun it here, inspect."""
    copy_prepared(template, workdir)
    with log_locked(workdir):
        process = _killable_run(workdir, environ(workdir))
        _first_message(workdir, process)
        ended = process.poll()
        process.send_signal(signal.SIGKILL)
        process.wait()
    damage = _rerun(workdir, environ(workdir), rerun_here=True)
    if ended is not None:
        damage.problems.append(f"the run ended by itself (exit {ended}) before its first message was logged")
    return damage


def logged_trial(template: Path, tmp_path: Path) -> Damage:
    """Kill a run once a mail server on 127.0.0.1 took its first message and the log of messages handed
    over holds it, its ledger row still ``sending`` (``tests.crash_point``); rerun it here over the
    same server, inspect what the server received against the ledger."""
    from email import message_from_bytes

    with slow_smtp_world(template, tmp_path, 0) as (root, handler, server):
        env = smtp_environ(root, server.port)
        process = _killable_run(root, env, [sys.executable, "-m", "tests.crash_point", "run"])
        stopped = kill_when_stopped(process)
        damage = _rerun(root, env, rerun_here=True,
                        delivered=lambda: [str(message_from_bytes(d["raw"])["Message-ID"]).strip()
                                           for d in handler.delivered])
    if not stopped:
        damage.problems.append(f"the run ended (exit {process.returncode}) before it logged a message")
    return damage


@contextmanager
def log_locked(root: Path) -> Iterator[None]:
    """The approved play's log of messages handed over (``sdr_assets.sent_log``) locked by this process
    meanwhile, as a writer holds it: a send batch hands its first messages over, then waits to log them."""
    from sdr_assets import sent_log

    path = sent_log.log_path(str(root / "warehouse.duckdb"), APPROVED)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as log:
        fcntl.flock(log, fcntl.LOCK_EX)
        yield


def kill_when_stopped(process: subprocess.Popen, timeout: float = 600) -> bool:
    """SIGKILL ``process`` once it has stopped itself (SIGSTOP), unless it ended first: whether it had stopped."""
    deadline = time.monotonic() + timeout
    info = None
    while info is None and time.monotonic() < deadline:
        info = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WSTOPPED | os.WNOHANG | os.WNOWAIT)
        if info is None:
            time.sleep(0.01)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return info is not None and info.si_code == os.CLD_STOPPED


def _killable_run(workdir: Path, env: dict[str, str], command: list[str] | None = None) -> subprocess.Popen:
    """`sdr run` (or ``command``) on ``workdir``, started for a kill. What the kill leaves of the run's
    temporary files stays beside the trial's folder, not in the machine's temporary folder, where
    nothing would ever remove it."""
    temporary = workdir.with_name(f"{workdir.name}-temporary")
    temporary.mkdir()
    return subprocess.Popen(command or [str(SDR), "run"], env={**env, "TMPDIR": str(temporary)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)


def _rerun(workdir: Path, env: dict[str, str], rerun_here: bool,
           delivered: Callable[[], list[str]] | None = None) -> Damage:
    """Inspect what the kill left, run again with ``env`` (here or as a process), inspect again;
    ``delivered`` gives the Message-IDs a mail server received, where the mail went over SMTP."""
    try:  # what the kill left, for the figures; a file it cut short is the rerun's business
        before = inspect(workdir, delivered() if delivered else None)
    except duckdb.Error:
        before = Damage()
    if rerun_here:
        report = run_here(env)
        failed = f"the rerun failed: {'; '.join(report.reasons.values())[-500:]}" if report.failed else None
    else:
        rerun = sdr_run(workdir, env=env)
        failed = f"the rerun exited {rerun.returncode}: {rerun.stdout[-500:]}" if rerun.returncode != 0 else None
    damage = inspect(workdir, delivered() if delivered else None)
    damage.sent_before_rerun, damage.sending_after_kill = before.outbox, before.unresolved
    damage.in_tmp_after_kill = before.in_tmp
    if damage.in_tmp:
        damage.problems.append(f"{damage.in_tmp} files left in the outbox's tmp/ after the rerun")
    if failed:
        damage.problems.append(failed)
    return damage


def full_run_seconds(template: Path, workdir: Path) -> tuple[float, float]:
    """How long a whole run takes, and its send batch (first to last message in the outbox)."""
    copy_prepared(template, workdir)
    started = time.monotonic()
    sdr_run(workdir)
    whole = time.monotonic() - started
    stamps = sorted(p.stat().st_mtime for p in (workdir / "outbox" / "new").iterdir())
    return whole, (stamps[-1] - stamps[0]) if stamps else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100, help="crash points to try")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--in-batch", action="store_true",
                        help="kill only inside the send batch: at a random moment from the first message sent")
    args = parser.parse_args(argv)
    drop_shell_settings()  # the harness runs in live mode on its own folders, as the tests do
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        template = prepare(Path(tmp) / "template")
        whole, batch = full_run_seconds(template, Path(tmp) / "timing")
        span = max(batch * 1.2, 0.05) if args.in_batch else whole
        totals = Counter()
        for point in range(args.points):
            delay = rng.uniform(0.0 if args.in_batch else 0.2, span)
            damage = trial(template, Path(tmp) / f"trial-{point}", delay, args.in_batch)
            totals.update(points=1, duplicates=damage.duplicates, lost=damage.lost, unresolved=damage.unresolved,
                          messages=damage.outbox, failed_reruns=int(bool(damage.problems)),
                          mid_batch=int(0 < damage.sent_before_rerun < damage.outbox or damage.sending_after_kill > 0),
                          left_sending=damage.sending_after_kill, left_in_tmp=damage.in_tmp_after_kill)
            print(f"point {point + 1:3d}: killed after {delay:5.2f}s of ~{span:.2f}s with {damage.sent_before_rerun} sent "
                  f"and {damage.sending_after_kill} sending ({damage.in_tmp_after_kill} files in tmp/); after the "
                  f"rerun outbox {damage.outbox}, "
                  f"duplicates {damage.duplicates}, lost {damage.lost}, unresolved {damage.unresolved}"
                  + (f"; {damage.problems[0]}" if damage.problems else ""), flush=True)
            shutil.rmtree(Path(tmp) / f"trial-{point}", ignore_errors=True)
    print(f"crash points tried {totals['points']} ({totals['mid_batch']} inside a send batch, leaving "
          f"{totals['left_sending']} rows sending and {totals['left_in_tmp']} files in tmp/), messages "
          f"{totals['messages']}, duplicates {totals['duplicates']}, "
          f"lost records {totals['lost']}, unresolved rows {totals['unresolved']}, "
          f"trials with problems {totals['failed_reruns']}")
    return 0 if not (totals["duplicates"] or totals["lost"] or totals["unresolved"] or totals["failed_reruns"]) else 1


if __name__ == "__main__":
    sys.exit(main())
