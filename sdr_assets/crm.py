"""Hand-over: escalations exported for the CRM's import wizard, and booked meetings imported back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import polars as pl

from resources.config import WarehouseFile
from resources.tables import columns_of, frame_of, table_exists
from sdr_assets import suppression
from sdr_assets.csv_files import write_csv
from sdr_assets.domain import crm
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, person_key
from sdr_assets.domain.approvals import nobody_named
from sdr_assets.domain.escalations import REVIEW_LABEL
from sdr_assets.domain.meetings import Booking, Cancellation, Rejected, parse_bookings
from sdr_assets.inbox import (
    NOT_CANCELED, SAME_CONVERSATION, ensure_tables, load_queue, meeting_id_for, thread_messages, marked_suppressed,
)
from sdr_assets.person_keys import canonical_column
from sdr_assets.shared_profiles import covering_people, people, person_of

FORMATS = ("hubspot", "salesforce", "csv")
# Her records under other spellings of her address, for an import that updates existing records only.
HUBSPOT_OTHERS, SALESFORCE_OTHERS = "hubspot_other_addresses.csv", "salesforce_other_addresses.csv"
# A message triage could not place (spam, an unknown report) becomes a lead only once a person says so.
PLACED_AS_LEAD = ("meeting", "nurture")


def _a_lead(r: dict, meetings: dict[str, datetime]) -> bool:
    """Placed by a meeting or a person's hand-off, else any conversation but one for review, one
    that may ask us to stop and is not yet handled (a person decides those first), and one in which
    she only asked us to stop and to erase her data."""
    if r["escalation_id"] in meetings or (r["status"] == "handled" and r["outcome"] in PLACED_AS_LEAD):
        return True
    undecided = r.get("may_ask_to_stop") and r["status"] != "handled"
    # A conversation in which she only asked us to stop and to erase her data made no pipeline: it goes
    # to a person as a data request, but no record is made of her from the data she asked us to erase.
    inbound = [m for m in thread_messages(r) if m.get("direction") == "in"]
    erased = (r.get("data_request_due") is not None and bool(inbound)
              and all(m.get("label") == "unsubscribe" for m in inbound))
    return r["label"] != REVIEW_LABEL and not undecided and not erased


def _export_row(r: dict, meetings: dict[str, datetime]) -> dict:
    email = r["contact_email"] or r["from_addr"] or ""
    # One who asked us to stop (by any channel, after her reply too) is handed over as opted out.
    outcome = "opted_out" if r.get("opted_out") else r["outcome"]
    return {**r, "email": email, "company": r["company_name"] or r["company_domain"] or email.split("@")[-1],
            "last_reply_at": r["received_at"], "meeting_booked_at": meetings.get(r["escalation_id"]),
            "outcome": outcome}


def _meetings_booked(con, queue: list[dict]) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """When each conversation's first meeting was booked, by escalation id: a meeting row is the
    conversation's by its escalation, or by its contact, in any spelling (:func:`person_key`), and
    play, as a booking imported before she replied is. Also when each conversation's meetings last
    changed (booked, or their booking canceled), for ``--since``: an import since then changes her record."""
    by_escalation: dict[str, datetime] = {}
    by_contact: dict[tuple[str, str | None], datetime] = {}
    moved_escalation: dict[str, datetime] = {}
    moved_contact: dict[tuple[str, str | None], datetime] = {}
    rows = con.execute("select m.escalation_id, m.contact_email, m.play, m.booked_at, c.canceled_at from meetings m "
                       "left join meeting_cancellations c on c.meeting_id = m.meeting_id")
    for escalation_id, contact, play, booked_at, canceled_at in rows.fetchall():
        moved = max(t for t in (booked_at, canceled_at) if t)
        for book, moves, key in ((by_escalation, moved_escalation, escalation_id),
                                 (by_contact, moved_contact, (person_key(contact), play))):
            if key is None:
                continue
            moves[key] = max(moved, moves.get(key, moved))
            if canceled_at is None:
                book[key] = min(booked_at, book.get(key, booked_at))
    booked, moved = {}, {}
    for r in queue:
        contact = person_key(r.get("contact_email") or r.get("from_addr"))
        times = [t for t in (by_escalation.get(r["escalation_id"]), by_contact.get((contact, r.get("play")))) if t]
        if times:
            booked[r["escalation_id"]] = min(times)
        changes = [t for t in (moved_escalation.get(r["escalation_id"]),
                               moved_contact.get((contact, r.get("play")))) if t]
        if changes:
            moved[r["escalation_id"]] = max(changes)
    return booked, moved


def _active_since(r: dict, since: datetime | None, meetings_moved: dict[str, datetime] | None = None) -> bool:
    """A reply, an action, a meeting booked or canceled (``meetings_moved``, by escalation id; the
    booking's start, as an import records no time of its own) or the escalation itself since ``since``
    (None: every conversation)."""
    moved = (meetings_moved or {}).get(r["escalation_id"])
    return since is None or max(t for t in (r["received_at"], r["last_action_at"], r["escalated_at"], moved)
                                if t) >= since


def export_crm(warehouse: WarehouseFile, now: datetime, fmt: str, out_dir: Path, since: datetime | None = None,
               data_dir: Path | None = None) -> dict:
    """Write the escalations in ``fmt``: since ``since``, the people with a conversation active since
    then or suppressed since (``data_dir`` holds the opt-out log; the warehouse's folder by default),
    each as all her conversations say (the CSV: those conversations); returns the files, the count
    of conversations exported, of those exported for a suppression alone, and how many messages
    for review were left out until a person places them. A suppressed contact is handed over as
    opted out (a bounce: as she was), with when and how in a note."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    folder = data_dir or Path(warehouse.path).parent
    with warehouse.connect() as con:
        ensure_tables(con)
        current, entries = suppression.in_force(con, folder)  # read once: who is marked, and since when
        joined = people(con)
        linked = joined.opt_outs  # an opt-out at one address of hers is hers at every other
        queue = marked_suppressed(load_queue(con, now), current, linked)
        meetings, moved = _meetings_booked(con, queue)
    leads = [_export_row(r, meetings) for r in queue if _a_lead(r, meetings)]
    stops = covering_people({r["email"] for r in leads}, entries, linked)
    # Recorded since: an opt-out after her last export, with nothing else since, must reach the CRM.
    fresh = {a: [e for e in found if since is None or e.added_at >= since] for a, found in stops.items()}
    active = [r for r in queue if _active_since(r, since, moved)]
    current = [r for r in leads if _active_since(r, since, moved)]
    rows = [r for r in leads if _active_since(r, since, moved) or fresh.get(r["email"])]
    # ``since`` picks people, not conversations: the import overwrites a person by Email, so her row
    # is what all her conversations say (a meeting booked before still speaks for her). One person is
    # every spelling of her address and every address her profile, or her name at the account, joins
    # as the send plan waits on her (``People.threads``: two namesakes named there at once stay two).
    def person(address: str) -> str:
        return person_of(joined.threads, address)

    picked = {person(r["email"]) for r in rows}
    noted = {r["escalation_id"] for r in current}
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[dict]] = {}
    if fmt == "csv":  # every conversation, every field
        written["escalations_crm.csv"] = [{
            **{c: r.get(c) for c in crm.CSV_COLUMNS}, "replies": r["reply_count"],
            "notes": " | ".join([*(f"{n['by']}: {n['text']}" for n in r["notes"]),
                                 *(crm.stop_note(e, r["email"]) for e in stops.get(r["email"], []))]),
            "thread": crm.note_text(r, thread_messages(r))} for r in rows]
    theirs = [r for r in leads if person(r["email"]) in picked]
    for group in crm.by_person(theirs, person) if fmt != "csv" else []:
        threads = [(r, thread_messages(r)) for r in group]
        domain = group[0]["company_domain"]
        website = f"https://{domain}" if domain else ""
        # Records an earlier export or a person made under another spelling of her address get her
        # current facts too, in a file to update existing records only: none stays a lead that says
        # less than hers (that she opted out), and none is made.
        others = crm.other_records(group)
        if fmt == "hubspot":  # a note each import adds: only the conversations and suppressions since
            contact, notes = crm.hubspot_rows(threads, website, noted, fresh.get(group[0]["email"], []))
            written.setdefault("hubspot_contacts.csv", []).append(contact)
            written.setdefault("hubspot_notes.csv", []).extend(notes)
            written.setdefault(HUBSPOT_OTHERS, []).extend(crm.hubspot_duplicates(contact, others))
        else:
            lead = crm.salesforce_row(threads, website, stops.get(group[0]["email"], []))
            written.setdefault("salesforce_leads.csv", []).append(lead)
            written.setdefault(SALESFORCE_OTHERS, []).extend(crm.salesforce_duplicates(lead, others))
    columns = {"hubspot_contacts.csv": crm.HUBSPOT_CONTACT_COLUMNS, "hubspot_notes.csv": crm.HUBSPOT_NOTE_COLUMNS,
               HUBSPOT_OTHERS: crm.HUBSPOT_OTHER_ADDRESS_COLUMNS, "salesforce_leads.csv": crm.SALESFORCE_LEAD_COLUMNS,
               SALESFORCE_OTHERS: crm.SALESFORCE_LEAD_COLUMNS, "escalations_crm.csv": crm.CSV_COLUMNS}
    names = {"hubspot": ("hubspot_contacts.csv", "hubspot_notes.csv", HUBSPOT_OTHERS),
             "salesforce": ("salesforce_leads.csv", SALESFORCE_OTHERS), "csv": ("escalations_crm.csv",)}[fmt]
    paths = []
    for name in names:
        path = out_dir / name
        write_csv(path, columns[name], written.get(name, []))
        paths.append(path)
    return {"files": paths, "rows": len(rows), "suppressed_since": len(rows) - len(current),
            "left_for_review": len(active) - len(current)}


# Why a cancellation is quarantined while no meeting is recorded under its booking's id.
UNMATCHED = "canceled booking, no meeting recorded under its id"


class Known(NamedTuple):
    """Whom an attendee address is: the contact's address as we wrote to her, her play and escalation."""

    contact: str
    play: str | None
    escalation_id: str | None


def _contacts(con) -> dict[str, Known]:
    """Known contacts by :func:`person_key` (``josé@bücher.example`` is ``josé@xn--bcher-kva.example``,
    ``ann+news@`` is ``ann@``), the escalation's play winning over a send's. The address a person
    replied from, or books with, in another spelling is hers: it resolves to the contact."""
    known: dict[str, Known] = {}
    if table_exists(con, "send_ledger"):
        for email, play in con.execute("select contact_email, play from send_ledger where status = 'sent' "
                                       "order by sent_at").fetchall():
            known[person_key(email)] = Known(email, play, None)
    if table_exists(con, "escalations"):
        for email, sender, play, escalation_id in con.execute(
                "select contact_email, from_addr, play, escalation_id from escalations order by escalated_at").fetchall():
            for address in {person_key(email), person_key(sender)} - {""}:
                known[address] = Known(email or sender, play, escalation_id)
    return known


def import_meetings(warehouse: WarehouseFile, path: Path, recorded_by: str, now: datetime,
                    mode: str = "live") -> dict:
    """Match a booking tool's CSV or webhook dump to contacts we wrote to, and cancel the meetings
    recorded under the bookings it lists as canceled; unknown rows are quarantined. ``recorded_by``
    names a person by the approval gate's rule in the run ``mode``."""
    if refusal := nobody_named(recorded_by, mode):
        raise ValueError(refusal)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text (byte {exc.start}): export or save it as UTF-8") from None
    bookings, cancellations, rejected = parse_bookings(text, path.name)
    source, by = f"import:{path.name}", recorded_by.strip()
    with warehouse.connect() as con:
        ensure_tables(con)
        known = _contacts(con)
        # Meetings recorded before are canceled first, so a booking that replaces one (a reschedule)
        # is its conversation's meeting; a booking this file or an earlier import (its cancellation
        # quarantined, as the booking was not recorded yet) cancels is recorded and canceled before the
        # others are matched, holding no conversation.
        canceled, already, pending = _cancel(con, cancellations, source, by, now)
        earlier = _quarantined_cancellations(con, [b.external_id for b in bookings])
        doomed = {c.external_id for c in (*pending, *earlier)}
        results = [_book(con, b, known, source, by, once=False) for b in bookings if b.external_id in doomed]
        later, again, unmatched = _cancel(con, pending, source, by, now)
        late, _, _ = _cancel(con, earlier, source, by, now)
        live = [_book(con, b, known, source, by) for b in bookings if b.external_id not in doomed]
        results += live
        rejected += [r for r in results if isinstance(r, Rejected)]
        rejected += [Rejected(c.line, UNMATCHED, c.raw, cancels=c.external_id) for c in unmatched]
        for r in rejected:
            con.execute("insert into quarantined_meeting_rows (source, line, reason, raw, quarantined_at, recorded_by, "
                        "booking_id, cancels_booking_id) select ?, ?, ?, ?, ?, ?, ?, ? where not exists ("
                        "select 1 from quarantined_meeting_rows where source = ? and line = ? and reason = ?)",
                        [source, r.line, r.reason, r.raw, now, by, r.booking or None, r.cancels or None,
                         source, r.line, r.reason])
        _resolve_quarantine(con, bookings, [*cancellations, *earlier], rejected)
    return {"added": [r for r in live if isinstance(r, dict)], "canceled": canceled + later + late,
            "duplicates": results.count(None) + already + again, "rejected": rejected}


def _quarantined_cancellations(con, ids: list[str]) -> list[Cancellation]:
    """The quarantined cancellations of the bookings ``ids``, as the imports that read them found them."""
    if not ids:
        return []
    _name_cancellations_before(con)
    rows = con.execute("select distinct cancels_booking_id, line, raw from quarantined_meeting_rows "
                       "where cancels_booking_id in (select unnest(?))", [ids]).fetchall()
    return [Cancellation(booking, line, raw) for booking, line, raw in rows]


def _name_cancellations_before(con) -> None:
    """Name the booking of each cancellation a release before quarantined without naming it, read from
    the row's text as its import read it; a text cut short names none ('')."""
    rows = con.execute("select rowid, raw from quarantined_meeting_rows where cancels_booking_id is null "
                       "and reason = ?", [UNMATCHED]).fetchall()
    for rowid, raw in rows:
        named = parse_bookings(raw or "", "quarantined.jsonl").cancellations
        con.execute("update quarantined_meeting_rows set cancels_booking_id = ? where rowid = ?",
                    [named[0].external_id if named else "", rowid])


def _resolve_quarantine(con, bookings: list[Booking], cancellations: list[Cancellation],
                        rejected: list[Rejected]) -> None:
    """Take off the quarantine the rows of earlier imports this one resolved: a booking it recorded (or
    found recorded) and a cancellation it applied (or found applied)."""
    left = {r.booking for r in rejected} | {r.cancels for r in rejected}
    recorded = [b.external_id for b in bookings if b.external_id not in left]
    applied = [c.external_id for c in cancellations if c.external_id not in left]
    for column, ids in (("booking_id", recorded), ("cancels_booking_id", applied)):
        if ids:
            con.execute(f"delete from quarantined_meeting_rows where {column} in (select unnest(?))", [ids])


def _book(con, b: Booking, known: dict[str, Known], source: str, by: str, once: bool = True) -> dict | Rejected | None:
    """Record a booking of a contact we wrote to: the meeting added, None if already recorded (``once``:
    her conversation holds a meeting not canceled), or why it was rejected."""
    try:
        address = canonical_address(b.email)
    except InvalidAddressError as exc:
        return Rejected(b.line, f"invalid attendee address: {exc}", b.email, booking=b.external_id)
    if person_key(address) not in known:
        return Rejected(b.line, "attendee is not a contact we wrote to", b.email, booking=b.external_id)
    address, play, escalation_id = known[person_key(address)]
    meeting_id = meeting_id_for("booking", b.external_id)
    # One meeting per conversation, escalated or not: a reschedule is the same one.
    exists = con.execute(f"select meeting_id from meetings where meeting_id = $id or ({SAME_CONVERSATION} and "
                         f"{NOT_CANCELED} and $once) order by meeting_id = $id desc",
                         {"id": meeting_id, "escalation": escalation_id, "contact": address, "play": play,
                          "once": once}).fetchone()
    if exists:
        if exists[0] != meeting_id:  # the conversation's meeting: this booking's cancellation cancels it
            con.execute("insert or ignore into meeting_bookings values (?, ?)", [meeting_id, exists[0]])
        return None
    con.execute("insert into meetings values (?, ?, ?, ?, ?, ?, ?)",
                [meeting_id, address, play, b.start, source, by, escalation_id])
    return {"email": address, "booked_at": b.start, "play": play, "escalation_id": escalation_id}


def _cancel(con, cancellations: list[Cancellation], source: str, by: str,
            now: datetime) -> tuple[int, int, list[Cancellation]]:
    """Take the meetings recorded under these bookings' ids off the books, their rows kept; returns
    how many were canceled now, how many were already, and the cancellations no meeting matched."""
    canceled, already, unmatched = 0, 0, []
    for c in cancellations:
        booking = meeting_id_for("booking", c.external_id)
        tied = con.execute("select meeting_id from meeting_bookings where booking_meeting_id = ?", [booking]).fetchone()
        meeting_id = tied[0] if tied else booking
        state = con.execute("select meeting_id in (select meeting_id from meeting_cancellations) from meetings "
                            "where meeting_id = ?", [meeting_id]).fetchone()
        if state is None:
            unmatched.append(c)
        elif state[0]:
            already += 1
        else:
            con.execute("insert into meeting_cancellations values (?, ?, ?, ?)", [meeting_id, now, source, by])
            canceled += 1
    return canceled, already, unmatched


def meeting_contacts(con) -> pl.DataFrame:
    """One row per meeting: its play and its contact's address keyed as the analytics key a send's
    (:func:`canonical_column`, so ``josé@bücher.example`` is ``josé@xn--bcher-kva.example``), the
    escalation's contact for a meeting tied to one (a row kept before imports resolved the address she
    replied from names that address), a canceled booking left out. `sdr status` and the analytics
    count meetings by this pair."""
    live = f" where {NOT_CANCELED}" if table_exists(con, "meeting_cancellations") else ""
    if not {"escalation_id", "contact_email"} <= set(columns_of(con, "escalations")):
        sql = f"select play, contact_email from meetings{live}"
    else:
        sql = ("select m.play, coalesce(e.contact_email, m.contact_email) as contact_email from meetings m "
               "left join (select escalation_id, any_value(contact_email) as contact_email from escalations "
               f"group by escalation_id) e on e.escalation_id = m.escalation_id{live}")
    frame = frame_of(con, sql)
    return frame.with_columns(canonical_column(frame["contact_email"]))


def meeting_rows(con) -> list[dict]:
    """Every meeting recorded, with when and by whom a canceled booking was taken off the books."""
    if not table_exists(con, "meetings"):
        return []
    sql = ("select m.*, c.canceled_at, c.recorded_by as canceled_by from meetings m "
           "left join meeting_cancellations c on c.meeting_id = m.meeting_id"
           if table_exists(con, "meeting_cancellations")
           else "select *, null::timestamptz as canceled_at, null::varchar as canceled_by from meetings")
    return list(frame_of(con, f"{sql} order by booked_at").iter_rows(named=True))
