"""The fields of plain JSON Lines and CSV records, cut out of the text column-wise.

A line is plain when it is one JSON object written without escapes: keys the bulk check takes
(``signal_bulk.BULK_KEYS``), each once, whose values are text (no quote, backslash or control
character inside) or null, and attributes as an object holding no brace or backslash, or null.
Every quote of such a line opens or closes a string, and its only brace pair inside is the
attributes', so its fields are where a pattern finds them: it reads as ``json`` reads it, and its
attributes' text, given to ``json``, is the object the whole line holds. Any other line (spaced
otherwise, escaped, nested, a number, a key twice, too long) is left to ``json``, line by line.

A CSV row is cut here when every row of its file is one line of whole fields (unquoted without a
quote, or quoted with its quotes doubled), so each line holds exactly the fields ``csv`` reads.
"""

from __future__ import annotations

import re

import polars as pl

from sdr_assets.domain.csv_lines import FIELD
from sdr_assets.domain.signal_bulk import BULK_KEYS, TEXT_FIELDS

TEXT = r'"[^"\\\x00-\x1f]*"'
ATTRIBUTES = r'"attributes": ?(\{[^{}\\]*\}|null)'
_MEMBER = r'(?:"(?:{keys})": ?(?:{text}|null)|{attributes})'.format(
    keys="|".join(TEXT_FIELDS), text=TEXT, attributes=ATTRIBUTES.replace("(", "(?:", 1))
PLAIN_LINE = rf"^\{{(?:{_MEMBER}(?:, ?{_MEMBER})*)?\}}$"


def plain_records(lines: pl.Series, max_chars: int) -> pl.DataFrame:
    """``_item`` (the line's index in ``lines``), ``_typed`` and each text field (null when missing
    or null) of every plain line of at most ``max_chars`` characters, with its ``attributes`` text
    (null when missing or null).

    A feed writes its keys in one order: the lines with the first line's keys, each once, in its
    order, are cut by one pattern in one pass; the others are searched key by key."""
    frame = pl.DataFrame({"line": lines}).with_row_index("_item").filter(pl.col("line").str.len_chars() <= max_chars)
    order = _key_order(lines)
    if not order:
        return _searched(frame)
    values = frame["line"].str.extract_groups(_ordered_line(order)).struct.rename_fields(order).struct.unnest()
    cut = pl.concat([frame.select("_item"), values], how="horizontal").filter(pl.col(order[0]).is_not_null())
    rest = frame.join(cut.select("_item"), on="_item", how="anti")
    return pl.concat([_as_records(cut), _searched(rest)]).sort("_item") if rest.height else _as_records(cut)


def _key_order(lines: pl.Series) -> list[str]:
    """The bulk keys the first line writes, in its order, if each comes once (a guess: a line whose
    keys it misses is searched). Its attributes object is put aside first: keys inside it are the
    attributes', not the line's."""
    first = lines[0] if len(lines) and lines[0] is not None else ""
    top = re.sub(ATTRIBUTES, '"attributes": null', first, count=1)
    order = [key for key in re.findall(r'"([a-z_]+)": ?', top) if key in BULK_KEYS]
    return order if len(set(order)) == len(order) else []


def _ordered_line(order: list[str]) -> str:
    """A plain line of exactly these keys, in this order: one group per key, its value as written."""
    members = [ATTRIBUTES if key == "attributes" else f'"{key}": ?({TEXT}|null)' for key in order]
    return rf"^\{{{', ?'.join(members)}\}}$"


def _as_records(cut: pl.DataFrame) -> pl.DataFrame:
    """The records of plain lines cut apart: ``_item`` and each key's value as written (text in its
    quotes, ``null``, or the attributes object's text), a key not written missing."""
    # A plain text is its value as written, between its quotes.
    value = {key: pl.col(key) if key in cut.columns else pl.lit(None, dtype=pl.String)
             for key in (*TEXT_FIELDS, "attributes")}
    text = {key: pl.when(value[key] != "null").then(value[key].str.slice(1, value[key].str.len_chars() - 2))
            for key in TEXT_FIELDS}
    return cut.select(pl.col("_item").cast(pl.Int64), pl.lit(True).alias("_typed"), **text,
                      attributes=pl.when(value["attributes"] != "null").then(value["attributes"]))


def _searched(frame: pl.DataFrame) -> pl.DataFrame:
    """:func:`_as_records` of the plain lines of ``frame`` (``_item`` and ``line``), each key searched for."""
    line, top = pl.col("line"), pl.col("top")
    frame = frame.filter(line.str.contains(PLAIN_LINE))
    # The attributes object put aside: each key left in the line is one of the record's own.
    frame = frame.with_columns(top=line.str.replace(ATTRIBUTES, '"attributes": null'))
    frame = frame.filter(pl.all_horizontal([top.str.count_matches(f'"{key}": ?') <= 1 for key in sorted(BULK_KEYS)]))
    fields = {key: top.str.extract(f'"{key}": ?({TEXT}|null)', 1) for key in TEXT_FIELDS}
    return _as_records(frame.select("_item", attributes=line.str.extract(ATTRIBUTES, 1), **fields))


def plain_csv_records(lines: pl.Series, header: list[str]) -> pl.DataFrame:
    """As :func:`plain_records`, for lines of a CSV file that are each one row of whole fields
    (:func:`csv_lines.whole_rows`) and whose
    header names only bulk keys: every line of the header's count of fields with a letter or digit
    in it (so not blank), and no backslash (no escape for the attributes' JSON to turn into a lone
    surrogate)."""
    line = pl.col("line")
    frame = pl.DataFrame({"line": lines}).with_row_index("_item").filter(
        line.str.contains("[A-Za-z0-9]") & ~line.str.contains("\\", literal=True))
    fields = frame["line"].str.extract_groups("^" + ",".join([f"({FIELD})"] * len(header)) + "$").struct.unnest()
    frame = pl.concat([frame.select("_item"), fields.rename(dict(zip(fields.columns, header, strict=True)))],
                      how="horizontal").filter(pl.col(header[0]).is_not_null())
    # A quoted field is what its quotes hold, each doubled quote read as one.
    values = {key: pl.when(pl.col(key).str.starts_with('"'))
              .then(pl.col(key).str.slice(1, pl.col(key).str.len_chars() - 2).str.replace_all('""', '"', literal=True))
              .otherwise(pl.col(key)) if key in header else pl.lit(None, dtype=pl.String)
              for key in (*TEXT_FIELDS, "attributes")}
    return frame.select(pl.col("_item").cast(pl.Int64), pl.lit(True).alias("_typed"), **values)
