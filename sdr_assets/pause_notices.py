"""Tell each play's owner of a pause once, by email: the monitor's pauses of the play or a segment,
and the deliverability guard's of the mailbox or domain the play sends from.

At most once: each hand-over is claimed in ``pause_notices`` (a row only one run can add) before the
mail server sees it, and a claim whose run died, or whose answer was lost once the data began, is not
tried again (``sdr status`` names it): the pause already stops the sends and shows in `sdr status`,
while a notice that comes twice teaches its reader to skim them. A server that is down or refuses
leaves the notice pending, a waiting state, and the next run tries again. Notices are internal mail:
no ledger row, no cap, no rate, no unsubscribe link.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import dagster as dg
import duckdb
import polars as pl

from resources.config import DEMO_DIR
from resources.mail import MailTransport
from resources.settings import PipelinePaths, SendPolicy
from resources.store import approvals as records
from resources.warehouse import Warehouse, table_exists
from sdr_assets.domain import approvals
from sdr_assets.domain import pause_notices as notices
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.gate import decision_command
from sdr_assets.domain.plays import Play
from sdr_assets.former_plays import current_names
from sdr_assets.monitor_data import pause_events, recorded_pauses
from sdr_assets.notice_records import NOTICES_DDL, append, events_by_notice, notice_states
from sdr_assets.playbook import load_plays


@dg.asset(group_name="monitor", kinds={"duckdb", "email"}, deps=["monitor_pauses"])
def pause_notices(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy,
                  mail: MailTransport) -> dg.MaterializeResult:
    """The email each play's owner got, once per pause, with the reason, the figures and the resume
    command (append-only: each claim and outcome); pending ones wait for the mail server."""
    now = policy.now()
    with warehouse.connect() as con:
        con.execute(NOTICES_DDL)
        due, lifted = _due(con, paths, policy, pause_events(con))
        for pause_id, play in lifted:  # pending, undeliverable or unknown: nobody need hear of it now
            append(con, pause_id, play, notices.LIFTED, None, now)
    for pause, play, recipient, text in due:
        if recipient is None:
            with warehouse.connect() as con:
                append(con, pause["pause_id"], play, notices.UNDELIVERABLE, None, now,
                       "no owner_email in the play file and no SDR_NOTIFY_ADDRESS")
            continue
        message = _message(text, policy, recipient, now)
        with warehouse.connect() as con:
            if not append(con, pause["pause_id"], play, notices.CLAIM, recipient, now,
                          message_id=message["Message-ID"]):
                continue  # another run claimed it first
        outcome, detail = _hand_over(mail, message)
        with warehouse.connect() as con:
            append(con, pause["pause_id"], play, outcome, recipient, now, detail, message["Message-ID"])
    with warehouse.connect() as con:
        counts = notice_states(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": sum(counts.values()), **counts,
                                          "tried_now": len(due)})


def notices_settled(con: duckdb.DuckDBPyConnection, paths: PipelinePaths, policy: SendPolicy) -> bool:
    """Whether a run would neither send a notice nor record one lifted (``_due``)."""
    if not (table_exists(con, "pause_notices") and table_exists(con, "monitor_pauses")):
        return False
    return _due(con, paths, policy, recorded_pauses(con)) == ([], [])


def _due(con: duckdb.DuckDBPyConnection, paths: PipelinePaths, policy: SendPolicy,
         recorded: pl.DataFrame) -> tuple[list[tuple], list[tuple[int, str]]]:
    """(pause, play, recipient or None, text) for every open pause of ``recorded`` a notice may go out
    for now, and (pause id, play) for each notice tried whose pause has been lifted since."""
    pauses = [p for p in recorded.iter_rows(named=True) if p["event"] == "pause"]
    if not pauses:
        return [], []
    events = events_by_notice(con)
    plays = load_plays(paths.plays).plays
    mode = records.counted_mode(con, paths.mode)
    demo_dir = paths.data_dir if paths.demo and paths.data_dir != DEMO_DIR else None
    due, lifted, histories = [], [], {}
    renamed = current_names(con, plays.values())
    for pause in pauses:
        for kept_as, play in _told(pause, plays, renamed):
            history = events.get((pause["pause_id"], kept_as), [])
            if notices.state(history) in (notices.SENT, notices.LIFTED):
                continue
            if not _open(con, pause, play, mode, histories):
                if history:
                    lifted.append((pause["pause_id"], kept_as))
                continue
            if not notices.may_send(history):
                continue
            recipient = play.owner_email or policy.notify_address
            if recipient is None and history and history[-1] == notices.UNDELIVERABLE:
                continue  # recorded once; an address set later is used by the next run
            due.append((pause, kept_as, recipient, _text(con, pause, play, mode, demo_dir)))
    return due, lifted


def _text(con: duckdb.DuckDBPyConnection, pause: dict[str, Any], play: Play, mode: str,
          demo_dir: str | None) -> notices.NoticeText:
    """The notice: with the resume command, or for a play pause of a version an edit left behind (which
    no resume can name now), with what the edit does and the approval that answers the pause."""
    version = pause["play_version"] if pause["scope"] == "play" else play.version_hash
    if version == play.version_hash:
        resume = decision_command("resume", play.name, version, mode, demo_dir)
        return notices.notice_text(pause, play.name, play.owner, version, resume)
    status = records.approval_status(con, play, mode)
    approve = None if status.status == "approved" else decision_command(
        "approve", play.name, play.version_hash, mode, demo_dir, over_pause=version)
    return notices.notice_text(pause, play.name, play.owner, version, approve,
                               notices.edit_state(play.version_hash, status.status, status.approved_by))


def _told(pause: dict[str, Any], plays: dict[str, Play], renamed: dict[str, str]) -> list[tuple[str, Play]]:
    """The plays whose owners hear of the pause, each with the name its notice is kept under: the play
    paused, under the name its file gives it now (``renamed``: ``former_plays.current_names``), its notice
    kept under the name the pause was recorded under; or every play sending from the mailbox or domain
    the guard paused, each notice under its play's name."""
    if pause["scope"] in notices.MONITOR_SCOPES:
        name = renamed.get(pause["play"], pause["play"])
        return [(pause["play"], plays[name])] if name in plays else []
    value = str(pause["scope_value"]).lower()
    senders = {name: person_key(str(p.sender["email"])) for name, p in plays.items()}
    return [(name, plays[name]) for name, sender in sorted(senders.items())
            if (sender if pause["scope"] == "mailbox" else sender.rpartition("@")[2]) == value]


def _open(con: duckdb.DuckDBPyConnection, pause: dict[str, Any], play: Play, mode: str,
          histories: dict[str, list]) -> bool:
    """Whether the pause is still to be told: no resume lifted the monitor's pause, or no later reading
    the guard's. A lifted pause is not told (a new one is). A play pause of a version an edit left
    behind holds nothing now, but its copy went out and drew the replies that tripped it: it is told
    until a resume, of any version, lifts it (an approval of the edit does not: the approver may not
    be the owner). A resume under the name the pause was recorded under, or under the play's name now,
    lifts it. ``histories`` keeps each name's decisions read once for all its pauses."""
    if pause["scope"] in notices.MONITOR_SCOPES:
        for name in {play.name, pause["play"]} - set(histories):
            histories[name] = records.history(con, name)
        taken = {d["decision_id"]: d for name in {play.name, pause["play"]} for d in histories[name]}
        decisions = approvals.counted(play, [taken[i] for i in sorted(taken)], mode)
        if pause["scope"] == "play" and pause["play_version"] != play.version_hash:
            return bool(approvals.edited_pauses([pause], decisions, play.version_hash))
        return bool(approvals.open_pauses([pause], decisions, pause["play_version"], pause["scope"]))
    later = con.execute("select count(*) from monitor_pauses where scope = ? and scope_value = ? and pause_id > ?",
                        [pause["scope"], pause["scope_value"], pause["pause_id"]]).fetchone()[0]
    return not later


def _message(text: notices.NoticeText, policy: SendPolicy, recipient: str, now) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = policy.notify_from, recipient, text.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=policy.notify_from.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to it
    message.set_content(text.body)
    return message


def _hand_over(mail: MailTransport, message: EmailMessage) -> tuple[str, str | None]:
    """The outcome of one hand-over: sent, pending (nothing went: down, refused, a key that cannot
    sign) or unknown (the answer was lost once the data began)."""
    from resources.dkim import DkimSigningError
    from resources.smtp import MailDeliveryError

    try:
        return notices.SENT, mail.send(message)
    except DkimSigningError as exc:  # raised before anything is delivered
        return notices.PENDING, str(exc)
    except MailDeliveryError as exc:
        return (notices.UNKNOWN if getattr(exc, "outcome_unknown", False) else notices.PENDING), str(exc)
    except OSError as exc:  # no connection, or the local outbox cannot be written
        return notices.PENDING, str(exc)
