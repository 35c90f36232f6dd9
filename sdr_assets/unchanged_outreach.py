"""Whether a play's outreach run would change anything, asked before launching it.

Unlike the other layers' steps, the send step keeps no mark of its inputs: it re-reads them all at send
time. So the mark is kept here, per play (``layer_marks``, ``outreach/<play>``): a digest of every input
the play's outreach job reads, recorded only after a run of the job on those inputs wrote nothing and
left nothing due (``left_nothing_due``), and valid until the clock alone could make something due.
While the inputs are those and the clock has not reached that moment, a run would do the same
nothing again, and is not launched.

The inputs (``outreach_inputs``): every table of the warehouse, all its columns, but the analytics
outputs, the monitor's readings and the bookkeeping no step decides on (``UNREAD``) and the times the
reply mailbox was read (``READ_IN_PART``), so new qualified and enriched rows, research, drafts, play
versions and approvals (the gate), suppression events and the suppression list, replies and their
classifications, a failed read of the mailbox, holds, escalations and hand-offs, the monitor's
pauses, bounce and complaint counts the deliverability guard reads, deferrals, the ledger itself,
pending or stuck sends and LinkedIn tasks; each play's state as the send step sees it (version, last
decision, monitor pause, stop request, deliverability guard); the files the job's steps read, by status
(``watched_files``); the send settings (caps, warm-up, guard thresholds, sending domain) and the
transport's, but their secrets (``SECRETS``); and the play's drafts' own test (``drafts_unchanged``:
a new model or verifier rewrites them). A send claimed and not settled (``sending``) always has the
run launched.

The files, and only they, so that a file another job or a person leaves in the data folder (the
replies intake's mail, the analytics' exports, a log, an editor's backup) launches nothing:

- every file of the plays folder (the play files, read by the gate, the send step and its batch);
- the opt-out folder of the data folder (``optouts/``): the opt-out log ``sdr serve`` appends clicks
  to and the manual suppression entries, with their rotated parts; not the service's heartbeat;
- the secret that signs the unsubscribe links (``secret.key``) and the DKIM key the transport signs with;
- the demo marker beside the warehouse (``.sdr-demo``: whether demo approvals count at the gate);
- the LinkedIn tasks' CSV of the exports folder, which the tasks step rewrites where it differs;
- everything beside the warehouse file (``<warehouse>.*``): the decision log restored on attach, the
  escalation actions' log, the logs of messages handed over (``.sent/``) and stop requests
  (``.stop-requests/``); not the warehouse's own write-ahead log, the send lock, which says who sends,
  nor the markers of processes waiting for the warehouse (``<warehouse>.waiting.<pid>``).

Nowhere a file being written (``*.partial``): it is renamed over the file it replaces, which moves.

The clock (``valid_until``): mailbox caps, warm-up, a hold's return date and a LinkedIn task's day all
turn at a UTC midnight; a follow-up falls due, and another play's sequence ends, a whole number of
days after a message went (less ``LEEWAY``), and a deferral fades a whole number of days after the
last one, so each of those times of day turns the mark too (``clock_turns``: of the rows that can
still turn something). A signal's trigger window closes at its ``observed_at`` plus the play's
``max_age_days``, at any time of day, and turns no mark: a closed window only holds drafts back, so
a run it would change sends less, never more, and skipping it until the mark's next turn is safe.

A skip never sends, so the gate and suppressions can only be delayed by it, never bypassed; a new
approval or suppression moves the digest and launches the run.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import dagster as dg
import duckdb

from resources.attachments import WAITING
from resources.config import DEMO_MARKER
from resources.damage import WarehouseLocked
from resources.secret import SECRET_FILE
from resources.tables import table_exists
from resources.whole_files import PARTIAL  # a file being written: renamed over its path once whole
from sdr_assets import entry_log, optout_log
from sdr_assets.domain import file_clock
from sdr_assets.domain.days import LEEWAY
from sdr_assets.domain.play_overlap import GRACE
from sdr_assets.drafts import GROUNDED_CHECK, drafts_unchanged
from sdr_assets.incremental import digest, record_mark, table_marks, unchanged
from sdr_assets.play_graph import ANALYTICS
from sdr_assets.play_state import HOLDING_CHECKS, SKIPPED, PlayState, play_states
from sdr_assets.playbook import load_plays
from sdr_assets.send_deferrals import FADES_AFTER
from sdr_assets.feed_claim import claim_path
from sdr_assets.send_guard import send_lock_path
from sdr_assets.serve_heartbeat import heartbeat_path
from sdr_assets.task_records import CSV_NAME as TASKS_CSV

LAYER = "outreach/"
# Tables whose rows decide nothing an outreach run writes: what the analytics count (written after the
# sends), the marks and digests that only spare work (how far the send step last read the log of
# messages handed over: read again whole where it is behind), and the monitor's readings, which the
# replies run rewrites at each re-read (when it read, figures weighted by age): its decisions are its
# pauses, and the readings only describe them in the monitor check's metadata. Every other table, one
# added later too, is an input.
UNREAD = {*ANALYTICS, "layer_marks", "file_digests", "sent_log_marks", "monitor_readings"}
# Tables read as less than their whole rows. Each read of the reply mailbox rewrites when it began;
# the send step waits on a failed read and on mail seen and not read since the last good one, and a
# later good read only covers more of that mail: it can lift such a wait, never begin one, and a run
# that waited records no mark. One wait it can begin: a read stamped by a clock running ahead of the
# send step's (``reply_intake.clock_behind`` reads ``last_attempt_at``) holds every send until the clock
# passes it, and a play whose other inputs are unchanged is then skipped here instead of launched to
# halt with that reason (``sdr status`` still gives it). Nothing is sent either way.
READ_IN_PART = {"reply_intake": ["intake", "mailbox", "last_error", "last_success_at is null"]}
DAY, MICROSECOND = timedelta(days=1), timedelta(microseconds=1)
# The times of day a ledger row's date turns something: a follow-up due ``LEEWAY`` before whole days
# on, and whole days on (another play's sequence ending, a deferral fading).
TURNS = (-LEEWAY, timedelta(0))
# Settings that are secrets: the resource a run is given names the variable that holds one, a tick's
# holds its value, and neither decides anything a run writes.
SECRETS = {"password", "api_key", "auth_value"}


@dataclass
class PassInputs:
    """What every play's digest reads alike within one pass over the plays: their states, the
    warehouse's tables and the files watched. Read once, and again only after a launched run, which
    may write any of them (``forget``); ``locked`` once another process held the warehouse too long."""
    states: Mapping[str, PlayState] | None = None
    tables: list | None = None
    files: list | None = None
    locked: bool = False

    def forget(self) -> None:
        self.states = self.tables = self.files = None


def outreach_inputs(con: duckdb.DuckDBPyConnection, resources: Mapping[str, Any], play: str,
                    shared: PassInputs | None = None) -> str | None:
    """A digest of everything ``play``'s outreach job reads now (what ``shared`` already read, as it
    read it); None when it must run whatever the digest: a send claimed and not settled, or drafts
    their own test would write again."""
    paths, policy, shared = resources["paths"], resources["policy"], shared or PassInputs()
    if table_exists(con, "send_ledger") and con.execute(
            "select count(*) from send_ledger where status = 'sending'").fetchone()[0]:
        return None
    book = load_plays(paths.plays, writer=resources["model"].identity())
    if not drafts_unchanged(con, play, book.plays.get(play), resources["model"]):
        return None
    names = sorted({*book.plays, *book.duplicates, play})
    if shared.states is None or sorted(shared.states) != names:
        shared.states = play_states(con, paths.plays, paths.mode, names, policy=policy,
                                    warehouse_path=resources["warehouse"].path)
    if shared.tables is None:
        tables = sorted(t for (t,) in con.execute("select table_name from information_schema.tables "
                                                  "where table_schema = 'main'").fetchall() if t not in UNREAD)
        shared.tables = sorted(table_marks(con, {t: READ_IN_PART.get(t, [t]) for t in tables}).items())
    if shared.files is None:
        shared.files = file_statuses(*watched_files(resources))
    settings = {name: resource.model_dump(exclude=SECRETS) for name, resource in resources.items()
                if name in ("paths", "policy", "mail")}
    settings["policy"].pop("now_override", None)
    return digest([sorted((name, state.fingerprint, state.held) for name, state in shared.states.items()),
                   shared.tables, shared.files, sorted(settings.items(), key=str)])


def watched_files(resources: Mapping[str, Any]) -> tuple[list[Path], set[Path]]:
    """The files and folders an outreach run reads (the module's list), and those within them it does not."""
    paths, mail = resources["paths"], resources["mail"]
    warehouse = Path(resources["warehouse"].path).resolve()
    key = [Path(mail.dkim_key_path)] if getattr(mail, "dkim_key_path", None) else []
    suppressions = {optout_log.log_path(paths.data_dir).parent, entry_log.log_path(paths.data_dir).parent}
    locks = {Path(f"{warehouse}.wal"), send_lock_path(str(warehouse)), claim_path(str(warehouse))}
    beside = [p for p in warehouse.parent.glob(f"{warehouse.name}.*")
              if p.resolve() not in locks
              and not p.name.startswith(warehouse.name + WAITING) and not p.name.endswith(PARTIAL)]
    roots = [Path(paths.plays_dir), *sorted(suppressions), Path(paths.data_dir) / SECRET_FILE, *key,
             warehouse.parent / DEMO_MARKER, paths.exports / TASKS_CSV, *beside]
    return roots, {heartbeat_path(paths.data_dir).resolve()}


def file_statuses(roots: Iterable[Path], skipped: set[Path]) -> list[tuple]:
    """Each file under ``roots`` but ``skipped`` (files and folders) with its size, modification time
    and status (``file_clock.status``: a rewrite keeping size and time moves it), sorted: a write, a
    new file or a removal changes the list."""
    found = set()
    try:
        for root in (r for r in roots if r.resolve() not in skipped):
            if root.is_file():
                found.add(_status(root))
                continue
            for folder, subfolders, files in os.walk(root):
                subfolders[:] = [s for s in subfolders if Path(folder, s).resolve() not in skipped]
                found.update(_status(Path(folder, name)) for name in files
                             if not name.endswith(PARTIAL) and Path(folder, name).resolve() not in skipped)
    except RuntimeError as exc:  # Python 3.11's Path.resolve on a symlink loop
        raise OSError(errno.ELOOP, str(exc)) from exc
    return sorted(s for s in found if s is not None)


def _status(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except FileNotFoundError:  # removed while listed: the next look sees it gone
        return None
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns, *file_clock.status(stat)


def valid_until(now: datetime, turns: Iterable[int]) -> datetime:
    """The first moment after ``now`` the clock alone could make something due: the next UTC midnight,
    or sooner the next of ``turns`` (times of day, in microseconds after midnight)."""
    today = datetime.combine(now.astimezone(UTC).date(), time(), UTC)
    of_day = (now - today) // MICROSECOND
    waits = [(turn - of_day - 1) % (DAY // MICROSECOND) + 1 for turn in turns]  # strictly after now
    return min([today + DAY, *(now + w * MICROSECOND for w in waits)])


def clock_turns(con: duckdb.DuckDBPyConnection, now: datetime) -> list[int]:
    """The times of day (microseconds after midnight, UTC) at which the ledger's dates and the last
    deferrals turn something (``TURNS``), of the rows that can still turn something after ``now``:
    a message sent within the longest step delay of any play (``longest_delay``), the sequence's
    ``GRACE`` and a day (a follow-up, another play's sequence ending, the day after an email); a
    deferral that has not faded (``FADES_AFTER``)."""
    longest = longest_delay(con)
    bounds = (("send_ledger", "sent_at", None if longest is None else longest + GRACE + DAY),
              ("send_deferrals", "last_at", FADES_AFTER + DAY))
    sources = [f"select epoch_us({column}) as moment from {table}"
               + ("" if bound is None else f" where {column} >= ?::timestamptz - to_microseconds({bound // MICROSECOND})")
               for table, column, bound in bounds if table_exists(con, table)]
    if not sources:
        return []
    day, shifts = DAY // MICROSECOND, [shift // MICROSECOND for shift in TURNS]
    bounded = sum("?" in source for source in sources)
    rows = con.execute(f"select distinct ((moment + shift) % {day} + {day}) % {day} from ({' union all '.join(sources)}), "
                       "unnest(?::bigint[]) as s(shift)", [*[now] * bounded, shifts]).fetchall()
    return [turn for (turn,) in rows]


def longest_delay(con: duckdb.DuckDBPyConnection) -> timedelta | None:
    """The longest step delay of any play version seen (``play_version_history``, removed plays'
    too) or drafted; None where neither is recorded (every ledger row counts then)."""
    delays = []
    if table_exists(con, "play_version_history"):
        for (content,) in con.execute("select content from play_version_history").fetchall():
            delays += [int(step.get("delay_days") or 0) for step in json.loads(content).get("sequence") or []]
    if table_exists(con, "message_drafts"):
        delays += [d for (d,) in con.execute("select max(delay_days) from message_drafts").fetchall() if d is not None]
    return timedelta(days=max(delays)) if delays else None


def left_nothing_due(result, play: str) -> bool:
    """Whether a successful outreach run's send step ran to its end with nothing left for a run on
    the same inputs: no message sent, held, refused, released, deferred or of unknown outcome this
    run, no batch halted, no wait for replies and no lock held by another batch. Its refusals
    recorded again (``skipped_this_run``) are the same each time."""
    if not result.success:
        return False
    events = [e.materialization for e in result.get_asset_materialization_events()
              if e.asset_key == dg.AssetKey([play, "send_ledger"])]
    if not events:
        return False
    metadata = {key: value.value for key, value in events[-1].metadata.items()}
    counts = [value for key, value in metadata.items() if key.endswith("_this_run") and key != "skipped_this_run"]
    return (metadata.get("halted") == "" and SKIPPED not in metadata and not metadata.get("held_too_large")
            and all(value == 0 for value in counts))


def outreach_unchanged(con: duckdb.DuckDBPyConnection, play: str, inputs: str | None, now: datetime) -> bool:
    """Whether a run of ``play``'s outreach on ``inputs`` (``outreach_inputs``) at ``now`` is one that
    already wrote nothing, within the time its result holds."""
    return inputs is not None and unchanged(con, LAYER + play, inputs, now, table="send_ledger")


def record_settled(con: duckdb.DuckDBPyConnection, play: str, inputs: str, now: datetime) -> None:
    """Remember that a run of ``play``'s outreach on ``inputs`` wrote nothing and left nothing due,
    until the clock turns something."""
    record_mark(con, LAYER + play, inputs, now, valid_until(now, clock_turns(con, now)))


def covered(play: str) -> tuple[set[dg.AssetKey], set[dg.AssetCheckKey]]:
    """The steps and checks of ``play``'s outreach job the inputs above answer for."""
    drafts = dg.AssetKey([play, "message_drafts"])
    assets = {drafts, *(dg.AssetKey([play, t]) for t in ("send_ledger", "linkedin_tasks")), dg.AssetKey("send_ledger"),
              *map(dg.AssetKey, ANALYTICS)}
    return assets, {dg.AssetCheckKey(drafts, name) for name in (*HOLDING_CHECKS, GROUNDED_CHECK)}


class Look(NamedTuple):
    """What ``settled_inputs`` found before a run: the digest, whether a run on it already wrote
    nothing, and the clock then (a mark recorded after the run holds from it: the run planned then)."""
    inputs: str | None
    settled: bool
    now: datetime | None


def settled_inputs(job: dg.JobDefinition, resources: Mapping[str, Any], play: str,
                   shared: PassInputs | None = None) -> Look:
    """The digest of ``play``'s outreach inputs now (None where the run must be launched whatever they
    are: a step or check of ``job`` these inputs do not answer for, a warehouse another process holds,
    a file that cannot be read, such as a symlink loop, which nothing proves unchanged), and whether a
    run on them is one that already wrote nothing."""
    graph = job.asset_layer
    if (set(graph.executable_asset_keys), set(graph.asset_graph.asset_check_keys)) != covered(play):
        return Look(None, False, None)
    try:
        with resources["warehouse"].connect(read_only=True) as con:
            now = resources["policy"].now()
            inputs = outreach_inputs(con, resources, play, shared)
            return Look(inputs, outreach_unchanged(con, play, inputs, now), now)
    except WarehouseLocked:
        if shared is not None:
            shared.locked = True
        return Look(None, False, None)
    except OSError:
        return Look(None, False, None)


def remember_if_settled(defs: dg.Definitions, play: str, before: Look, result, shared: PassInputs | None = None) -> None:
    """After a run of ``play``'s outreach launched on what ``before`` found: where it wrote nothing and
    left nothing due, so that its inputs are still those, remember it (``record_settled``) from the
    clock read before the run. Nothing is remembered where another process holds the warehouse or a
    file became unreadable: the next run is launched, no more."""
    if before.inputs is None or not left_nothing_due(result, play):
        return
    resources = defs.resources
    try:
        with resources["warehouse"].connect() as con:
            if outreach_inputs(con, resources, play, shared) == before.inputs:
                record_settled(con, play, before.inputs, before.now)
    except (WarehouseLocked, OSError):
        return
