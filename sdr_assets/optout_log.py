"""The durable opt-out log: one JSON line per click, appended and fsynced before the click is answered.

The unsubscribe service writes here and never opens the warehouse, whose lock belongs to the
pipeline. The log is read by the send step (opt-outs not yet ingested) and ingested into
``suppression_events`` by a sensor. How lines are written and read back, a replaced log included,
is :mod:`sdr_assets.line_log`'s.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sdr_assets import line_log
from sdr_assets.line_log import Cursor

LOG_RELATIVE = Path("optouts") / "optouts.jsonl"


@dataclass(frozen=True)
class OptOut:
    optout_id: str
    at: str
    send_key: str
    address: str
    via: str


def log_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOG_RELATIVE


def optout_id(send_key: str, address: str) -> str:
    """The same click (send and address) always has the same id, so repeats add nothing."""
    return hashlib.sha256(f"{send_key}|{address}".encode()).hexdigest()[:24]


def append(data_dir: str | Path, send_key: str, address: str, at: datetime, via: str = "link") -> OptOut:
    """Append one opt-out and fsync it; returns only once the whole line is on disk, else raises OSError."""
    record = OptOut(optout_id(send_key, address), at.isoformat(), send_key, address, via)
    line_log.append(log_path(data_dir), (json.dumps(record.__dict__, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return record


@dataclass
class LogRead:
    records: list
    cursor: Cursor
    bad_lines: list[str]

    @property
    def end(self) -> int:
        """The byte offset after the last complete line read."""
        return self.cursor.offset


def read(data_dir: str | Path, since: Cursor = Cursor()) -> LogRead:
    """The clicks after ``since`` (:func:`sdr_assets.line_log.read`); a bad line is reported, not read."""
    lines, cursor = line_log.read(log_path(data_dir), since)
    records, bad = [], []
    for raw in lines:
        record = _parsed(raw)
        if record is None:
            # A click glued onto a torn line (before appends ended torn lines) is kept: a record is
            # flat and JSON escapes every quote inside a value, so the last '{"' starts it.
            glued = raw.rfind(b'{"')
            record = _parsed(raw[glued:]) if glued > 0 else None
            bad.append((raw[:glued] if record else raw).decode("utf-8", "replace")[:200])
        if record is not None:
            records.append(record)
    return LogRead(records, cursor, bad)


def _parsed(raw: bytes) -> OptOut | None:
    try:
        fields = json.loads(raw)
        return OptOut(**{k: str(fields[k]) for k in OptOut.__dataclass_fields__})
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: garbage nested deeply
        return None
