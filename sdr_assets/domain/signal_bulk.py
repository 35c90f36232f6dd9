"""Clean signal records checked column by column, so a large feed costs what it reads.

A record is taken here only when each field already has the form :func:`validate_signal` would
give it: canonical keys, a known type, a plain lower-case domain, a ``YYYY-MM-DDTHH:MM:SSZ``
timestamp in range, trimmed NFC text without control characters within its limit, no evidence
URL. Its attributes go through the same per-row schema check. Every other record is handed back
untouched for the per-row path, the single source of truth for quarantine reasons; so a row this
module accepts is the row the per-row path would have produced, byte for byte.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from itertools import repeat
from typing import Any

import polars as pl
from email_validator import SPECIAL_USE_DOMAIN_NAMES

from sdr_assets.domain.plays import SIGNAL_TYPES
from sdr_assets.domain.signal_bulk_attributes import attribute_columns, attributes_json
from sdr_assets.domain.signal_schema import FORBIDDEN, MAX_EVIDENCE, MAX_TEXT

ROW_SCHEMA = {
    "signal_id": pl.String,
    "event_key": pl.String,
    "company_domain": pl.String,
    "signal_type": pl.String,
    "detail": pl.String,
    "evidence_url": pl.String,
    "observed_at": pl.Datetime("us", "UTC"),
    "source": pl.String,
    "attributes": pl.String,
    "source_file": pl.String,
    "source_line": pl.Int64,
}
# Keys a record may carry and still be checked in bulk; aliases and evidence URLs go row by row.
BULK_KEYS = frozenset({"signal_id", "company_domain", "signal_type", "detail", "observed_at", "source",
                       "attributes", "evidence_url"})
TEXT_FIELDS = ("signal_id", "company_domain", "signal_type", "detail", "observed_at", "source", "evidence_url")
# Lone surrogates (undecodable bytes or a "\ud800" escape) cannot enter a polars string.
SURROGATES = re.compile(r"[\ud800-\udfff]|\\u[dD][89a-fA-F]")
MAX_SIGNAL_ID = 128
MAX_PLAIN_DOMAIN = 200
# A domain email_validator returns unchanged: LDH labels, no "--" (so no Punycode), an alphabetic TLD.
PLAIN_DOMAIN = r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
UTC_SECONDS = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$"
# Python's str.strip() also removes U+001C..U+001F; those are control characters refused anyway.
EDGE_SPACE = r"^[\s\x1c-\x1f]|[\s\x1c-\x1f]$"


def _rust_class(pattern: re.Pattern) -> str:
    """A character class of literal characters, spelled for polars' regex engine."""
    return "".join(c if c in "[]-" else f"\\x{{{ord(c):x}}}" for c in pattern.pattern)


CONTROL = _rust_class(FORBIDDEN)


def plain_domain(column: pl.Expr) -> pl.Expr:
    """True where the text is a domain the per-row normaliser returns unchanged."""
    special = pl.lit(False)
    for name in SPECIAL_USE_DOMAIN_NAMES:
        special = special | (column == name) | column.str.ends_with(f".{name}")
    return (column.str.contains(PLAIN_DOMAIN) & (column.str.len_bytes() <= MAX_PLAIN_DOMAIN)
            & ~column.str.contains("--", literal=True) & ~column.str.starts_with("www.") & ~special).fill_null(False)


def clean(column: pl.Expr, limit: int, single_spaced: bool = False) -> pl.Expr:
    """True where ``clean_text`` would keep the text as it is (NFC is checked apart, in Python)."""
    ok = (~column.str.contains(CONTROL) & ~column.str.contains(EDGE_SPACE)
          & (column.str.len_chars() <= limit))
    if single_spaced:
        ok = ok & ~column.str.contains("  ", literal=True)
    return ok.fill_null(False)


def bulk_rows(name: str, items: list[tuple[int, str, Any]], earliest: datetime, latest: datetime,
              default_source: str, attributes: Callable[[str, Any], str],
              as_object: Callable[[Any], dict]) -> tuple[pl.DataFrame, list[int]]:
    """The rows of ``items`` decided in bulk, with each one's index in ``items`` as ``_item``, and the
    indices of the items left to the per-row path.

    ``attributes`` is the per-row attribute check (the JSON text it stores, or an exception), used
    for the attributes that cannot be built in bulk; ``as_object`` reads a row's attributes value
    (a JSON text or an object) as the per-row path does.
    """
    # One look at the whole chunk; only a chunk that holds a surrogate is searched row by row.
    tainted = _has_surrogates("\n".join(raw for _, raw, _ in items))
    picked = [i for i, (_, raw, record) in enumerate(items) if type(record) is dict
              and BULK_KEYS.issuperset(record) and not (tainted and SURROGATES.search(raw))]
    records = [items[i][2] for i in picked]
    columns: dict[str, list] = {}
    typed = [True] * len(records)
    for key in TEXT_FIELDS:
        given = list(map(dict.get, records, repeat(key)))
        try:  # polars refuses any value that is neither text nor missing
            columns[key] = pl.Series(key, given, dtype=pl.String, strict=True)
        except TypeError:
            columns[key] = pl.Series(key, [v if v.__class__ is str else None for v in given], dtype=pl.String)
            typed = [ok and (v is None or v.__class__ is str) for ok, v in zip(typed, given, strict=True)]
    frame = pl.DataFrame({"_item": picked, "_line": [items[i][0] for i in picked], "_typed": typed, **columns},
                         schema={"_item": pl.Int64, "_line": pl.Int64, "_typed": pl.Boolean,
                                 **{k: pl.String for k in TEXT_FIELDS}})
    out = decided_rows(name, frame, [record.get("attributes") for record in records], earliest, latest,
                       default_source, attributes, as_object)
    decided = set(out["_item"].to_list())
    return out, [i for i in range(len(items)) if i not in decided]


def decided_rows(name: str, frame: pl.DataFrame, given: list[Any], earliest: datetime, latest: datetime,
                 default_source: str, attributes: Callable[[str, Any], str],
                 as_object: Callable[[Any], dict]) -> pl.DataFrame:
    """The rows of ``frame`` (``_item``, ``_line``, ``_typed`` and the text fields, as text or null)
    whose every field the bulk checks pass, as stored rows with their ``_item``; ``given`` holds each
    row's attributes value as the record gave it."""
    frame = frame.with_columns(
        _given=pl.int_range(pl.len(), dtype=pl.Int64),
        source=pl.when(pl.col("source").fill_null("") == "").then(pl.lit(default_source)).otherwise(pl.col("source")),
        detail=pl.col("detail").fill_null(""),
        observed=pl.col("observed_at").str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%dT%H:%M:%SZ", strict=False),
        given_id=pl.col("signal_id").fill_null(""),
    )
    given_id = pl.col("given_id")
    observed = pl.col("observed")
    ok = (
        pl.col("_typed")
        & pl.col("signal_type").is_in(sorted(SIGNAL_TYPES)).fill_null(False)
        & plain_domain(pl.col("company_domain"))
        & pl.col("observed_at").str.contains(UTC_SECONDS).fill_null(False)
        & observed.is_not_null() & (observed >= earliest) & (observed <= latest)
        & pl.col("evidence_url").fill_null("").eq("")
        & clean(pl.col("detail"), MAX_EVIDENCE, single_spaced=True)
        & clean(pl.col("source"), MAX_TEXT)
        & ((given_id == "") | (clean(given_id, MAX_SIGNAL_ID) & (given_id.str.len_chars() > 0)))
    )
    frame = frame.filter(ok.fill_null(False))
    frame = frame.filter(_nfc(frame, "detail") & _nfc(frame, "source") & _nfc(frame, "given_id"))
    frame = _with_attributes(frame, given, attributes, as_object)
    keys = _event_keys(frame)
    return frame.select(
        "_item",
        signal_id=pl.when(given_id == "").then(pl.Series(keys, dtype=pl.String)).otherwise(given_id),
        event_key=pl.Series(keys, dtype=pl.String),
        company_domain="company_domain",
        signal_type="signal_type",
        detail="detail",
        evidence_url=pl.lit(""),
        observed_at="observed",
        source="source",
        attributes="attributes",
        source_file=pl.lit(name),
        source_line="_line",
    )


def _event_keys(frame: pl.DataFrame) -> list[str]:
    """:func:`day_event_key` of every row; the parts are joined column-wise where the text is ASCII,
    whose ``casefold`` is its lower case."""
    ascii_text = ~(pl.col("source") + pl.col("detail")).str.contains(r"[^\x00-\x7f]")
    parts = frame.select(
        ascii_text=ascii_text,
        joined=pl.concat_str([pl.col("source").str.to_lowercase(), "company_domain", "signal_type",
                              pl.col("observed_at").str.slice(0, 10), pl.col("detail").str.to_lowercase()],
                             separator="\x1f"),
    )
    keys = ["sig_" + hashlib.sha256(joined.encode()).hexdigest()[:20] for joined in parts["joined"].to_list()]
    if not parts["ascii_text"].all():
        others = frame.with_row_index("_at").filter(~ascii_text).select(
            "_at", "source", "company_domain", "signal_type", pl.col("observed_at").str.slice(0, 10), "detail")
        for at, *fields in others.iter_rows():
            keys[at] = day_event_key(*fields)
    return keys


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate or a JSON escape of one (a scan in C in the common case)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\\u" in text and SURROGATES.search(text) is not None


def _with_attributes(frame: pl.DataFrame, given: list[Any], attributes: Callable[[str, Any], str],
                     as_object: Callable[[Any], dict]) -> pl.DataFrame:
    """The rows with their stored attributes: built in bulk where plain, else by ``attributes``; a row
    whose attributes are refused is dropped, for the per-row path to quarantine."""
    given = [given[at] for at in frame["_given"].to_list()]
    # A feed repeats its attribute texts (a CSV file of the seeded world, 47 rows a text): each text is
    # read once, and its row of columns given to every row that holds it.
    objects, read_at, positions = [], {}, []
    for value in given:
        position = read_at.get(value) if value.__class__ is str else None
        if position is None:
            position = len(objects)
            try:
                objects.append(as_object(value))
            except Exception:  # not an object: ``attributes`` below meets the same failure
                objects.append(_NOT_AN_OBJECT)
            if value.__class__ is str:
                read_at[value] = position
        positions.append(position)
    columns = attribute_columns(objects)
    if columns.height < len(given):
        columns = columns[pl.Series(positions, dtype=pl.Int64)]
    frame = pl.concat([frame, columns], how="horizontal")
    text, plain = pl.lit(None, dtype=pl.String), pl.lit(False)
    for signal_type in sorted(SIGNAL_TYPES):
        built, ok = attributes_json(signal_type, clean)
        mine = pl.col("signal_type") == signal_type
        text = pl.when(mine).then(built).otherwise(text)
        plain = pl.when(mine).then(ok).otherwise(plain)
    frame = frame.with_columns(attributes=text, plain=plain.fill_null(False))
    slow = frame.with_row_index("_at").filter(~pl.col("plain")).select("_at", "signal_type")
    if slow.height:
        fixed = frame["attributes"].to_list()
        for at, signal_type in slow.iter_rows():
            try:
                fixed[at] = attributes(signal_type, given[at])
            except Exception:  # the per-row path gives this row its reason
                fixed[at] = None
        frame = frame.with_columns(attributes=pl.Series(fixed, dtype=pl.String))
    return frame.filter(pl.col("attributes").is_not_null())


_NOT_AN_OBJECT = object()


def _nfc(frame: pl.DataFrame, column: str) -> pl.Series:
    """True where the text is NFC already; only non-ASCII text is asked, in Python."""
    values = frame[column]
    ascii_only = ~values.str.contains(r"[^\x00-\x7f]")
    if ascii_only.all():
        return ascii_only
    normal = [True if plain else unicodedata.is_normalized("NFC", text)
              for plain, text in zip(ascii_only.to_list(), values.to_list(), strict=True)]
    return pl.Series(normal, dtype=pl.Boolean)


def day_event_key(source: str, domain: str, signal_type: str, day: str, evidence: str) -> str:
    """The identity of an event: the same source, domain, type, day (ISO date) and evidence count once."""
    parts = [source.casefold(), domain, signal_type, day, evidence.casefold()]
    return "sig_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]
