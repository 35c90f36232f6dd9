"""Reading signal feeds: good rows go on, bad rows are quarantined with their reason."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sdr_assets.domain.plays import SIGNAL_TYPES

SIGNAL_COLUMNS = ("signal_id", "company_domain", "signal_type", "detail", "observed_at", "source", "attributes")
SUPPORTED_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True)
class Quarantined:
    source_file: str
    line: int
    reason: str
    raw: str


@dataclass(frozen=True)
class FeedRead:
    rows: list[dict[str, Any]]
    quarantined: list[Quarantined]


def _parse_time(value: Any) -> datetime:
    text = str(value or "").strip()
    if not text:
        raise ValueError("observed_at is empty")
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def validate_signal(record: Any) -> dict[str, Any]:
    """Return a clean signal row or raise ValueError naming what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("row is not an object")
    missing = [c for c in ("signal_id", "company_domain", "signal_type") if not str(record.get(c) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    signal_type = str(record["signal_type"]).strip()
    if signal_type not in SIGNAL_TYPES:
        raise ValueError(f"unknown signal_type '{signal_type}'")
    try:
        observed_at = _parse_time(record.get("observed_at"))
    except ValueError as exc:
        raise ValueError(f"bad observed_at: {exc}") from None
    attributes = record.get("attributes") or {}
    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes) if attributes.strip() else {}
        except json.JSONDecodeError:
            raise ValueError("attributes is not valid JSON") from None
    if not isinstance(attributes, dict):
        raise ValueError("attributes must be an object")
    return {
        "signal_id": str(record["signal_id"]).strip(),
        "company_domain": str(record["company_domain"]).strip().lower(),
        "signal_type": signal_type,
        "detail": str(record.get("detail") or "").strip(),
        "observed_at": observed_at,
        "source": str(record.get("source") or "").strip(),
        "attributes": json.dumps(attributes, sort_keys=True),
    }


def _records(path: Path, text: str) -> list[tuple[int, str, Any]]:
    """(line number, raw text, parsed record or the Exception that stopped parsing)."""
    if path.suffix == ".jsonl":
        out: list[tuple[int, str, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append((number, line, json.loads(line)))
            except json.JSONDecodeError as exc:
                out.append((number, line, ValueError(f"invalid JSON: {exc.msg}")))
        return out
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "signal_id" not in reader.fieldnames:
        return [(1, text[:200], ValueError("CSV header must include signal_id"))]
    return [(reader.line_num, json.dumps(row), row) for row in reader]


def read_feed(path: Path) -> FeedRead:
    rows: list[dict[str, Any]] = []
    quarantined: list[Quarantined] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        return FeedRead([], [Quarantined(path.name, 0, f"unreadable file: {exc}", "")])
    for number, raw, record in _records(path, text):
        try:
            if isinstance(record, Exception):
                raise record
            row = validate_signal(record)
        except ValueError as exc:
            quarantined.append(Quarantined(path.name, number, str(exc), raw[:2000]))
            continue
        rows.append({**row, "source_file": path.name, "source_line": number})
    return FeedRead(rows, quarantined)


def read_inbox(directory: Path) -> FeedRead:
    """Every supported feed in the folder; duplicates of a signal_id keep the first seen."""
    rows: list[dict[str, Any]] = []
    quarantined: list[Quarantined] = []
    seen: set[str] = set()
    if not directory.exists():
        return FeedRead(rows, quarantined)
    for path in sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix not in SUPPORTED_SUFFIXES:
            quarantined.append(Quarantined(path.name, 0, f"unsupported file type '{path.suffix}'", ""))
            continue
        feed = read_feed(path)
        quarantined.extend(feed.quarantined)
        for row in feed.rows:
            if row["signal_id"] in seen:
                continue
            seen.add(row["signal_id"])
            rows.append(row)
    return FeedRead(rows, quarantined)
