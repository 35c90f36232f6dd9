"""The LinkedIn tasks table as people work it: its shape, the CSV export and a person's decision on a
task. No Dagster: `sdr tasks` uses it as the pipeline's asset (:mod:`sdr_assets.tasks`) does.

A LinkedIn note reaches a prospect as an email does, so the approval gate holds for tasks too: the
open tasks of a play that may not send now are withdrawn before anyone reads the list, and a later
run reopens them once the play's current version is approved. A note is asked on its due day as an
email is on its send day: one whose why-now no longer holds is held before anyone reads it.
"""

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from resources.store.approvals import approval_status
from resources.tables import columns_of, frame_of, read_table, table_exists
from sdr_assets import stop_requests
from sdr_assets.contact_holds import current_holds
from sdr_assets.current_drafts import current_drafts
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, person_key
from sdr_assets.domain.days import utc_day
from sdr_assets.domain.holds import REPLIED
from sdr_assets.domain.sequencing import holds_on
from sdr_assets.domain.plays import Play, PlayBook
from sdr_assets.former_plays import names_of
from sdr_assets.domain.tasks import HELD, OPEN, PENDING, SYSTEM, WITHDRAWN, decide_task, stale_status, task_id
from sdr_assets.playbook import load_plays
from sdr_assets.segment_pauses import paused_segments
from sdr_assets.shared_profiles import people, person_of, suppressed_people
from sdr_assets.stale_drafts import stale_tasks
from sdr_assets.suppression import current_suppressions

TASKS_DDL = """
create table if not exists linkedin_tasks (
    task_id varchar primary key,
    play varchar not null,
    contact_email varchar not null,
    contact_name varchar,
    linkedin_url varchar,
    step integer not null,
    note varchar,
    due_at timestamptz,
    status varchar not null,
    decided_by varchar,
    reason varchar,
    decided_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    play_version varchar
)
"""
TASK_SCHEMA = {
    "task_id": pl.String, "play": pl.String, "contact_email": pl.String, "contact_name": pl.String,
    "linkedin_url": pl.String, "step": pl.Int32, "note": pl.String, "due_at": pl.Datetime("us", "UTC"),
    "status": pl.String, "decided_by": pl.String, "reason": pl.String, "decided_at": pl.Datetime("us", "UTC"),
    "created_at": pl.Datetime("us", "UTC"), "updated_at": pl.Datetime("us", "UTC"), "play_version": pl.String,
}
# The play version whose draft wrote the note; a warehouse made before it gains the column, empty.
TASK_VERSION = "alter table linkedin_tasks add column if not exists play_version varchar"
COLUMNS = tuple(TASK_SCHEMA)
# Why a task of an earlier version whose note the approved version no longer drafts is withdrawn.
EDITED_AWAY = "play edited: step no longer in the approved version"
CSV_NAME = "linkedin_tasks.csv"
# The statuses of a task still to come, for a query: open, or held for fresh research.
PENDING_SQL = f"status in ({', '.join(repr(s) for s in PENDING)})"


def notes_of(drafts: pl.DataFrame) -> pl.DataFrame:
    """Of a play's current grounded drafts, the LinkedIn notes: those a task may show."""
    return drafts.filter(pl.col("channel") == "linkedin")


def _notes(con: duckdb.DuckDBPyConnection, play: Play, notes: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The play's notes (``notes_of``), read once for all who ask with the same ``notes``."""
    if play.name not in notes:
        notes[play.name] = current_drafts(con, play, "and channel = 'linkedin' and grounded")
    return notes[play.name]


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    if table_exists(con, "linkedin_tasks"):
        columns = columns_of(con, "linkedin_tasks")
        if "status" not in columns:  # the earlier, rebuilt-every-run table held no person's decision
            con.execute("drop table linkedin_tasks")
    con.execute(TASKS_DDL)
    con.execute(TASK_VERSION)


def withdraw_tasks_of_stopped_plays(con: duckdb.DuckDBPyConnection, plays_dir: Path, mode: str,
                                    now: datetime, requests: bool = True) -> dict[str, str]:
    """Withdraw the open tasks of every play whose current version is not approved now (revoked,
    rejected, edited, paused, removed, invalid); return those plays with their status in words, as
    each task's reason gives it after "play "."""
    ensure_table(con)
    names = [name for (name,) in con.execute(f"select distinct play from linkedin_tasks where {PENDING_SQL}")
             .fetchall()]
    if not names:
        return {}
    book = load_plays(plays_dir)
    folder = requests_of(con) if requests else None
    stopped = {}
    for name in names:
        play = book.plays.get(name)
        if play is None:
            stopped[name] = _missing(book, name)
        elif folder is not None and (request := stop_requests.pending_for(folder, names_of(con, play))) is not None:
            stopped[name] = f"stopped: {request.decided_by} asked to {request.decision} it"
        elif (status := approval_status(con, play, mode).status) != "approved":
            stopped[name] = status.replace("_", " ")
    for name, status in stopped.items():
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    f"where play = ? and {PENDING_SQL}", [WITHDRAWN, SYSTEM, f"play {status}", now, now, name])
    return stopped


def withdraw_tasks_of_paused_segments(con: duckdb.DuckDBPyConnection, plays_dir: Path, mode: str,
                                      now: datetime) -> int:
    """Withdraw the tasks still to come of people in a segment the monitor paused for their play, as the
    play's next run would: a segment pause holds its people on every channel. Her account is the one her
    play's messages went to (under any name it went by). Returns how many were withdrawn."""
    ensure_table(con)
    rows = con.execute(f"select task_id, play, contact_email from linkedin_tasks where {PENDING_SQL}").fetchall()
    if not rows or not table_exists(con, "send_ledger"):
        return 0
    book, gone = load_plays(plays_dir), []
    for name in sorted({play for _, play, _ in rows}):
        play = book.plays.get(name)
        segments, accounts = paused_segments(con, play, mode) if play is not None else ((), frozenset())
        if not accounts:
            continue
        sent = con.execute("select contact_email, company_domain from send_ledger where list_contains(?, play)",
                           [names_of(con, play)]).fetchall()
        held = {person_key(email) for email, domain in sent if domain in accounts}
        reason = f"segment paused by the monitor: {', '.join(segments)}"
        gone += [(task, reason) for task, p, email in rows if p == name and person_key(email) in held]
    for task, reason in gone:
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    "where task_id = ?", [WITHDRAWN, SYSTEM, reason, now, now, task])
    return len(gone)


def requests_of(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The stop requests beside the warehouse ``con`` works in (None for an in-memory one)."""
    row = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    return stop_requests.requests_folder(row[0] if row else None)


def _missing(book: PlayBook, name: str) -> str:
    """Why no play called ``name`` is in the folder: a file that stands for it fails validation (its
    problem, on one line), or no file declares it any more (removed, or renamed without ``formerly``)."""
    problem = book.problem_of(name)
    if problem is None:
        return "removed: no file in the plays folder declares it"
    return "invalid: " + " ".join(str(problem).split())


def withdraw_tasks_of_earlier_versions(con: duckdb.DuckDBPyConnection, plays_dir: Path, now: datetime,
                                       plays: set[str] | None = None,
                                       notes: dict[str, pl.DataFrame] | None = None) -> int:
    """Withdraw the tasks still to come written under another version of their play (or before tasks
    kept their version) whose note no grounded draft of the current version holds: an approval of the next
    version never hands out the copy of an earlier one. A task of the current version stays; a run
    reopens one the current version holds once it falls due. ``plays`` narrows it to those plays (all,
    by default); ``notes`` holds the plays' notes read already (``_notes``). Returns how many were
    withdrawn."""
    ensure_table(con)
    narrow = "" if plays is None else " and list_contains(?, play)"
    rows = con.execute(f"select task_id, play, note, play_version from linkedin_tasks where {PENDING_SQL}{narrow}",
                       [] if plays is None else [sorted(plays)]).fetchall()
    if not rows:
        return 0
    book, gone = load_plays(plays_dir), []
    for name in sorted({play for _, play, _, _ in rows}):
        play = book.plays.get(name)
        if play is None:  # a removed play's tasks are withdrawn as a stopped play's
            continue
        earlier = [(task, note) for task, p, note, version in rows if p == name and version != play.version_hash]
        if not earlier:
            continue
        drafted = _notes(con, play, {} if notes is None else notes)
        held = {(task_of(d), d["body"]) for d in drafted.iter_rows(named=True)}
        gone += [task for task, note in earlier if (task, note) not in held]
    if gone:
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    f"where task_id in (select unnest(?::varchar[])) and {PENDING_SQL}",
                    [WITHDRAWN, SYSTEM, EDITED_AWAY, now, now, gone])
    return len(gone)


def contacts_stopped(con: duckdb.DuckDBPyConnection, data_dir: str | Path, addresses: set[str], now: datetime
                     ) -> tuple[dict[str, str], dict[str, str]]:
    """Of ``addresses``, those who must get no task now, each with the reason, as the send step stops
    her: (suppressed, held). A person is every address her LinkedIn profile joins (``shared_profiles``):
    her unsubscribe or complaint at one, or her reply or out-of-office there, stops the others too. A
    reply says "replied: ...", other holds "held: ..."."""
    linked, opted = people(con)
    suppressions = current_suppressions(con, data_dir)
    why = suppressed_people(opted, suppressions.reason_for, suppressions.stops_person)
    suppressed = {a: f"suppressed: {r}" for a in addresses if (r := why(a))}
    holds = holds_on(current_holds(con, now, opted), utc_day(now), lambda address: person_of(linked, address))
    held = {a: hold.reason if hold.reason.startswith(REPLIED) else f"held: {hold.reason}"
            for a in addresses if a not in suppressed and (hold := holds.get(person_of(linked, a)))}
    return suppressed, held


def withdraw_tasks_of_suppressed(con: duckdb.DuckDBPyConnection, data_dir: Path, now: datetime) -> tuple[int, int]:
    """Withdraw the open tasks of contacts who may no longer be contacted (an unsubscribe by any
    channel, a complaint, a person's entry, a bounce), and of those the send step holds for a reply,
    as the next outreach run would: a LinkedIn note is outreach too. Returns how many were withdrawn
    for a suppression, and how many for a reply or hold."""
    ensure_table(con)
    waiting = con.execute(f"select task_id, contact_email from linkedin_tasks where {PENDING_SQL}").fetchall()
    if not waiting:
        return 0, 0
    # Held as the send step holds her, from the same stored replies (a reply, an out-of-office, a reply
    # nobody could triage): the run withdraws her task for it, so must a command run before that run.
    suppressed, held = contacts_stopped(con, data_dir, {email for _, email in waiting}, now)
    gone = [(task, suppressed.get(email) or held[email]) for task, email in waiting if email in suppressed | held]
    for task, reason in gone:
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    "where task_id = ?", [WITHDRAWN, SYSTEM, reason, now, now, task])
    count = sum(email in suppressed for _, email in waiting)
    return count, len(gone) - count


def hold_stale_tasks(con: duckdb.DuckDBPyConnection, plays_dir: Path, now: datetime,
                     notes: dict[str, pl.DataFrame] | None = None) -> tuple[int, int]:
    """Hold the open tasks whose note's why-now no longer holds on their due day (or now, once due),
    as the next outreach run would: the days since that run count too; one whose signal is no longer
    stored is withdrawn as the run withdraws it, since no research words its note again
    (``stale_status``, the run's rule). Asks the approved play's note each task shows (``notes``: the
    plays' notes read already); returns how many were held and how many withdrawn."""
    ensure_table(con)
    rows = con.execute(f"select task_id, play, note, due_at from linkedin_tasks where status = '{OPEN}'").fetchall()
    if not rows:
        return 0, 0
    book, decided = load_plays(plays_dir), {}
    for name in sorted({play for _, play, _, _ in rows}):
        play = book.plays.get(name)
        if play is None:
            continue
        shown = {(task, note): due_at for task, p, note, due_at in rows if p == name}
        due = [{**d, "due_at": shown[key]} for d in _notes(con, play, {} if notes is None else notes)
               .iter_rows(named=True) if (key := (task_of(d), d["body"])) in shown]
        tasks = {d["draft_id"]: task_of(d) for d in due}
        for draft_id, stale in stale_tasks(con, play, due, now).items():
            decided[tasks[draft_id]] = stale_status(stale)
    if decided:  # one statement, not one commit per task
        con.register("_stale", pl.DataFrame([(task, status, reason) for task, (status, reason) in decided.items()],
                                            schema=["task_id", "status", "reason"], orient="row"))
        try:
            con.execute("update linkedin_tasks t set status = s.status, reason = s.reason, decided_by = ?, "
                        "decided_at = ?, updated_at = ? from _stale s where t.task_id = s.task_id and t.status = ?",
                        [SYSTEM, now, now, OPEN])
        finally:
            con.unregister("_stale")
    held = sum(status == HELD for status, _ in decided.values())
    return held, len(decided) - held


def task_of(draft: dict) -> str | None:
    """The id of the task a LinkedIn draft is the note of; None for an address that is none."""
    try:
        return task_id(draft["play"], canonical_address(draft["contact_email"]), draft["step"])
    except InvalidAddressError:
        return None


def write_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every task, open ones first, as CSV for people who work from a spreadsheet (``csv_files``: a
    name or note that would run as a formula is written as text); returns the row count."""
    from sdr_assets import csv_files

    ensure_table(con)
    frame = frame_of(con, f"select {', '.join(COLUMNS)} from linkedin_tasks "
                          "order by status <> 'open', due_at, play, task_id")
    path.parent.mkdir(parents=True, exist_ok=True)
    return csv_files.write_csv(path, COLUMNS, frame.iter_rows(named=True))


def record_task_decision(con: duckdb.DuckDBPyConnection, task: str, decision: str, by: str, reason: str,
                         now: datetime, mode: str = "live") -> dict:
    """Mark one task done or skipped by a named person; the decision outlives every later run."""
    ensure_table(con)
    rows = read_table(con, "linkedin_tasks", "where task_id = ?", [task])
    current = rows.row(0, named=True) if rows.height else None
    fields = decide_task(current, decision, by, reason, mode)
    con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, "
                "updated_at = ? where task_id = ?",
                [fields["status"], fields["decided_by"], fields["reason"], now, now, task])
    return {**current, **fields}
