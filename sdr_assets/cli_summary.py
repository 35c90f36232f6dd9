"""The summary `sdr status`, `sdr run` and `sdr demo` print: tables whole, commands on their own lines."""

from __future__ import annotations

import math
from datetime import UTC

import typer
from rich.console import Console
from rich.table import Table

from sdr_assets.cli_output import (add_cells, decide_command, labelled, print_command, print_table, resume_command,
                                   sdr_command, styled)
from sdr_assets.domain.gate import sending
from sdr_assets.withheld_replies import describe

STAGES = (
    ("signals ingested", "raw_signals"), ("signal rows quarantined", "quarantined_signal_rows"),
    ("accounts enriched", "enriched_accounts"), ("enrichment records quarantined", "quarantined_enrichment_records"),
    ("research angles", "research_angles"),
    ("drafts written", "message_drafts"), ("ledger rows", "send_ledger"), ("LinkedIn tasks", "linkedin_tasks"),
    ("replies classified", "reply_classifications"), ("suppressed addresses", "suppression_list"),
    ("escalations", "escalations"),
)

# Held sends printed one a line; ``--json`` lists them all.
HELD_SHOWN = 10


def print_summary(console: Console, result: dict, failed: list, reasons: dict | None = None) -> None:
    counts = Table(title="Pipeline", show_header=True)
    counts.add_column("stage", no_wrap=True)
    counts.add_column("rows", justify="right", no_wrap=True)
    for label, table in STAGES:
        counts.add_row(label, str(result["tables"].get(table, 0)))
    counts.add_row("messages sent", str(result["ledger_by_status"].get("sent", 0)))
    print_table(console, counts)
    print_table(console, _plays_table(result))
    _print_notes(result)
    _print_unresearched(result)
    _print_handoff(result)
    _print_gate(result)
    for r in result.get("unresolved_sends", []):
        typer.echo(f"Unresolved send {r['send_key']} ({r['play']}, {r['contact_email']}, step {r['step']}): "
                   f"{r['steps_waiting']} later step(s) wait on it. Settle it:")
        print_command(sdr_command(f"sends resolve {r['send_key']} --sent|--not-sent --by NAME"))
    _print_held(result.get("held_by_server", []))
    if result.get("quarantined_replies"):
        typer.echo(f"Replies quarantined (could not be triaged, a person should read them): "
                   f"{result['quarantined_replies']}")
    _print_untriaged(result.get("untriaged_waiting", []))
    if result.get("withheld_replies"):
        labelled(console, "warning:", describe(result["withheld_replies"]), "yellow")
    _print_reread(result.get("replies_read_again"))
    if result.get("sending_blocked"):
        waits = _all_wait(result)
        labelled(console, "sending waits:" if waits else "sending stopped:", result["sending_blocked"],
                 "yellow" if waits else "red")
    for play, run in result.get("waiting_for_replies", {}).items():
        typer.echo(f"{play}: waits for the replies, read by {run}; nothing is sent or planned until then")
    for feed in result.get("failing_signal_feeds", []):  # its error may hold brackets: no markup in it
        labelled(console, "warning:", feed["line"], "yellow")
    _print_unverified(console, result.get("unverified_complaints"))
    _print_unmatched_bounces(result.get("unmatched_bounces"))
    _print_service(console, result.get("unsubscribe_service"))
    _print_unproven_senders(console, [r for r in (result.get("unsubscribe_route_not_proven"),) if r]
                            + result.get("senders_not_proven", []))
    _print_notices(result.get("pause_notices"))
    for job, partition, _ in failed:
        reason = (reasons or {}).get((job, partition))
        labelled(console, "run failed:", f"{job} {partition}" + (f": {reason}" if reason else ""))


def _print_held(held: list[dict]) -> None:
    """The first ``HELD_SHOWN`` sends the mail server keeps deferring or cannot carry, then how many more."""
    for r in held[:HELD_SHOWN]:
        typer.echo(f"Held send {r['send_key']} ({r['play']}, {r['contact_email']}, step {r['step']}): {r['reason']}")
    if len(held) > HELD_SHOWN:
        typer.echo(f"... and {len(held) - HELD_SHOWN} more held send(s) the mail server keeps deferring "
                   "or cannot carry; "
                   "all of them:")
        print_command(sdr_command("status --json"))


def _print_untriaged(waiting: list[dict]) -> None:
    """The mail each reply that could not be triaged holds until a person handles it, and how."""
    for r in (r for r in waiting if r["held"]):
        held = ", ".join(r["held"])
        ids = r["escalation_ids"]
        if not ids:
            typer.echo(f"Mail to {held} is held for a reply that could not be triaged; the next replies run "
                       "puts it in the escalation queue.")
            continue
        # Matched to another send since it was first queued, the reply sits in each conversation listed.
        typer.echo(f"Mail to {held} is held until a person reads the reply that could not be triaged and "
                   f"handles {'it' if len(ids) == 1 else 'each conversation it is in'}:")
        for escalation_id in ids:
            print_command(sdr_command(f"handled {escalation_id} --by NAME --outcome other|opted_out"))
    unheld = sum(not r["held"] for r in waiting)
    if unheld:
        typer.echo(f"{unheld} from a sender that could not be read holds no mail: `sdr inbox` lists "
                   f"{'it' if unheld == 1 else 'them'} for review.")


def _print_reread(reread: dict | None) -> None:
    """What the last reading of the stored replies under new triage rules found."""
    if not reread:
        return
    kept, at = reread["kept_as_handled"], reread["read_at"].astimezone(UTC)
    to_a_person = reread["may_ask_to_stop_found"]
    typer.echo(f"Replies read again under new triage rules ({reread['rules']}, {at:%Y-%m-%d %H:%M} UTC): "
               f"{reread['read_again']} read, {reread['optouts_found']} opt-out(s) the earlier rules missed recorded"
               + (f"; {to_a_person} that may ask to stop sent to a person, their mail held" if to_a_person else "")
               + (f"; {kept} more in replies a person handled, left as handled" if kept else "") + ".")


def _all_wait(result: dict) -> bool:
    """Whether every play that sends now waits in green for a replies run: a wait, not a stop (never
    while the clock reads behind, which stops sending red)."""
    sending_now = {p["play"] for p in result["plays"] if _sending(p)}
    return not result.get("clock_behind") and bool(sending_now) and sending_now <= set(result.get("waiting_for_replies", {}))


def _sending(p: dict) -> bool:
    """Whether the play in a row of the status sends now (:func:`sdr_assets.domain.gate.sending`)."""
    return sending(p["status"], p.get("stop_request"), p.get("sender_paused"))


def _plays_table(result: dict) -> Table:
    plays = Table(title="Plays")
    for column in ("play", "version", "status", "by", "sent", "bounced", "replies", "reply rate", "meetings"):
        plays.add_column(column, no_wrap=column in ("play", "version", "status"))
    for p in result["plays"]:
        segments, earlier = p.get("segment_pauses"), p.get("earlier_version_pauses")
        # Approved, yet held by the deliverability guard or a stop request: waiting, as the line below says.
        held = p["status"] == "approved" and not _sending(p)
        colour = "green" if p["status"] == "approved" and not (segments or earlier or held) else "yellow"
        status = (p["status"] + (", not sending" if held else "")
                  + (f", {len(segments)} segment(s) paused" if segments else "")
                  + "".join(f", monitor paused {e['version']}" for e in earlier or []))
        add_cells(plays, p["play"], p["version"], styled(status, colour), p["approved_by"] or "",
                  *_figures(result, p["play"]))
    for name in result.get("held_plays", {}):  # the line below the table says which files
        add_cells(plays, name, "", styled("held: files share its name", "yellow"), "", *_figures(result, name))
    # A play no valid file describes now (removed, renamed with an edit, or invalid): what it sent
    # still counts in "messages sent", so its row stays, as in `--json` and `reply_rate_summary`.
    listed = {p["play"] for p in result["plays"]} | set(result.get("held_plays", {}))
    for name, r in result["sends_by_play"].items():
        if name not in listed and r.get("by_status"):
            add_cells(plays, name, "", styled("not in the play book", "yellow"), "", *_figures(result, name))
    return plays


def _figures(result: dict, play: str) -> tuple[str, ...]:
    """A play's sent, bounced, replies, reply rate and meetings, from the ledger's counts."""
    r = result["sends_by_play"].get(play, {})
    return (str(r.get("sent", 0)), str(r.get("bounces", 0)), str(r.get("human_replies", 0)), _reply_rate(r),
            str(result["meetings"]["by_play"].get(play, 0)))


def _reply_rate(counts: dict) -> str:
    """A play's reply rate with its 95 % Wilson interval (``ledger_counts``), so plays side by side
    compare fairly; blank before anything was delivered. The bounds are whole percents rounded
    outwards, so the range printed always holds the rate printed beside it."""
    rate = counts.get("reply_rate")
    if rate is None:
        return ""
    # Rounded first to drop float noise: 0.07 is 7 %, not 7.000000000000001 and so 8.
    low, high = (round(bound * 100, 9) for bound in (counts["reply_rate_low"], counts["reply_rate_high"]))
    return f"{rate:.1%} ({math.floor(low)}–{math.ceil(high)}%)"


def _print_notes(result: dict) -> None:
    fresh = result.get("waiting_for_fresh_research", {})
    elsewhere = {play: n for play, n in result.get("waiting_for_another_play", {}).items() if n}
    at_account = {play: n for play, n in result.get("waiting_for_another_contact", {}).items() if n}
    waiting = (sum(result["first_emails_waiting"].values()) - sum(w["first_emails"] for w in fresh.values())
               - sum(elsewhere.values()) - sum(at_account.values()))
    if waiting:
        typer.echo(f"First emails waiting for a later day's allowance (mailbox warm-up, daily caps, holds): {waiting}")
    if elsewhere:
        typer.echo(f"First emails waiting for another play's sequence to their person to end (one conversation "
                   f"at a time): {sum(elsewhere.values())} ({', '.join(f'{p}: {n}' for p, n in elsewhere.items())})")
    if at_account:
        typer.echo(f"First emails to an account's new contact waiting for the play's sequence to its earlier contact "
                   f"to end (one thread per account): {sum(at_account.values())} "
                   f"({', '.join(f'{p}: {n}' for p, n in at_account.items())})")
    _print_fresh_research(fresh, result.get("fresh_research_command", sdr_command("run")))
    if result.get("optouts_not_ingested"):
        typer.echo(f"Opt-outs in the log not yet in the warehouse: {result['optouts_not_ingested']} (the send step "
                   "refuses them already; the next replies run or the optout_log_sensor ingests them)")
    for problem in result.get("invalid_play_files", {}).values():
        typer.echo(f"Invalid play file (its play is held): {problem}")
    for name, reason in result.get("held_plays", {}).items():
        typer.echo(f"Play held: {name}: {reason}")
        if request := result.get("held_stop_requests", {}).get(name):
            typer.echo(f"  {name} sends nothing: {request}")


FRESH_KINDS = {
    "past_trigger_window": "first email(s) whose signal is past the play's trigger window",
    "just_no_longer_holds": 'whose "just" no longer holds',
    "signal_gone": "whose signal is no longer stored",
}


def _print_fresh_research(fresh: dict, command: str) -> None:
    """Messages whose signal aged since their research: a waiting state, with the run that ends it."""
    plays = {play: w for play, w in fresh.items() if w["messages"]}
    if not plays:
        return
    typer.echo(f"Waiting for fresh research: {sum(w['messages'] for w in plays.values())} message(s), not sent "
               "and not lost (their signal aged since the last research):")
    for play, w in plays.items():
        kinds = ", ".join(f"{w[kind]} {what}" for kind, what in FRESH_KINDS.items() if w.get(kind))
        typer.echo(f"  {play}: {w['messages']} ({kinds})")
    typer.echo("The next signals run words each why-now for its day and drops the accounts that no longer "
               "qualify; the outreach run after it sends the rest. A new signal file or a play edit starts "
               "it, or run it now:")
    print_command(command)


def _print_unresearched(result: dict) -> None:
    """Plays whose research is of another version: they draft and send nothing until it is researched."""
    versions = {p["play"]: p["version"] for p in result["plays"]}
    for play in result.get("waiting_for_research", []):
        typer.echo(f"{play} waits for research of its version {versions.get(play, '')}: its research is of "
                   "another version (or of the release before research named it), and drafts are written only "
                   "from research of theirs. The signals run the play files sensor asks for (again, later each "
                   "time, after a failure) writes it, or run it now:")
        print_command(result.get("fresh_research_command", sdr_command("run")))


def _print_gate(result: dict) -> None:
    from sdr_assets import edited_pauses
    from sdr_assets.segment_pauses import described

    approved = sum(map(_sending, result["plays"]))
    segments = [f"{p['play']}/{s['segment']}" for p in result["plays"] for s in p.get("segment_pauses", [])]
    typer.echo(f"Plays approved: {approved}, pending: {len(result['pending_plays'])} "
               f"({', '.join(result['pending_plays']) or 'none'}), paused: {len(result['paused_plays'])} "
               f"({', '.join(result['paused_plays']) or 'none'})"
               + (f", segments paused: {len(segments)} ({', '.join(segments)})" if segments else ""))
    for p in result["plays"]:
        show = sdr_command(f"plays show {p['play']}")
        if p.get("stop_request") and p["status"] not in ("paused", "paused_by_monitor"):
            typer.echo(f"  {p['play']} sends nothing: {p['stop_request']}")
        elif p.get("sender_paused") and p["status"] == "approved":
            typer.echo(f"  {p['play']} sends nothing: the deliverability guard paused its sender: "
                       f"{p['sender_paused']}. It sends again once the rate falls under the line in the window.")
        elif p["status"] == "paused":
            then = "" if p["approved_by"] else f", then approve its version ({show} prints the command)"
            typer.echo(f"  {p['play']} is paused in its file (paused: true): remove that line from the play's "
                       f"file to send again{then}; no decision lifts the pause.")
        elif p["status"] == "paused_by_monitor":
            typer.echo(f"  {p['play']} is paused by the monitor ({sdr_command('plays list')} says why). "
                       f"Review it with {show}, then resume it (or edit the play, or reject it):")
            print_command(resume_command(p["play"], p["version"]))
        elif p.get("uncounted_approval") and not p.get("earlier_version_pauses"):
            typer.echo(f"  {p['uncounted_approval']}")
            print_command(decide_command(p["play"], p["version"]))
        elif p["status"] != "approved" and not p.get("earlier_version_pauses"):
            typer.echo(f"  {p['play']} is held at the gate ({p['status'].replace('_', ' ')}). "
                       f"Review it with {show}, then decide (or use the Launchpad):")
            print_command(decide_command(p["play"], p["version"]))
        for pause in p.get("earlier_version_pauses", []):
            typer.echo(f"  {edited_pauses.described(p['play'], pause)} Review it with {show}. "
                       f"{edited_pauses.ANSWER}")
            print_command(pause["approve"])
        for pause in p.get("segment_pauses", []):
            typer.echo(f"  {described(p['play'], pause)} Review it with {show}, then resume it (this resumes "
                       "every pause of the version):")
            print_command(resume_command(p["play"], p["version"]))


def _print_handoff(result: dict) -> None:
    queue, meetings = result["escalation_queue"], result["meetings"]
    typer.echo(f"Escalations: {queue['open']} open, {queue['claimed']} claimed, {queue['snoozed']} snoozed, "
               f"{queue['handled']} handled; {queue['over_sla']} past the service level ({sdr_command('inbox')}).")
    if queue.get("to_close"):
        typer.echo(f"  To close: {queue['to_close']} whose contact may no longer be mailed (opted out, complained "
                   "or suppressed since); no service level runs for them, the inbox names them.")
    if queue.get("data_requests_open"):
        typer.echo(f"  {_data_requests(queue['data_requests_open'], queue['data_requests_overdue'])}")
    if oldest := queue["oldest_waiting"]:
        typer.echo(f"  Oldest waiting unclaimed: {oldest['escalation_id']} {oldest['label']} from "
                   f"{oldest['contact']} ({oldest['company'] or '?'}), {oldest['business_hours']} business hours.")
    if queue["open"] or queue["claimed"]:
        typer.echo("  Work them (or the work_escalation job): list them, read one, take it:")
        for args in ("inbox", "thread ID", "claim ID --by NAME"):
            print_command(sdr_command(args))
    per_play = ", ".join(f"{p}: {n}" for p, n in meetings["by_play"].items())
    typer.echo(f"Meetings booked: {meetings['total']}" + (f" ({per_play})" if per_play else ""))


def _data_requests(waiting: int, overdue: int) -> str:
    """The data requests a person answers within a month: red only for those past it."""
    late = typer.style(f"{overdue} past their month", fg="red") if overdue else "none past it"
    return (f"Data requests to answer: {waiting}, each within a month of its arrival ({sdr_command('inbox')} "
            f"shows when each is due); {late}.")


NOTICE_STATES = {
    "pending": "waits for the mail server (the next replies run tries again)",
    "undeliverable": "has no address: set owner_email in the play file, or SDR_NOTIFY_ADDRESS",
    "unknown": "may have gone (a run ended while handing it over); it is not sent again: ask {recipient}",
}


def _print_notices(notices: dict | None) -> None:
    """Pause notices the owner has not had: a waiting state, not a failure."""
    for n in (notices or {}).get("not_delivered", []):
        why = f" ({n['detail']})" if n["detail"] and n["state"] == "pending" else ""
        typer.echo(f"Pause notice to the owner of {n['play']} ({n['pause']}) "
                   f"{NOTICE_STATES[n['state']].format(recipient=n['recipient'])}{why}")


def _print_unverified(console: Console, unverified: dict | None) -> None:
    """Complaints naming an address but none of our messages: counted by no rate, so a person reads them."""
    if not unverified or not unverified["count"]:
        return
    shown = unverified["addresses"][:10]
    more = f" and {len(unverified['addresses']) - len(shown)} more" if len(unverified["addresses"]) > len(shown) else ""
    typer.echo(f"Unverified complaints in the last {unverified['window_days']} days: {unverified['count']} "
               f"({', '.join(shown) or 'naming nobody'}{more}). These feedback reports name an address but none "
               "of our Message-IDs, which anyone can write, so the deliverability guard does not count them; "
               f"each suppresses the address it names ({sdr_command('suppress list')}). Lift one you find forged:")
    print_command(sdr_command('suppress lift ADDRESS --by NAME --reason "forged complaint"'))
    for alarm in unverified["would_pause"]:
        scope, _, figures = alarm.partition(": ")
        labelled(console, f"warning: unverified complaints would pause {scope} if they were real:",
                 f"{figures}. Sending goes on. That many are forged reports, or real complaints from a "
                      "feedback loop that strips our Message-ID: ask the provider which, and if they are real "
                 f"stop the plays that drew them ({sdr_command('revoke PLAY --by NAME')}).", "yellow")


def _print_unmatched_bounces(bounces: dict | None) -> None:
    """Hard bounces naming none of our messages: those not in a mail server's form count for no rate."""
    if not bounces or not bounces["count"]:
        return
    typer.echo(f"Hard bounces without our Message-ID in the last {bounces['window_days']} days: {bounces['count']}, "
               f"{bounces['counted']} of them delivery status reports from a mail server, which the deliverability "
               "guard counts against the latest message to the address; the others, which anyone can write, "
               "count for no rate. Each suppresses the address it names.")


def _print_service(console: Console, service: dict | None) -> None:
    """`sdr serve`'s last heartbeat, and a warning while mail over SMTP waits for it."""
    if not service:
        return
    beat = service["heartbeat"]
    if beat:
        typer.echo(f"Unsubscribe service (sdr serve): last beat {_ago(service['seconds_since_beat'])} "
                   f"({beat['beat_at']}), pid {beat['pid']}, listening on {beat['url']} since {beat['started_at']}"
                   + (f", for the links at {beat['answers']}" if beat["answers"] else ""))
    if service["unanswered"] and (beat or service["needed"]):
        labelled(console, "warning: no `sdr serve` answers the unsubscribe links:",
                 f"{service['unanswered']}. Mail over SMTP is not sent until it does; start it and keep it "
                 "running:", "yellow")
        print_command(sdr_command("serve"))


def _print_unproven_senders(console: Console, unproven: list[dict]) -> None:
    """The mailto and play senders not proven to reach the replies mailbox: a warning each, then the probe
    that proves them."""
    for sender in unproven:
        labelled(console, "warning:", sender["line"], "yellow")
    if unproven:
        print_command(sdr_command("suppress probe"))


def _ago(seconds: int) -> str:
    if seconds < 0:
        return f"{-seconds} s in the future"
    return f"{seconds} s ago" if seconds < 120 else f"{seconds // 60} min ago"
