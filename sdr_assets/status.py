"""What the warehouse holds right now, for `sdr status` and the demo summary."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from resources import clock
from resources.config import EscalationHours, Paths, SendRules, WarehouseFile, sends_over_smtp
from resources.secret import signing_fingerprint
from resources.store import approvals
from resources.tables import one, table_exists
from sdr_assets import send_deferrals, stop_requests
from sdr_assets.domain.approvals import uncounted_line
from sdr_assets.domain.commands import sdr_command
from sdr_assets.domain.feed_health import describe
from sdr_assets.domain.gate import sending
from sdr_assets.domain.play_overlap import ENDED
from sdr_assets.edited_pauses import open_edited_pauses
from sdr_assets.feed_health import failing_feeds
from sdr_assets.former_plays import current_names
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.playbook import load_plays
from sdr_assets.inbox import load_queue, oldest_waiting, to_close, with_suppressions
from sdr_assets.ledger_counts import by_status, ledger_counts
from sdr_assets.notice_records import notice_states, unsent_notices
from sdr_assets.reconcile import unresolved
from sdr_assets.reply_intake import clock_behind, replies_behind
from sdr_assets.research_versions import research_contents, unresearched
from sdr_assets.reply_quarantine import waiting_review
from sdr_assets.reread_records import last_reread
from sdr_assets.reply_wait_records import recorded_waits
from sdr_assets.route_probe_records import unproven_mailto_route, unproven_senders
from sdr_assets.segment_pauses import open_segment_pauses
from sdr_assets.serve_heartbeat import service_state
from sdr_assets.suppression import pending_optouts
from sdr_assets.unmatched_bounces import unmatched_bounces
from sdr_assets.unverified_complaints import unverified_complaints
from sdr_assets.waiting_drafts import waiting_drafts
from sdr_assets.withheld_replies import withheld_replies

TABLES = (
    "raw_signals", "quarantined_signal_rows", "qualified_signals", "enriched_accounts", "research_angles",
    "message_drafts", "send_ledger", "linkedin_tasks", "raw_replies", "reply_classifications",
    "suppression_events", "suppression_list", "sequence_holds", "escalations", "escalation_events", "meetings",
    "quarantined_meeting_rows", "reply_rate_summary", "play_approvals", "monitor_pauses", "quarantined_replies",
    "reply_performance", "quarantined_enrichment_records",
)

# Held by a pause, not waiting for a decision on the version: lifted by editing the file or a resume.
PAUSED = ("paused", "paused_by_monitor")


def _queue(con, now: datetime | None, policy: EscalationHours | None, data_dir: str) -> dict:
    """The queue by status; late and oldest waiting of those who may still be mailed, the others to close;
    the data requests nobody has answered, and those of them past their month."""
    queue = with_suppressions(load_queue(con, now or clock.now(), policy), con, data_dir)
    by_status = {s: sum(r["status"] == s for r in queue) for s in ("open", "claimed", "snoozed", "handled")}
    requests = [r for r in queue if r.get("data_request_due") is not None and r["status"] != "handled"]
    return {**by_status, "over_sla": sum(r["over_sla"] for r in queue), "oldest_waiting": oldest_waiting(queue),
            "to_close": to_close(queue), "data_requests_open": len(requests),
            "data_requests_overdue": sum(r["data_request_overdue"] for r in requests)}


def _meetings(con, renamed: dict[str, str] | None = None) -> dict:
    """Meetings per play, one per conversation (contact and play) as the analytics count them: a
    warehouse may hold a reschedule, or a booking and a hand-off, as two rows of one meeting. A
    former name of a play (``renamed``) counts as its name now."""
    import polars as pl

    from sdr_assets.crm import meeting_contacts

    if not table_exists(con, "meetings"):
        return {"total": 0, "by_play": {}}
    counted = (meeting_contacts(con).group_by(play=pl.col("play").replace(renamed or {}).fill_null("(no play)"))
               .agg(pl.col("contact_email").drop_nulls().n_unique()).sort("play"))
    by_play = dict(counted.iter_rows())
    return {"total": sum(by_play.values()), "by_play": by_play}


def collect_status(warehouse: WarehouseFile, paths: Paths, now: datetime | None = None,
                   escalation_policy: EscalationHours | None = None, policy: SendRules | None = None,
                   demo_dir: str | None = None) -> dict:
    """Counts, plays and queues; the Dagster resources or the plain settings of resources/config.py.
    ``demo_dir`` is where ``SDR_DEMO_DIR`` moved the demo, for the commands shown."""
    book = load_plays(paths.plays)
    folder = stop_requests.requests_folder(warehouse.path)
    with warehouse.connect() as con:
        counts = {t: (one(con, f"select count(*) from {t}")[0] if table_exists(con, t) else 0)
                  for t in TABLES}
        plays, waiting = [], {}
        held = {name: approvals.held_reason(con, book, name, paths.mode) for name in book.duplicates}
        held_requests = {name: request.reason() for name in book.duplicates
                         if folder and (request := stop_requests.pending(folder, name))}
        guard = guard_pauses(con, book.plays.values(), policy) if policy else {}
        for play in book.plays.values():
            state = approvals.approval_status(con, play, paths.mode)
            request = stop_requests.pending(folder, play.name) if folder else None
            plays.append({"play": play.name, "version": play.version_hash, "status": state.status,
                          "approved_by": state.approved_by, "owner": play.owner,
                          "stop_request": request.reason() if request else None,
                          "uncounted_approval": uncounted_line(state),
                          "sender_paused": guard.get(play.name),
                          "segment_pauses": open_segment_pauses(con, play, paths.mode, demo_dir),
                          "earlier_version_pauses": open_edited_pauses(play, state, paths.mode, demo_dir)})
            if sending(state.status, request, guard.get(play.name)):
                waiting[play.name] = waiting_drafts(con, play, now or clock.now())
        # The ledger itself, never an analytics table a later run rebuilds; every play, one that sent nothing
        # too, and a renamed one's sends under its former names as its own, as the analytics count them.
        renamed = current_names(con, book.plays.values())
        sends = ledger_counts(con, {p["play"]: p["status"] for p in plays}, renamed)
        unverified = unverified_complaints(con, policy) if policy else None
        bounces = unmatched_bounces(con, policy) if policy else None
        open_escalations = one(con, "select count(*) from escalations")[0] \
            if table_exists(con, "escalations") else 0
        queue = _queue(con, now, escalation_policy, paths.data_dir)
        meetings = _meetings(con, renamed)
        optouts_waiting = len(pending_optouts(con, paths.data_dir))
        stuck = unresolved(con)
        stale = unresearched(book, research_contents(con))
        # Of the plays that still send: a revoked or rejected one's held rows are never tried again.
        deferred_held = send_deferrals.held_sends(con, [p["play"] for p in plays
                                                        if p["status"] not in ENDED])
        untriaged = waiting_review(con)
        withheld = withheld_replies(con)
        reread = last_reread(con)
        notices = {"counts": notice_states(con), "not_delivered": unsent_notices(con)}
        feeds_down = failing_feeds(con)
        ended = {p["play"] for p in plays if p["status"] in ENDED}
        unproven = unproven_senders(con, [p for p in book.plays.values() if p.name not in ended], paths)
        mailto = unproven_mailto_route(con, paths, policy.sending_domain) if policy else None
        lag = timedelta(minutes=policy.reply_max_lag_minutes) if policy else None
        behind_clock = clock_behind(con, policy.now()) if policy else None
        blocked = behind_clock or (replies_behind(con, policy.now(), lag) if policy else None)
        # The plays a step of which waits in green for a replies run that still explains the lag, and which.
        waits = recorded_waits(con, time.time()) if blocked else {}
    return {
        "tables": counts,
        "plays": plays,
        "pending_plays": [p["play"] for p in plays if p["status"] not in ("approved", *PAUSED)],
        # A stop request (a decision or a monitor pause whose command ended before recording it) holds
        # an approved play as a pause does, until a person decides.
        "paused_plays": [p["play"] for p in plays if p["status"] in PAUSED or p["stop_request"] or p["sender_paused"]],
        "ledger_by_status": by_status(sends),
        "sends_by_play": sends,
        "escalations": open_escalations,
        "escalation_queue": queue,
        "meetings": meetings,
        # First emails of the plays open to send that no ledger row covers yet, or held for fresh
        # research: a later run sends them (the mailbox warm-up, the daily caps, a hold, research).
        "first_emails_waiting": {name: w["first_emails"] for name, w in waiting.items()},
        # Messages whose signal aged since their research (``domain/timeliness``): the next signals run
        # (this command) researches again; the outreach run after it sends what still qualifies.
        "waiting_for_fresh_research": {name: w["fresh_research"] for name, w in waiting.items()},
        "fresh_research_command": sdr_command("run", paths.mode, demo_dir),
        # Plays whose research is all of another version: no draft is written until a signals run
        # researches them under this one (the play files sensor asks for it, again after a failure).
        "waiting_for_research": [p.name for p in stale],
        # First emails held while another play mails their person: each goes once that sequence ends.
        "waiting_for_another_play": {name: w["other_play"] for name, w in waiting.items()},
        # First emails to an account's new contact held while the play mails its earlier contact: one
        # thread per account, each goes once that sequence ends.
        "waiting_for_another_contact": {name: w["other_contact"] for name, w in waiting.items()},
        "invalid_play_files": book.errors,
        # Names two or more play files claim: no file of it sends until a person removes the others.
        "held_plays": held,
        # A stop request a held play's reject or revoke left unrecorded: it stops the file that is kept.
        "held_stop_requests": held_requests,
        "optouts_not_ingested": optouts_waiting,
        "unresolved_sends": stuck,
        # Sends the mail server deferred on every try, or cannot carry (an address it lacks SMTPUTF8
        # for, a message over its size limit): held with its answer, tried again each run.
        "held_by_server": deferred_held,
        "quarantined_replies": counts.get("quarantined_replies", 0),
        # Those no person has handled yet: the mail each holds, and the escalations it waits in.
        "untriaged_waiting": [{k: r[k] for k in ("message_id", "from_addr", "subject", "play", "held", "escalation_id",
                                                 "escalation_ids")} for r in untriaged],
        # Messages the mailbox's server lists and does not hand over: asked for again on every read.
        "withheld_replies": withheld,
        "quarantined_enrichment_records": counts.get("quarantined_enrichment_records", 0),
        # The stored replies last read again under new triage rules, and the opt-outs found in them.
        "replies_read_again": reread,
        "sending_blocked": blocked,
        "waiting_for_replies": waits,
        # Set, sending stops red whatever waits are recorded: the send step does not wait for a clock.
        "clock_behind": bool(behind_clock),
        # API signal feeds that failed their last runs: signals from the inbox go on meanwhile.
        "failing_signal_feeds": [{"feed": h.feed, "failing_since": h.failing_since, "failed_runs": h.failed_runs,
                                  "last_error": h.last_error, "line": describe(h)} for h in feeds_down],
        # Pause notices to plays' owners not delivered: waiting for the mail server or an address.
        "pause_notices": notices,
        # Reports naming an address but none of our messages: no rate counts them, a person reads them.
        "unverified_complaints": unverified,
        # Hard bounces naming none of our messages: only those in a mail server's form count.
        "unmatched_bounces": bounces,
        "unsubscribe_service": _service(paths, policy),
        # Senders whose replies and bounces may land in a mailbox the replies run never reads: a warning,
        # sending goes on (as it does before the unsubscribe@ route is probed).
        "senders_not_proven": [{"address": u.address, "plays": list(u.plays), "last_failed_probe": u.failed_at,
                                "line": u.line()} for u in unproven],
        # The List-Unsubscribe mailto, as a sender: null once its last probe arrived (or no mail goes out over SMTP).
        "unsubscribe_route_not_proven": mailto and {"address": mailto.address, "last_failed_probe": mailto.failed_at,
                                                    "line": mailto.line()},
    }


def _service(paths: Paths, policy: SendRules | None) -> dict | None:
    """`sdr serve`'s last heartbeat, and whether mail waits for it (over SMTP, outside the demo)."""
    if paths.demo or policy is None:
        return None
    return {**service_state(paths.data_dir, policy.serve_max_silence_minutes, policy.unsubscribe_url,
                            signed_by=signing_fingerprint(paths.data_dir)),
            "needed": sends_over_smtp()}
