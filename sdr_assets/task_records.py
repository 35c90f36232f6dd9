"""The LinkedIn tasks table as people work it: its shape, the CSV export and a person's decision on a
task. No Dagster: `sdr tasks` uses it as the pipeline's asset (:mod:`sdr_assets.tasks`) does.

A LinkedIn note reaches a prospect as an email does, so the approval gate holds for tasks too: the
open tasks of a play that may not send now are withdrawn before anyone reads the list, and a later
run reopens them once the play's current version is approved.
"""

from datetime import datetime
from pathlib import Path

import duckdb

from resources.config import WarehouseFile
from resources.store.approvals import approval_status
from resources.tables import columns_of, frame_of, read_table, table_exists
from sdr_assets.domain.tasks import OPEN, SYSTEM, WITHDRAWN, decide_task
from sdr_assets.playbook import load_plays
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
    updated_at timestamptz not null
)
"""
COLUMNS = ("task_id", "play", "contact_email", "contact_name", "linkedin_url", "step", "note", "due_at", "status",
           "decided_by", "reason", "decided_at", "created_at", "updated_at")
CSV_NAME = "linkedin_tasks.csv"


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    if table_exists(con, "linkedin_tasks"):
        columns = columns_of(con, "linkedin_tasks")
        if "status" not in columns:  # the earlier, rebuilt-every-run table held no person's decision
            con.execute("drop table linkedin_tasks")
    con.execute(TASKS_DDL)


def withdraw_tasks_of_stopped_plays(con: duckdb.DuckDBPyConnection, plays_dir: Path, mode: str,
                                    now: datetime) -> dict[str, str]:
    """Withdraw the open tasks of every play whose current version is not approved now (revoked,
    rejected, edited, paused, removed); return those plays with their status."""
    ensure_table(con)
    names = [name for (name,) in con.execute(f"select distinct play from linkedin_tasks where status = '{OPEN}'")
             .fetchall()]
    if not names:
        return {}
    book = load_plays(plays_dir)
    stopped = {}
    for name in names:
        play = book.plays.get(name)
        status = approval_status(con, play, mode).status if play is not None else "removed_or_invalid"
        if status != "approved":
            stopped[name] = status
    for name, status in stopped.items():
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    "where play = ? and status = ?",
                    [WITHDRAWN, SYSTEM, f"play {status.replace('_', ' ')}", now, now, name, OPEN])
    return stopped


def withdraw_tasks_of_suppressed(con: duckdb.DuckDBPyConnection, data_dir: Path, now: datetime) -> int:
    """Withdraw the open tasks of contacts who may no longer be contacted (an unsubscribe by any
    channel, a complaint, a person's entry, a bounce), as the next outreach run would: a LinkedIn
    note is outreach too. Returns how many were withdrawn."""
    ensure_table(con)
    waiting = con.execute(f"select task_id, contact_email from linkedin_tasks where status = '{OPEN}'").fetchall()
    if not waiting:
        return 0
    suppressions = current_suppressions(con, data_dir)
    gone = [(task, reason) for task, email in waiting if (reason := suppressions.reason_for(email))]
    for task, reason in gone:
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, updated_at = ? "
                    "where task_id = ?", [WITHDRAWN, SYSTEM, f"suppressed: {reason}", now, now, task])
    return len(gone)


def write_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Every task, open ones first, as CSV for people who work from a spreadsheet (``csv_files``: a
    name or note that would run as a formula is written as text); returns the row count."""
    from sdr_assets import csv_files

    ensure_table(con)
    frame = frame_of(con, f"select {', '.join(COLUMNS)} from linkedin_tasks "
                          "order by status <> 'open', due_at, play, task_id")
    path.parent.mkdir(parents=True, exist_ok=True)
    return csv_files.write_csv(path, COLUMNS, frame.iter_rows(named=True))


def record_task_decision(warehouse: WarehouseFile, task: str, decision: str, by: str, reason: str,
                         now: datetime) -> dict:
    """Mark one task done or skipped by a named person; the decision outlives every later run."""
    with warehouse.connect() as con:
        ensure_table(con)
        rows = read_table(con, "linkedin_tasks", "where task_id = ?", [task])
        current = rows.row(0, named=True) if rows.height else None
        fields = decide_task(current, decision, by, reason)
        con.execute("update linkedin_tasks set status = ?, decided_by = ?, reason = ?, decided_at = ?, "
                    "updated_at = ? where task_id = ?",
                    [fields["status"], fields["decided_by"], fields["reason"], now, now, task])
    return {**current, **fields}
