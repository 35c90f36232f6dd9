"""The stored attributes of clean signal rows, built column-wise.

A row's attributes are built here when every field its type reads is plain: text that
``clean_text`` keeps as it is, a whole number where a number goes, a currency already in capitals,
a change spelled ``added`` or ``removed``, one investor as text. Any other value (a URL, a float, a
list, a number as text) leaves the row's attributes to :func:`validate_attributes` and JSON, so
the text stored is the one the per-row path writes.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import polars as pl

from sdr_assets.domain.signal_schema import (
    MAX_AMOUNT,
    MAX_OPENINGS,
    MAX_SCORE,
    MAX_TEXT,
    MIN_AMOUNT,
    MIN_SCORE,
    SCHEMAS,
    _amount,
    _change,
    _count,
    _currency,
    _names,
    _score,
    clean_text,
)

KEYS = sorted({k for schema in SCHEMAS.values() for name, spec in schema.items() for k in (name, *spec.aliases)})
MAX_INT = 2**62  # whole numbers beyond this are left to the per-row path


def _quoted(value: pl.Expr) -> pl.Expr:
    """A JSON string: clean text holds no control character, so only the quote and backslash are escaped."""
    escaped = value.str.replace_all("\\", "\\\\", literal=True).str.replace_all('"', '\\"', literal=True)
    return pl.concat_str(pl.lit('"'), escaped, pl.lit('"'))


def _value(kind: Any, text: pl.Expr, whole: pl.Expr, plain_text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the JSON of one value, whether it is plain) for a field checked by ``kind``."""
    if kind is clean_text:
        return _quoted(text), plain_text
    if kind is _names:
        return pl.concat_str(pl.lit("["), _quoted(text), pl.lit("]")), plain_text & (text.str.len_chars() > 0)
    if kind is _currency:
        return _quoted(text), text.str.contains(r"^[A-Z]{3}$")
    if kind is _change:
        return _quoted(text), text.is_in(["added", "removed"])
    number = whole.cast(pl.String)
    if kind is _count:
        return number, (whole >= 1) & (whole <= MAX_OPENINGS)
    if kind is _amount:
        return number + ".0", (whole >= MIN_AMOUNT) & (whole <= MAX_AMOUNT)
    if kind is _score:
        return number + ".0", (whole >= MIN_SCORE) & (whole <= MAX_SCORE)
    return pl.lit(None, dtype=pl.String), pl.lit(False)


def attribute_columns(values: list[Any]) -> pl.DataFrame:
    """``text_<key>`` and ``whole_<key>`` per attribute key, and ``odd`` where a row's attributes are
    not an object of NFC text and whole numbers."""
    n = len(values)
    text = {k: [None] * n for k in KEYS}
    whole = {k: [None] * n for k in KEYS}
    odd = [False] * n
    for i, value in enumerate(values):
        if type(value) is not dict:
            odd[i] = value is not None
            continue
        for key, v in value.items():
            if key not in text or v is None or v == "":
                continue
            if type(v) is str:
                text[key][i] = v
                odd[i] = odd[i] or not (v.isascii() or unicodedata.is_normalized("NFC", v))
            elif type(v) is int and -MAX_INT < v < MAX_INT:
                whole[key][i] = v
            else:
                odd[i] = True
    columns = {"odd": pl.Series(odd, dtype=pl.Boolean)}
    for key in KEYS:
        columns[f"text_{key}"] = pl.Series(text[key], dtype=pl.String)
        columns[f"whole_{key}"] = pl.Series(whole[key], dtype=pl.Int64)
    return pl.DataFrame(columns)


def attributes_json(signal_type: str, clean: Any) -> tuple[pl.Expr, pl.Expr]:
    """(the stored JSON, whether it could be built in bulk) for rows of one type.

    ``clean(expr, limit)`` says where text is kept as it is by ``clean_text``.
    """
    parts: dict[str, pl.Expr] = {}
    plain = ~pl.col("odd")
    for name, spec in SCHEMAS[signal_type].items():
        keys = (name, *spec.aliases)
        given = [pl.col(f"text_{k}").is_not_null() | pl.col(f"whole_{k}").is_not_null() for k in keys]
        text, whole = pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.Int64)
        for k, present in reversed(list(zip(keys, given, strict=True))):
            text = pl.when(present).then(pl.col(f"text_{k}")).otherwise(text)
            whole = pl.when(present).then(pl.col(f"whole_{k}")).otherwise(whole)
        any_given = pl.any_horizontal(given)
        plain_text = clean(text, MAX_TEXT)
        value, ok = _value(spec.check, text, whole, plain_text)
        plain = plain & (~any_given | ok.fill_null(False))
        if spec.required:
            plain = plain & any_given
        parts[name] = pl.when(any_given).then(value)
    if signal_type == "funding":
        amount = parts["amount"]
        bare = pl.col("text_amount").is_not_null() | pl.col("whole_amount").is_not_null()
        currency = pl.when(amount.is_not_null() & ~bare & parts["currency"].is_null()).then(pl.lit('"USD"')) \
            .otherwise(parts["currency"])
        plain = plain & (amount.is_null() | currency.is_not_null())
        parts["currency"] = currency
        parts["amount_usd"] = pl.when(currency == '"USD"').then(amount)
    if signal_type == "tech_adoption":
        parts["change"] = parts["change"].fill_null(pl.lit('"added"'))
    fields = [pl.concat_str(pl.lit(f'"{key}": '), parts[key]) for key in sorted(parts)]
    body = pl.concat_str(fields, separator=", ", ignore_nulls=True) if fields else pl.lit("")
    return pl.concat_str(pl.lit("{"), body, pl.lit("}")), plain
