"""Reading signal feeds: good rows go on, bad rows are quarantined with their reason.

A feed is bytes (a CSV, JSONL or Parquet file, or a page of an HTTP API). Nothing in a feed can
stop a run: every failure, down to a RecursionError on deeply nested JSON or a year-1 date, ends
as a quarantined row with its reason while the other rows go on.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from itertools import islice
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from sdr_assets.domain.addresses import InvalidAddressError, canonical_domain
from sdr_assets.domain.collection import no_cycle_collection
from sdr_assets.domain.csv_lines import whole_rows
from sdr_assets.domain.plays import SIGNAL_TYPES
from sdr_assets.domain.signal_bulk import BULK_KEYS, ROW_SCHEMA, bulk_rows, day_event_key, decided_rows
from sdr_assets.domain.signal_lines import plain_csv_records, plain_records
from sdr_assets.domain.signal_events import NO_MERGES, POSTING, Events, merged_reports, occurrences, roles
from sdr_assets.domain.signal_schema import (
    MAX_EVIDENCE,
    MAX_TEXT,
    SignalError,
    clean_text,
    clean_url,
    validate_attributes,
)

SIGNAL_COLUMNS = ("signal_id", "company_domain", "signal_type", "detail", "observed_at", "source", "attributes")
SUPPORTED_SUFFIXES = (".jsonl", ".csv", ".parquet")
MAX_LINE = 262_144
TOO_LONG = f"line longer than {MAX_LINE} characters"
_NOT_BLANK = re.compile(rb"\S")
MAX_RAW = 2000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)
BAD_BYTES = re.compile("[\udc80-\udcff]")
DOMAIN_TAIL = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
SIGNAL_FIELDS = tuple(ROW_SCHEMA)[:-2]  # a row's fields before its file and line
CHUNK = 50_000  # records validated together: bounds the memory of a large file
BULK_MIN = 200  # below this many records the bulk path costs more than it saves
# The rows the bulk checks decided of a chunk (with their ``_item``, or None), and the records they left,
# each as (its index in the chunk, number, raw text, record).
Checked = tuple[pl.DataFrame | None, list[tuple[int, int, str, Any]]]


@dataclass(frozen=True)
class Quarantined:
    source_file: str
    line: int
    reason: str
    raw: str


NO_ROWS = pl.DataFrame(schema=ROW_SCHEMA)


@dataclass
class FeedRead:
    frame: pl.DataFrame = field(default_factory=lambda: NO_ROWS)
    quarantined: list[Quarantined] = field(default_factory=list)
    duplicates: int = 0
    merged: pl.DataFrame = field(default_factory=lambda: NO_MERGES)  # reports of an event already kept

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.frame.to_dicts()

    @property
    def rows_in(self) -> int:
        return self.frame.height + len(self.quarantined) + self.duplicates + self.merged.height


def normalise_domain(value: Any) -> str:
    """``https://WWW.Acme.example./about`` → ``acme.example``; SignalError if it is not a domain."""
    # A feed names the same companies again and again: text is normalised once per process.
    return _normalise_text_domain(value) if isinstance(value, str) else _normalise_domain(value)


@lru_cache(maxsize=1 << 17)
def _normalise_text_domain(value: str) -> str:
    return _normalise_domain(value)


def _normalise_domain(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SignalError("missing company_domain")
    text = clean_text(value, "company_domain").lower()
    host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
    host = host.rstrip(".").removeprefix("www.")
    try:
        domain = canonical_domain(host)
    except InvalidAddressError:
        raise SignalError(f"company_domain is not a domain: {text[:80]!r}") from None
    if not DOMAIN_TAIL.match(domain.rsplit(".", 1)[-1]):
        raise SignalError(f"company_domain is not a domain: {text[:80]!r}")
    return domain


def parse_time(value: Any, now: datetime) -> datetime:
    """An ISO 8601 timestamp (or a Parquet datetime) between 2000 and a day after ``now``, in UTC. One
    without a time zone (a bare date too) is read as UTC; a refusal of it says so."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise SignalError(f"bad observed_at: {exc}") from None
    else:
        raise SignalError("bad observed_at: empty or not a timestamp")
    unzoned = " (no time zone given: read as UTC)" if moment.tzinfo is None else ""
    try:
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        raise SignalError(f"bad observed_at: {value!s:.40} is out of range") from None
    if moment < EARLIEST:
        raise SignalError(f"bad observed_at: {moment.date()} is before {EARLIEST.date()}")
    if moment > now + CLOCK_SKEW:
        raise SignalError(f"bad observed_at: {moment.isoformat()} is in the future{unzoned}")
    return moment


def event_key(source: str, domain: str, signal_type: str, observed_at: datetime, evidence: str) -> str:
    """The identity of an event: the same source, domain, type, day and evidence count once."""
    return day_event_key(source, domain, signal_type, observed_at.date().isoformat(), evidence)


def attributes_object(value: Any) -> dict[str, Any]:
    """A row's attributes as an object: a JSON text is read, nothing is ``{}``; else SignalError."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = _loads(value)
        except (ValueError, RecursionError):
            raise SignalError("attributes is not valid JSON") from None
    if not isinstance(value, dict):
        raise SignalError("attributes must be an object")
    return value


def attributes_text(signal_type: str, value: Any) -> str:
    """The stored attributes of a row of a known type: typed, then JSON with sorted keys."""
    return _ENCODER.encode(validate_attributes(signal_type, attributes_object(value)))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


# ``json.loads`` and ``json.dumps`` with options build a decoder or encoder per call: these are built once.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
_QUOTED = json.encoder.encode_basestring  # the string encoder ``json.dumps(..., ensure_ascii=False)`` uses


def csv_raw(values: list[str]) -> str:
    """``json.dumps(values, ensure_ascii=False)`` of a CSV row's fields, without the encoder's per-call setup."""
    return "[" + ", ".join(map(_QUOTED, values)) + "]"


def _loads(text: str) -> Any:
    """``json.loads(text, parse_constant=_refuse_constant)``; a document that fills the text is read
    by the scanner alone, anything else (spaces around it, a BOM, an error) as ``json.loads`` reads it."""
    try:
        value, end = _DECODER.scan_once(text, 0)
    except (StopIteration, ValueError, RecursionError):
        end = -1
    if end == len(text):
        return value
    if text.startswith("\ufeff"):  # json.loads refuses a BOM before decoding: keep its message
        return json.loads(text, parse_constant=_refuse_constant)
    return _DECODER.decode(text)


def validate_signal(record: Any, now: datetime, default_source: str = "") -> dict[str, Any]:
    """Return a clean signal row or raise SignalError naming what is wrong."""
    if not isinstance(record, dict):
        raise SignalError("row is not an object")
    record = {str(k).strip().lower(): v for k, v in record.items()}
    signal_type = clean_text(record.get("signal_type") or "", "signal_type").lower()
    if not signal_type:
        raise SignalError("missing signal_type")
    domain = normalise_domain(record.get("company_domain", record.get("domain")))
    if signal_type not in SIGNAL_TYPES:
        raise SignalError(f"unknown signal_type '{signal_type[:40]}'")
    observed_at = parse_time(record.get("observed_at"), now)
    detail = clean_text(record.get("detail") or record.get("evidence") or "", "detail", MAX_EVIDENCE, True)
    url = record.get("evidence_url") or record.get("url")
    evidence_url = clean_url(url, "evidence_url") if url not in (None, "") else ""
    source = clean_text(record.get("source") or default_source, "source", MAX_TEXT)
    attributes = attributes_text(signal_type, record.get("attributes"))
    key = event_key(source, domain, signal_type, observed_at, evidence_url or detail)
    given = record.get("signal_id")
    signal_id = clean_text(given, "signal_id", 128) if given not in (None, "") else key
    return {
        "signal_id": signal_id or key,
        "event_key": key,
        "company_domain": domain,
        "signal_type": signal_type,
        "detail": detail,
        "evidence_url": evidence_url,
        "observed_at": observed_at,
        "source": source,
        "attributes": attributes,
    }


def decode(data: bytes) -> str:
    """Text of a feed: BOMs honoured, UTF-8 by default; undecodable bytes kept as surrogates.

    Rows that contain them are quarantined one by one instead of the whole file.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="surrogateescape" if codec == "utf-8" else "strict")
    return data.decode("utf-8", errors="surrogateescape")


def _lines(data: bytes, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``data`` from byte ``start``, without its line end (a CR before
    it included)."""
    # Split on LF only: str.splitlines would also break at U+2028 inside JSON strings.
    size = len(data)
    while start <= size:
        end = data.find(b"\n", start)
        end = size if end < 0 else end
        yield start, _before_crs(data, start, end) if data[end - 1:end] == b"\r" else end
        start = end + 1


def _before_crs(data: bytes, start: int, end: int) -> int:
    """Where the CRs that end ``data[start:end]`` begin, read back in blocks: no copy of a long line."""
    while end > start:
        block = data[max(start, end - 4096):end]
        kept = len(block.rstrip(b"\r"))
        end -= len(block) - kept
        if kept:
            break
    return end


def _json_lines(data: bytes, first_line: int = 1, start: int = 0) -> Iterator[tuple[int, str, Any]]:
    """The records of UTF-8 JSON Lines from byte ``start``, each line read by :func:`_json_line`."""
    for number, (begin, end) in enumerate(_lines(data, start), start=first_line):
        if (record := _json_line(data, number, begin, end)) is not None:
            yield record


def _json_line(data: bytes, number: int, begin: int, end: int) -> tuple[int, str, Any] | None:
    """The record of the line ``data[begin:end]`` (None for a blank line), decoded alone (undecodable
    bytes kept as surrogates, as :func:`decode` keeps them). A line longer than four bytes for each
    character allowed is refused by its byte count, only its head decoded: one huge line costs no
    decoded copy of the file, nor a copy of the line."""
    if end - begin > 4 * MAX_LINE:
        if _NOT_BLANK.search(data, begin, end):
            head = data[begin:begin + 4 * MAX_RAW].decode("utf-8", errors="surrogateescape")
            return number, head[:MAX_RAW], SignalError(TOO_LONG)
        return None
    return _json_text_line(number, data[begin:end].decode("utf-8", errors="surrogateescape"))


def _json_text_line(number: int, line: str) -> tuple[int, str, Any] | None:
    """The record of one line of JSON Lines as text (None for a blank line)."""
    if not line.strip():
        return None
    if len(line) > MAX_LINE:
        return number, line, SignalError(TOO_LONG)
    try:
        return number, line, _loads(line)
    except RecursionError:
        return number, line, SignalError("JSON nested too deeply")
    except ValueError as exc:
        return number, line, SignalError(f"invalid JSON: {getattr(exc, 'msg', exc)}")


def _csv_rows(text: str) -> Iterator[tuple[int, str, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:  # an empty file holds no rows
        return
    except csv.Error as exc:
        # Without its header no row of the file can be read: the file is quarantined whole, on the
        # record of its header line, and stays visible in signal_files.
        yield 1, text[:MAX_RAW].partition("\n")[0], SignalError(
            f"CSV header unreadable, so no row of the file was read: {exc}")
        return
    if "signal_type" not in header or not {"company_domain", "domain"} & set(header):
        yield 1, ",".join(header), SignalError("CSV header must include company_domain and signal_type")
        return
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:  # which copy is meant cannot be known: a row read by either may file it wrongly
        yield 1, ",".join(header), SignalError(
            f"CSV header names column {', '.join(repeated)} twice, so no row of the file was read")
        return
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, "", SignalError(f"CSV row unreadable: {exc}")
            continue
        if (row := _csv_row(header, reader.line_num, values)) is not None:
            yield row


def _csv_row(header: list[str], number: int, values: list[str]) -> tuple[int, str, Any] | None:
    """The record of one CSV row of the fields ``values`` (None for a blank row)."""
    raw = csv_raw(values)
    if not any(v.strip() for v in values):
        return None
    if len(values) != len(header):
        return number, raw, SignalError(f"row has {len(values)} fields, the header {len(header)}")
    return number, raw, dict(zip(header, values, strict=True))


def _parquet_rows(data: bytes) -> Iterator[tuple[int, str, Any]]:
    import polars as pl

    unreadable = (Exception, pl.exceptions.PanicException)  # a damaged file makes polars panic
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except unreadable as exc:  # any reader failure means the file as a whole is unreadable
        yield 0, "", SignalError(f"unreadable Parquet file: {type(exc).__name__}: {str(exc)[:200]}")
        return
    number = 0
    try:
        for number, row in enumerate(frame.iter_rows(named=True), start=1):
            yield number, json.dumps(row, default=str, ensure_ascii=False)[:MAX_RAW], row
    except unreadable:  # a value Python cannot hold (a year past 9999): from that row on, one at a time
        for number in range(number + 1, frame.height + 1):
            try:
                row = frame.row(number - 1, named=True)
            except unreadable as exc:
                yield number, "", SignalError(f"unreadable value: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            yield number, json.dumps(row, default=str, ensure_ascii=False)[:MAX_RAW], row


def feed_kind(name: str) -> str:
    """``parquet``, ``csv`` or ``jsonl`` (any other name is read as JSON Lines)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix if suffix in ("parquet", "csv") else "jsonl"


def records(name: str, data: bytes, first_line: int = 1) -> Iterator[tuple[int, str, Any]]:
    """(line or row number, raw text, parsed record or the SignalError that stopped it).

    ``data`` may be the part of a JSON Lines file that starts at line ``first_line``
    (:mod:`sdr_assets.feed_parts`); CSV and Parquet files are always whole.
    """
    kind = feed_kind(name)
    if kind != "jsonl" and first_line != 1:
        raise ValueError(f"a {kind} file is read whole, not from line {first_line}")
    if kind == "parquet":
        yield from _parquet_rows(data)
        return
    # A byte order mark counts only at the start of the file, not of a later part.
    utf16 = first_line == 1 and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if kind == "jsonl" and not utf16:
        bom = first_line == 1 and data.startswith(codecs.BOM_UTF8)
        yield from _json_lines(data, first_line, len(codecs.BOM_UTF8) if bom else 0)
        return
    try:
        text = decode(data) if first_line == 1 else data.decode("utf-8", errors="surrogateescape")
    except UnicodeDecodeError as exc:
        yield 0, "", SignalError(f"unreadable file: {exc}")
        return
    # UTF-16 decodes strictly, so its text holds no lone surrogate and encodes back to UTF-8 whole.
    yield from (_csv_rows(text) if kind == "csv" else _json_lines(text.encode("utf-8"), first_line))


def read_feed(name: str, data: bytes, now: datetime, default_source: str = "", first_line: int = 1,
              bulk_min: float = BULK_MIN) -> FeedRead:
    """Validate every record of one feed file, or of the part of it from ``first_line`` on; the rows
    keep their file name and line. A JSON Lines or CSV file that is UTF-8 throughout is read
    column-wise where it can be (:func:`_read_lines`); ``bulk_min`` is as for :func:`validate_records`."""
    kind = feed_kind(name)
    if kind == "jsonl" and not _has_huge_line(data):
        # A byte order mark counts only at the start of the file, not of a later part.
        text = _utf8(data, len(codecs.BOM_UTF8) if first_line == 1 and data.startswith(codecs.BOM_UTF8) else 0)
        if text is not None:
            lines = pl.Series("line", text.split("\n"), dtype=pl.String).str.strip_chars_end("\r")
            return _read_lines(name, lines, first_line, now, default_source, bulk_min,
                               partial(plain_records, max_chars=MAX_LINE), _json_text_line)
    if kind == "csv" and first_line == 1:
        text = _utf8(data, len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        if (plain := _plain_csv(text)) is not None:
            header, lines = plain
            return _read_lines(name, lines, 2, now, default_source, bulk_min,
                               partial(plain_csv_records, header=header), partial(_csv_text_line, header))
    return validate_records(name, records(name, data, first_line), now, default_source, bulk_min)


def _utf8(data: bytes, start: int) -> str | None:
    """``data`` from byte ``start`` as text, or None where it is not UTF-8 throughout."""
    try:
        return str(memoryview(data)[start:], "utf-8")
    except UnicodeDecodeError:  # undecodable bytes (or UTF-16): each line is read alone, as it decodes
        return None


def _plain_csv(text: str | None) -> tuple[list[str], pl.Series] | None:
    """The header and data lines of a CSV file whose every row is one line of whole fields
    (:func:`csv_lines.whole_rows`) and whose header is plain and names bulk keys once, else None. A CR
    is taken only as part of a CRLF line end (``csv`` ends a row at a lone one), and left out."""
    if text is None or text.count("\r") != text.count("\r\n") or "\x00" in text:
        return None
    head, _, body = text.partition("\n")
    head = head.removesuffix("\r")
    header = [h.strip().lower() for h in head.split(",")]
    if ('"' in head or len(head) > csv.field_size_limit() or not BULK_KEYS.issuperset(header)
            or len(set(header)) < len(header) or "signal_type" not in header or "company_domain" not in header):
        return None
    lines = pl.Series("line", body.split("\n"), dtype=pl.String).str.strip_suffix("\r")
    return (header, lines) if whole_rows(lines).all() else None


def _csv_text_line(header: list[str], number: int, line: str) -> tuple[int, str, Any] | None:
    return _csv_row(header, number, next(csv.reader([line]), []))


def _has_huge_line(data: bytes) -> bool:
    """Whether a line of ``data`` is longer than :func:`_json_line` decodes, found without a copy: such a
    file is read line by line, so the huge line is never decoded."""
    if len(data) <= 4 * MAX_LINE:
        return False
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        if end - start > 4 * MAX_LINE:
            return True
        start = end + 1
    return len(data) - start > 4 * MAX_LINE


def _read_lines(name: str, lines: pl.Series, first_line: int, now: datetime, default_source: str, bulk_min: float,
                plain: Callable[[pl.Series], pl.DataFrame],
                record: Callable[[int, str], tuple[int, str, Any] | None]) -> FeedRead:
    """The rows and quarantine that :func:`validate_records` gives for ``lines``, numbered from
    ``first_line``: the plain records ``plain`` cuts out of them (:mod:`signal_lines`) go to the bulk
    checks without becoming Python objects; every other line, and each plain one the bulk checks
    leave, is read by ``record`` (its number and text) and validated alone."""

    def chunks() -> Iterator[Checked]:
        for offset in range(0, len(lines), CHUNK):
            chunk = lines.slice(offset, CHUNK)
            first = first_line + offset
            fast = None
            if len(chunk) >= bulk_min:
                cut = plain(chunk).with_columns(_line=pl.col("_item") + first)
                fast = decided_rows(name, cut.drop("attributes"), cut["attributes"].to_list(), EARLIEST,
                                    now + CLOCK_SKEW, default_source, attributes_text, attributes_object)
            left = pl.Series(range(len(chunk)), dtype=pl.Int64)
            if fast is not None:
                left = left.filter(~left.is_in(fast["_item"].implode()))
            yield fast, [(at, *read) for at, line in zip(left.to_list(), chunk.gather(left).to_list(), strict=True)
                         if (read := record(first + at, line)) is not None]

    return _validated(name, chunks(), now, default_source)


def api_records(items: list[Any]) -> Iterator[tuple[int, str, Any]]:
    """Records of one API page, numbered from 1, with their raw text for the quarantine."""
    for number, item in enumerate(items, start=1):
        try:
            raw = json.dumps(item, ensure_ascii=False, default=str)[:MAX_RAW]
        except (ValueError, RecursionError):
            raw = repr(item)[:MAX_RAW] if not isinstance(item, dict | list) else "<nested too deeply>"
        yield number, raw, item


def validate_records(name: str, items: Iterator[tuple[int, str, Any]], now: datetime,
                     default_source: str = "", bulk_min: float = BULK_MIN) -> FeedRead:
    """Clean records are checked in bulk (:mod:`signal_bulk`), the rest one by one, in their order.

    A chunk of fewer than ``bulk_min`` records is validated record by record; ``math.inf`` validates
    every record alone, the reference the bulk path is held to.
    """
    items = iter(items)
    chunks = (_bulk_checked(name, chunk, now, default_source, bulk_min)
              for chunk in iter(lambda: list(islice(items, CHUNK)), []))
    return _validated(name, chunks, now, default_source)


def _bulk_checked(name: str, items: list[tuple[int, str, Any]], now: datetime, default_source: str,
                  bulk_min: float) -> Checked:
    """The rows of a chunk the bulk checks decide (None below ``bulk_min`` records), and the records
    they leave, each with its index in the chunk."""
    fast, rest = None, list(range(len(items)))
    if len(items) >= bulk_min:
        try:
            fast, rest = bulk_rows(name, items, EARLIEST, now + CLOCK_SKEW, default_source, attributes_text,
                                   attributes_object)
        except UnicodeEncodeError:  # a lone surrogate polars cannot hold: the per-row path decides
            pass
    return fast, [(i, *items[i]) for i in rest]


def _validated(name: str, chunks: Iterable[Checked], now: datetime, default_source: str) -> FeedRead:
    """The feed of ``chunks``: the rows the bulk checks decided and the records they left, validated
    alone, in their records' order."""
    feed = FeedRead()
    frames = []
    # A chunk's parsed records live until it is validated, and none of them holds a cycle.
    with no_cycle_collection():
        for fast, rest in chunks:
            kept, rows = _validate_each(name, rest, now, default_source, feed)
            slow = pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row")
            if fast is None or not fast.height:
                frames.append(slow)
                continue
            slow = slow.with_columns(_item=pl.Series(kept, dtype=pl.Int64)).select(fast.columns)
            frames.append(pl.concat([fast, slow]).sort("_item").drop("_item"))
    feed.frame = frames[0] if len(frames) == 1 else pl.concat([NO_ROWS, *frames])
    return feed


def _validate_each(name: str, items: list[tuple[int, int, str, Any]], now: datetime, default_source: str,
                   feed: FeedRead) -> tuple[list[int], list[tuple]]:
    """The per-row path: each record validated alone; the indices and rows it kept, and its quarantine
    added to ``feed``."""
    kept, rows = [], []
    for index, number, raw, record in items:
        # A record the reader could not read is the error itself. It is reported, never raised: raised,
        # its traceback would hold these frames, and through them the chunk holding the error, in a
        # cycle that kept every frame of the ingest alive until a collection found it.
        if isinstance(record, Exception):
            feed.quarantined.append(Quarantined(name, number, _refusal(record), _printable(raw)))
            continue
        try:
            if BAD_BYTES.search(raw):
                raise SignalError("row is not valid UTF-8")
            row = validate_signal(record, now, default_source)
        except Exception as exc:  # a row must never stop the run, whatever it holds
            feed.quarantined.append(Quarantined(name, number, _refusal(exc), _printable(raw)))
            continue
        kept.append(index)
        rows.append((*(row[k] for k in SIGNAL_FIELDS), name, number))
    return kept, rows


def _refusal(error: Exception) -> str:
    """The quarantine reason for a row that raised ``error`` (or that the reader gave as one)."""
    if isinstance(error, SignalError):
        return str(error)
    if isinstance(error, RecursionError):
        return "value nested too deeply"
    return f"unreadable row: {type(error).__name__}: {str(error)[:200]}"


def _printable(raw: str) -> str:
    return raw[:MAX_RAW].encode("utf-8", errors="backslashreplace").decode("utf-8")


class Deduplicator:
    """Keeps the first row of each signal_id and each event, and counts what it drops; a row of an
    event another source reported first (:mod:`signal_events`) is merged into that signal as a report.

    ``seen`` gives the ids and events already kept, asked for on the first feed with rows only: a run
    that reads nothing new does not load them. ``stored(days, ids)`` gives the stored rows (intent
    aside) of those (company, UTC day) pairs, or of those ids, and the postings near those days with
    their reports (each under its signal's id): each pair is asked for once, when a feed first names
    it, as only a row of the same company and day, or a posting's, can be the same event.
    ``companies``, when given, lists the companies the store holds rows of (intent aside), asked for
    with the first rows: the days of other companies are never asked for, and never leave polars (a
    first run's files name about as many company days as rows, and the store holds none of them).
    """

    def __init__(self, seen: Callable[[], tuple[Iterable[str], Iterable[str]]] = lambda: ((), ()),
                 stored: Callable[[list[tuple[str, date]], list[str]], pl.DataFrame] = lambda days, ids: NO_ROWS,
                 companies: Callable[[], Iterable[str]] | None = None):
        self._seen: Callable[[], tuple[Iterable[str], Iterable[str]]] | None = seen
        self._stored = stored
        self._companies_of = companies
        self._companies: pl.Series | None = None  # not listed yet
        self.ids = pl.Series(dtype=pl.String)
        self.events = pl.Series(dtype=pl.String)
        # The rows of each kept event: its signal's, and a posting's reports merged into it (``signal_id``
        # names the signal they are reports of).
        self.held = pl.DataFrame(schema={"occurrence": pl.String, "signal_id": pl.String, "source": pl.String,
                                         "role": pl.String, "observed_at": ROW_SCHEMA["observed_at"]})
        self._set_aside = self.held.clear()
        self._days: set[tuple[str, date]] = set()  # (company, UTC day) pairs whose stored rows are held
        self._loaded: set[str] = set()  # stored rows held (or set aside) by id, outside those companies
        self._correcting: set[str] = set()  # ids whose rows replace their stored row: never merged

    def _load(self) -> None:
        if self._seen is not None:
            ids, events = self._seen()
            self.ids = pl.concat([self.ids, pl.Series(ids, dtype=pl.String)])
            self.events = pl.concat([self.events, pl.Series(events, dtype=pl.String)])
            self._seen = None

    def _hold(self, frame: pl.DataFrame, occurrence: pl.Series | None = None) -> None:
        """Hold the rows' events; ``occurrence`` is their keys, when the caller has them already."""
        if not frame.height:  # no stored rows of the company days asked for, as for a new company
            return
        occurrence = occurrences(frame) if occurrence is None else occurrence
        held = pl.DataFrame({"occurrence": occurrence, "signal_id": frame["signal_id"],
                             "source": frame["source"].str.to_lowercase(), "role": roles(frame),
                             "observed_at": frame["observed_at"].cast(ROW_SCHEMA["observed_at"])})
        held = held.filter(pl.col("occurrence").is_not_null())
        self.held = pl.concat([self.held, held], rechunk=False)

    def _hold_stored(self, days: list[tuple[str, date]], ids: list[str] = ()) -> None:
        """Hold the stored rows of the (company, day) pairs (given sorted, each once) and ids not held yet:
        a stored signal (a posting near two of the days, say) is held once, with its reports."""
        days = [day for day in days if day not in self._days]
        ids = sorted(set(ids) - self._loaded)
        if not days and not ids:
            return
        stored = self._stored(days, ids)
        if stored.height and (self._loaded or self.held.height or self._set_aside.height):
            # The ids of rows held or set aside, a stored row being held once: told in polars, as a
            # run's files hold about as many ids as rows.
            taken = pl.concat([self.held["signal_id"], self._set_aside["signal_id"],
                               pl.Series(list(self._loaded), dtype=pl.String)])
            stored = stored.filter(pl.col("signal_id").is_not_null() & ~pl.col("signal_id").is_in(taken.implode()))
        self._hold(stored)
        self._days.update(days)
        self._loaded.update(ids)

    def seen(self, keys: pl.Series) -> pl.Series:
        """Whether each key is the id or the event of a row already kept."""
        self._load()
        return keys.is_in(self.ids.implode()) | keys.is_in(self.events.implode())

    def forget(self, ids: list[str], events: list[str], reports: Iterable[str] = ()) -> None:
        """Take these ids and events as not seen: stored rows a correction of theirs is to replace.
        A correction of a merged report (``reports``) may be merged again."""
        self._load()
        self._hold_stored([], ids)
        self._correcting.update(set(ids) - set(reports))
        self.ids = self.ids.filter(~self.ids.is_in(pl.Series(ids, dtype=pl.String).implode()))
        self.events = self.events.filter(~self.events.is_in(pl.Series(events, dtype=pl.String).implode()))
        replaced = pl.col("signal_id").is_in(pl.Series(ids, dtype=pl.String).implode())
        self._set_aside = pl.concat([self._set_aside, self.held.filter(replaced)])
        self.held = self.held.filter(~replaced)

    def remember(self, ids: list[str], events: list[str]) -> None:
        """Take these ids and events as seen again (a correction that was not kept)."""
        self._correcting.difference_update(ids)
        self.ids = pl.concat([self.ids, pl.Series(ids, dtype=pl.String)], rechunk=False)
        self.events = pl.concat([self.events, pl.Series(events, dtype=pl.String)], rechunk=False)
        kept = pl.col("signal_id").is_in(pl.Series(ids, dtype=pl.String).implode())
        self.held = pl.concat([self.held, self._set_aside.filter(kept)], rechunk=False)

    def fresh(self, feed: FeedRead) -> FeedRead:
        if feed.frame.height:
            self._load()
        keep = self._keep(feed.frame["signal_id"], feed.frame["event_key"])
        frame = feed.frame if keep.all() else feed.frame.filter(keep)
        self.ids = pl.concat([self.ids, frame["signal_id"]], rechunk=False)
        self.events = pl.concat([self.events, frame["event_key"]], rechunk=False)
        new, merged = self._merge(frame)
        return FeedRead(new, list(feed.quarantined), feed.duplicates + feed.frame.height - frame.height,
                        pl.concat([feed.merged, merged]))

    def _merge(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The rows of new events, and the rows of an event another source reported first as reports of
        the signal kept for it. A source's own rows are its own events: it named them apart (a job
        posting aside: its URL names it within a window that slides with each report, across sources,
        and within one source for the same role: ``Events``). A row
        correcting a stored signal replaces it, whatever event it now names: it is never merged."""
        if not frame.height:
            return frame, NO_MERGES
        occurrence = occurrences(frame)
        named = frame.filter(occurrence.is_not_null())
        # Sorted by polars: a feed names about as many company days as rows, too many to sort in Python.
        days = named.select("company_domain", pl.col("observed_at").dt.date()).unique()
        if self._companies_of is not None:
            days = days.filter(pl.col("company_domain").is_in(self._stored_companies().implode()))
        self._hold_stored(days.sort("company_domain", "observed_at").rows())
        known = occurrence.is_in(self.held["occurrence"].implode()).fill_null(False)
        walked = (occurrence.is_not_null() & (known | occurrence.is_duplicated())).arg_true().to_list()
        into: list[str | None] = [None] * frame.height
        if walked:
            wanted = occurrence.gather(walked).unique().implode()
            kept = Events()
            for held in self.held.filter(pl.col("occurrence").is_in(wanted)).iter_rows():
                kept.add(*held)
            sources, named_roles = frame["source"].str.to_lowercase(), dict(zip(walked, roles(frame[walked])))
            for at in walked:
                key, signal_id, row = occurrence[at], frame["signal_id"][at], (sources[at], named_roles[at],
                                                                               frame["observed_at"][at])
                other = None if signal_id in self._correcting else kept.find(key, *row)
                kept.add(key, other or signal_id, *row)
                into[at] = other
        into_series = pl.Series(into, dtype=pl.String)
        merged = into_series.is_not_null()
        self._hold(frame.filter(~merged), occurrence.filter(~merged))
        if not merged.any():
            return frame, NO_MERGES
        postings = merged & (occurrence.str.split("\x1f").list.get(2, null_on_oob=True) == POSTING).fill_null(False)
        self._hold(frame.with_columns(signal_id=into_series).filter(postings), occurrence.filter(postings))
        reports = merged_reports(frame.filter(merged), into_series.drop_nulls())
        return frame.filter(~merged), reports

    def _stored_companies(self) -> pl.Series:
        if self._companies is None:
            self._companies = pl.Series(self._companies_of(), dtype=pl.String)
        return self._companies

    def _keep(self, ids: pl.Series, events: pl.Series) -> pl.Series:
        """Whether each row is new, as if rows were taken one by one: a row whose id and event occur once
        in the frame and were not seen is kept whatever the order, so only the other rows are walked."""
        new = ~(ids.is_in(self.ids.implode(), nulls_equal=True) | events.is_in(self.events.implode(), nulls_equal=True))
        alone = new & ~ids.is_duplicated() & ~events.is_duplicated()
        if alone.all():
            return alone
        keep = alone.to_list()
        taken_ids: set[str | None] = set()
        taken_events: set[str | None] = set()
        walked = new & ~alone
        for at, signal_id, key in zip(walked.arg_true().to_list(), ids.filter(walked).to_list(),
                                      events.filter(walked).to_list(), strict=True):
            if signal_id not in taken_ids and key not in taken_events:
                taken_ids.add(signal_id)
                taken_events.add(key)
                keep[at] = True
        return pl.Series(keep, dtype=pl.Boolean)
