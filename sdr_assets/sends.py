"""Sending layer: the send ledger, at most once per play, contact and step (LinkedIn tasks: tasks.py)."""

import time
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from resources.config import NO_REPLIES_READ
from resources.dkim import KEY_SUFFIX, DkimKeyError, DkimSigningError, aligned, signing_domain
from resources.mail import MailTransport
from resources.secret import load_secret, signing_fingerprint
from resources.settings import PipelinePaths, SendPolicy
from resources.store.gate import open_gate
from resources.tables import KeyLostError, ensure_key
from resources.warehouse import Warehouse, one, read_table, table_exists
from sdr_assets import send_deferrals, sent_log
from sdr_assets.contact_holds import current_holds
from sdr_assets.current_drafts import current_drafts
from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.addresses import mailbox_key, person_key
from sdr_assets.domain.days import utc_day
from sdr_assets.domain.gate import GateClosedError
from sdr_assets.domain.messages import MessageError, Thread, build_message, check_unsubscribe_url, thread_for
from sdr_assets.domain.monitor import UNKNOWN_SEGMENT
from sdr_assets.domain.play_overlap import ENDED, OTHER_PLAY, Sequence
from sdr_assets.domain.renamed_plays import as_one_play
from sdr_assets.domain.sequencing import Limits, holds_on, plan_sends
from sdr_assets.domain.suppression import NOT_OPTED_OUT
from sdr_assets.domain.unsubscribe import unreachable_endpoints
from sdr_assets.former_plays import former_names_of
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.monitor_data import account_segments, ensure_segments
from sdr_assets.monitoring import sending_hold
from sdr_assets.play_state import CLEARS_ITSELF, FINGERPRINT, SENT_AT, SKIPPED, play_states, research_mark
from sdr_assets.playbook import load_plays
from sdr_assets.reconcile import reconcile
from sdr_assets.removed_plays import removed_sequences
from sdr_assets.replies_in_hand import in_hand, meetings_booked, referrals_accepted, referrals_withdrawn
from sdr_assets.reply_intake import clock_behind, replies_behind
from sdr_assets.reply_wait import wait_or_refuse
from sdr_assets.reply_wait_records import clear_wait, refuse_wait
from sdr_assets.send_guard import (SendLockBusy, SendLockUnavailable, deferred_termination, send_lock,
                                   send_lock_path)
from sdr_assets.send_loop import CommitWatch, record_outcomes, send_batch
from sdr_assets.serve_heartbeat import silence
from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE, people, person_of, suppressed_people
from sdr_assets.stale_drafts import stale_drafts
from sdr_assets.suppression import CurrentSuppressions, SuppressionWatch, current_suppressions, ensure_schema

LEDGER_DDL = """
create table if not exists send_ledger (
    send_key varchar primary key,
    play varchar not null,
    play_version varchar not null,
    approved_by varchar,
    draft_id varchar,
    company_domain varchar,
    contact_email varchar not null,
    mailbox varchar,
    step integer not null,
    variant varchar,
    signal_type varchar,
    fit double,
    subject varchar,
    status varchar not null,
    reason varchar,
    message_id varchar,
    transport_id varchar,
    sent_at timestamptz not null,
    segment varchar,
    content_digest varchar
)
"""
LEDGER_SCHEMA = {
    "send_key": pl.String, "play": pl.String, "play_version": pl.String, "approved_by": pl.String,
    "draft_id": pl.String, "company_domain": pl.String, "contact_email": pl.String, "mailbox": pl.String,
    "step": pl.Int32, "variant": pl.String, "signal_type": pl.String, "fit": pl.Float64, "subject": pl.String,
    "status": pl.String, "reason": pl.String, "message_id": pl.String, "transport_id": pl.String,
    "sent_at": pl.Datetime("us", "UTC"), "segment": pl.String, "content_digest": pl.String,
}
# Ledgers kept before the column: their rows have none, and match no draft's (``content_digest``).
LEDGER_CONTENT = "alter table send_ledger add column if not exists content_digest varchar"


def _with_segments(drafts: pl.DataFrame, segments: pl.DataFrame) -> pl.DataFrame:
    """``drafts`` with the segment each one's account is in now (or was last sent under), recorded on
    its ledger row so the monitor keeps it after the account's signal ages out."""
    first = segments.unique("company_domain", keep="first", maintain_order=True)
    return (drafts.join(first, on="company_domain", how="left", maintain_order="left")
            .with_columns(pl.col("segment").fill_null(UNKNOWN_SEGMENT)))


def _soft_bounces(con: duckdb.DuckDBPyConnection, play: str) -> dict[tuple[str, int], int]:
    """Soft bounces per (contact, step) of this play: each one earns the step another attempt."""
    if not table_exists(con, "reply_classifications"):
        return {}
    rows = con.execute(
        "select l.contact_email, l.step, count(distinct l.send_key) from send_ledger l "
        "join reply_classifications c using (send_key) "
        "where l.play = ? and c.kind = 'bounce' and not coalesce(c.hard, false) group by all",
        [play],
    ).fetchall()
    return {(email.lower(), int(step)): int(n) for email, step, n in rows}


# What later layers learned about earlier sends, re-read by the send step at send time: replies
# (intake, quarantine, classifications), suppressions (with the opt-out log's offset), holds, the
# monitor's pauses, the decisions people record (approvals, the hand-offs that lift the hold of a
# reply that could not be triaged or end an account's wait for a reply, referrals accepted or withdrawn), and the
# meetings booked (an account with one waits for no other thread). They are events later than the
# ledger (replies are matched to sends), so they are not upstream assets: sdr/reads_later_events
# lists them.
READ_AT_SEND_TIME = ("play_approvals", "raw_replies", "reply_intake", "quarantined_replies", "reply_classifications",
                     "suppression_events", "suppression_replies_read", "suppression_list", "optout_log_offset",
                     "sequence_holds", "escalation_events", "accepted_referrals", "withdrawn_referrals",
                     "monitor_readings", "monitor_pauses", "meetings", "meeting_cancellations")


def play_sends(play: str) -> dg.AssetsDefinition:
    """One play's sends: its rows of ``send_ledger``, behind the play's blocking approval gate."""

    @dg.asset(key=[play, "send_ledger"], group_name="sends", kinds={"duckdb", "email"},
              deps=[dg.AssetKey([play, "message_drafts"]), "enriched_accounts", "raw_signals", "play_versions"],
              pool="sends", metadata={"sdr/reads_later_events": ", ".join(READ_AT_SEND_TIME),
                                      **defined_columns(LEDGER_SCHEMA)},
              description=f"{play}: every message sent or refused, one row per contact and step; never sent "
                          "twice. The approval, suppressions, holds, bounces and pauses are re-read at send time, "
                          "and each draft's signal: an email whose why-now no longer holds waits for new research.")
    def sends(context: dg.AssetExecutionContext, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy,
              mail: MailTransport) -> dg.MaterializeResult:
        return send_for_play(context, play, warehouse, paths, policy, mail)

    return sends


def whole_ledger(plays: list[str]) -> dg.AssetsDefinition:
    """``send_ledger`` as later layers read it: every play's sends together."""

    @dg.asset(key="send_ledger", group_name="sends", kinds={"duckdb"},
              deps=[dg.AssetKey([p, "send_ledger"]) for p in plays],
              metadata=defined_columns(LEDGER_SCHEMA))
    def send_ledger(warehouse: Warehouse) -> dg.MaterializeResult:
        """Every play's sends in one ledger: what replies are matched to and analytics count."""
        with warehouse.connect() as con:
            con.execute(LEDGER_DDL)
            counts = con.execute("select play, status, count(*) from send_ledger group by all order by 1, 2").fetchall()
            total = one(con, "select count(*) from send_ledger")[0]
        by_play: dict[str, dict[str, int]] = {}
        for play, status, n in counts:
            by_play.setdefault(play, {})[status] = int(n)
        sent = {play: statuses.get("sent", 0) for play, statuses in by_play.items()}
        return dg.MaterializeResult(metadata={"dagster/row_count": int(total), "sent_per_play": dg.MetadataValue.json(sent),
                                              "rows_per_play_and_status": dg.MetadataValue.json(by_play)})

    return send_ledger


def send_for_play(context: dg.AssetExecutionContext, name: str, warehouse: Warehouse, paths: PipelinePaths,
                  policy: SendPolicy, mail: MailTransport) -> dg.MaterializeResult:
    """Send what is due for the play, at most once per contact and step.

    The approval is re-verified here from the approvals table, whatever the check said. One process
    sends at a time (a lock next to the warehouse), and a stop signal lets the message in flight finish
    (and ends a wait for the warehouse at once).
    """
    try:
        with (send_lock(send_lock_path(warehouse.path), policy.send_lock_timeout_seconds),
              deferred_termination(dg.DagsterExecutionInterruptedError)):
            return _send_play(context, name, warehouse, paths, policy, mail)
    except SendLockBusy as exc:
        context.log.warning(f"{name}: skipped, {exc}; the next run sends what is still due")
        return dg.MaterializeResult(metadata={SKIPPED: str(exc), "sent_this_run": 0})
    except SendLockUnavailable as exc:
        raise dg.Failure(description=f"Nothing sent. play '{name}': {exc}; the next run sends what is due once "
                                     "a person lets this user open it") from None


def _send_play(context, name: str, warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy,
               mail: MailTransport) -> dg.MaterializeResult:
    now = policy.now()
    with warehouse.connect() as con:
        con.execute(LEDGER_DDL)
        con.execute(LEDGER_CONTENT)
        _ensure_keys(context, con, name)
        filled = ensure_segments(con)
        handed = sent_log.log_path(warehouse.path, name)
        try:
            agreed = sent_log.agree_all(con, handed, name)
            if agreed.restored:
                context.log.warning(f"{name}: {agreed.restored} sent message(s) missing from send_ledger were put "
                                    f"back from {handed}, the log of messages handed over; they are not sent again")
            settled = reconcile(con, mail, now, agreed.handed_over, warehouse.path)
        except sent_log.Unwritable as exc:  # nothing may go while the log lacks messages the ledger holds sent
            raise dg.Failure(description=f"{name}: nothing sent: {exc}", metadata={"play": name, "sent": 0}) from None
        try:
            play, status = open_gate(con, paths.plays, name, paths.mode)
        except GateClosedError as exc:
            raise dg.Failure(description=str(exc), metadata={"play": name, "sent": 0}) from None
        # What this run sends on; the outreach sensor launches no second run for the same state.
        mark = f"{play_states(con, paths.plays, paths.mode, [name])[name].fingerprint}:{research_mark(context.instance)}"
        if behind := clock_behind(con, now):
            refuse_wait(con, name, "sending")
            raise dg.Failure(description=f"{name}: sending stopped: {behind}",
                             metadata={"play": name, "sent": 0, CLEARS_ITSELF: True})
        lag = timedelta(minutes=policy.reply_max_lag_minutes)
        if behind := replies_behind(con, now, lag):  # green only while a fresh replies run explains it
            waits = wait_or_refuse(context, con, name, behind, now, time.time(), lag, "sending")
            return dg.MaterializeResult(metadata={**waits, "sent_this_run": 0})
        clear_wait(con, name, "sending")
        # The monitor and the deliverability guard, re-read at send time like the approval.
        hold = sending_hold(con, play, policy, paths.mode)
        if hold.stopped:
            raise dg.Failure(description=hold.stopped, metadata={"play": name, "sent": 0})
        identity = _sender_identity(play, policy, paths, mail)
        drafts = current_drafts(con, play, "and grounded")
        if drafts.height:
            drafts = _with_segments(drafts.filter(~pl.col("company_domain").is_in(list(hold.paused_accounts))),
                                    account_segments(con, name))
        ledger = read_table(con, "send_ledger")
        formerly = former_names_of(con, play)
        try:
            suppressions = current_suppressions(con, paths.data_dir)
        except OSError as exc:  # a log this user may not read: its lines may be opt-outs
            raise dg.Failure(description=f"{name}: nothing sent: the opt-outs cannot be read: {exc}",
                             metadata={"play": name, "sent": 0}) from None
        # Every play's drafts: another play's sequence to one of her addresses holds this play's first email.
        # An opt-out, and a reply that may ask for one, reach further: two addresses of her name current at once
        # may be one person's.
        same_person, opted_person = people(con)
        holds = current_holds(con, now, opted_person)
        soft_bounces = _soft_bounces(con, name)
        deferrals = send_deferrals.counts(con, name, now)
        by_server = send_deferrals.counts(con, name, now, by_server=True)  # towards held
        stale = stale_drafts(con, play, drafts, now)
        sending = _sending_sequences(con, name, formerly, paths)
        talking = in_hand(con, [name, *formerly])
        booked = meetings_booked(con, [name, *formerly])
        referred = referrals_accepted(con, [name, *formerly])
        withdrawn = referrals_withdrawn(con, [name, *formerly])
        read = CommitWatch(con)
        read.moved()  # what the plan read: a commit from here on, by anyone, moves it
    mailbox = mailbox_key(play.sender["email"])
    limits = Limits(policy.mailbox_daily_cap, policy.warmup_start, policy.warmup_increment, play.daily_cap,
                    policy.warmup_max_idle_days)
    draft_rows = list(drafts.iter_rows(named=True))
    if untaken := [d for d in draft_rows if person_key(d["contact_email"]) in withdrawn]:
        draft_rows = [d for d in draft_rows if person_key(d["contact_email"]) not in withdrawn]
        context.log.info(f"{name}: {len(untaken)} draft(s) to a referral whose acceptance a person withdrew: not "
                         "sent (`sdr referrals accept` takes her back)")
    # An unsubscribe, a complaint or a person's entry is the person's: it stops every address her LinkedIn
    # profile joins.
    why = suppressed_people(opted_person, suppressions.reason_for, suppressions.stops_person)
    suppressed = {email.lower() for email in {d["contact_email"] for d in draft_rows} if why(email)}
    # A first email that bounced at an address her name or profile joins began no sequence of hers.
    bounced = {key for key in same_person if suppressions.reason_for(key) in NOT_OPTED_OUT}
    # One who opted out since her reply ends the wait for it, though her research (and draft) is let go.
    talking = {key: label for key, label in talking.items() if not why(key)}
    history = as_one_play(list(ledger.iter_rows(named=True)), name, formerly)
    if formerly:
        context.log.info(f"{name}: formerly {', '.join(sorted(formerly))}: what it sent under that name counts as "
                         "sent, and its sequences go on as this play's")
    plan = plan_sends(draft_rows, history, suppressed, holds, limits, now, name, mailbox, soft_bounces, stale,
                      deferrals, sending=sending, same_person=same_person, in_hand=talking, booked=booked,
                      bounced=bounced, referred=referred,
                      play_steps=[(step["channel"], int(step.get("delay_days") or 0)) for step in play.sequence])
    elsewhere = sum(d["status"] == "held" and d["reason"].startswith(OTHER_PLAY) for d in plan.skipped)
    other_contact = sum(d["status"] == "held" and d["reason"].startswith(OTHER_CONTACT) for d in plan.skipped)
    waiting = sum(d["status"] == "held" for d in plan.skipped) - elsewhere - other_contact
    if elsewhere:
        context.log.info(f"{name}: {elsewhere} first email(s) wait while another play mails their person: one "
                         "conversation at a time (send_ledger: held, with the reason)")
    if other_contact:
        context.log.info(f"{name}: {other_contact} first email(s) to an account's new contact wait while this "
                         "play's sequence to its earlier contact goes on: one thread per account (send_ledger: "
                         "held, with the reason)")
    if waiting:
        context.log.info(f"{name}: {waiting} email(s) wait for fresh research: their signal left the play's trigger "
                         "window, or their \"just\" no longer holds (send_ledger: held, with the reason)")
    if plan.duplicates:
        context.log.info(f"{name}: {len(plan.duplicates)} draft(s) repeat a contact and step of another draft "
                         "(the same person under two accounts, say): that person gets the one message planned")
    if plan.sent_before:
        context.log.info(f"{name}: {len(plan.sent_before)} email(s) went to their contact before as another step "
                         "(a step was inserted before them): not sent again")
    threads: dict[str, list[dict]] = {}
    for row in history:
        if row["play"] == name and row["status"] == "sent":
            threads.setdefault(row["contact_email"].lower(), []).append(row)

    def message_for(draft: dict, address: str):
        thread = thread_for(threads.get(draft["contact_email"].lower(), []), draft["step"])
        return _message_for(draft, play, address, policy, identity, now, thread)

    with warehouse.connect() as con:
        # Another process may have taken the warehouse between the plan's connection and this one: a
        # pause it recorded (a segment's, or the guard's on a complaint) holds this batch too.
        hold = sending_hold(con, play, policy, paths.mode)
        if hold.stopped:
            raise dg.Failure(description=hold.stopped, metadata={"play": name, "sent": 0})
        to_send = [d for d in plan.send if d["company_domain"] not in hold.paused_accounts]
        if read.moved():  # a replies run took the warehouse meanwhile: what it triaged holds this batch too
            suppressions, to_send = _read_again(context, con, paths, [name, *formerly], now, to_send, plan.deferred,
                                                same_person, opted_person)
        refusals = [(draft, draft["status"], (suppressions.reason_for(draft["contact_email"]) or OPTED_OUT_ELSEWHERE
                                              if draft["status"] == "suppressed" else None) or draft["reason"], now)
                    for draft in plan.skipped]
        # Settled, so every reader of the ledger agrees: dated when the same message went.
        refusals += [(draft, draft["status"], draft["reason"], draft["sent_at"]) for draft in plan.sent_before]
        record_outcomes(con, play, status.approved_by, mailbox, refusals)
        # Each message asks again: events committed since the plan (`sdr suppress add` while the plan's
        # connection was closed), and clicks appended to the log while this batch runs, at any address
        # of her profile.
        with closing(SuppressionWatch(con, suppressions)) as watch:
            def stops(address: str) -> bool:
                return watch.current.stops_person(address)

            batch = send_batch(con, to_send, play, status.approved_by, mailbox, mail, now, message_for,
                               suppressed_people(opted_person, watch.known_reason_for, stops), context.log.warning,
                               mode=paths.mode, plays_dir=paths.plays,
                               suppressed_now=suppressed_people(opted_person, watch.reason_for, stops),
                               clock=policy.now, sent_log_path=handed, deferred=by_server)
        frame = read_table(con, "send_ledger", "where play = ?", [name])
    halted = plan.halted or batch.halted or ("stopped by a termination signal" if batch.stopped else None)
    context.log.info(f"{name}: sent {batch.sent}, held {batch.held}, deferred {plan.deferred}, halted: {halted}")
    if batch.deferred_by_server:
        context.log.warning(f"{name}: the mail server deferred {batch.deferred_by_server} message(s), released for "
                            f"the next run, after the others (last: {batch.last_deferral})")
    if batch.held_by_server:
        context.log.warning(f"{name}: {batch.held_by_server} of them deferred {send_deferrals.HELD_AFTER} times or "
                            "more show held (send_ledger: held, with the server's answer); each run tries them again")
    if batch.held_by_relay:
        context.log.warning(f"{name}: {batch.held_by_relay} message(s) held, the mail server cannot carry their "
                            "address (send_ledger: held, with why); each run tries them again")
    if batch.too_large:
        context.log.warning(f"{name}: {batch.too_large} message(s) held as too large for the mail server (last: "
                            f"{batch.held_too_large}); shorten the play's message (send_ledger: held, with why)")
    if batch.released_transient:
        context.log.warning(f"{name}: {batch.released_transient} message(s) not handed over, the connection failed "
                            f"without the server's answer; released for the next run (last: {batch.last_transient})")
    if batch.failed:
        context.log.warning(f"{name}: the mail server refused {batch.failed} message(s) for good (send_ledger: "
                            "failed, with its answer)")
    for key in batch.unresolved:
        context.log.warning(f"{name}: {key} may have been delivered (the mail server's answer was lost); it is "
                            f"not sent again. Check the server's log, then: sdr sends resolve {key} "
                            "--sent|--not-sent --by NAME")
    if batch.log_failure:
        _stopped(name, batch.sent, batch.log_failure, plan.send, frame)
    if batch.signing_failure:
        _signing_stopped(name, mail, batch.sent, batch.signing_failure, plan.send, frame)
    if batch.storage_failure:
        _stopped(name, batch.sent, f"the outbox could not take a message: {batch.storage_failure}", plan.send, frame)
    if batch.session_failure:
        _stopped(name, batch.sent, f"the mail server refused the sender's session: {batch.session_failure}",
                 plan.send, frame)
    return dg.MaterializeResult(
        metadata=table_metadata(
            frame.drop("subject"),
            sent_this_run=batch.sent,
            skipped_this_run=len(plan.skipped),
            waiting_for_fresh_research=waiting,
            waiting_for_another_play=elsewhere,
            waiting_for_another_contact=other_contact,
            held_this_run=batch.held,
            failed_this_run=batch.failed,
            deferred_by_server_this_run=batch.deferred_by_server,
            held_by_server_this_run=batch.held_by_server,
            held_by_relay_this_run=batch.held_by_relay,
            held_too_large=batch.held_too_large or "",
            held_too_large_this_run=batch.too_large,
            released_on_connection_failures_this_run=batch.released_transient,
            claims_lost_to_another_run=len(batch.lost_claims),
            duplicate_drafts=dg.MetadataValue.json(plan.duplicates + [{"send_key": k} for k in batch.duplicates]),
            sent_before_as_another_step=len(plan.sent_before),
            unresolved_this_run=len(batch.unresolved),
            deferred=dg.MetadataValue.json(plan.deferred),
            halted=halted or "",
            approved_by=status.approved_by or "",
            play_version=play.version_hash,
            former_names=", ".join(sorted(formerly)),
            **hold.metadata(),
            segments_filled_in=filled,
            reconciled=dg.MetadataValue.json(settled.__dict__),
            restored_from_sent_log=agreed.restored,
            added_to_sent_log=agreed.logged,
            dkim=f"signed, selector {mail.dkim_selector}" if mail.signs else "unsigned: no key (sdr dkim init)",
            **{FINGERPRINT: mark, SENT_AT: dg.MetadataValue.timestamp(now)},
        )
    )


def _read_again(context, con: duckdb.DuckDBPyConnection, paths: PipelinePaths, plays: list[str], now,
                to_send: list[dict], deferred: dict[str, int], same_person: dict[str, str],
                opted_person: dict[str, str]) -> tuple[CurrentSuppressions, list[dict]]:
    """The suppressions and holds read again once the plan's connection was let go: a reply triaged
    meanwhile (an opt-out whose event its run records later, one the parser gave up on, a question)
    holds its contact's message, from any address of her profile (``same_person``), and one that may
    ask us to stop from any address ``opted_person`` joins, counted in ``deferred`` as the plan counts a
    hold. A referral whose acceptance a person withdrew meanwhile is not sent, as the plan sends none.
    ``plays``: the play, then its former names."""
    name = plays[0]
    try:
        suppressions = current_suppressions(con, paths.data_dir)
    except OSError as exc:  # a log this user may not read: its lines may be opt-outs
        raise dg.Failure(description=f"{name}: nothing sent: the opt-outs cannot be read: {exc}",
                         metadata={"play": name, "sent": 0}) from None
    holds = holds_on(current_holds(con, now, opted_person), utc_day(now),
                     lambda address: person_of(same_person, address))
    withdrawn = referrals_withdrawn(con, plays)
    kept = []
    for draft in to_send:
        if person_key(draft["contact_email"]) in withdrawn:
            context.log.info(f"{name}: {draft['send_key']} not sent: a person withdrew the acceptance of the "
                             "referral after the plan (`sdr referrals accept` takes her back)")
        elif hold := holds.get(person_of(same_person, draft["contact_email"])):
            deferred[hold.reason] = deferred.get(hold.reason, 0) + 1
            context.log.info(f"{name}: {draft['send_key']} waits: a reply was triaged after the plan ({hold.reason})")
        else:
            kept.append(draft)
    return suppressions, kept


def _sending_sequences(con: duckdb.DuckDBPyConnection, name: str, formerly: set[str], paths: PipelinePaths
                       ) -> dict[str, Sequence]:
    """The sequence of each other play that may still mail: one held now (paused, stopped, edited
    and waiting for approval) may send its follow-ups once it resumes, and one no longer in the files
    (``removed_plays``) stalled; one revoked or rejected (``ENDED``) mails no one."""
    files = load_plays(paths.plays).plays
    others = {n: p for n, p in files.items() if n != name}
    states = play_states(con, paths.plays, paths.mode, list(others))
    removed = removed_sequences(con, {*files, name, *formerly}, paths.mode)
    return {**removed, **{n: Sequence.of(p.sequence) for n, p in others.items() if states[n].status not in ENDED}}


def _ensure_keys(context, con: duckdb.DuckDBPyConnection, name: str) -> None:
    """The ledger's and the suppression events' primary keys, which a rebuild by hand drops and every
    claim and recorded opt-out needs: given back, or the step ends saying how to repair the table."""
    try:
        if ensure_key(con, "send_ledger", "send_key"):
            context.log.warning("send_ledger had lost its primary key (rebuilt by hand?); it has it back")
        ensure_schema(con)
    except KeyLostError as exc:
        raise dg.Failure(description=f"{name}: nothing sent: {exc}", metadata={"play": name, "sent": 0}) from None


@dataclass(frozen=True)
class SenderIdentity:
    """What every message of a play carries besides the draft: checked once, before the batch."""

    secret: bytes
    postal_address: str


def _sender_identity(play, policy: SendPolicy, paths: PipelinePaths, mail: MailTransport) -> SenderIdentity:
    """The play's postal address and the signing secret; outside the demo, no address means no sends,
    nor do opt-out endpoints no recipient can reach, replies nobody reads, or links no running `sdr
    serve` answers, when the mail goes out to recipients. A transport that signs must be able to, for
    the domain of the play's sender. A silent service alone clears without a decision: once `sdr
    serve` beats again, the run is asked for again."""
    postal = str(play.sender.get("postal_address") or policy.postal_address or "").strip()
    unanswered = None  # `sdr serve` silent: a cause that clears itself
    problems = [] if postal else [
        f"play '{play.name}' has no postal address: set sender.postal_address in its file or "
        "SDR_POSTAL_ADDRESS; the law of most recipients' countries requires one in every commercial email"]
    try:
        check_unsubscribe_url(policy.unsubscribe_url)
    except MessageError as exc:
        problems.append(f"{exc.reason} (SDR_UNSUBSCRIBE_URL)")
    if mail.reaches_recipients and not paths.demo:
        problems += unreachable_endpoints(policy.unsubscribe_url, policy.sending_domain)
        if not policy.replies_named:
            problems.append(NO_REPLIES_READ)
        unanswered = silence(paths.data_dir, policy.serve_max_silence_minutes, policy.unsubscribe_url,
                             signed_by=signing_fingerprint(paths.data_dir))
    if mail.signs:
        problems += _signing_problems(play, mail)
    else:
        problems += _key_of_another_selector(mail)
        mail.check_signing()  # no key: this batch signs nothing, whatever an earlier one did
    if problems or unanswered:
        raise dg.Failure(description="Nothing sent. " + "; ".join([*problems, *filter(None, [unanswered])]),
                         metadata={"play": play.name, "sent": 0, **({} if problems else {CLEARS_ITSELF: True})})
    return SenderIdentity(secret=load_secret(paths.data_dir), postal_address=postal)


def _signing_problems(play, mail: MailTransport) -> list[str]:
    """Why the transport's DKIM signature would not serve the play's mail: a signing domain that is a
    public suffix, a key that cannot sign, or a signing domain that DMARC would not align with the
    sender's (relaxed alignment)."""
    sender_domain = str(play.sender["email"]).rpartition("@")[2]
    try:
        signing_domain(str(mail.dkim_domain))
    except DkimKeyError as exc:
        return [f"DKIM cannot sign: the signing domain {exc}; set SDR_DKIM_DOMAIN to {sender_domain} (and "
                "publish the record `sdr dkim record` prints)"]
    try:
        mail.check_signing()
    except DkimSigningError as exc:
        return [_key_cannot_sign(mail, str(exc))]
    if aligned(sender_domain, str(mail.dkim_domain)):
        return []
    return [f"play '{play.name}' sends from {sender_domain} but DKIM signs for {mail.dkim_domain}, which DMARC "
            f"does not align with it: set SDR_DKIM_DOMAIN to {sender_domain} (and publish the record `sdr dkim "
            f"record` prints), or the play's sender.email to an address at {mail.dkim_domain}"]


def _key_of_another_selector(mail: MailTransport) -> list[str]:
    """No key at the selector's path while its folder holds another selector's: signing was set up, and
    the selector changed without its key (a rotation half done) would send every message unsigned."""
    if not mail.dkim_key_path:
        return []
    path = Path(mail.dkim_key_path)
    try:
        others = sorted(p.name.removesuffix(KEY_SUFFIX) for p in path.parent.glob(f"*{KEY_SUFFIX}"))
    except OSError:
        return []
    if not others:
        return []
    return [f"no DKIM key for selector {mail.dkim_selector} at {path}, while {path.parent} holds the key of "
            f"selector {', '.join(others)}: run `sdr dkim init` and publish the record `sdr dkim record` prints, "
            "or set SDR_DKIM_SELECTOR back; nothing goes out unsigned"]


def _key_cannot_sign(mail: MailTransport, reason: str) -> str:
    return (f"the DKIM key at {mail.dkim_key_path} cannot sign: {reason}; move it aside, run `sdr dkim init` "
            "and publish the record `sdr dkim record` prints")


def _signing_stopped(name: str, mail: MailTransport, sent: int, reason: str, planned: list[dict],
                     ledger: pl.DataFrame) -> None:
    _stopped(name, sent, _key_cannot_sign(mail, reason), planned, ledger)


def _stopped(name: str, sent: int, why: str, planned: list[dict], ledger: pl.DataFrame) -> None:
    """Fail the step once the batch that ``why`` ended is recorded: what went out stays sent, and the
    messages not sent (released, or never claimed) wait for the next run."""
    recorded = set(ledger["send_key"].to_list())
    waiting = sum(draft["send_key"] not in recorded for draft in planned)
    done = f"Sent {sent} message(s), then stopped" if sent else "Nothing sent"
    raise dg.Failure(description=f"{done}. {why}; the {waiting} message(s) not sent wait for the next run.",
                     metadata={"play": name, "sent": sent, "not_sent": waiting})


def _message_for(draft, play, address: str, policy: SendPolicy, identity: SenderIdentity, now,
                 thread: Thread | None):
    return build_message(
        secret=identity.secret, send_key=draft["send_key"],
        sender_name=str(play.sender.get("name", "")), sender_email=str(play.sender["email"]),
        postal_address=identity.postal_address, to_name=draft["contact_name"], to_email=address,
        subject=draft["subject"], body=draft["body"], sent_at=now, sending_domain=policy.sending_domain,
        unsubscribe_url=policy.unsubscribe_url, thread=thread,
    )
