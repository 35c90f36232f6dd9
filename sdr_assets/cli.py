"""`sdr`: run the demo or the due work, check status, and decide on plays."""

from __future__ import annotations

import atexit
import importlib
import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from resources.damage import WarehouseUnavailable
from resources.setting import SettingError
from sdr_assets.cli_bench import app as bench_app
from sdr_assets.cli_crm import export_app, meetings_app
from sdr_assets.cli_inbox import inbox_app
from sdr_assets.cli_output import (
    add_cells, cli_console, demo_folder, labelled, path_hint, print_table, sdr_command, styled,
)
from sdr_assets.cli_person import By
from sdr_assets.cli_plays import plays_app
from sdr_assets.cli_serve import serve
from sdr_assets.cli_summary import print_summary
from sdr_assets.cli_suppress import suppress_app
from sdr_assets.domain.collection import freeze_survivors, no_cycle_collection

# Dagster, polars and the pipeline are imported inside the commands that need them, so that
# `sdr --help`, `sdr status` and `sdr plays ...` answer at once.
app = typer.Typer(help="Supervised SDR: human-approved outbound as Dagster assets in DuckDB.", no_args_is_help=True)
app.add_typer(plays_app, name="plays")
referrals_app = typer.Typer(help="Contacts that replies referred us to: nobody is mailed until a person accepts.",
                            no_args_is_help=True)
app.add_typer(referrals_app, name="referrals")
app.add_typer(suppress_app, name="suppress")
app.command("serve")(serve)
console = cli_console()
errors = cli_console(stderr=True)  # a setting or warehouse refusal: never mixed into output a script parses


def _register_groups() -> None:
    from sdr_assets.cli_sends import sends_app

    app.add_typer(sends_app, name="sends")


_register_groups()


def _fail(message: str) -> None:
    labelled(console, "error:", message)
    raise typer.Exit(code=1)


PIPELINE_MODULES = ("resources.defaults", "sdr_assets.assembly", "sdr_assets.instance", "sdr_assets.runner")


def _import_pipeline() -> None:
    """Import the pipeline (Dagster, polars, DuckDB and the assets) with the cyclic collector off.

    What an import makes lives as long as the process, yet the collections it sets off walk
    everything made so far: several full ones while the pipeline loads. Commands that run it import
    it here first.
    """
    with no_cycle_collection():
        for name in PIPELINE_MODULES:
            importlib.import_module(name)


@app.command()
def demo(
    seed: int = 7, companies: int = 1200, signals: int = 1800,
    smtp: Annotated[bool, typer.Option("--smtp", help="Send the demo's mail through the configured SMTP server "
                                       "(SDR_SMTP_HOST) instead of the demo's local outbox.")] = False,
) -> None:
    """Generate a seeded world, run the whole pipeline, approve two plays as 'demo', simulate replies.

    Runs in demo mode, in its own data folder (SDR_DEMO_DIR, default data/demo), with its local
    outbox; its approvals never open the gate outside demo mode.
    """
    import os

    from resources.service_config import check_settings

    os.environ["SDR_MODE"] = "demo"
    check_settings(demo_smtp=smtp)  # a bad setting is refused before the pipeline is imported
    _import_pipeline()
    from resources.settings import resolve_paths
    from sdr_assets.demo_run import DemoBoundaryError, run_demo
    folder = resolve_paths()["data_dir"]
    if os.environ.get("SDR_SMTP_HOST") and not smtp:
        console.print(f"SDR_SMTP_HOST is set, but the demo refuses it: its mail goes to the local outbox "
                      f"{resolve_paths()['outbox']}. Pass --smtp to send the demo through that server.")
    elif smtp and not os.environ.get("SDR_SMTP_HOST"):
        _fail("--smtp needs SDR_SMTP_HOST (and the other SDR_SMTP_* settings)")
    elif smtp:
        console.print(styled(f"The demo sends through {os.environ['SDR_SMTP_HOST']}, as asked (--smtp).", "yellow"))
    console.print(f"Demo mode: data folder {folder}; demo approvals never open the gate outside the demo.")
    started = time.monotonic()
    try:
        outcome = run_demo(seed=seed, companies=companies, signals=signals, console=console, smtp=smtp)
    except DemoBoundaryError as exc:
        _fail(str(exc))
    print_summary(console, outcome["status"], outcome["report"].failed, outcome["report"].reasons)
    sim = outcome["simulation"]
    console.print(f"Simulated market replies written this run: {sim.files_written} (marked X-SDR-Simulated).")
    console.print(Text.assemble(f"Finished in {time.monotonic() - started:.1f}s. Browse the lineage with ",
                                ("make ui", "bold"), " → http://127.0.0.1:3000"))
    typer.echo("The sdr commands above start with SDR_MODE=demo: without it, sdr works on the live data, "
               "not the demo's.")
    if (hint := path_hint()) is not None:
        typer.echo(hint)


@app.command()
def run() -> None:
    """Materialise everything due on the current data, as the sensors would; the gate still applies."""
    import signal

    from resources.service_config import check_settings

    check_settings()  # a bad setting is refused before the pipeline is imported
    _import_pipeline()
    from resources.defaults import build_resources
    from resources.secret import secret_note
    from sdr_assets.assembly import build_definitions
    from sdr_assets.instance import dagster_instance
    from sdr_assets.runner import run_due
    from sdr_assets.send_guard import request_stop

    # SIGTERM or Ctrl-C: finish the job in flight (the send step records its message), then stop.
    for signo in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signo, lambda *_: request_stop())
    resources = build_resources()
    if Path(resources["warehouse"].path).exists():
        with resources["warehouse"].connect(read_only=True):  # a damaged file stops here, before any job
            pass
    # `sdr serve` says which secret verifies: the two must show the same one, or every click is refused.
    console.print(f"· unsubscribe links signed with {secret_note(resources['paths'].data_dir)}")
    report = run_due(build_definitions(resources), dagster_instance(), lambda s: console.print(f"· {s}"))
    from sdr_assets.status import collect_status

    result = collect_status(resources["warehouse"], resources["paths"], resources["policy"].now(),
                            resources["escalation_policy"], resources["policy"], demo_folder())
    print_summary(console, result, report.failed, report.reasons)
    if report.stopped:
        console.print(Text.assemble(("stopped by a termination signal", "yellow"),
                                    " after the work in flight was recorded."))
        raise typer.Exit(code=143)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Row counts per table, plays and their approval status, escalations waiting."""
    from sdr_assets.cli_settings import to_read
    from sdr_assets.status import collect_status

    resources = to_read()  # the plain settings: no Dagster needed to read the warehouse
    result = collect_status(resources["warehouse"], resources["paths"], resources["policy"].now(),
                            resources["escalation_policy"], resources["policy"], demo_folder())
    if as_json:
        typer.echo(json.dumps(result, default=str, indent=2))
    else:
        print_summary(console, result, [])


def _decide(decision: str, play: str, by: str, note: str, version: str | None, over_pause: str | None = None) -> None:
    from sdr_assets.cli_settings import noted_beside_the_demo
    from sdr_assets.decisions import decide_each, recorded_text
    from sdr_assets.domain import approvals

    with noted_beside_the_demo():  # a live setup may decide on a play before its first run
        if over_pause:
            _pauses_left_behind(play)
        try:
            decided = decide_each(play, decision, by, note, version, over_pause=over_pause)
        except approvals.ApprovalError as exc:
            _fail(str(exc))
        console.print(f"{recorded_text(decided)}: {by} → {decision} {play}.", soft_wrap=True)
        if decision == "approve":
            _pauses_still_open(play, version)


def _pauses_left_behind(play: str) -> None:
    """The pauses of earlier versions an approval is given over, before it is recorded (without
    ``--over-pause`` the refusal names them)."""
    from sdr_assets.decisions import pauses_left_behind
    from sdr_assets.domain.pause_notices import edited_pause

    for pause in pauses_left_behind(play):
        typer.echo(f"Approving over a pause: {edited_pause(pause)}")


def _pauses_still_open(play: str, version: str | None) -> None:
    from sdr_assets.cli_output import resume_command
    from sdr_assets.decisions import pauses_still_open

    pauses = pauses_still_open(play)
    for pause in pauses:
        what = "The play" if pause["scope"] == "play" else f"Segment '{pause['scope_value']}'"
        console.print(f"{what} stays paused by the monitor: {pause['reason']}")
    if pauses:
        console.print(f"An approval keeps the monitor's pauses; {resume_command(play, version or '')} "
                      "lifts them once you have read the replies that tripped them.")


Note = Annotated[str, typer.Option("--note", help="Why.")]
Version = Annotated[str | None, typer.Option("--version", help="The version hash you reviewed, as `sdr plays show` "
                                                               "prints it: approve and resume need it.")]


OverPause = Annotated[str | None, typer.Option(
    "--over-pause", help="The earlier version the monitor paused, when approving an edit of paused copy: the "
                         "approval is refused with the pause until it names it.")]


@app.command()
def approve(play: str, by: By, note: Note = "", version: Version = None, over_pause: OverPause = None) -> None:
    """Approve the version you reviewed, which must be the play's current one; its sends are released."""
    _decide("approve", play, by, note, version, over_pause)


@app.command()
def reject(play: str, by: By, note: Note = "", version: Version = None) -> None:
    """Reject the play's current version; nothing is sent."""
    _decide("reject", play, by, note, version)


@app.command()
def revoke(play: str, by: By, note: Note = "", version: Version = None) -> None:
    """Withdraw an approval; sending stops at once."""
    _decide("revoke", play, by, note, version)


@app.command()
def resume(play: str, by: By, note: Note = "", version: Version = None) -> None:
    """Resume a play (and its segments) that the monitor paused; the monitor starts counting afresh."""
    _decide("resume", play, by, note, version)


@referrals_app.command("list")
def referrals_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Referral addresses found in "wrong person" replies, and whether they were accepted."""
    from sdr_assets.cli_settings import to_read
    from sdr_assets.referrals import held_first_drafts, proposals

    with to_read()["warehouse"].connect() as con:
        held = held_first_drafts(con)
        rows = [{**r, "first_draft_held": held.get((r["play"], r["email"]))}
                for r in proposals(con).iter_rows(named=True)]
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    table = Table(title="Proposed referrals")
    for column in ("play", "account", "referral", "referred by", "accepted"):
        table.add_column(column)
    for r in rows:
        accepted = "no" if not r["accepted"] else "yes" if r["first_draft_held"] is None else styled(
            f"yes, first email held by the verifier: {r['first_draft_held']}", "yellow")
        add_cells(table, r["play"], r["company_domain"] or "", r["email"], r["referred_by"], accepted)
    if rows:
        print_table(console, table)
    else:
        typer.echo("No referrals proposed yet.")
    if held:
        console.print("Take one back so another at her account may be accepted: "
                      + sdr_command("referrals withdraw EMAIL --by NAME"), markup=False, soft_wrap=True)


@referrals_app.command("accept")
def referrals_accept(email: str, by: By) -> None:
    """Accept a referral: the play may now write to it, through the same gate as everyone else."""
    from resources.config import run_mode
    from sdr_assets.cli_settings import to_act
    from sdr_assets.referrals import ReferralError, accept

    try:
        row = accept(to_act()["warehouse"], email, by, mode=run_mode())
    except ReferralError as exc:
        _fail(str(exc))
    console.print(f"{by} accepted {row['email']} for {row['play']} ({row['company_domain']}); "
                  "the next run drafts for it.")
    if row["replaces"]:
        console.print(f"It takes {row['replaces']}'s place as the account's contact for new emails; her sequence "
                      "goes on to its end.")


@referrals_app.command("withdraw")
def referrals_withdraw(email: str, by: By,
                       note: Annotated[str, typer.Option("--note", help="Why you take it back.")] = "") -> None:
    """Take back the acceptance of a referral not mailed yet (her first draft held by the verifier, say):
    the play no longer writes to her, and another referral at the account may be accepted."""
    from resources.config import run_mode
    from sdr_assets.cli_settings import to_act
    from sdr_assets.referrals import ReferralError, withdraw

    try:
        row = withdraw(to_act()["warehouse"], email, by, mode=run_mode(), note=note)
    except ReferralError as exc:
        _fail(str(exc))
    console.print(f"{row['withdrawn_by']} withdrew {row['email']} from {', '.join(row['plays'])}; the next run "
                  "drafts for the account's contact without her.", markup=False)


def _register_simulate() -> None:
    from sdr_assets.cli_simulate import simulate_app

    app.add_typer(simulate_app, name="simulate")


def _register_dkim_and_tasks() -> None:
    from sdr_assets import cli_dkim, cli_tasks

    app.add_typer(cli_dkim.app, name="dkim")
    app.add_typer(cli_tasks.app, name="tasks")


_register_dkim_and_tasks()


def _register_triage() -> None:
    from sdr_assets.triage.cli import triage

    app.command("triage", help="Classify raw message files offline; --json prints one object per message.")(triage)


_register_triage()
app.add_typer(inbox_app)
app.add_typer(export_app, name="export")
app.add_typer(meetings_app, name="meetings")
_register_simulate()
app.add_typer(bench_app, name="bench")


def main(args: list[str] | None = None) -> None:
    """The `sdr` script.

    On its way out the interpreter tears its modules down with several full collections, each
    walking every object the command left alive: about 0.9 s after an `sdr run`, which holds
    Dagster, polars and DuckDB. So at exit what is garbage is collected once (its finalizers run
    as before) and the survivors are frozen out of those collections; the operating system frees
    them with the process.
    """
    atexit.register(freeze_survivors)
    try:
        app(args, prog_name="sdr")
    except (WarehouseUnavailable, SettingError) as exc:
        labelled(errors, "error:", str(exc))
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
