"""Which version of each play a layer's rows were chosen under, for the layer after it to read them only
while that is still the play's current one.

The signals qualified for a play are chosen by its triggers, its enriched accounts and contacts by its
triggers, segment and personas. A layer materialized alone after an edit (in the UI) reads the rows the
layer before it chose under the version before: ``qualified_signals`` records each play's triggers
(``QUALIFIED_UNDER``) and ``enriched_accounts`` its targeting (``ENRICHED_UNDER``), the latter only for a
play whose signals were qualified under its current triggers. A warehouse of a release that recorded
neither reads as chosen under the current version, as it did.
"""

from __future__ import annotations

import duckdb
import polars as pl

from resources.tables import rewrite_rows, table_exists

QUALIFIED_UNDER = "qualified_play_triggers"
ENRICHED_UNDER = "enriched_play_targeting"
_SCHEMA = {"play": pl.String, "chosen_under": pl.String}


def record_choices(con: duckdb.DuckDBPyConnection, table: str, chosen: dict[str, str]) -> None:
    """Record, inside the caller's transaction, the digest each play's rows were chosen under."""
    rewrite_rows(con, table, pl.DataFrame(sorted(chosen.items()), schema=_SCHEMA, orient="row"))


def recorded_choices(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str] | None:
    """The digest each play's rows were chosen under; None where no run of this release recorded them."""
    if not table_exists(con, table):
        return None
    return dict(con.execute(f"select play, chosen_under from {table}").fetchall())
