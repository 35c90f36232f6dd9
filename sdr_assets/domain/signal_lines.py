"""The fields of plain JSON Lines records, cut out of the text column-wise.

A line is plain when it is one JSON object written without escapes: keys the bulk check takes
(``signal_bulk.BULK_KEYS``), each once, whose values are text (no quote, backslash or control
character inside) or null, and attributes as an object holding no brace or backslash, or null.
Every quote of such a line opens or closes a string, and its only brace pair inside is the
attributes', so its fields are where a pattern finds them: it reads as ``json`` reads it, and its
attributes' text, given to ``json``, is the object the whole line holds. Any other line (spaced
otherwise, escaped, nested, a number, a key twice, too long) is left to ``json``, line by line.
"""

from __future__ import annotations

import polars as pl

from sdr_assets.domain.signal_bulk import BULK_KEYS, TEXT_FIELDS

TEXT = r'"[^"\\\x00-\x1f]*"'
ATTRIBUTES = r'"attributes": ?(\{[^{}\\]*\}|null)'
_MEMBER = r'(?:"(?:{keys})": ?(?:{text}|null)|{attributes})'.format(
    keys="|".join(TEXT_FIELDS), text=TEXT, attributes=ATTRIBUTES.replace("(", "(?:", 1))
PLAIN_LINE = rf"^\{{(?:{_MEMBER}(?:, ?{_MEMBER})*)?\}}$"


def plain_records(lines: pl.Series, max_chars: int) -> pl.DataFrame:
    """``_item`` (the line's index in ``lines``), ``_typed`` and each text field (null when missing
    or null) of every plain line of at most ``max_chars`` characters, with its ``attributes`` text
    (null when missing or null)."""
    line, top = pl.col("line"), pl.col("top")
    frame = pl.DataFrame({"line": lines}).with_row_index("_item").filter(
        (line.str.len_chars() <= max_chars) & line.str.contains(PLAIN_LINE))
    # The attributes object put aside: each key left in the line is one of the record's own.
    frame = frame.with_columns(top=line.str.replace(ATTRIBUTES, '"attributes": null'))
    frame = frame.filter(pl.all_horizontal([top.str.count_matches(f'"{key}": ?') <= 1 for key in sorted(BULK_KEYS)]))
    fields = {key: top.str.extract(f'"{key}": ?({TEXT}|null)', 1) for key in TEXT_FIELDS}
    frame = frame.select("_item", attributes=line.str.extract(ATTRIBUTES, 1), **fields)
    # A plain text is its value as written, between its quotes.
    text = {key: pl.when(pl.col(key) != "null").then(pl.col(key).str.slice(1, pl.col(key).str.len_chars() - 2))
            for key in TEXT_FIELDS}
    attributes = pl.col("attributes")
    return frame.select(pl.col("_item").cast(pl.Int64), pl.lit(True).alias("_typed"), **text,
                        attributes=pl.when(attributes != "null").then(attributes))
