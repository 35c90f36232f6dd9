"""`sdr`: run the demo or the due work, check status, and decide on plays."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from resources.defaults import build_resources
from resources.warehouse import read_table
from sdr_assets.cli_crm import export_app, meetings_app
from sdr_assets.cli_inbox import inbox_app
from sdr_assets.cli_serve import serve
from sdr_assets.cli_suppress import suppress_app
from sdr_assets.domain import approvals
from sdr_assets.domain.gate import how_to_decide, how_to_resume
from sdr_assets.playbook import load_plays
from sdr_assets.domain.review import content_diff

app = typer.Typer(help="Supervised SDR: human-approved outbound as Dagster assets in DuckDB.", no_args_is_help=True)
plays_app = typer.Typer(help="Inspect plays, their versions and their approval trail.", no_args_is_help=True)
app.add_typer(plays_app, name="plays")
referrals_app = typer.Typer(help="Contacts that replies referred us to: nobody is mailed until a person accepts.",
                            no_args_is_help=True)
app.add_typer(referrals_app, name="referrals")
app.add_typer(suppress_app, name="suppress")
app.command("serve")(serve)
console = Console()


def _register_groups() -> None:
    from sdr_assets.cli_sends import sends_app

    app.add_typer(sends_app, name="sends")


_register_groups()


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code=1)


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

    from resources.settings import resolve_paths
    from sdr_assets.demo_run import DemoBoundaryError, run_demo

    os.environ["SDR_MODE"] = "demo"
    folder = resolve_paths()["data_dir"]
    if os.environ.get("SDR_SMTP_HOST") and not smtp:
        console.print(f"SDR_SMTP_HOST is set, but the demo refuses it: its mail goes to the local outbox "
                      f"{resolve_paths()['outbox']}. Pass --smtp to send the demo through that server.")
    elif smtp and not os.environ.get("SDR_SMTP_HOST"):
        _fail("--smtp needs SDR_SMTP_HOST (and the other SDR_SMTP_* settings)")
    elif smtp:
        console.print(f"[yellow]The demo sends through {os.environ['SDR_SMTP_HOST']}, as asked (--smtp).[/yellow]")
    console.print(f"Demo mode: data folder {folder}; demo approvals never open the gate outside the demo.")
    started = time.monotonic()
    try:
        outcome = run_demo(seed=seed, companies=companies, signals=signals, console=console, smtp=smtp)
    except DemoBoundaryError as exc:
        _fail(str(exc))
    _print_summary(outcome["status"], outcome["report"].failed, outcome["report"].reasons)
    sim = outcome["simulation"]
    console.print(f"Simulated market replies written this run: {sim.files_written} (marked X-SDR-Simulated).")
    console.print(f"Finished in {time.monotonic() - started:.1f}s. Browse the lineage with [bold]make ui[/bold] "
                  "→ http://127.0.0.1:3000")


@app.command()
def run() -> None:
    """Materialise everything due on the current data, as the sensors would; the gate still applies."""
    import signal

    from sdr_assets.assembly import build_definitions
    from sdr_assets.instance import dagster_instance
    from sdr_assets.runner import run_due
    from sdr_assets.send_guard import request_stop

    # SIGTERM or Ctrl-C: finish the job in flight (the send step records its message), then stop.
    for signo in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signo, lambda *_: request_stop())
    resources = build_resources()
    report = run_due(build_definitions(resources), dagster_instance(), lambda s: console.print(f"· {s}"))
    from sdr_assets.status import collect_status

    _print_summary(collect_status(resources["warehouse"], resources["paths"], resources["policy"].now(),
                                  resources["escalation_policy"], resources["policy"]), report.failed, report.reasons)
    if report.stopped:
        console.print("[yellow]stopped by a termination signal[/yellow] after the work in flight was recorded.")
        raise typer.Exit(code=143)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Row counts per table, plays and their approval status, escalations waiting."""
    from sdr_assets.status import collect_status

    resources = build_resources()
    result = collect_status(resources["warehouse"], resources["paths"], resources["policy"].now(),
                            resources["escalation_policy"], resources["policy"])
    if as_json:
        typer.echo(json.dumps(result, default=str, indent=2))
    else:
        _print_summary(result, [])


def _print_summary(result: dict, failed: list, reasons: dict | None = None) -> None:
    t = result["tables"]
    counts = Table(title="Pipeline", show_header=True)
    counts.add_column("stage")
    counts.add_column("rows", justify="right")
    for label, table in [("signals ingested", "raw_signals"), ("signal rows quarantined", "quarantined_signal_rows"),
                         ("accounts enriched", "enriched_accounts"), ("research angles", "research_angles"),
                         ("drafts written", "message_drafts"), ("ledger rows", "send_ledger"),
                         ("LinkedIn tasks", "linkedin_tasks"), ("replies classified", "reply_classifications"),
                         ("suppressed addresses", "suppression_list"), ("escalations", "escalations")]:
        counts.add_row(label, str(t.get(table, 0)))
    counts.add_row("messages sent", str(result["ledger_by_status"].get("sent", 0)))
    console.print(counts)
    plays = Table(title="Plays")
    plays.add_column("play", no_wrap=True)
    for column in ("version", "status", "by", "sent", "replies", "reply rate", "meetings"):
        plays.add_column(column)
    rates = {r["play"]: r for r in result["reply_rates"]}
    for p in result["plays"]:
        r = rates.get(p["play"], {})
        colour = "green" if p["status"] == "approved" else "yellow"
        plays.add_row(p["play"], p["version"][:8], f"[{colour}]{p['status']}[/{colour}]", p["approved_by"] or "",
                      str(r.get("emails_sent", 0)), str(r.get("human_replies", 0)),
                      f"{r['reply_rate']:.1%}" if r else "", str(result["meetings"]["by_play"].get(p["play"], 0)))
    console.print(plays)
    waiting = sum(result["first_emails_waiting"].values())
    if waiting:
        console.print(f"First emails waiting for a later day's allowance (mailbox warm-up, daily caps, holds): "
                      f"{waiting}")
    if result.get("optouts_not_ingested"):
        console.print(f"Opt-outs in the log not yet in the warehouse: {result['optouts_not_ingested']} "
                      "(the send step refuses them already; the next replies run or the optout_log_sensor ingests them)")
    _print_handoff(result)
    approved = sum(p["status"] == "approved" for p in result["plays"])
    console.print(f"Plays approved: {approved}, pending: {len(result['pending_plays'])} "
                  f"({', '.join(result['pending_plays']) or 'none'})")
    for p in result["plays"]:
        if p["status"] != "approved":
            console.print(f"  {p['play']} is held at the gate. Review: sdr plays show {p['play']}; "
                          f"decide: {how_to_decide(p['play'], p['version'])}", markup=False)
    for r in result.get("unresolved_sends", []):
        console.print(f"Unresolved send {r['send_key']} ({r['play']}, {r['contact_email']}, step {r['step']}): "
                      f"{r['steps_waiting']} later step(s) wait on it. Settle it: sdr sends resolve {r['send_key']} "
                      "--sent|--not-sent --by NAME", markup=False)
    if result.get("quarantined_replies"):
        console.print(f"Replies quarantined (could not be triaged, a person should read them): "
                      f"{result['quarantined_replies']}", markup=False)
    if result.get("sending_blocked"):
        console.print(f"[red]sending stopped:[/red] {result['sending_blocked']}")
    for job, partition, _ in failed:
        reason = (reasons or {}).get((job, partition))
        console.print(f"[red]run failed:[/red] {job} {partition}" + (f": {reason}" if reason else ""))


def _print_handoff(result: dict) -> None:
    queue, meetings = result["escalation_queue"], result["meetings"]
    console.print(f"Escalations: {queue['open']} open, {queue['claimed']} claimed, {queue['snoozed']} snoozed, "
                  f"{queue['handled']} handled; {queue['over_sla']} past the service level (sdr inbox).")
    if oldest := queue["oldest_waiting"]:
        console.print(f"  Oldest waiting unclaimed: {oldest['escalation_id']} {oldest['label']} from "
                      f"{oldest['contact']} ({oldest['company'] or '?'}), {oldest['business_hours']} business hours.",
                      markup=False)
    if queue["open"] or queue["claimed"]:
        console.print("  Work them: sdr inbox, sdr thread ID, sdr claim ID --by NAME (or the work_escalation job).",
                      markup=False)
    per_play = ", ".join(f"{p}: {n}" for p, n in meetings["by_play"].items())
    console.print(f"Meetings booked: {meetings['total']}" + (f" ({per_play})" if per_play else ""))


def _decide(decision: str, play: str, by: str, note: str, version: str | None) -> None:
    from sdr_assets.decisions import decide

    try:
        decision_id = decide(play, decision, by, note, version)
    except approvals.ApprovalError as exc:
        _fail(str(exc))
    console.print(f"Recorded decision {decision_id}: {by} → {decision} {play}.")


By = Annotated[str, typer.Option("--by", help="The named person taking the decision.")]
Note = Annotated[str, typer.Option("--note", help="Why.")]
Version = Annotated[str | None, typer.Option("--version", help="The version hash you reviewed (default: current).")]


@app.command()
def approve(play: str, by: By, note: Note = "", version: Version = None) -> None:
    """Approve the play's current version; its sends are released."""
    _decide("approve", play, by, note, version)


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


def _play_rows() -> tuple[list[dict], list[dict]]:
    resources = build_resources()
    book = load_plays(resources["paths"].plays)
    rows = []
    with resources["warehouse"].connect() as con:
        for play in book.plays.values():
            state = approvals.approval_status(con, play, resources["paths"].mode)
            pause = state.monitor_pause
            rows.append({"play": play.name, "version": play.version_hash, "status": state.status,
                         "owner": play.owner, "approved_by": state.approved_by,
                         "approved_at": str(state.approved_at or ""),
                         "last_approved_version": state.last_approved_hash, "paused": play.paused,
                         "monitor": {"reason": pause["reason"], "paused_at": str(pause["recorded_at"]),
                                     "message_ids": (pause["message_ids"] or "").split()} if pause else None})
    invalid = [{"play": book.declared.get(file, ""), "status": "invalid", "file": file, "field": problem.field,
                "reason": problem.reason} for file, problem in book.problems.items()]
    return rows, invalid


@plays_app.command("list")
def plays_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Each play with its current version hash and approval status."""
    rows, invalid = _play_rows()
    if as_json:
        typer.echo(json.dumps({"plays": rows, "invalid": invalid,
                               "invalid_files": {r["file"]: r["reason"] for r in invalid}}, indent=2))
        return
    table = Table()
    for column in ("play", "version", "status", "owner", "approved by"):
        table.add_column(column)
    for r in rows:
        status = "paused by monitor" if r["status"] == "paused_by_monitor" else r["status"]
        table.add_row(r["play"], r["version"], status, r["owner"], r["approved_by"] or "")
    for r in invalid:
        table.add_row(r["play"] or r["file"], "", "[red]invalid[/red]", "", "")
    console.print(table)
    for r in invalid:
        where = f", field {r['field']}" if r["field"] else ""
        console.print(f"invalid: {r['file']}{where}: {r['reason']}", markup=False)
    for r in rows:
        if r["monitor"]:
            console.print(f"{r['play']} paused by monitor: {r['monitor']['reason']} Replies: "
                          f"{', '.join(r['monitor']['message_ids'])}. To decide: "
                          f"{how_to_resume(r['play'], r['version'])}", markup=False, soft_wrap=True)


@plays_app.command("show")
def plays_show(play: str) -> None:
    """The review sample drafts, the approval status and what changed since the last approval."""
    resources = build_resources()
    current = load_plays(resources["paths"].plays).plays.get(play)
    if current is None:
        _fail(f"no play named '{play}'")
    with resources["warehouse"].connect() as con:
        state = approvals.approval_status(con, current, resources["paths"].mode)
        sample = read_table(con, "message_drafts",
                            "where play = ? and play_version = ? and is_review_sample and step = 1",
                            [play, current.version_hash])
        previous = (approvals.version_content(con, play, state.last_approved_hash)
                    if state.last_approved_hash and state.last_approved_hash != current.version_hash else None)
    console.print(f"[bold]{play}[/bold] version {current.version_hash}: {state.status}"
                  + (f" by {state.approved_by} at {state.approved_at}" if state.approved_by else ""))
    console.print(f"Owner: {current.owner}. Triggers: {', '.join(sorted(current.trigger_types()))}.")
    if sample.is_empty():
        console.print("No sample drafts for this version yet: run `sdr run` first.")
    for row in sample.iter_rows(named=True):
        console.rule(f"{row['contact_name']} <{row['contact_email']}> · {row['variant']} · {row['signal_type']}")
        console.print(f"Subject: {row['subject']}\n\n{row['body']}", markup=False, soft_wrap=True)
    diff = content_diff(previous, current.versioned_content(), f"approved {state.last_approved_hash}",
                        f"current {current.version_hash}")
    if diff:
        console.rule("changed since the last approval")
        console.print(diff, markup=False, highlight=False)
    if not state.approved:
        console.print(f"To decide: {how_to_decide(play, current.version_hash)}")


@plays_app.command("history")
def plays_history(play: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every decision ever taken on the play: who, when, which version, why."""
    resources = build_resources()
    with resources["warehouse"].connect() as con:
        rows = approvals.history(con, play)
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    table = Table(title=f"Decisions on {play}")
    for column in ("#", "when", "who", "decision", "version", "mode", "note"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r["decision_id"]), f"{r['decided_at']:%Y-%m-%d %H:%M}", r["decided_by"], r["decision"],
                      r["version_hash"], r["mode"], r["note"] or "")
    console.print(table if rows else f"No decisions on {play} yet.")


@referrals_app.command("list")
def referrals_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Referral addresses found in "wrong person" replies, and whether they were accepted."""
    from sdr_assets.referrals import proposals

    with build_resources()["warehouse"].connect() as con:
        rows = list(proposals(con).iter_rows(named=True))
    if as_json:
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    table = Table(title="Proposed referrals")
    for column in ("play", "account", "referral", "referred by", "accepted"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["play"], r["company_domain"] or "", r["email"], r["referred_by"], "yes" if r["accepted"] else "no")
    console.print(table if rows else "No referrals proposed yet.")


@referrals_app.command("accept")
def referrals_accept(email: str, by: By) -> None:
    """Accept a referral: the play may now write to it, through the same gate as everyone else."""
    from sdr_assets.referrals import ReferralError, accept

    try:
        row = accept(build_resources()["warehouse"], email, by)
    except ReferralError as exc:
        _fail(str(exc))
    console.print(f"{by} accepted {row['email']} for {row['play']} ({row['company_domain']}); "
                  "the next run drafts for it.")


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
