"""The last outcome of each quality suite, keyed by a fingerprint of the data and the rules it judged,
and GX's verdicts on the values of its stored columns (``sdr_assets/value_verdicts.py``).

Great Expectations is deterministic: the same frame under the same rules gives the same outcome.
A run over unchanged data reuses the stored outcome instead of importing GX and validating again;
a run over changed data has GX judge only the values it has not judged before.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb

from resources.tables import frame_of, one, transaction

if TYPE_CHECKING:
    import polars as pl


_SCHEMA = """create table if not exists quality_validations (
    suite varchar primary key, fingerprint varchar, outcomes varchar, validated_at timestamptz)"""


def recall(con: duckdb.DuckDBPyConnection, suite: str, fingerprint: str) -> tuple[dict, datetime] | None:
    """The stored outcomes and when they were validated, if the suite last judged exactly this."""
    con.execute(_SCHEMA)
    row = one(con, "select outcomes, validated_at from quality_validations where suite = ? and fingerprint = ?",
              [suite, fingerprint])
    return (json.loads(row[0]), row[1]) if row else None


def remember(con: duckdb.DuckDBPyConnection, suite: str, fingerprint: str, outcomes: dict, at: datetime) -> None:
    con.execute(_SCHEMA)
    with transaction(con):
        con.execute("delete from quality_validations where suite = ?", [suite])
        con.execute("insert into quality_validations values (?, ?, ?, ?)",
                    [suite, fingerprint, json.dumps(outcomes, default=str), at])


_VERDICTS = """create table if not exists quality_value_verdicts (
    suite varchar, rule varchar, h0 ubigint, h1 ubigint, refused boolean)"""


def recall_verdicts(con: duckdb.DuckDBPyConnection, suite: str) -> dict[str, pl.DataFrame]:
    """GX's stored verdicts on the values of the suite's last run, per rule key: ``h0, h1, refused``."""
    con.execute(_VERDICTS)
    rows = frame_of(con, "select rule, h0, h1, refused from quality_value_verdicts where suite = ?", [suite])
    return {key: part.drop("rule") for (key,), part in rows.partition_by("rule", as_dict=True).items()} \
        if rows.height else {}


def remember_verdicts(con: duckdb.DuckDBPyConnection, suite: str, verdicts: dict[str, pl.DataFrame],
                      stored: dict[str, pl.DataFrame] | None = None) -> int:
    """Make the suite's verdicts ``verdicts``: those on the values it holds now, nothing older. Given
    ``stored`` (what ``recall_verdicts`` read), only the verdicts that differ are deleted and inserted:
    a table grown by a file writes its new values', not every value's again. Returns the rows written."""
    import polars as pl

    con.execute(_VERDICTS)

    def rows(by_rule: dict[str, pl.DataFrame]) -> pl.DataFrame:
        return pl.concat([pl.DataFrame(schema={"rule": pl.String, "h0": pl.UInt64, "h1": pl.UInt64,
                                               "refused": pl.Boolean}),
                          *(v.select(pl.lit(k).alias("rule"), "h0", "h1", "refused") for k, v in by_rule.items())],
                         how="vertical_relaxed")

    now = rows(verdicts)
    before = rows(stored) if stored is not None else None
    added = now if before is None else now.join(before, on=list(now.columns), how="anti", nulls_equal=True)
    gone = None if before is None else before.join(now, on=list(now.columns), how="anti", nulls_equal=True)
    with transaction(con):
        if gone is None:
            con.execute("delete from quality_value_verdicts where suite = ?", [suite])
        elif gone.height:
            con.register("_gone", gone)
            con.execute("delete from quality_value_verdicts v where suite = ? and exists (select 1 from _gone g "
                        "where g.rule = v.rule and g.h0 = v.h0 and g.h1 = v.h1 and g.refused = v.refused)", [suite])
            con.unregister("_gone")
        if added.height:
            con.register("_verdicts", added)
            con.execute("insert into quality_value_verdicts select ?, rule, h0, h1, refused from _verdicts", [suite])
            con.unregister("_verdicts")
    return added.height + (gone.height if gone is not None else 0)


def table_digest(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[tuple[str, str]], int, str]:
    """``(columns with their types, rows, digest of every row)``, computed in DuckDB without reading the
    rows out. The digest sums two 64-bit hashes of each row, so it moves with any cell, any row added,
    removed or repeated, and not with the rows' order, which no suite's outcome depends on. (A layer's
    ``table_mark`` sums one hash: cheaper, and enough to tell a layer its input moved.)"""
    schema = [(name, kind) for name, kind, *_ in con.execute(f"describe {table}").fetchall()]
    columns = ", ".join(f'"{name}"' for name, _ in schema)
    rows, first, second = one(con, f"select count(*), sum(hash({columns})), sum(hash({columns}, 1)) from {table}")
    return schema, rows, f"{first}:{second}"
