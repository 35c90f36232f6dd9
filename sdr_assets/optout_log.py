"""The durable opt-out log: one JSON line per click, appended and fsynced before the click is answered.

The unsubscribe service writes here and never opens the warehouse, whose lock belongs to the
pipeline. The log is read by the send step (opt-outs not yet ingested) and ingested into
``suppression_events`` by a sensor. Readers take complete lines only, so a line cut short by a
crash is read once it is whole, or never. A write that fails (disk full) raises and is undone; a
torn tail it could not undo (a crash) is ended by the next append's newline, so only that fragment
is reported as a bad line and no later click is glued to it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

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
    line = (json.dumps(record.__dict__, ensure_ascii=False, sort_keys=True) + "\n").encode()
    path = log_path(data_dir)
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one whole line at a time, across processes
        _write_line(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:  # the new file's directory entry must survive a crash too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return record


def _write_line(fd: int, line: bytes) -> None:
    """Write all of ``line`` on a line of its own, or take back what was written and raise."""
    size = os.fstat(fd).st_size
    if size and os.pread(fd, 1, size - 1) != b"\n":
        line = b"\n" + line  # a torn tail from a crash: end it, never glue onto it
    try:
        written = 0
        while written < len(line):  # a short write (disk or quota full) leaves the rest to write
            written += os.write(fd, line[written:])
    except OSError:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass  # the next append starts on a fresh line all the same
        raise


@dataclass
class LogRead:
    records: list[OptOut]
    end: int  # byte offset after the last complete line read
    bad_lines: list[str]


def read(data_dir: str | Path, offset: int = 0) -> LogRead:
    """Complete lines from ``offset``; a log shorter than the offset (replaced) is read from the start.

    The send step asks before every message, and almost always nothing was appended: a log that
    ends at ``offset`` is answered from its size alone, as reading it would (no complete line past it).
    """
    path = log_path(data_dir)
    try:
        if os.stat(path).st_size == offset:
            return LogRead([], offset, [])
    except FileNotFoundError:
        return LogRead([], 0, [])
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        start = offset if 0 <= offset <= size else 0
        fh.seek(start)
        data = fh.read(size - start)
    complete = data[: data.rfind(b"\n") + 1]
    records, bad = [], []
    for raw in complete.splitlines():
        record = _parsed(raw)
        if record is None:
            # A click glued onto a torn line (before appends ended torn lines) is kept: a record is
            # flat and JSON escapes every quote inside a value, so the last '{"' starts it.
            glued = raw.rfind(b'{"')
            record = _parsed(raw[glued:]) if glued > 0 else None
            bad.append((raw[:glued] if record else raw).decode("utf-8", "replace")[:200])
        if record is not None:
            records.append(record)
    return LogRead(records, start + len(complete), bad)


def _parsed(raw: bytes) -> OptOut | None:
    try:
        fields = json.loads(raw)
        return OptOut(**{k: str(fields[k]) for k in OptOut.__dataclass_fields__})
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: garbage nested deeply
        return None
