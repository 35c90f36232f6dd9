"""`sdr plays`: each play's version and approval, its review sample, its audit trail, the play schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sdr_assets.cli_output import (add_cells, cli_console, decide_command, labelled, print_command, print_table,
                                   resume_command, sdr_command, styled)

plays_app = typer.Typer(help="Inspect plays, their versions and their approval trail; the play file schema.",
                        no_args_is_help=True)
console = cli_console()
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _fail(message: str) -> None:
    labelled(console, "error:", message)
    raise typer.Exit(code=1)


def _held_request(warehouse_path: str, play: str) -> str | None:
    """Why a held play's stop request stops it, if a reject or revoke of it left one unrecorded."""
    from sdr_assets import stop_requests

    folder = stop_requests.requests_folder(warehouse_path)
    request = stop_requests.pending(folder, play) if folder else None
    return request.reason() if request else None


def _play_rows() -> tuple[list[dict], list[dict], dict[str, str], dict[str, str]]:
    from resources.store import approvals
    from sdr_assets import stop_requests
    from sdr_assets.cli_output import demo_folder
    from sdr_assets.cli_settings import to_read
    from sdr_assets.domain.approvals import uncounted_line
    from sdr_assets.edited_pauses import open_edited_pauses
    from sdr_assets.playbook import load_plays
    from sdr_assets.segment_pauses import open_segment_pauses

    resources = to_read()
    book = load_plays(resources["paths"].plays)
    folder = stop_requests.requests_folder(resources["warehouse"].path)
    requests = {name: stop_requests.pending(folder, name) for name in [*book.plays, *book.duplicates]} if folder else {}
    rows = []
    with resources["warehouse"].connect() as con:
        held = {name: approvals.held_reason(con, book, name, resources["paths"].mode) or "" for name in book.duplicates}
        for play in book.plays.values():
            state = approvals.approval_status(con, play, resources["paths"].mode)
            pause = state.monitor_pause
            rows.append({"play": play.name, "version": play.version_hash, "status": state.status,
                         "owner": play.owner, "approved_by": state.approved_by,
                         "approved_at": str(state.approved_at or ""),
                         "last_approved_version": state.last_approved_hash, "paused": play.paused,
                         "monitor": {"reason": pause["reason"], "paused_at": str(pause["recorded_at"]),
                                     "message_ids": (pause["message_ids"] or "").split()} if pause else None,
                         "segment_pauses": open_segment_pauses(con, play, resources["paths"].mode, demo_folder()),
                         "earlier_version_pauses": open_edited_pauses(play, state, resources["paths"].mode,
                                                                      demo_folder()),
                         "stop_request": request.reason() if (request := requests.get(play.name)) else None,
                         "uncounted_approval": uncounted_line(state)})
    held_requests = {name: request.reason() for name in held if (request := requests.get(name))}
    return rows, book.invalid_rows(), held, held_requests


@plays_app.command("list")
def plays_list(as_json: AsJson = False) -> None:
    """Each play with its current version hash and approval status, and the segments the monitor paused;
    invalid files with file, field and line; a name several files claim, held."""
    from sdr_assets import edited_pauses
    from sdr_assets.segment_pauses import described

    rows, invalid, held, held_requests = _play_rows()
    if as_json:
        typer.echo(json.dumps({"plays": rows, "invalid": invalid, "held": held, "held_stop_requests": held_requests,
                               "invalid_files": {r["file"]: r["reason"] for r in invalid}}, indent=2))
        return
    table = Table()
    for column in ("play", "version", "status", "owner", "approved by"):
        table.add_column(column, no_wrap=column in ("play", "version"))
    for r in rows:
        status = "paused by monitor" if r["status"] == "paused_by_monitor" else r["status"]
        if r["segment_pauses"]:
            status += f", {len(r['segment_pauses'])} segment(s) paused"
        status += "".join(f", monitor paused {e['version']}" for e in r["earlier_version_pauses"])
        add_cells(table, r["play"], r["version"], status, r["owner"], r["approved_by"] or "")
    for name in held:
        add_cells(table, name, "", styled("held: files share its name", "yellow"), "", "")
    for r in invalid:
        add_cells(table, r["play"] or r["file"], "", styled("invalid", "red"), "", "")
    print_table(console, table)
    for name, reason in held.items():
        typer.echo(f"held: {name}: {reason}")
        if name in held_requests:
            typer.echo(f"  {name} sends nothing: {held_requests[name]}")
    for r in invalid:
        where = "".join([f", line {r['line']}" if r["line"] else "", f", field {r['field']}" if r["field"] else ""])
        typer.echo(f"invalid: {r['file']}{where}: {r['reason']}")
    for r in rows:
        if r["stop_request"]:
            typer.echo(f"{r['play']} sends nothing: {r['stop_request']}")
        if r["uncounted_approval"]:
            typer.echo(r["uncounted_approval"])
            print_command(decide_command(r["play"], r["version"]))
        if r["monitor"]:
            typer.echo(f"{r['play']} paused by monitor: {r['monitor']['reason']} Replies: "
                       f"{', '.join(r['monitor']['message_ids'])}. To resume it (or edit the play, or reject it):")
            print_command(resume_command(r["play"], r["version"]))
        for pause in r["segment_pauses"]:
            typer.echo(f"{described(r['play'], pause)} To resume it (this resumes every pause of the version):")
            print_command(pause["resume"])
        for pause in r["earlier_version_pauses"]:
            typer.echo(f"{edited_pauses.described(r['play'], pause)} {edited_pauses.ANSWER}")
            print_command(pause["approve"])


@plays_app.command("show")
def plays_show(play: str) -> None:
    """The review sample drafts, the approval status and what changed since the last approval."""
    from resources.store import approvals
    from sdr_assets import edited_pauses
    from sdr_assets.cli_output import demo_folder
    from sdr_assets.current_drafts import current_drafts
    from sdr_assets.cli_settings import to_read
    from sdr_assets.domain.approvals import uncounted_line
    from sdr_assets.domain.play_overlap import ENDED
    from sdr_assets.domain.review import content_diff
    from sdr_assets.playbook import load_plays
    from sdr_assets.route_probe_records import unproven_senders

    resources = to_read()
    book = load_plays(resources["paths"].plays)
    current = book.plays.get(play)
    if play in book.duplicates:  # a designed wait, not a failure: which file to keep is the person's call
        with resources["warehouse"].connect() as con:
            typer.secho(f"held: {approvals.held_reason(con, book, play, resources['paths'].mode)}", fg="yellow")
        if request := _held_request(resources["warehouse"].path, play):
            typer.echo(f"{play} sends nothing: {request}")
        return
    if current is None:
        problem = book.problem_of(play)
        _fail(f"play '{play}' is invalid: {problem}" if problem else f"no play named '{play}'")
    with resources["warehouse"].connect() as con:
        state = approvals.approval_status(con, current, resources["paths"].mode)
        # Every step of each sampled contact: the follow-ups go to every contact once it is approved.
        sample = current_drafts(con, current, "and is_review_sample order by contact_email, step")
        previous = (approvals.version_content(con, play, state.last_approved_hash)
                    if state.last_approved_hash and state.last_approved_hash != current.version_hash else None)
        # A revoked or rejected play mails no one: its sender is warned of no more than in `sdr status`.
        unproven = unproven_senders(con, [] if state.status in ENDED else [current], resources["paths"])
    typer.echo(f"{play} version {current.version_hash}: {state.status}"
               + (f" by {state.approved_by} at {state.approved_at}" if state.approved_by else ""))
    typer.echo(f"Owner: {current.owner}. Triggers: {', '.join(sorted(current.trigger_types()))}.")
    for sender in unproven:
        labelled(console, "warning:", sender.line(), "yellow")
        print_command(sdr_command("suppress probe"))
    earlier = edited_pauses.open_edited_pauses(current, state, resources["paths"].mode, demo_folder())
    for pause in earlier:
        typer.echo(edited_pauses.described(play, pause))
    if sample.is_empty():
        typer.echo(f"No sample drafts for this version yet: run `{sdr_command('run')}` first.")
    for row in sample.iter_rows(named=True):
        if row["step"] == 1:
            console.rule(f"{row['contact_name']} <{row['contact_email']}> · {row['variant']} · {row['signal_type']}")
        heading = f"Step {row['step']} ({row['channel']}, day {row['delay_days']})"
        subject = f"\nSubject: {row['subject']}" if row["subject"] else ""
        console.print(f"{heading}{subject}\n\n{row['body']}\n", markup=False, soft_wrap=True)
    diff = content_diff(previous, current.versioned_content(), f"approved {state.last_approved_hash}",
                        f"current {current.version_hash}")
    if diff:
        console.rule("changed since the last approval")
        console.print(diff, markup=False, highlight=False, soft_wrap=True)
    if earlier:
        typer.echo(f"{edited_pauses.ANSWER[:-1]}, or use the record_play_decision job in the Launchpad:")
        print_command(earlier[-1]["approve"])
    elif not state.approved:
        typer.echo(uncounted_line(state) or "To decide (or use the record_play_decision job in the Launchpad):")
        print_command(decide_command(play, current.version_hash))


@plays_app.command("history")
def plays_history(play: str, as_json: AsJson = False) -> None:
    """Every decision ever taken on the play: who, when, which version, why."""
    from resources.store import approvals
    from sdr_assets.cli_settings import to_read

    with to_read()["warehouse"].connect() as con:
        rows = approvals.history(con, play)
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    if not rows:
        typer.echo(f"No decisions on {play} yet.")
        return
    table = Table(title=f"Decisions on {play}")
    for column in ("#", "when", "who", "decision", "version", "mode", "note"):
        table.add_column(column, no_wrap=column in ("when", "version"))
    for r in rows:
        add_cells(table, str(r["decision_id"]), f"{r['decided_at']:%Y-%m-%d %H:%M}", r["decided_by"], r["decision"],
                  r["version_hash"], r["mode"], r["note"] or "")
    print_table(console, table)


@plays_app.command("schema")
def plays_schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write it to this file instead of printing it.")] = None,
) -> None:
    """The JSON Schema of a play file, from the play model: editors check a play with it as you type."""
    from sdr_assets.domain.plays import schema_text

    if out is None:
        typer.echo(schema_text(), nl=False)
        return
    try:
        out.write_text(schema_text(), encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(f"Wrote {out}")
