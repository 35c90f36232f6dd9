"""`sdr inbox`, `sdr thread`, `sdr claim`, `sdr note`, `sdr snooze`, `sdr handled`: work the escalation queue.

Every action is appended to ``escalation_events`` with who and when; nothing here edits a row.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import partial
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from sdr_assets.cli_output import BUSY, add_cells, cli_console, labelled, print_table, sdr_command, styled
from sdr_assets.cli_person import By
from sdr_assets.domain.escalations import OUTCOMES

inbox_app = typer.Typer()
console = cli_console()

Note = Annotated[str, typer.Option("--note", help="What you did or why.")]


Outcome = Enum("Outcome", {name: name for name in OUTCOMES}, type=str)


def _context(resources: dict):
    """The warehouse, the time and the service level: working the queue needs no Dagster."""
    return resources["warehouse"], resources["policy"].now(), resources["escalation_policy"]


def _act(escalation_id: str, action: str, by: str, **kwargs) -> dict:
    from sdr_assets.cli_settings import to_act
    from sdr_assets.domain.escalations import EscalationError
    from sdr_assets.inbox import record_action

    warehouse, now, _ = _context(to_act())
    try:
        return record_action(warehouse, escalation_id, action, by, now, **kwargs)
    except EscalationError as exc:
        labelled(console, "error:", str(exc))
        raise typer.Exit(code=1) from None


def _new_reply(row: dict) -> bool:
    """The contact wrote since a person last took the conversation: it opened again, or its owner has
    a reply they have not claimed, snoozed or handled since."""
    return (row["status"] == "open" and row["reopened"]) or (row["status"] == "claimed"
                                                             and row["waiting_since"] is not None)


def _if_it_asks(escalation_id: str, reply: str = "it") -> str:
    """What a person does with a reply that asks us to stop, which the opt-out rule did not take for one."""
    return (f"If {reply} does: {sdr_command(f'handled {escalation_id} --by NAME --outcome opted_out')} (it suppresses "
            "the contact; nothing needs writing back).")


def _holds_also(row: dict, holding: dict[str, list[str]]) -> list[str]:
    """Her other addresses whose mail the request to stop in it holds until a person handles it
    (``contact_holds.current_holds``): one that may ask us to stop, or could not be triaged."""
    asks = row.get("may_ask_to_stop") or row["escalation_id"] in holding
    waits = asks and row["status"] != "handled" and not row["suppressed"]
    return [a for a in row.get("her_other_addresses") or [] if a not in holding.get(row["escalation_id"], [])] \
        if waits else []


def _also(row: dict, holding: dict[str, list[str]]) -> str:
    held = _holds_also(row, holding)
    return f" (holds her mail at {', '.join(held)} too)" if held else ""


def _age(row: dict) -> str:
    hours = row["waiting_business_hours"]
    return "" if hours is None else f"{hours:.1f} bh"


def _due(row: dict) -> str | Text:
    """When the data request in it must be answered: red once that day has passed, plain while it waits."""
    due = row.get("data_request_due")
    if due is None or row["status"] == "handled":
        return ""
    return styled(f"{due:%Y-%m-%d} overdue", "red") if row["data_request_overdue"] else f"{due:%Y-%m-%d}"


@inbox_app.command()
def inbox(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    mine: Annotated[str | None, typer.Option("--mine", help="Only escalations owned by (or routed to) NAME.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include snoozed and handled ones.")] = False,
) -> None:
    """Open escalations by priority and age: interested, question, objection, referral, then unsure
    labels and messages triage left for review."""
    from sdr_assets.cli_settings import to_read
    from sdr_assets.inbox import load_queue, oldest_waiting, with_suppressions
    from sdr_assets.referrals import held_first_drafts
    from sdr_assets.reply_quarantine import waiting_review

    resources = to_read()
    warehouse, now, policy = _context(resources)
    with warehouse.connect() as con:
        queue = with_suppressions(load_queue(con, now, policy), con, resources["paths"].data_dir)
        untriaged = waiting_review(con)
        referrals = held_first_drafts(con)
    holding: dict[str, list[str]] = {}
    for r in untriaged:
        for escalation_id in r["escalation_ids"]:  # each one a person handles before the hold lifts
            holding.setdefault(escalation_id, []).extend(r["held"])
    oldest = oldest_waiting(queue)
    rows = [r for r in queue if show_all or r["status"] in ("open", "claimed")]
    if mine:
        rows = [r for r in rows if (r["owner"] or "").lower() == mine.strip().lower()]
    if as_json:
        keep = ("escalation_id", "status", "owner", "routed_to", "priority", "label", "sub_reason", "play",
                "contact_name", "contact_email", "title", "company_name", "signal_type", "received_at",
                "waiting_since", "waiting_business_hours", "over_sla", "reply_count", "outcome", "snoozed_until",
                "reopened", "may_ask_to_stop", "suppressed", "suggested_response", "data_request_due",
                "data_request_overdue")
        typer.echo(json.dumps({"escalations": [{**{k: r.get(k) for k in keep}, "new_reply": _new_reply(r),
                                                "held_untriaged": sorted(set(holding.get(r["escalation_id"], []))),
                                                "holds_also": _holds_also(r, holding)}
                                               for r in rows],
                               "oldest_waiting": oldest,
                               "referrals_held": [{"play": play, "email": email, "reasons": why}
                                                  for (play, email), why in sorted(referrals.items())],
                               "sla_business_hours": policy.sla_hours}, default=str, indent=2))
        return
    table = Table(title=f"Escalations ({len(rows)})")
    for column in ("id", "label", "status", "owner", "contact", "company", "play", "waiting", "data request due"):
        table.add_column(column)
    for r in rows:
        colour = "red" if r["over_sla"] else "default"
        add_cells(table, r["escalation_id"], r["label"] or "", r["status"] + (" (new reply)" if _new_reply(r) else ""),
                  r["owner"] or "", r["contact_name"] or r["contact_email"] or "", r["company_name"] or "",
                  r["play"] or "",
                  styled(_age(r), colour), _due(r))
    if rows:
        print_table(console, table)
    else:
        console.print("Nothing waiting.")
    gone = [r["escalation_id"] for r in rows if r["suppressed"] and r["status"] != "handled"]
    if gone:
        console.print(f"May no longer be mailed (opted out, complained or suppressed since): {', '.join(gone)}; no "
                      "answer is suggested. Close one: " + sdr_command("handled ID --by NAME --outcome opted_out"),
                      markup=False, soft_wrap=True)
    _print_untriaged(rows, holding)
    optouts = [r["escalation_id"] + _also(r, holding) for r in rows
               if r.get("may_ask_to_stop") and r["status"] != "handled" and r["escalation_id"] not in holding]
    if optouts:
        console.print(f"May ask us to stop, in words the opt-out rule does not take for a request: {', '.join(optouts)}. "
                      f"{_if_it_asks('ID', 'one')}",
                      markup=False, soft_wrap=True)
    if referrals:
        held = "; ".join(f"{email} ({play}: {why})" for (play, email), why in sorted(referrals.items()))
        console.print(f"Accepted referrals whose first email the verifier held, each keeping the account's place "
                      f"in the play from any other referral: {held}. Take one back: "
                      f"{sdr_command('referrals withdraw EMAIL --by NAME')}", markup=False, soft_wrap=True)
    if oldest:
        console.print(f"Oldest waiting unclaimed: {oldest['escalation_id']} ({oldest['label']}, {oldest['contact']}) "
                      f"{oldest['business_hours']} business hours; service level {policy.sla_hours:g}.", markup=False)
    console.print(f"Read one: {sdr_command('thread ID')}. Take it: {sdr_command('claim ID --by NAME')}.",
                  markup=False, soft_wrap=True)  # a command is never cut in two


def _print_untriaged(rows: list[dict], holding: dict[str, list[str]]) -> None:
    """The escalations holding a reply that could not be triaged, and the mail each holds meanwhile."""
    held = {r["escalation_id"]: sorted({*holding[r["escalation_id"]], *_holds_also(r, holding)})
            for r in rows if r["escalation_id"] in holding}
    listed = [f"{escalation_id} ({', '.join(mail) or 'holds no mail'})" for escalation_id, mail in held.items()]
    if listed:
        console.print(f"Holding a reply nobody could triage (the mail in brackets waits until it is handled): "
                      f"{', '.join(listed)}. Read each in the mailbox. If it asks us to stop: "
                      f"{sdr_command('handled ID --by NAME --outcome opted_out')}; otherwise: "
                      f"{sdr_command('handled ID --by NAME --outcome other')}",
                      markup=False, soft_wrap=True)


def _writer(message: dict) -> str:
    name = message.get("name")  # threads stored by earlier versions name nobody
    return f"{name} <{message['from']}>" if name else message["from"] or "?"


@inbox_app.command()
def thread(escalation_id: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The whole conversation, the suggested answer, the notes and who did what."""
    from sdr_assets.cli_settings import to_look_up
    from sdr_assets.domain.escalations import DATA_REQUEST, REVIEW_LABEL, EscalationError
    from sdr_assets.inbox import events_by_escalation, find, load_queue, thread_messages, with_suppressions
    from sdr_assets.reply_quarantine import waiting_review

    resources = to_look_up()
    warehouse, now, policy = _context(resources)
    with warehouse.connect() as con:
        try:
            row = find(with_suppressions(load_queue(con, now, policy, only=escalation_id.strip().lower()), con,
                                         resources["paths"].data_dir), escalation_id)
        except EscalationError as exc:
            labelled(console, "error:", str(exc))
            raise typer.Exit(code=1) from None
        history = events_by_escalation(con, row["escalation_id"]).get(row["escalation_id"], [])
        untriaged = ({r["message_id"] for r in waiting_review(con)}
                     & {m.get("message_id") for m in thread_messages(row)})
    if as_json:
        typer.echo(json.dumps({**row, "thread": thread_messages(row), "history": history}, default=str, indent=2))
        return
    console.rule(f"{row['escalation_id']} · {row['label']} · {row['status']} · owner {row['owner'] or 'nobody'}")
    console.print(f"{row['contact_name']} <{row['contact_email'] or row['from_addr']}>, {row['title'] or '?'} at "
                  f"{row['company_name'] or row['company_domain'] or '?'}. Play {row['play']}, signal "
                  f"{row['signal_type'] or '?'}: {row['why_now'] or ''}", markup=False)
    for m in thread_messages(row):
        arrow = "→" if m["direction"] == "out" else "←"
        console.rule()
        # Headed by whoever wrote it, in full: a colleague answering on the contact's thread is not the contact.
        console.print(f"{arrow} {m['at'][:16]} {_writer(m)} · {m['subject'] or ''}", markup=False, soft_wrap=True)
        console.print(m["text"], markup=False, soft_wrap=True)
    console.rule("suggested answer")
    if row["suppressed"]:
        close = f"handled {row['escalation_id']} --by NAME --outcome {'opted_out' if row['opted_out'] else 'other'}"
        none = (f"none: {row['contact_email'] or row['from_addr']} may no longer be mailed ({row['suppressed']})."
                + ("" if row["status"] == "handled" else f" Close it: {sdr_command(close)}"))
    elif untriaged:
        handle = f"handled {row['escalation_id']} --by NAME --outcome"
        none = (f"none: a reply here could not be triaged, and the sender's mail waits until this is handled. "
                f"Read it in the mailbox. If it asks us to stop: {sdr_command(f'{handle} opted_out')} (it suppresses "
                f"the contact). If it does not: {sdr_command(f'{handle} other')}, then answer it yourself.")
    elif row.get("may_ask_to_stop"):
        none = (f"none: the reply may ask us to stop, in words the opt-out rule does not take for a request. "
                f"{_if_it_asks(row['escalation_id'])} If it does not, answer it yourself.")
    else:
        none = "none: triage could not place this message; read it first" if row["label"] == REVIEW_LABEL else ""
    if others := _holds_also(row, {row["escalation_id"]: []} if untriaged else {}):
        none += (f" Her mail at {', '.join(others)} (her other address) waits for the same decision: an opt-out "
                 "stops it, any other outcome lets it go on.")
    if row.get("sub_reason") == DATA_REQUEST and row["status"] != "handled":
        # Answered by a person even once she may no longer be mailed: the law asks for it, within a month.
        due = f" (by {row['data_request_due']:%Y-%m-%d})" if row.get("data_request_due") else ""
        none = ("none: the reply asks where we got her data, for a copy of it or for its erasure: answer it "
                f"yourself within a month{due}. " + none.removeprefix("none: ")).strip()
    console.print(row["suggested_response"] or none, markup=False, soft_wrap=True)
    console.rule("history")
    for e in history:
        detail = e["outcome"] or (f"until {e['until']:%Y-%m-%d %H:%M}" if e["until"] else "") or e["message_id"] or ""
        console.print(f"{e['acted_at']:%Y-%m-%d %H:%M} {e['actor']}: {e['action']} {detail} {e['note'] or ''}",
                      markup=False)


TakeOver = Annotated[bool, typer.Option("--take-over", help="Take it from the person who claimed it; "
                                                          "the log records from whom.")]


def _from(row: dict) -> str:
    return f" from {row['taken_from']}" if row["taken_from"] else ""


@inbox_app.command()
def claim(escalation_id: str, by: By, note: Note = "", take_over: TakeOver = False) -> None:
    """Take an escalation: it becomes yours and leaves the unclaimed queue. One someone else claimed
    is refused, naming them, unless you say --take-over."""
    row = _act(escalation_id, "claim", by, note=note, take_over=take_over)
    console.print(f"{row['owner']} claimed {row['escalation_id']}{_from(row)} ({row['contact_name']}, "
                  f"{row['label']}).", markup=False)


@inbox_app.command()
def note(escalation_id: str, text: str, by: By) -> None:
    """Add a note to an escalation; its status does not change."""
    row = _act(escalation_id, "note", by, note=text)
    console.print(f"Noted on {row['escalation_id']} ({len(row['notes'])} notes).")


@inbox_app.command()
def snooze(escalation_id: str, by: By,
           until: Annotated[str, typer.Option("--until", help="YYYY-MM-DD (start of day, UTC) or ISO timestamp.")],
           note: Note = "", take_over: TakeOver = False) -> None:
    """Hide an escalation until a date; it comes back open then, or sooner if the contact replies.
    One someone else claimed is refused, naming them, unless you say --take-over."""
    from sdr_assets.domain.escalations import EscalationError, parse_when

    try:
        moment = parse_when(until)
    except EscalationError as exc:
        labelled(console, "error:", str(exc))
        raise typer.Exit(code=1) from None
    row = _act(escalation_id, "snooze", by, until=moment, note=note, take_over=take_over)
    console.print(f"{row['escalation_id']} snoozed until {moment:%Y-%m-%d %H:%M} UTC by {by}{_from(row)}.")


def _opted_out(escalation_id: str, by: str, note: str, take_over: bool) -> dict:
    """The hand-off ``opted_out``: recorded at once where the warehouse is free; where another process
    holds it, the opt-out is logged first, where every send reads it, and the hand-off waits."""
    from sdr_assets.busy_warehouse import record_when_free
    from sdr_assets.cli_settings import to_act
    from sdr_assets.domain.escalations import EscalationError
    from sdr_assets.handled_optouts import log_optout
    from sdr_assets.inbox import record_action

    resources = to_act()
    warehouse, now, _ = _context(resources)
    paths = resources["paths"]
    act = partial(record_action, escalation_id=escalation_id, action="handle", actor=by, now=now, outcome="opted_out",
                  note=note, take_over=take_over)
    told = []  # what the wait was told, if the warehouse was held

    def tell(busy) -> None:
        told.append(busy)
        _tell(busy, escalation_id)

    try:
        return record_when_free(warehouse, act, resources["policy"].now, tell,
                                optout=partial(log_optout, paths.data_dir, paths.exports, escalation_id, by, note, now,
                                               take_over))
    except EscalationError as exc:
        logged = told[0].logged if told else None
        kept = f" The opt-out of {logged.target} stands: every send honours it." if logged else ""
        labelled(console, "error:", f"{exc}{kept}")
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        logged = told[0].logged if told else None
        kept = f"{logged.target}'s opt-out stands and stops every send; " if logged else "Nothing was recorded; "
        console.print(f"Stopped waiting. {kept}{escalation_id.strip()} stays open in the queue until this command "
                      "is run again.", markup=False, soft_wrap=True)
        raise typer.Exit(code=130) from None


def _tell(busy, escalation_id: str) -> None:
    """Say once what the busy warehouse leaves waiting."""
    from sdr_assets.handled_optouts import EXPORT

    if busy.unlogged is not None:
        console.print(f"{BUSY}, and the opt-out could not be logged ({busy.unlogged}): it waits for the warehouse "
                      "with the hand-off (Ctrl-C stops waiting, recording nothing).", markup=False, soft_wrap=True)
    elif busy.logged is not None:
        console.print(f"{BUSY}: {busy.logged.target}'s opt-out is logged and already stops sending; waiting for the "
                      f"warehouse to close {escalation_id.strip().lower()} in the queue (Ctrl-C stops waiting; the "
                      "opt-out stands).", markup=False, soft_wrap=True)
    else:
        console.print(f"{BUSY}, and {escalation_id.strip()} is not in {EXPORT} yet: its opt-out waits for the "
                      "warehouse with the hand-off (Ctrl-C stops waiting, recording nothing).",
                      markup=False, soft_wrap=True)


@inbox_app.command()
def handled(escalation_id: str, by: By,
            outcome: Annotated[Outcome, typer.Option("--outcome", help="How the conversation ended.")],
            note: Note = "", take_over: TakeOver = False) -> None:
    """Close an escalation with its outcome; 'meeting' records a meeting booked, 'opted_out' suppresses the contact.
    One someone else claimed is refused, naming them, unless you say --take-over. While a send batch
    holds the warehouse, 'opted_out' stops her mail at once and the hand-off waits for the warehouse."""
    if outcome == Outcome.opted_out:
        row = _opted_out(escalation_id, by, note, take_over)
    else:
        row = _act(escalation_id, "handle", by, outcome=outcome.value, note=note, take_over=take_over)
    extra = (" A meeting is recorded." if outcome == Outcome.meeting
             else f" {row['contact_email']} is suppressed: never mailed again." if outcome == Outcome.opted_out else "")
    console.print(f"{row['escalation_id']} handled by {by}{_from(row)}: {outcome.value}.{extra}")
