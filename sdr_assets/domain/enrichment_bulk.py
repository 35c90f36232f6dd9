"""The local enrichment CSVs read and checked in bulk: a clean record costs no Python per field.

A line of plain Latin text that is one whole record, a field per column, is parsed by polars, and
its fields are checked with vectorised expressions that accept only values the record-by-record
checks would keep exactly as written (or read as a number, or as no value). Whatever they cannot
vouch for (another line, a field with a control character, a long text, a domain in URL form, a
number out of range) is left to the record-by-record checks, which alone decide and say why.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from email_validator import SPECIAL_USE_DOMAIN_NAMES

from sdr_assets.domain.csv_lines import whole_rows
from sdr_assets.domain.signals import BAD_BYTES, MAX_LINE

# Printable ASCII and Latin letters: unchanged by NFC, no control characters, and no whitespace but
# the space and U+00A0 (so a value with neither at its ends is unchanged by a strip).
LATIN = r"\x20-\x7e\xa0-\u02ff"
EDGE = r"\x21-\x7e\xa1-\u02ff"
TEXT = rf"^[{EDGE}](?:[{LATIN}]*[{EDGE}])?$"
# A domain already in canonical form: lower-case labels without "--", a letter TLD.
DOMAIN = r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
MAX_DOMAIN = 200
URL = r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:[/?#][\x21-\x7e]*)?$"
WHOLE = r"^[0-9]{1,7}$"
MAX_COLUMNS = 64


@dataclass(frozen=True)
class Shape:
    """The fields of one kind of record, in the order the record-by-record check writes them."""

    key: str  # the column with the company domain, written last
    fields: tuple[str, ...]
    limits: dict[str, int]  # text fields and their length limits
    numbers: dict[str, tuple[int, int]]  # whole-number fields and their ranges
    multiline: frozenset[str] = frozenset()
    urls: frozenset[str] = frozenset()
    # The field that names a record once (else the key column, or the key column and the address).
    identity: str = ""
    # The field with the record's address: bulk accepts one at the key's own domain (or none); one
    # elsewhere is left to the record-by-record check, which refuses another company's.
    address: str = ""

    @property
    def schema(self) -> dict[str, pl.DataType]:
        """A frame of records: the line each came from, its fields and its key, typed."""
        return {"_line": pl.Int64, **{name: pl.Int64 if name in self.numbers else pl.String for name in self.fields},
                self.key: pl.String}


def simple_lines(lines: list[str], header: list[str]) -> set[int]:
    """Indices of the lines that are one whole record of plain Latin text with a field per column."""
    width = len(header)
    if not 2 <= width <= MAX_COLUMNS:
        return set()
    try:
        series = pl.Series("line", lines, dtype=pl.String)
    except UnicodeEncodeError:  # undecodable bytes (kept as surrogates) cannot enter polars: not simple lines
        series = pl.Series("line", ["\x00" if BAD_BYTES.search(line) else line for line in lines], dtype=pl.String)
    ok = whole_rows(series, width, MAX_LINE - 1) & series.str.contains(f"^[{LATIN}]*$")
    return set(ok.arg_true().to_list())


def _text(column: pl.Expr, limit: int, multiline: bool) -> pl.Expr:
    fits = column.str.contains(TEXT) & (column.str.len_chars() <= limit)
    if multiline:
        fits = fits & ~column.str.contains("  ", literal=True)
    return (column == "") | fits


def _whole(column: pl.Expr, low: int, high: int) -> pl.Expr:
    number = column.cast(pl.Int64, strict=False)
    return (column == "") | (column.str.contains(WHOLE) & number.is_between(low, high))


def _domain(column: pl.Expr) -> pl.Expr:
    special = pl.any_horizontal([(column == d) | column.str.ends_with(f".{d}") for d in SPECIAL_USE_DOMAIN_NAMES])
    return (column.str.contains(DOMAIN) & (column.str.len_chars() <= MAX_DOMAIN)
            & ~column.str.contains("--", literal=True) & ~column.str.starts_with("www.") & ~special)


def _value(shape: Shape, name: str, column: pl.Expr) -> pl.Expr:
    if name in shape.numbers:
        return pl.when(column == "").then(None).otherwise(column.cast(pl.Int64, strict=False))
    return pl.when(column == "").then(None).otherwise(column)


def _accepts(shape: Shape, name: str, column: pl.Expr) -> pl.Expr:
    if name in shape.numbers:
        return _whole(column, *shape.numbers[name])
    fits = _text(column, shape.limits.get(name, 300), name in shape.multiline)
    return fits & ((column == "") | column.str.contains(URL)) if name in shape.urls else fits


@dataclass
class Checked:
    """Claimed records: those the bulk checks accept, as the record-by-record check writes them (a
    frame with ``_line`` and ``_key``, the key that names the record once), and those they leave to
    it, with the values as read."""

    accepted: pl.DataFrame
    unsure: list[tuple[int, list[str], dict[str, str]]]  # (line, values as read, values by column)


def _identity(shape: Shape) -> pl.Expr:
    """The record's key as the record-by-record path writes it; null where only Python can write it
    (an address outside ASCII, whose lower case only Python's ``str.lower`` decides)."""
    if not shape.identity:
        return pl.col(shape.key)
    email = pl.col("email")
    by_address = pl.concat_str([pl.col(shape.key), pl.lit("/"),
                                pl.when(email.is_null()).then(pl.col("_line").cast(pl.String))
                                .when(email.str.contains(r"^[\x00-\x7f]*$")).then(email.str.to_lowercase())])
    return pl.when(pl.col(shape.identity).is_not_null()).then(pl.col(shape.identity)).otherwise(by_address)


def check_claimed(shape: Shape, header: list[str], claimed: list[tuple[int, str]]) -> Checked | None:
    """The claimed lines parsed and checked; None when the bulk reader does not read them one row each."""
    names = [f"c{n}" for n in range(len(header))]
    try:
        raw = pl.read_csv(io.BytesIO("\n".join(text for _, text in claimed).encode()), has_header=False,
                          schema={n: pl.String for n in names}, quote_char='"', empty_string_is_null=False,
                          truncate_ragged_lines=False)
    except pl.exceptions.PolarsError:
        return None
    if raw.height != len(claimed):
        return None
    raw = raw.with_columns(pl.col(names).fill_null(""), pl.Series("_line", [line for line, _ in claimed],
                                                                   dtype=pl.Int64))
    where = {name: pl.col(names[header.index(name)]) for name in (shape.key, *shape.fields) if name in header}
    checks = [_domain(where[shape.key])] + [_accepts(shape, name, column) for name, column in where.items()
                                            if name != shape.key]
    if shape.address in where:
        address = where[shape.address]
        checks.append((address == "") | (address.str.to_lowercase().str.split("@").list.last()
                                         == where[shape.key].str.to_lowercase()))
    raw = raw.with_columns(pl.all_horizontal(checks).fill_null(False).alias("_ok"))
    values = [_value(shape, name, where[name]).alias(name) if name in where else pl.lit(None).alias(name)
              for name in shape.fields]
    accepted = (raw.filter("_ok").select("_line", *values, where[shape.key].alias(shape.key))
                .with_columns(_identity(shape).alias("_key")))
    unsure = [(line, list(read), dict(zip(header, read, strict=True)))
              for line, *read in raw.filter(~pl.col("_ok")).select("_line", *names).iter_rows()]
    return Checked(accepted, unsure)


def records_of(accepted: pl.DataFrame, shape: Shape) -> list[tuple[int, str, dict]]:
    """(line, domain, values) of accepted rows, the values as the record-by-record check writes them."""
    keys = (*shape.fields, shape.key)
    return [(line, values[-1], dict(zip(keys, values, strict=True)))
            for line, *values in accepted.select("_line", *keys).iter_rows()]
