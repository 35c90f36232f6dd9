"""Rows corrected in place: a file read again gives a signal_id it gave before, with other values.

Such a row replaces the stored one (same file, same signal_id; a signal or a merged report), so a fixed amount, domain or date
becomes the fact and every layer built on ``raw_signals`` sees it through its marks. Mail already
sent stays sent: a send's key is its play, address and step, never the signal's values.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from resources.tables import frame_of
from sdr_assets.domain.signals import SIGNAL_FIELDS

CONTENT = [c for c in SIGNAL_FIELDS if c not in ("signal_id", "event_key")]


@dataclass(frozen=True)
class Correction:
    source_file: str
    signal_id: str
    stored_event: str
    fields: tuple[str, ...]
    merged: bool = False  # the stored row is a report merged into another source's signal

    def describe(self) -> str:
        return f"{self.signal_id} ({self.source_file}): {', '.join(self.fields)}"


def corrections(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> list[Correction]:
    """The stored rows of file ``name`` that ``frame`` (its first row of each signal_id) gives with
    other values, and which fields differ."""
    if not frame.height:
        return []
    given = frame.unique("signal_id", keep="first", maintain_order=True).select("signal_id", *CONTENT)
    con.register("_given", given.select("signal_id"))
    try:
        content = ", ".join(CONTENT)
        stored = frame_of(con, f"select signal_id, event_key, {content}, false as merged from raw_signals "
                               "where source_file = ? and signal_id in (select signal_id from _given) union all "
                               f"select reported_signal_id, event_key, {content}, true from merged_signal_reports "
                               "where source_file = ? and reported_signal_id in (select signal_id from _given)",
                          [name, name])
    finally:
        con.unregister("_given")
    stored = stored.cast({c: given.schema[c] for c in CONTENT})  # DuckDB names UTC Etc/UTC
    joined = stored.join(given, on="signal_id", suffix="_new")
    differs = joined.select("signal_id", "event_key", "merged",
                            *[pl.col(c).ne_missing(pl.col(f"{c}_new")).alias(c) for c in CONTENT])
    changed = differs.filter(pl.any_horizontal(CONTENT))
    return [Correction(name, row["signal_id"], row["event_key"], tuple(c for c in CONTENT if row[c]), row["merged"])
            for row in changed.iter_rows(named=True)]


def replace_stored(con: duckdb.DuckDBPyConnection, corrected: list[Correction]) -> None:
    """Delete the stored rows and merged reports the corrections replace (inside the caller's
    transaction)."""
    if not corrected:
        return
    con.register("_corrected", pl.DataFrame({"source_file": [c.source_file for c in corrected],
                                             "signal_id": [c.signal_id for c in corrected]}))
    con.execute("delete from raw_signals r where exists (select 1 from _corrected c "
                "where c.source_file = r.source_file and c.signal_id = r.signal_id)")
    con.execute("delete from merged_signal_reports r where exists (select 1 from _corrected c "
                "where c.source_file = r.source_file and c.signal_id = r.reported_signal_id)")
    con.unregister("_corrected")
