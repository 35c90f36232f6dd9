"""`sdr export crm` and `sdr meetings`: hand conversations to the CRM, bring booked meetings back."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sdr_assets.cli_output import add_cells, cli_console, labelled, print_table
from sdr_assets.cli_person import By

export_app = typer.Typer(help="Hand-over files for other systems.", no_args_is_help=True)
meetings_app = typer.Typer(help="Meetings booked: from handled escalations and from a booking tool's export.",
                           no_args_is_help=True)
console = cli_console()


class Format(str, Enum):
    hubspot = "hubspot"
    salesforce = "salesforce"
    csv = "csv"


def _fail(message: str) -> None:
    labelled(console, "error:", message)
    raise typer.Exit(code=1)


@export_app.command("crm")
def export_crm(
    fmt: Annotated[Format, typer.Option("--format", help="hubspot (contacts + notes), salesforce (leads) or csv.")],
    since: Annotated[str | None, typer.Option(
        "--since", help="Only people with activity or an opt-out since YYYY-MM-DD.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the files (default: exports folder/crm).")] = None,
) -> None:
    """Escalations as files the CRM's import wizard accepts: contact, company, title, outcome, the thread as a note."""
    from sdr_assets.cli_settings import to_look_up
    from sdr_assets.crm import export_crm as export
    from sdr_assets.domain.escalations import EscalationError, parse_when

    resources = to_look_up()
    try:
        start = parse_when(since) if since else None
    except EscalationError as exc:
        _fail(str(exc))
    folder = out or resources["paths"].exports / "crm"
    try:
        result = export(resources["warehouse"], resources["policy"].now(), fmt.value, folder, start,
                        resources["paths"].data_dir)
    except OSError as exc:  # a folder or file that cannot be made; DuckDB's own errors are no OSError
        _fail(f"cannot write {exc.filename or folder}: {exc.strerror or exc}")
    left = result["left_for_review"]
    aside = (f" ({left} left out: messages for review, a lead once handled as meeting or nurture, and "
             "replies that may ask us to stop, until handled)") if left else ""
    quiet = result["suppressed_since"]
    aside += f" ({quiet} of them only for an opt-out or suppression since)" if quiet else ""
    console.print(f"{result['rows']} escalations exported for {fmt.value}{aside}:")
    for path in result["files"]:
        console.print(f"  {path}", markup=False)


@meetings_app.command("import")
def meetings_import(
    file: Annotated[Path, typer.Argument(help="A booking tool's CSV export, or a JSON/JSONL dump of its webhooks.")],
    by: By,
) -> None:
    """Match booked meetings to contacts we wrote to and cancel those the tool lists as canceled; unknown or
    unreadable rows are quarantined with a reason."""
    from sdr_assets.cli_settings import to_act
    from sdr_assets.crm import import_meetings

    if not file.is_file():
        _fail(f"no file {file}")
    resources = to_act()  # the meetings are matched to contacts a run wrote to
    try:
        result = import_meetings(resources["warehouse"], file, by, resources["policy"].now(), resources["paths"].mode)
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"Meetings added: {len(result['added'])}, already recorded: {result['duplicates']}, "
                  f"quarantined: {len(result['rejected'])} (table quarantined_meeting_rows).")
    for r in sorted(result["rejected"], key=lambda r: r.line):
        console.print(f"  line {r.line}: {r.reason}", markup=False)
    if result["canceled"]:
        console.print(f"Meetings canceled: {result['canceled']} (kept in `sdr meetings list`, counted nowhere).")


@meetings_app.command("list")
def meetings_list(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Every meeting recorded, where it came from, who recorded it and whether its booking was canceled."""
    from sdr_assets.cli_settings import to_read
    from sdr_assets.crm import meeting_rows

    with to_read()["warehouse"].connect() as con:
        rows = meeting_rows(con)
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    table = Table(title=f"Meetings ({len(rows)})")
    for column in ("booked at", "contact", "play", "source", "recorded by", "escalation", "canceled"):
        table.add_column(column)
    for r in rows:
        add_cells(table, f"{r['booked_at']:%Y-%m-%d %H:%M}", r["contact_email"], r["play"] or "", r["source"],
                  r["recorded_by"], r["escalation_id"] or "",
                  f"{r['canceled_at']:%Y-%m-%d} by {r['canceled_by']}" if r["canceled_at"] else "")
    if rows:
        print_table(console, table)
    else:
        console.print("No meetings recorded yet.")
