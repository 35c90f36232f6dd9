"""The signals sensor's cursor: its last request (``sensors/reply_backoff.py``) and the files whose status
moved since the run recorded them (a chmod, a hard link) that the sensor hashed and found as recorded.

Those are not hashed again while their size, time and status hold: the sensor's own record vouches for
them as the run's record would, until a signals run records them anew. A record hashed within a
coarse file clock's tick of the status change vouches for nothing: a write in that tick could leave
the status time as it was (``sdr_assets.domain.file_clock``).
"""

from __future__ import annotations

import json

from sdr_assets.domain.file_clock import FileRecord, FileStat, racy, vouches
from sensors import cursors
from sensors.reply_backoff import Asked, asked_in

SAME_BYTES = "same_bytes"
SameBytes = dict[str, tuple[str, FileRecord]]  # file name to (its SHA-256, what the sensor saw when it hashed it)


def parse(cursor: str) -> tuple[Asked | None, SameBytes]:
    """The request the cursor records and the files it vouches for; none of either for the cursor
    earlier versions kept (a JSON object of file names to what was seen of each); ValueError for any other."""
    try:
        cursors.name_map(cursor)
    except ValueError:
        pass
    else:
        return None, {}
    state = json.loads(cursor)
    if not isinstance(state, dict) or SAME_BYTES not in state:
        return asked_in(cursor), {}
    try:
        same = {name: (str(sha), FileRecord(*map(int, times))) for name, (sha, *times) in state[SAME_BYTES].items()}
    except (AttributeError, TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"not a map of files to a digest and five whole numbers ({type(exc).__name__}: {exc})") from exc
    return (asked_in(cursor) if "batch" in state else None), same


def start() -> tuple[Asked | None, SameBytes]:
    return None, {}


def text(asked: Asked | None, same: SameBytes) -> str:
    """The cursor of ``asked`` (as ``reply_backoff`` writes it) with ``same`` added, when there are any."""
    state = json.loads(asked.cursor()) if asked is not None else {}
    if same:
        state[SAME_BYTES] = {name: [sha, *record] for name, (sha, record) in sorted(same.items())}
    return json.dumps(state, sort_keys=True)


def still_vouches(record: FileRecord, stat: FileStat) -> bool:
    """Whether the sensor's own ``record`` of a file vouches for its bytes now: as a run's record
    would, and hashed clear of the status change time too."""
    return vouches(record, stat) and not racy(record.hashed_ns, record.ctime_ns)
