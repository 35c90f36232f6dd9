"""CSV files people open in a spreadsheet: every export writes through here.

Replies put a prospect's own text (a body, a sender's name or address) into cells. A cell a
spreadsheet would read as a formula, one that starts with = + - @, a tab or a carriage return, is
written with a leading single quote so it shows as the text it is and never runs (OWASP, "CSV
injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """``value``, with a leading quote if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict]) -> int:
    """Write ``rows`` under a header of ``columns`` (missing keys are empty); returns the row count."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([inert(row.get(c)) for c in columns])
            count += 1
    return count
