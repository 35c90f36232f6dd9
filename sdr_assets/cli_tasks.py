"""`sdr tasks`: LinkedIn steps a person does by hand, marked done or skipped by name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sdr_assets.cli_person import By

app = typer.Typer(help="LinkedIn tasks to do by hand (no LinkedIn automation): list, mark done or skipped, export.",
                  no_args_is_help=True)


def _decide(task: str, decision: str, by: str, reason: str = "") -> None:
    from sdr_assets.domain.tasks import TaskError
    from resources.tables import transaction
    from sdr_assets.cli_settings import to_act
    from sdr_assets.task_records import record_task_decision

    resources = to_act()  # the plain settings: working the task list needs no Dagster
    refused = None
    with resources["warehouse"].connect() as con:
        # One transaction: no interrupt keeps the withdrawals without the decision; a refused decision keeps them.
        with transaction(con):
            withdrawn = _withdraw_stopped(con, resources)  # a task the list would no longer show is no one's to do
            try:
                row = record_task_decision(con, task, decision, by, reason, resources["policy"].now(),
                                           resources["paths"].mode)
            except TaskError as exc:
                refused = exc
        _say_withdrawn(con, resources, withdrawn, decided=refused is None)
    if refused is not None:
        typer.echo(f"error: {refused}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{by} marked task {task} {decision}: {row['contact_name']} <{row['contact_email']}>, "
               f"{row['play']} step {row['step']}.")


def _withdraw_stopped(con, resources: dict) -> list[str]:
    """The gate and the suppression list first: open tasks of a play that may not send now, of people in
    a segment the monitor paused, of an earlier version whose note the approved one no longer has, and of contacts who may no longer be
    contacted, are withdrawn; then those whose note's why-now no longer holds are held. Each play's
    notes are read once. Returns a line saying each change, none when nothing changed: the caller
    says them, and rewrites the CSV export, once they are committed."""
    from sdr_assets.task_records import (hold_stale_tasks, withdraw_tasks_of_earlier_versions,
                                         withdraw_tasks_of_paused_segments, withdraw_tasks_of_stopped_plays,
                                         withdraw_tasks_of_suppressed)

    now, notes = resources["policy"].now(), {}
    stopped = withdraw_tasks_of_stopped_plays(con, resources["paths"].plays, resources["paths"].mode, now)
    said = [f"{play}: open tasks withdrawn, the play is {status}" for play, status in sorted(stopped.items())]
    if edited := withdraw_tasks_of_earlier_versions(con, resources["paths"].plays, now, notes=notes):
        said.append(f"{edited} open task(s) withdrawn: the approved version of their play no longer has their note")
    if segments := withdraw_tasks_of_paused_segments(con, resources["paths"].plays, resources["paths"].mode, now):
        said.append(f"{segments} open task(s) withdrawn: the monitor paused their segment of the play "
                    "(`sdr status` says why and how to resume it)")
    suppressed, replied = withdraw_tasks_of_suppressed(con, resources["paths"].data_dir, now)
    if suppressed:
        said.append(f"{suppressed} open task(s) withdrawn: their contact may no longer be contacted "
                    "(`sdr suppress list`)")
    if replied:
        said.append(f"{replied} open task(s) withdrawn: their contact replied, or the send step holds her "
                    "(`sdr inbox` has the conversations a person answers)")
    held, gone = hold_stale_tasks(con, resources["paths"].plays, now, notes)
    if held:
        said.append(f"{held} open task(s) held: their note's why-now no longer holds on its due day; the next "
                    "research words it again")
    if gone:
        said.append(f"{gone} open task(s) withdrawn: their signal is no longer stored, so no research words "
                    "their note again")
    return said


def _say_withdrawn(con, resources: dict, withdrawn: list[str], decided: bool = False) -> None:
    """Say what :func:`_withdraw_stopped` changed, once committed; the spreadsheet people work from
    follows every change, a task ``decided`` since too."""
    from sdr_assets.task_records import CSV_NAME, write_csv

    for line in withdrawn:
        typer.echo(line, err=True)
    if withdrawn or decided:
        write_csv(con, resources["paths"].exports / CSV_NAME)


@app.command("list")
def list_tasks(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Done, skipped and withdrawn tasks too.")] = False,
) -> None:
    """Open tasks, earliest due first, then those held with why (with --all, every task and who decided it)."""
    from resources.tables import frame_of
    from sdr_assets.cli_settings import to_read
    from sdr_assets.task_records import COLUMNS, PENDING_SQL

    resources = to_read()
    with resources["warehouse"].connect() as con:
        _say_withdrawn(con, resources, _withdraw_stopped(con, resources))
        where = "" if show_all else f"where {PENDING_SQL}"
        rows = list(frame_of(con, f"select {', '.join(COLUMNS)} from linkedin_tasks {where} "
                                  "order by status <> 'open', due_at, play, task_id").iter_rows(named=True))
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    if not rows:
        typer.echo("No open LinkedIn tasks." if not show_all else "No LinkedIn tasks yet.")
        return
    from rich.table import Table

    from sdr_assets.cli_output import add_cells, cli_console, print_table

    table = Table(title="LinkedIn tasks")
    for column in ("id", "due", "play", "person", "profile", "status", "note"):
        table.add_column(column)
    for r in rows:
        status = r["status"] + (f" by {r['decided_by']}" if r["decided_by"] else "") \
            + (f" ({r['reason']})" if r["reason"] else "")
        add_cells(table, r["task_id"], f"{r['due_at']:%Y-%m-%d}" if r["due_at"] else "", r["play"],
                  f"{r['contact_name']} <{r['contact_email']}>", r["linkedin_url"] or "", status, r["note"] or "")
    print_table(cli_console(), table)


@app.command("done")
def done(task: Annotated[str, typer.Argument(help="The task id from `sdr tasks list`.")], by: By) -> None:
    """Mark a task done: you did the LinkedIn step by hand."""
    _decide(task, "done", by)


@app.command("skip")
def skip(task: Annotated[str, typer.Argument(help="The task id from `sdr tasks list`.")], by: By,
         reason: Annotated[str, typer.Option("--reason", help="Why the task is skipped.")]) -> None:
    """Skip a task, saying why; later runs keep it skipped."""
    _decide(task, "skipped", by, reason)


@app.command("export")
def export(out: Annotated[Path | None, typer.Option("--out", help="CSV file (default: the exports folder)."
                                                    )] = None) -> None:
    """Write every task as CSV for people who work from a spreadsheet."""
    from sdr_assets.cli_settings import to_look_up
    from sdr_assets.task_records import CSV_NAME, write_csv

    resources = to_look_up()
    path = out or resources["paths"].exports / CSV_NAME
    with resources["warehouse"].connect() as con:
        _say_withdrawn(con, resources, _withdraw_stopped(con, resources))  # makes the table too
        count = write_csv(con, path)
    typer.echo(f"Wrote {count} tasks to {path}.")
