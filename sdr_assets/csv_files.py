"""CSV files people open in a spreadsheet: every export writes through here.

Replies put a prospect's own text (a body, a sender's name or address) into cells. A cell a
spreadsheet would read as a formula, one that starts with = + - @, a tab or a carriage return, is
written with a leading single quote so it shows as the text it is and never runs (OWASP, "CSV
injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from resources.whole_files import replace_whole

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """``value``, with a leading quote if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict]) -> int:
    """Write ``rows`` under a header of ``columns`` (missing keys are empty); returns the row count.

    The file is written beside ``path`` and then put in its place: a reader (a person's spreadsheet,
    `sdr handled` while a run holds the warehouse) sees the last export or this one, never half of it.
    A file that already holds exactly these bytes is left as it is: a run on unchanged data neither
    writes nor syncs it again.
    """
    data, count = _csv_bytes(columns, rows)
    if _holds(path, data):
        return count
    replace_whole(path, data)
    return count


def csv_holds(path: Path, columns: Sequence[str], rows: Iterable[dict]) -> bool:
    """Whether ``path`` holds exactly what ``write_csv`` would write there."""
    return _holds(path, _csv_bytes(columns, rows)[0])


def _csv_bytes(columns: Sequence[str], rows: Iterable[dict]) -> tuple[bytes, int]:
    """The file's bytes, and how many rows it holds."""
    count = 0
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([inert(row.get(c)) for c in columns])
        count += 1
    return text.getvalue().encode("utf-8"), count


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file of exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
