"""The triggers' answers on each signal attributes text, kept for the next qualification.

``qualified_signals`` is rebuilt whenever a signal arrives, and asking every trigger's conditions of
every attributes text in the window again is most of its work (``attribute_verdicts``). The answers
depend on the type, the text and the conditions alone, so they are kept under the digest of the
conditions and of the rules that judge them (``conditions_digest``): a changed play or rule asks all
again, and the table is written anew. A whole build keeps no more than twice the texts the window
holds; the files appended after it, no more than twice that again (``signals.appended_since``).
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

import duckdb
import polars as pl

from resources.tables import frame_of, rewrite_rows, table_exists
from sdr_assets.domain import signal_triggers
from sdr_assets.domain.signal_triggers import KEY, VERDICTS_SCHEMA, attribute_conditions
from sdr_assets.rule_digest import source_digest

TABLE = "trigger_attribute_verdicts"


def conditions_digest(triggers: list[dict[str, Any]]) -> str:
    """What ``attribute_verdicts`` answers under: the triggers' conditions on the attributes, in their
    order, the source of the rules that judge them, and the interpreter, whose ``str`` writes the values."""
    described = json.dumps(attribute_conditions(triggers), sort_keys=True, default=repr)
    rules = source_digest(signal_triggers.__name__)
    return hashlib.sha256(f"{described}|{rules}|{sys.version}".encode()).hexdigest()[:24]


def kept_verdicts(con: duckdb.DuckDBPyConnection, under: str) -> pl.DataFrame | None:
    """The answers kept under the digest ``under`` (``VERDICTS_SCHEMA``); None before any were kept."""
    if not table_exists(con, TABLE):
        return None
    columns = ", ".join(VERDICTS_SCHEMA)
    return frame_of(con, f"select {columns} from {TABLE} where conditions = ?", [under]).cast(VERDICTS_SCHEMA)


def keep_verdicts(con: duckdb.DuckDBPyConnection, under: str, verdicts: pl.DataFrame,
                  known: pl.DataFrame | None, append: bool = False) -> int:
    """Keep ``verdicts``, given ``known`` (what ``kept_verdicts`` read), in the caller's transaction;
    how many of them were asked, not kept. The table is written anew when nothing was kept under
    ``under`` or it would hold more than twice the texts ``verdicts`` holds; with ``append`` (the
    verdicts of new rows alone, not of the window) only what was asked is added."""
    asked = verdicts if known is None else verdicts.join(known, on=KEY, how="anti", nulls_equal=True)
    if known is None or not known.height or (not append and known.height + asked.height > 2 * verdicts.height):
        rewrite_rows(con, TABLE, verdicts.with_columns(conditions=pl.lit(under, pl.String)))
    elif asked.height:
        rewrite_rows(con, TABLE, asked.with_columns(conditions=pl.lit(under, pl.String)), "false")
    return asked.height
