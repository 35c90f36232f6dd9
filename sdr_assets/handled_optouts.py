"""A hand-off with outcome ``opted_out`` made while another process (a send batch) holds the warehouse.

The batch reads the entries log (:mod:`sdr_assets.entry_log`) before each message, so the person's
decision goes there at once: the very event the hand-off records (same id, who, when, the
escalation in its note). The hand-off is recorded once the warehouse is free, with that event, so
the warehouse holds it once and ingesting the log later adds nothing. While the warehouse is held
the escalation's contact and reply are read from the queue's last export, ``escalations.csv``.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from sdr_assets import entry_log
from sdr_assets.csv_files import FORMULA_STARTS
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.suppression import Event
from sdr_assets.inbox import reply_optout

EXPORT = "escalations.csv"


def exported_row(exports: Path, escalation_id: str) -> dict | None:
    """The escalation as the last run exported it, or None where the export lacks it (or its reply)."""
    wanted = (escalation_id or "").strip().lower()
    try:
        with (exports / EXPORT).open(newline="", encoding="utf-8") as fh:
            found = next((r for r in csv.DictReader(fh) if r.get("escalation_id") == wanted), None)
    except (OSError, csv.Error, UnicodeDecodeError):
        return None
    if found is None or not found.get("message_id") or not found.get("contact_email"):
        return None  # an export from before it named the reply, or a row without a contact
    return {k: _as_written(v) for k, v in found.items()}


def _as_written(cell: str | None) -> str:
    """A cell without the quote ``csv_files.inert`` put before a leading formula character."""
    cell = cell or ""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def log_optout(data_dir: str | Path, exports: Path, escalation_id: str, actor: str, note: str, now: datetime,
               take_over: bool = False) -> Event | None:
    """Append the opt-out the hand-off will record to the entries log and return it; None where the
    export does not know the escalation. Refused (``EscalationError``), logging nothing, where the
    hand-off would be as the export stands (no name, handled already, someone else's claim)."""
    row = exported_row(exports, escalation_id)
    if row is None:
        return None
    if row.get("status") == "handled":
        raise esc.EscalationError(f"{row['escalation_id']} was already handled when the queue was last exported "
                                  f"({EXPORT}); `sdr suppress add {row['contact_email']} --by NAME --reason WHY` "
                                  "suppresses her at once")
    state = esc.QueueState(status=row.get("status") or "open", owner=row.get("owner") or None,
                           held_by=row.get("held_by") or None)
    esc.check_action(state, "handle", actor, outcome="opted_out", now=now, escalation_id=row["escalation_id"],
                     take_over=take_over)
    event = reply_optout(row, actor, esc.with_holder(note, esc.taken_from(state, actor, "handle")), now)
    entry_log.append(data_dir, event)
    return event
