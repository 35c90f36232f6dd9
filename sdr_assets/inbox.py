"""The escalation queue as people see and work it: its tables, its current state, their actions.

The pipeline owns the ``escalations`` rows (what was said, by whom, at which company); people own
``escalation_events``, an append-only log of who did what and when. The queue a person sees is the
fold of the two, so no run can erase a claim, a note, a snooze or an outcome.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from resources.config import EscalationHours, WarehouseFile
from resources.tables import columns_of, frame_of, one, table_exists, transaction
from sdr_assets import escalation_log, suppression
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.business_hours import business_hours_since
from sdr_assets.domain.addresses import InvalidAddressError, person_key
from sdr_assets.domain.suppression import ADD, NOT_OPTED_OUT, Event, Suppressions, canonical_target
from sdr_assets.shared_profiles import her_addresses, people, suppressed_people

EVENTS_DDL = """
create sequence if not exists escalation_event_ids;
create table if not exists escalation_events (
    event_id bigint primary key default nextval('escalation_event_ids'),
    escalation_id varchar not null,
    action varchar not null,
    actor varchar not null,
    acted_at timestamptz not null,
    recorded_at timestamptz not null,
    until timestamptz,
    outcome varchar,
    note varchar,
    message_id varchar
)
"""
MEETINGS_DDL = """
create table if not exists meetings (
    meeting_id varchar primary key,
    contact_email varchar not null,
    play varchar,
    booked_at timestamptz not null,
    source varchar not null,
    recorded_by varchar not null,
    escalation_id varchar
)
"""
# Append-only: a booking the tool lists as canceled stays in ``meetings`` for the record, and counts
# as no meeting anywhere (status, analytics, the CRM) once its id is here.
MEETING_CANCELLATIONS_DDL = """
create table if not exists meeting_cancellations (
    meeting_id varchar primary key,
    canceled_at timestamptz not null,
    source varchar not null,
    recorded_by varchar not null
)
"""
# A booking the tool reported for a conversation whose meeting was recorded already (by a hand-off,
# or an earlier booking of a reschedule): its id names that meeting, so canceling it cancels that one.
MEETING_BOOKINGS_DDL = """
create table if not exists meeting_bookings (
    booking_meeting_id varchar primary key,
    meeting_id varchar not null
)
"""
MEETING_QUARANTINE_DDL = """
create table if not exists quarantined_meeting_rows (
    source varchar not null, line integer not null, reason varchar not null, raw varchar,
    quarantined_at timestamptz not null, recorded_by varchar not null, booking_id varchar, cancels_booking_id varchar
)
"""


# Each table of the queue and its meetings, by name, with the statement that creates it.
_TABLE_DDL = {"escalation_events": EVENTS_DDL, "meetings": MEETINGS_DDL,
              "meeting_cancellations": MEETING_CANCELLATIONS_DDL, "meeting_bookings": MEETING_BOOKINGS_DDL,
              "quarantined_meeting_rows": MEETING_QUARANTINE_DDL}
# The tables ``ensure_tables`` creates.
QUEUE_TABLES = tuple(_TABLE_DDL)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in _TABLE_DDL.values():
        con.execute(ddl)
    for column in ("booking_id", "cancels_booking_id"):  # a quarantine of the release before names no booking
        con.execute(f"alter table quarantined_meeting_rows add column if not exists {column} varchar")


def restore_actions(con: duckdb.DuckDBPyConnection, warehouse_path: str) -> None:
    """The logged events a rebuilt or restored warehouse lacks put back, and the events a log lacks
    appended to it (``sdr_assets.escalation_log``); run as a process attaches the file for writing."""
    log = escalation_log.log_path(warehouse_path)
    if log is None:
        return
    if table_exists(con, "escalation_events"):
        if escalation_log.agreed(con, log):
            return  # nothing to put back: the queue's tables are made by whatever writes to them
    elif not log.exists():
        return
    ensure_tables(con)
    _restore(con, log)


def _restore(con: duckdb.DuckDBPyConnection, log: Path | None) -> None:
    """The logged events ``escalation_events`` lacks put back with what their hand-offs recorded, at once."""
    with transaction(con):
        escalation_log.restore(con, log, lambda events: _recorded_with(con, events))


def _recorded_with(con: duckdb.DuckDBPyConnection, events: list[dict]) -> None:
    """What a hand-off records with its event, its meeting or its contact's opt-out, for hand-offs put back
    from the log: the log's line is made durable before the transaction commits, so an interrupt between
    the two, or a warehouse restored from an older copy, brings back the event alone. Put back as the
    hand-off recorded them: an opt-out from the contact and reply its line names (``OPTOUT_OF``), else,
    as a line logged before it named them, and a meeting, from the escalation's row (an escalation the
    table no longer holds, or does not hold yet, as a rebuilt warehouse before its replies run, has none)."""
    handed = [e for e in events if e["action"] == "handle" and e["outcome"] in ("meeting", "opted_out")]
    if not handed:
        return
    rows = {} if not table_exists(con, "escalations") else {r["escalation_id"]: r for r in frame_of(
        con, "select * from escalations where list_contains(?, escalation_id)",
        [sorted({e["escalation_id"] for e in handed})]).iter_rows(named=True)}
    optouts = []
    for event in handed:
        if event["outcome"] == "opted_out" and event.get(escalation_log.OPTOUT_OF):
            row = {"escalation_id": event["escalation_id"], **event[escalation_log.OPTOUT_OF]}
        elif (row := rows.get(event["escalation_id"])) is None:
            continue
        if event["outcome"] == "meeting":
            record_meeting(con, row, event["actor"], event["acted_at"])
            continue
        try:
            optouts.append(reply_optout(row, event["actor"], event["note"] or "", event["acted_at"]))
        except esc.EscalationError:  # no address to suppress: the hand-off itself was refused
            continue
    if optouts:
        suppression.ensure_schema(con)
        suppression.insert_events(con, optouts)
        suppression.fold_list(con)


# What the state of an escalation is folded from (``esc.fold``): the queue reads no more of its events.
FOLD_COLUMNS = ("escalation_id", "action", "actor", "acted_at", "until", "outcome", "note")


def events_by_escalation(con: duckdb.DuckDBPyConnection, only: str | None = None,
                         columns: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """Each escalation's events in log order, every column or only ``columns`` (``escalation_id`` among them)."""
    if not table_exists(con, "escalation_events"):
        return {}
    grouped: dict[str, list[dict]] = {}
    where, params = ("where escalation_id = ?", [only]) if only else ("", [])
    read = "*" if columns is None else ", ".join(columns)
    for e in frame_of(con, f"select {read} from escalation_events {where} order by event_id",
                      params).iter_rows(named=True):
        grouped.setdefault(e["escalation_id"], []).append(e)
    return grouped


# What the queue's state and order are worked out from: read whatever else a caller asks for.
QUEUE_KEYS = ("escalation_id", "routed_to", "label", "priority", "received_at")


def load_queue(con: duckdb.DuckDBPyConnection, now: datetime, policy: EscalationHours | None = None,
               only: str | None = None, columns: Sequence[str] | None = None) -> list[dict]:
    """Every escalation (or ``only`` that id) with its current state, most urgent first (priority, then
    longest waiting). Each row holds every stored column, or only ``columns`` and ``QUEUE_KEYS``: those of
    them stored, since rows of an earlier layout lack what later versions added until the next run."""
    stored = columns_of(con, "escalations")
    if "escalation_id" not in stored:
        return []  # nothing yet, or the per-message layout of earlier versions until the next run
    policy = policy or EscalationHours()
    events = events_by_escalation(con, only, FOLD_COLUMNS)
    where, params = ("where escalation_id = ?", [only]) if only else ("", [])
    read = "*" if columns is None else ", ".join(c for c in dict.fromkeys([*QUEUE_KEYS, *columns]) if c in stored)
    rows, waiting = [], []
    for r in frame_of(con, f"select {read} from escalations {where}", params).iter_rows(named=True):
        state = esc.fold(events.get(r["escalation_id"], []), r["routed_to"], now)
        # The state is this row's own: its fields as they are, without asdict's deep copy.
        rows.append({**r, **vars(state), "waiting_business_hours": None, "over_sla": False,
                     "data_request_overdue": esc.answer_overdue(r.get("data_request_due"), state.status, now,
                                                                   policy.zone())})
        if esc.waits(state, r["label"]):
            waiting.append(rows[-1])
    hours = business_hours_since([r["waiting_since"] for r in waiting], now, policy.business_day_start,
                                 policy.business_day_end, policy.zone())
    for r, waited in zip(waiting, hours, strict=True):
        r["waiting_business_hours"], r["over_sla"] = waited, waited > policy.sla_hours
    rows.sort(key=lambda r: (r["status"] == "handled", r["priority"], r["waiting_since"] or r["received_at"] or now,
                             r["escalation_id"]))
    return rows



def with_suppressions(queue: list[dict], con: duckdb.DuckDBPyConnection, data_dir: str | Path) -> list[dict]:
    """The queue with each conversation whose contact may no longer be mailed marked, as the send step
    reads suppressions (``data_dir`` holds the opt-out log, whose clicks count before they are recorded):
    ``suppressed`` says why (an unsubscribe by any channel, a complaint, a person's entry, a bounce),
    and no sales answer is suggested to a contact who can no longer be mailed, nor is she late
    (``over_sla``): a person closes her conversation (:func:`to_close`); ``opted_out`` is set unless
    the address only failed. ``her_other_addresses`` lists those ``People.opt_outs`` joins to hers: an opt-out
    at hers stops them, and a request to stop that waits for a person holds them (``contact_holds``)."""
    return marked_suppressed(queue, suppression.current_suppressions(con, data_dir), people(con).opt_outs)


def marked_suppressed(queue: list[dict], current: Suppressions | suppression.CurrentSuppressions,
                      linked: dict[str, str] | None = None) -> list[dict]:
    """:func:`with_suppressions` with the suppressions already read (``current``); ``linked``
    (``people(con).opt_outs``) joins a person's addresses, so an unsubscribe, complaint or person's entry at one marks
    the others."""
    why = suppressed_people(linked or {}, current.reason_for, current.stops_person)
    joined = her_addresses(linked or {})
    for r in queue:
        address = r.get("contact_email") or r.get("from_addr") or ""
        r["her_other_addresses"] = sorted(set(joined(address)) - {person_key(address)}) if address else []
        reason = why(address) if address else None
        r["suppressed"], r["opted_out"] = reason, bool(reason) and reason not in NOT_OPTED_OUT
        if reason:
            r["suggested_response"], r["over_sla"] = None, False
    return queue


def to_close(queue: list[dict]) -> int:
    """Conversations not handled whose contact may no longer be mailed (:func:`with_suppressions`)."""
    return sum(bool(r.get("suppressed")) and r["status"] != "handled" for r in queue)


def oldest_waiting(queue: list[dict]) -> dict | None:
    """The unclaimed interested or question reply that has waited longest, in business hours, of a
    contact who may still be mailed."""
    waiting = [r for r in queue if r["waiting_business_hours"] is not None and not r.get("suppressed")]
    if not waiting:
        return None
    r = max(waiting, key=lambda r: (r["waiting_business_hours"], -r["waiting_since"].timestamp()))
    return {"escalation_id": r["escalation_id"], "contact": r["contact_name"] or r["contact_email"],
            "company": r["company_name"], "label": r["label"], "play": r["play"], "owner": r["owner"],
            "waiting_since": r["waiting_since"], "business_hours": round(r["waiting_business_hours"], 1)}


def find(queue: list[dict], escalation_id: str) -> dict:
    wanted = (escalation_id or "").strip().lower()
    for r in queue:
        if r["escalation_id"] == wanted:
            return r
    raise esc.EscalationError(f"no escalation '{escalation_id}'; `sdr inbox` lists them")


def meeting_id_for(*parts: str) -> str:
    return "m-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# The conversation a meeting row belongs to, for the hand-off and a booking import alike: its
# escalation, or its contact (any letter case) and play.
SAME_CONVERSATION = ("(escalation_id = $escalation or (lower(contact_email) = lower($contact) "
                     "and play is not distinct from $play))")
# A meeting row whose booking was not canceled since.
NOT_CANCELED = "meeting_id not in (select meeting_id from meeting_cancellations)"


def record_meeting(con: duckdb.DuckDBPyConnection, row: dict, actor: str, now: datetime) -> None:
    """One meeting per conversation, however often it is handled and whether or not a booking tool's
    import recorded it first (a canceled booking is none); an imported one is tied to the escalation."""
    conversation = {"escalation": row["escalation_id"], "contact": row["contact_email"] or row["from_addr"],
                    "play": row["play"]}
    con.execute(f"update meetings set escalation_id = $escalation where escalation_id is null and {SAME_CONVERSATION}",
                conversation)
    con.execute(f"insert into meetings select $id, $contact, $play, $now, 'escalation', $actor, $escalation "
                f"where not exists (select 1 from meetings where {SAME_CONVERSATION} and {NOT_CANCELED})",
                {**conversation, "id": meeting_id_for("escalation", row["escalation_id"]), "now": now, "actor": actor})


def record_action(warehouse: WarehouseFile, escalation_id: str, action: str, actor: str, now: datetime, *,
                  outcome: str | None = None, until: datetime | None = None, note: str = "",
                  take_over: bool = False, logged: Event | None = None, recorded_at: datetime | None = None) -> dict:
    """Append one person's action to the log; a handled ``meeting`` also writes a meeting row, and a
    handled ``opted_out`` suppresses the contact (``reply_optout``), in the same transaction.

    A claim, snooze or hand-off of an escalation someone else holds needs ``take_over``; the action's
    note then names who it was taken from. ``logged`` is the opt-out the hand-off logged first while
    the warehouse was busy (``sdr_assets.handled_optouts``): it is the one recorded, and ``now`` stays
    the time of the decision, ``recorded_at`` when it reached the warehouse. Returns the escalation
    as it stands after the action.
    """
    with warehouse.connect() as con:
        ensure_tables(con)
        log = escalation_log.log_of(con)
        _restore(con, log)  # a restored copy takes back what was logged before it decides anything
        wanted = (escalation_id or "").strip().lower()
        row = find(load_queue(con, now, only=wanted), wanted)
        state = esc.QueueState(**{k: row[k] for k in esc.QueueState.__dataclass_fields__})
        esc.check_action(state, action, actor, outcome=outcome, until=until, now=now,
                         escalation_id=row["escalation_id"], take_over=take_over)
        if action == "note" and not note.strip():
            raise esc.EscalationError("a note needs some text")
        actor = actor.strip()
        holder = esc.taken_from(state, actor, action)
        note = esc.with_holder(note, holder)
        optouts = _optouts(row, actor, note, now, logged) if action == "handle" and outcome == "opted_out" else []
        if optouts:
            suppression.ensure_schema(con)
        with transaction(con):
            event_id = one(con, "insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, until, "
                                "outcome, note) values (?, ?, ?, ?, ?, ?, ?, ?) returning event_id",
                           [row["escalation_id"], action, actor, now, recorded_at or now, until, outcome,
                            note.strip() or None])[0]
            if action == "handle" and outcome == "meeting":
                record_meeting(con, row, actor, now)
            if optouts:
                suppression.insert_events(con, optouts)
                suppression.fold_list(con)
            escalation_log.record(con, log, [{  # last: a line whose row rolled back would come back
                "event_id": int(event_id), "escalation_id": row["escalation_id"], "action": action, "actor": actor,
                "acted_at": now, "recorded_at": recorded_at or now, "until": until, "outcome": outcome,
                "note": note.strip() or None, escalation_log.OPTOUT_OF: _optout_of(row) if optouts else None}])
        after = find(load_queue(con, now, only=wanted), wanted)
    return {**after, "event_id": event_id, "taken_from": holder}


def _optouts(row: dict, actor: str, note: str, now: datetime, logged: Event | None) -> list[Event]:
    """The suppression a hand-off ``opted_out`` records: the one logged first, if it names the contact."""
    optout = reply_optout(row, actor, note, now)
    if logged is None:
        return [optout]
    return [logged] if logged.target == optout.target else [logged, optout]


def _optout_of(row: dict) -> dict:
    """The fields of the escalation's row its contact's opt-out is made from (:func:`reply_optout`)."""
    return {"contact_email": row["contact_email"], "message_id": row["message_id"]}


def reply_optout(row: dict, actor: str, note: str, now: datetime) -> Event:
    """The suppression of the escalation's contact that a person records on reading her reply as an
    opt-out: an unsubscribe by reply, like the rule's, keyed by the same reply, so triage deriving it
    later adds nothing, and never lifted by hand."""
    try:
        target = canonical_target(row.get("contact_email") or "")
    except InvalidAddressError as exc:
        raise esc.EscalationError(f"{row['escalation_id']} has no contact address to suppress ({exc}); "
                                  "record it with `sdr suppress add`") from None
    said = f"{note.strip() or 'opted out in a reply a person read'} (escalation {row['escalation_id']})"
    return Event(f"unsubscribe_reply:{row['message_id']}:{target}", target, ADD, "unsubscribe_reply",
                 row["message_id"], actor.strip(), said, now)


def thread_messages(row: dict) -> list[dict]:
    return json.loads(row.get("thread") or "[]")
