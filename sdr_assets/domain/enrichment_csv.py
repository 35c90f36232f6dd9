"""The local enrichment CSVs read row by row: a row that cannot be parsed is set aside, the rest go on.

Each record is parsed on its own, strictly, so a stray quote, a NUL, undecodable bytes or a field
over the CSV limit cost that record and nothing else. A quote left open is looked for over the
next few lines (a description may span lines); if it never closes, the line that opened it is set
aside and reading resumes on the line after it, so the good rows below are still read. Only a file
whose header cannot be used is refused as a whole.

A bulk reader may claim lines it can read itself (``simple``): a claimed line that starts a record
is handed back as text instead of being parsed here, so only what it does not claim costs Python.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sdr_assets.domain.signals import BAD_BYTES, MAX_LINE, decode

MAX_RECORD_LINES = 50
OPEN_QUOTE = "unexpected end of data"
UNTERMINATED = "unterminated quote: the quoted field opened on this line never closes"


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    raw: str
    field: str = ""
    key: str = ""  # the row's key column where it could be read, so the record it belongs to can say why


@dataclass
class CsvRows:
    """The rows of one file with the line each starts on, the rows set aside, or why none could be read."""

    # (line, the values as read, the values by column); the raw text is written only for a row set aside.
    rows: list[tuple[int, list[str], dict[str, str]]] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    error: str = ""
    header: list[str] = field(default_factory=list)
    # (line, text) of the records a bulk reader claimed: each a whole one-line record, left to it.
    claimed: list[tuple[int, str]] = field(default_factory=list)


def raw_text(values: list[str] | str) -> str:
    """The row as it can be stored: at most 2,000 characters, undecodable bytes written as escapes."""
    text = values if isinstance(values, str) else json.dumps(values, ensure_ascii=False)
    return text[:2000].encode("utf-8", "backslashreplace").decode("utf-8")


def _parse(chunk: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(chunk, newline=""), strict=True))
    if len(rows) != 1:
        raise csv.Error(f"{len(rows)} records where one was expected")
    return rows[0]


def _record(lines: list[str], start: int) -> tuple[int, list[str] | str]:
    """(lines used, the values or why the record at ``start`` cannot be read)."""
    line = lines[start]
    if "\x00" in line:
        return 1, "line contains a NUL byte"
    if '"' not in line:  # most rows: no quoting, nothing to get wrong beyond the field count
        return 1, line.rstrip("\r").split(",")
    chunk = ""
    for used in range(1, MAX_RECORD_LINES + 1):
        if start + used > len(lines):
            break
        chunk += lines[start + used - 1] + "\n"
        if len(chunk) > MAX_LINE:
            break
        try:
            return used, _parse(chunk)
        except csv.Error as exc:
            message = str(exc)
            if OPEN_QUOTE in message:
                continue
            if used > 1:  # the quote this line opened closed lines later, in the middle of another row
                break
            if "field larger than field limit" in message:
                return 1, f"a field is longer than {csv.field_size_limit()} characters"
            return 1, f"CSV row unreadable: {message}"
    return 1, UNTERMINATED


def line_values(line: str) -> list[str]:
    """The values of a line that is one whole record (as a bulk reader claims it)."""
    used, values = _record([line], 0)
    if isinstance(values, str):
        raise ValueError(f"not a one-line record: {values}")
    return values


Simple = Callable[[list[str], list[str]], set[int]]


def read_rows(data: bytes, required: tuple[str, ...], simple: Simple | None = None) -> CsvRows:
    """Rows of a CSV file as dicts keyed by the lower-cased header, each with its line number.

    ``simple(lines, header)`` names (by index) lines that are whole one-line records with a field
    per column and nothing this reader would refuse; those that start a record go to ``claimed``.
    """
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        return CsvRows(error=f"not a text file: {exc}")
    lines = text.split("\n")
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is None:
        return CsvRows()
    used, header = _record(lines, head)
    if isinstance(header, str) or BAD_BYTES.search(lines[head]):
        why = header if isinstance(header, str) else "not valid UTF-8"
        return CsvRows(error=f"header on line {head + 1} is unreadable: {why}")
    header = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in header]
    repeated = sorted({h for h in header if header.count(h) > 1})
    if missing or repeated:
        problem = f"no {', '.join(missing)} column" if missing else f"column {', '.join(repeated)} appears twice"
        return CsvRows(error=f"header on line {head + 1} has {problem}")
    out = CsvRows(header=header)
    key = header.index(required[0]) if required else None
    i = head + used
    claimed = simple(lines, header) if simple is not None and i < len(lines) else set()
    while i < len(lines):
        line, number = lines[i], i + 1
        if i in claimed:
            out.claimed.append((number, line))
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        if len(line) > MAX_LINE:
            out.bad.append(BadRow(number, f"line longer than {MAX_LINE} characters", raw_text(line[:200])))
            i += 1
            continue
        used, values = _record(lines, i)
        if isinstance(values, str):
            out.bad.append(BadRow(number, values, raw_text(line)))
            i += 1
            continue
        if len(values) != len(header) and used > 1:
            # A quote that closes lines later in the wrong place: the quote on this line was never closed.
            out.bad.append(BadRow(number, UNTERMINATED, raw_text(line)))
            i += 1
            continue
        i += used
        guess = values[key] if key is not None and key < len(values) else ""
        if any(BAD_BYTES.search(v) for v in values):
            out.bad.append(BadRow(number, "row is not valid UTF-8", raw_text(values), key=guess))
        elif len(values) != len(header):
            out.bad.append(BadRow(number, f"row has {len(values)} fields, the header {len(header)}", raw_text(values),
                                  key=guess))
        else:
            out.rows.append((number, values, dict(zip(header, values, strict=True))))
    return out
