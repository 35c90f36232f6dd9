"""Reading signal feeds: good rows go on, bad rows are quarantined with their reason.

A feed is bytes (a CSV, JSONL or Parquet file, or a page of an HTTP API). Nothing in a feed can
stop a run: every failure, down to a RecursionError on deeply nested JSON or a year-1 date, ends
as a quarantined row with its reason while the other rows go on.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sdr_assets.domain.addresses import InvalidAddressError, canonical_domain
from sdr_assets.domain.plays import SIGNAL_TYPES
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
MAX_RAW = 2000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)
BAD_BYTES = re.compile("[\udc80-\udcff]")
DOMAIN_TAIL = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


@dataclass(frozen=True)
class Quarantined:
    source_file: str
    line: int
    reason: str
    raw: str


@dataclass
class FeedRead:
    rows: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    duplicates: int = 0

    @property
    def rows_in(self) -> int:
        return len(self.rows) + len(self.quarantined) + self.duplicates


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
    """An ISO 8601 timestamp (or a Parquet datetime) between 2000 and a day after ``now``, in UTC."""
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
    try:
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        raise SignalError(f"bad observed_at: {value!s:.40} is out of range") from None
    if moment < EARLIEST:
        raise SignalError(f"bad observed_at: {moment.date()} is before {EARLIEST.date()}")
    if moment > now + CLOCK_SKEW:
        raise SignalError(f"bad observed_at: {moment.isoformat()} is in the future")
    return moment


def event_key(source: str, domain: str, signal_type: str, observed_at: datetime, evidence: str) -> str:
    """The identity of an event: the same source, domain, type, day and evidence count once."""
    parts = [source.casefold(), domain, signal_type, observed_at.date().isoformat(), evidence.casefold()]
    return "sig_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def _attributes(value: Any) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise SignalError("attributes is not valid JSON") from None
    if not isinstance(value, dict):
        raise SignalError("attributes must be an object")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


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
    attributes = validate_attributes(signal_type, _attributes(record.get("attributes")))
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
        "attributes": json.dumps(attributes, sort_keys=True, ensure_ascii=False),
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


def _json_lines(text: str) -> Iterator[tuple[int, str, Any]]:
    # Split on "\n" only: str.splitlines would also break at U+2028 inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            yield number, line, SignalError(f"line longer than {MAX_LINE} characters")
            continue
        try:
            yield number, line, json.loads(line, parse_constant=_refuse_constant)
        except RecursionError:
            yield number, line, SignalError("JSON nested too deeply")
        except ValueError as exc:
            yield number, line, SignalError(f"invalid JSON: {getattr(exc, 'msg', exc)}")


def _csv_rows(text: str) -> Iterator[tuple[int, str, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return
    if "signal_type" not in header or not {"company_domain", "domain"} & set(header):
        yield 1, ",".join(header), SignalError("CSV header must include company_domain and signal_type")
        return
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, "", SignalError(f"CSV row unreadable: {exc}")
            continue
        raw = json.dumps(values, ensure_ascii=False)
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield reader.line_num, raw, SignalError(f"row has {len(values)} fields, the header {len(header)}")
            continue
        yield reader.line_num, raw, dict(zip(header, values, strict=True))


def _parquet_rows(data: bytes) -> Iterator[tuple[int, str, Any]]:
    import polars as pl

    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:  # any reader failure means the file as a whole is unreadable
        yield 0, "", SignalError(f"unreadable Parquet file: {type(exc).__name__}: {str(exc)[:200]}")
        return
    for number, row in enumerate(frame.iter_rows(named=True), start=1):
        yield number, json.dumps(row, default=str, ensure_ascii=False)[:MAX_RAW], row


def records(name: str, data: bytes) -> Iterator[tuple[int, str, Any]]:
    """(line or row number, raw text, parsed record or the SignalError that stopped it)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "parquet":
        yield from _parquet_rows(data)
        return
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        yield 0, "", SignalError(f"unreadable file: {exc}")
        return
    yield from (_csv_rows(text) if suffix == "csv" else _json_lines(text))


def read_feed(name: str, data: bytes, now: datetime, default_source: str = "") -> FeedRead:
    """Validate every record of one feed file; the rows keep their file name and line."""
    return validate_records(name, records(name, data), now, default_source)


def api_records(items: list[Any]) -> Iterator[tuple[int, str, Any]]:
    """Records of one API page, numbered from 1, with their raw text for the quarantine."""
    for number, item in enumerate(items, start=1):
        try:
            raw = json.dumps(item, ensure_ascii=False, default=str)[:MAX_RAW]
        except (ValueError, RecursionError):
            raw = repr(item)[:MAX_RAW] if not isinstance(item, dict | list) else "<nested too deeply>"
        yield number, raw, item


def validate_records(name: str, items: Iterator[tuple[int, str, Any]], now: datetime,
                     default_source: str = "") -> FeedRead:
    feed = FeedRead()
    for number, raw, record in items:
        try:
            if isinstance(record, Exception):
                raise record
            if BAD_BYTES.search(raw):
                raise SignalError("row is not valid UTF-8")
            row = validate_signal(record, now, default_source)
        except SignalError as exc:
            feed.quarantined.append(Quarantined(name, number, str(exc), _printable(raw)))
            continue
        except RecursionError:
            feed.quarantined.append(Quarantined(name, number, "value nested too deeply", _printable(raw)))
            continue
        except Exception as exc:  # a row must never stop the run, whatever it holds
            reason = f"unreadable row: {type(exc).__name__}: {str(exc)[:200]}"
            feed.quarantined.append(Quarantined(name, number, reason, _printable(raw)))
            continue
        feed.rows.append({**row, "source_file": name, "source_line": number})
    return feed


def _printable(raw: str) -> str:
    return raw[:MAX_RAW].encode("utf-8", errors="backslashreplace").decode("utf-8")


class Deduplicator:
    """Keeps the first row of each signal_id and each event; counts what it drops."""

    def __init__(self, seen_ids: set[str] | None = None, seen_events: set[str] | None = None):
        self.ids = set(seen_ids or ())
        self.events = set(seen_events or ())

    def fresh(self, feed: FeedRead) -> FeedRead:
        out = FeedRead(quarantined=list(feed.quarantined), duplicates=feed.duplicates)
        for row in feed.rows:
            if row["signal_id"] in self.ids or row["event_key"] in self.events:
                out.duplicates += 1
                continue
            self.ids.add(row["signal_id"])
            self.events.add(row["event_key"])
            out.rows.append(row)
        return out
