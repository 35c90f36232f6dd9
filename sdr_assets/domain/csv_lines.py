"""CSV lines that read alone: each one row of whole fields, so no field goes on to the next line."""

from __future__ import annotations

import csv

import polars as pl

# A whole field: unquoted without a quote, or quoted with its quotes doubled.
FIELD = r'(?:[^",]*|"(?:[^"]|"")*")'


def whole_rows(lines: pl.Series, width: int | None = None, max_chars: int | None = None) -> pl.Series:
    """Whether each line is one CSV row of whole fields (``width`` of them, when given), at most
    ``max_chars`` characters long and no longer than the ``csv`` module's field limit (so no field of
    it is over that limit): each line reads alone as the file reads it."""
    more = "*" if width is None else f"{{{width - 1}}}"
    longest = csv.field_size_limit() if max_chars is None else min(max_chars, csv.field_size_limit())
    return lines.str.contains(f"^{FIELD}(?:,{FIELD}){more}$") & (lines.str.len_chars() <= longest)
