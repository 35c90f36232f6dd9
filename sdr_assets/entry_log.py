"""Suppressions a person records (`sdr suppress add`, the Launchpad's form), logged before the warehouse.

A send batch holds the warehouse from its plan to its last message, so an entry that waited for the
warehouse would be recorded only after the batch had mailed the address, or not at all once the
wait ran out. An entry is therefore appended here first, fsynced (:mod:`sdr_assets.line_log`); the
send step reads this log before every message, as it reads the opt-out log, and ingestion moves its
entries into ``suppression_events``. An entry keeps its id, so the one its command recorded itself
is not recorded twice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sdr_assets import line_log
from sdr_assets.domain.addresses import InvalidAddressError
from sdr_assets.domain.suppression import ADD, Event, canonical_target
from sdr_assets.line_log import Cursor
from sdr_assets.optout_log import LogRead

LOG_RELATIVE = Path("optouts") / "entries.jsonl"
_FIELDS = ("event_id", "target", "action", "reason", "source", "recorded_by", "note", "recorded_at")


def log_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOG_RELATIVE


def append(data_dir: str | Path, event: Event) -> None:
    """Append one entry and fsync it; returns only once it is on disk, else raises OSError."""
    fields = {name: getattr(event, name) for name in _FIELDS}
    line = json.dumps({**fields, "recorded_at": event.recorded_at.isoformat()}, ensure_ascii=False, sort_keys=True)
    line_log.append(log_path(data_dir), (line + "\n").encode())


def read(data_dir: str | Path, since: Cursor = Cursor()) -> LogRead:
    """The entries after ``since`` as events; a line that is not one is reported, not read."""
    lines, cursor = line_log.read(log_path(data_dir), since)
    events, bad = [], []
    for raw in lines:
        if (event := _parsed(raw)) is None:
            bad.append(f"{LOG_RELATIVE}: {raw.decode('utf-8', 'replace')[:200]}")
        else:
            events.append(event)
    return LogRead(events, cursor, bad)


def _parsed(raw: bytes) -> Event | None:
    try:
        fields = json.loads(raw)
        event = Event(**{name: fields[name] for name in _FIELDS})
        at = datetime.fromisoformat(event.recorded_at)
        if event.action != ADD or not all(isinstance(v, str) for v in (event.event_id, event.reason, event.recorded_by)):
            return None
        return Event(event.event_id, canonical_target(event.target), ADD, event.reason, event.source,
                     event.recorded_by, event.note, at if at.tzinfo else at.replace(tzinfo=UTC))
    except (ValueError, KeyError, TypeError, RecursionError, InvalidAddressError, AttributeError):
        return None
