"""Booked meetings from a scheduling tool's export: CSV (Calendly-style columns or plain ones) or a
dump of webhook payloads (Calendly ``invitee.created``/``invitee.canceled``, Cal.com
``BOOKING_CREATED``/``BOOKING_CANCELLED``, or flat objects).

Pure: text in; bookings, cancellations and rejected rows (each with its reason) out.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

EMAIL_COLUMNS = ("invitee email", "email", "attendee email", "attendee_email", "invitee_email", "contact_email")
START_COLUMNS = ("start date & time", "start_time", "start time", "starttime", "booked_at", "start")
ID_COLUMNS = ("invitee uuid", "event uuid", "uid", "uuid", "booking_id", "id", "uri")
CANCELED_COLUMNS = ("canceled", "cancelled", "status")


@dataclass(frozen=True)
class Booking:
    email: str
    start: datetime
    external_id: str
    line: int


@dataclass(frozen=True)
class Cancellation:
    """A booking the tool lists as canceled, by the id it was booked under."""

    external_id: str
    line: int
    raw: str


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    raw: str
    booking: str = ""  # the id of a booking not recorded, which a later import may record
    cancels: str = ""  # the id of a booking whose cancellation was not applied, which a later import may apply


def _when(value: str) -> datetime:
    text = value.strip().replace("Z", "+00:00")
    for parse in (datetime.fromisoformat, lambda t: datetime.strptime(t, "%Y-%m-%d %I:%M %p"),
                  lambda t: datetime.strptime(t, "%m/%d/%Y %H:%M")):
        try:
            moment = parse(text)
        except ValueError:
            continue
        try:
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except OverflowError:  # year 1 ahead of UTC, or 9999 behind it
            raise ValueError(f"start time '{value}' is outside the calendar in UTC") from None
    raise ValueError(f"unreadable start time '{value}'")


def _first(record: dict, names: tuple[str, ...]) -> str:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for name in names:
        if lowered.get(name) not in (None, ""):
            return str(lowered[name]).strip()
    return ""


def _canceled(record: dict) -> bool:
    value = _first(record, CANCELED_COLUMNS).lower()
    return value in ("true", "yes", "1", "canceled", "cancelled")


def _booking(record: dict, line: int) -> Booking | Cancellation | Rejected:
    raw = json.dumps(record, default=str)[:500]
    email, start, named = _first(record, EMAIL_COLUMNS), _first(record, START_COLUMNS), _first(record, ID_COLUMNS)
    if _canceled(record) and named:  # a cancellation needs only the booking's id
        return Cancellation(named, line, raw)
    if "@" not in email:
        return Rejected(line, "no attendee email", raw)
    if not start:
        return Rejected(line, "no start time", raw)
    try:
        moment = _when(start)
    except ValueError as exc:
        return Rejected(line, str(exc), raw)
    external_id = named or f"{email.lower()}|{moment.isoformat()}"
    return Cancellation(external_id, line, raw) if _canceled(record) else Booking(email, moment, external_id, line)


def _flatten(payload: dict) -> dict:
    """One webhook payload as a flat record: the shapes Calendly and Cal.com send."""
    body = payload.get("payload", payload)
    if not isinstance(body, dict):
        return {}
    flat = dict(body)
    if isinstance(body.get("scheduled_event"), dict):  # Calendly invitee.created
        flat.setdefault("start_time", body["scheduled_event"].get("start_time"))
        flat.setdefault("uri", body.get("uri") or body["scheduled_event"].get("uri"))
    if isinstance(body.get("attendees"), list) and body["attendees"]:  # Cal.com BOOKING_CREATED
        first = body["attendees"][0]
        flat.setdefault("email", first.get("email") if isinstance(first, dict) else None)
        flat.setdefault("start_time", body.get("startTime"))
    if str(payload.get("event") or payload.get("triggerEvent") or "").lower() in (
            "invitee.canceled", "booking_cancelled"):
        flat["canceled"] = "true"
    return flat


class Parsed(NamedTuple):
    bookings: list[Booking]
    cancellations: list[Cancellation]
    rejected: list[Rejected]


def parse_bookings(text: str, name: str) -> Parsed:
    """Bookings and cancellations from a ``.csv`` file, or from ``.json``/``.jsonl`` webhook dumps, by
    file name."""
    records: list[tuple[int, dict]] = []
    rejected: list[Rejected] = []
    text = text.removeprefix("\ufeff")  # the byte-order mark a spreadsheet's "CSV UTF-8" starts with
    if name.lower().endswith(".csv"):
        # Each row by the line it starts on: a quoted answer may run over several lines.
        reader = csv.DictReader(io.StringIO(text))
        reader.fieldnames  # the header, read first, so line_num counts from its end
        start = reader.line_num + 1
        for r in reader:
            records.append((start, r))
            start = reader.line_num + 1
    else:
        try:
            doc = json.loads(text)
            items = list(enumerate(doc if isinstance(doc, list) else [doc], start=1))
        except (json.JSONDecodeError, RecursionError):
            items = []
            for n, line in enumerate(text.splitlines(), start=1):
                if line.strip():
                    try:
                        items.append((n, json.loads(line)))
                    except json.JSONDecodeError as exc:
                        rejected.append(Rejected(n, f"not JSON: {exc.msg}", line[:500]))
                    except RecursionError:
                        rejected.append(Rejected(n, "not JSON: nested too deeply", line[:500]))
        for n, item in items:
            if isinstance(item, dict):
                records.append((n, _flatten(item)))
            else:
                rejected.append(Rejected(n, "not a JSON object", str(item)[:500]))
    parsed = Parsed([], [], rejected)
    for line, record in records:
        try:
            result = _booking(record, line)
        except Exception as exc:  # whatever a row holds is that row's error, not the import's
            result = Rejected(line, f"unreadable row: {type(exc).__name__}: {exc}"[:300], str(record)[:500])
        {Booking: parsed.bookings, Cancellation: parsed.cancellations, Rejected: rejected}[type(result)].append(result)
    return parsed
