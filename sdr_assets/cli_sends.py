"""`sdr sends`: messages whose fate a crash or a lost server answer left unknown, and a person's answer for each."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from sdr_assets.cli_output import add_cells, cli_console, labelled, print_table, sdr_command
from sdr_assets.cli_person import By

sends_app = typer.Typer(help="Sends a crash or a lost server answer left unresolved ('sending'): list them "
                             "and settle each one.",
                        no_args_is_help=True)
console = cli_console()


@sends_app.command("unresolved")
def sends_unresolved(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Sends claimed but not known to be delivered, and the later steps that wait on each."""
    from resources.config import sends_over_smtp
    from sdr_assets.cli_settings import to_read
    from sdr_assets.reconcile import unresolved

    resources = to_read()
    with resources["warehouse"].connect() as con:
        rows = unresolved(con)
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    if not rows:
        console.print("No unresolved sends.")
        return
    outbox = not sends_over_smtp()
    table = Table(title="Unresolved sends (not yet settled from the outbox)" if outbox else
                  "Unresolved sends (the transport could not tell whether they left)")
    for column in ("send key", "play", "contact", "step", "claimed at", "later steps waiting", "why"):
        table.add_column(column)
    for r in rows:
        add_cells(table, r["send_key"], r["play"], r["contact_email"], str(r["step"]),
                  f"{r['claimed_at']:%Y-%m-%d %H:%M}", str(r["steps_waiting"]), r["reason"] or "the run stopped before recording the outcome")
    print_table(console, table)
    if outbox:
        console.print("The outbox can tell whether each left: the next send step settles them itself.",
                      markup=False, soft_wrap=True)
        return
    console.print(f"Check the mail server's log, then: {sdr_command('sends resolve KEY --sent|--not-sent --by NAME')}",
                  markup=False, soft_wrap=True)


@sends_app.command("resolve")
def sends_resolve(
    key: str,
    by: By,
    sent: Annotated[bool | None, typer.Option("--sent/--not-sent", help="Delivered, or not (then a later run may send it).")] = None,
    note: Annotated[str, typer.Option("--note", help="How you know.")] = "",
) -> None:
    """Record whether an unresolved send left; --not-sent releases it for the next run."""
    from sdr_assets import sent_log
    from sdr_assets.cli_settings import to_act
    from sdr_assets.reconcile import ResolveError, resolve

    if sent is None:
        labelled(console, "error:", "say --sent or --not-sent")
        raise typer.Exit(code=1)
    resources = to_act()
    try:
        with resources["warehouse"].connect() as con:
            row = resolve(con, key, sent, by, resources["policy"].now(), note, mail=_transport(),
                          warehouse_path=resources["warehouse"].path, mode=resources["paths"].mode)
    except (ResolveError, sent_log.Unwritable) as exc:  # the latter: the row stays unresolved
        labelled(console, "error:", str(exc))
        raise typer.Exit(code=1) from None
    _report(row)
    outcome = "sent" if sent else "not sent (released: the next run may send it)"
    console.print(f"{row['resolved_by']} resolved {row['send_key']} ({row['play']}, {row['contact_email']}, "
                  f"step {row['step']}): {outcome}.", markup=False)


def _transport():
    """The transport the sends go through, as a run builds it: the local outbox can tell what it holds."""
    from resources.defaults import build_resources

    return build_resources()["mail"]


def _report(row: dict) -> None:
    """The analytics count the ledger: tell Dagster it changed, so they are refreshed within a minute."""
    from sdr_assets.freshness import report_ledger_change
    from sdr_assets.instance import dagster_instance

    with dagster_instance() as instance:
        report_ledger_change(instance, row)
