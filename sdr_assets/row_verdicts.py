"""A suite judges the rows that are new since its last run, and keeps its verdicts on the rows stored.

A rule that judges each row alone ("attributes are JSON", a share of rows with evidence) gives a
stored row the verdict it gave it before, while the rules stay the same: GX is shown the new rows only,
with its complete result (the rows it refused or found empty), and each row's verdicts are kept under
two 64-bit hashes of the row, on any later day. A rule's count is that of every row in the table, so a
table grown by a file is judged as a whole validation judges it, at the cost of the file.

Three kinds of rule are judged on the whole table each run, in a form that costs little: a unique
column, counted in DuckDB as GX counts it (every row whose value another row shares); a rule on a
column derived from the day ("observed at most a day ahead"), its bounds counted in DuckDB on the
column's SQL twin, so a new day judges no row again; and a rule on a column derived per group (a
source's volume), shown to GX as one row per group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hashlib

import duckdb
import polars as pl

from resources.tables import frame_of, one, registered
from sdr_assets.expectations import Rule, outcome, validate

PER_ROW = frozenset({"ExpectColumnValuesToMatchRegex", "ExpectColumnValuesToBeInSet",
                     "ExpectColumnValuesToBeBetween", "ExpectColumnValuesToBeJsonParseable",
                     "ExpectColumnValuesToNotBeNull"})
UNIQUE = "ExpectColumnValuesToBeUnique"
# A row's verdict under each per-row rule, one character a rule in the rules' order.
PASSED, REFUSED, EMPTY = ".", "x", "-"

_DDL = """create table if not exists quality_row_verdicts (
    suite varchar, basis varchar, h0 ubigint, h1 ubigint, verdicts varchar)"""


def _mostly(considered: int, unexpected: int, mostly: float) -> bool:
    """GX's test of a share of rows (``_mostly_success``); no row considered passes."""
    return not considered or (considered - unexpected) / considered >= mostly


def judge_new_rows(con: duckdb.DuckDBPyConnection, name: str, table: str, rules: list[Rule],
                   prepare: Callable[[pl.DataFrame], pl.DataFrame], grouped: dict[str, Callable],
                   dated: dict[str, str]) -> tuple[dict, dict]:
    """``(outcomes, judged)`` of ``rules`` on every row of ``table``, GX judging the rows no run under the
    same rules judged. ``grouped`` gives, per derived column judged by group, a function of the connection
    to a frame ``value, rows``; ``dated``, per column derived from the day, its value as SQL on the table's
    row (what ``prepare`` takes besides the rows shows only in these two). Writes the rows' verdicts
    (those of rows gone deleted) inside the caller's transaction."""
    con.execute(_DDL)
    per_row = [r for r in rules if r.expectation in PER_ROW and r.kwargs.get("column") not in {*grouped, *dated}]
    basis = hashlib.sha256(repr((rules, [r.label for r in per_row])).encode()).hexdigest()
    columns = ", ".join('"{}"'.format(c.replace('"', '""')) for c, *_ in con.execute(f"describe {table}").fetchall())
    # The rows' hashes and positions only: copying every column cost more than judging the new rows.
    con.execute(f"create or replace temp table _rows as select hash({columns}) as h0, hash({columns}, 1) as h1, "
                f"rowid as at from {table}")
    con.execute("delete from quality_row_verdicts where suite = ? and basis <> ?", [name, basis])
    new = frame_of(con, f"select r.h0, r.h1, t.* from _rows r join {table} t on t.rowid = r.at where not exists "
                        "(select 1 from quality_row_verdicts v where v.suite = ? and v.h0 = r.h0 and v.h1 = r.h1)",
                   [name])
    # Counted by the table's rows: a row stored twice counts twice, as GX counts it.
    kept = frame_of(con, "select v.verdicts, count(*) as n from _rows r join quality_row_verdicts v "
                         "on v.suite = ? and v.h0 = r.h0 and v.h1 = r.h1 group by v.verdicts", [name])
    gone = one(con, "select count(*) from quality_row_verdicts v where suite = ? and not exists "
                    "(select 1 from _rows r where v.h0 = r.h0 and v.h1 = r.h1)", [name])[0]
    con.execute("delete from quality_row_verdicts v where suite = ? and not exists "
                "(select 1 from _rows r where v.h0 = r.h0 and v.h1 = r.h1)", [name])
    fresh = _verdicts(name, prepare(new.drop("h0", "h1")), per_row)
    written = new.select("h0", "h1").with_columns(verdicts=pl.Series(fresh, dtype=pl.String)).unique(["h0", "h1"])
    with registered(con, "_written", written):
        con.execute("insert into quality_row_verdicts select ?, ?, h0, h1, verdicts from _written", [name, basis])
    unique = {r.label: _repeated(con, table, r.kwargs["column"]) for r in rules if r.expectation == UNIQUE}
    on_day = {r.label: _between(con, table, r, dated[r.kwargs["column"]]) for r in rules
              if r.kwargs.get("column") in dated}
    groups = {c: f(con) for c, f in grouped.items()}
    con.execute("drop table _rows")
    counts = pl.concat([kept, pl.DataFrame({"verdicts": fresh}, schema={"verdicts": pl.String})
                        .group_by("verdicts").agg(n=pl.len())], how="vertical_relaxed")
    outcomes = {}
    for at, rule in enumerate(per_row):
        refused = int(counts.filter(pl.col("verdicts").str.slice(at, 1) == REFUSED)["n"].sum())
        empty = int(counts.filter(pl.col("verdicts").str.slice(at, 1) == EMPTY)["n"].sum())
        considered = int(counts["n"].sum()) - empty
        mostly = rule.kwargs.get("mostly")
        success = _mostly(considered, refused, mostly) if mostly is not None else not refused
        outcomes[rule.label] = outcome(rule, None, success=success, unexpected_count=refused)
    for rule in rules:
        if rule.label in unique:
            outcomes[rule.label] = outcome(rule, None, success=not unique[rule.label],
                                           unexpected_count=unique[rule.label])
        elif rule.label in on_day:
            considered, refused = on_day[rule.label]
            mostly = rule.kwargs.get("mostly")
            success = _mostly(considered, refused, mostly) if mostly is not None else not refused
            outcomes[rule.label] = outcome(rule, None, success=success, unexpected_count=refused)
        elif rule.kwargs.get("column") in groups:
            outcomes[rule.label] = _by_group(name, rule, groups[rule.kwargs["column"]])
    judged = {"rows_judged_now": new.height, "rows_judged_before": int(kept["n"].sum()) if kept.height else 0,
              "row_verdicts_deleted": gone}
    return outcomes, judged


def _verdicts(name: str, frame: pl.DataFrame, rules: list[Rule]) -> list[str]:
    """Each row's verdicts under ``rules``, as GX gives them on ``frame`` (the new rows). A per-row rule
    judges a value alone, so GX is shown each column's distinct values once, side by side (a shorter
    column padded with empty values, which GX leaves out), and a row takes its value's verdict."""
    if not frame.height or not rules:
        return [PASSED * len(rules)] * frame.height
    judged = [r for r in rules if r.expectation != "ExpectColumnValuesToNotBeNull"]
    columns = sorted({r.kwargs["column"] for r in judged})
    values = {c: frame[c].drop_nulls().unique(maintain_order=True) for c in columns}
    longest = max((v.len() for v in values.values()), default=0)
    padded = pl.DataFrame([v.extend_constant(None, longest - v.len()) for v in values.values()])
    items = validate(f"{name}_rows", padded, judged, "COMPLETE") if longest else {}
    marks = []
    for at, rule in enumerate(rules):
        column = rule.kwargs["column"]
        at_values = list(items[rule.label].result.get("unexpected_index_list") or []) if rule.label in items else []
        refused = values[column].gather(at_values) if at_values else []
        missing = REFUSED if rule.expectation == "ExpectColumnValuesToNotBeNull" else EMPTY
        marks.append(pl.when(pl.col(column).is_null()).then(pl.lit(missing))
                     .when(pl.col(column).is_in(refused)).then(pl.lit(REFUSED))
                     .otherwise(pl.lit(PASSED)).alias(f"_{at}"))
    return frame.select(pl.concat_str(marks)).to_series().to_list()


def _repeated(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """Rows whose ``column`` another row shares, empty values left out: GX's count of a unique column."""
    return one(con, f'select coalesce(sum(n), 0) from (select count(*) as n from {table} where "{column}" is not null '
                    f'group by "{column}" having count(*) > 1)')[0]


def _between(con: duckdb.DuckDBPyConnection, table: str, rule: Rule, value: str) -> tuple[int, int]:
    """``(considered, refused)`` of a rule on bounds over ``value`` (SQL on a row of ``table``), as GX
    counts them: empty values are not considered, a bound is inclusive unless the rule says strict."""
    if rule.expectation != "ExpectColumnValuesToBeBetween":
        raise ValueError(f"{rule.label}: only a rule on bounds is judged on a column derived from the day")
    low, high = rule.kwargs.get("min_value"), rule.kwargs.get("max_value")
    out = [f"v {'<=' if rule.kwargs.get('strict_min') else '<'} {float(low)!r}"] if low is not None else []
    out += [f"v {'>=' if rule.kwargs.get('strict_max') else '>'} {float(high)!r}"] if high is not None else []
    refused = " or ".join(out) or "false"
    return one(con, f"select count(v), count(*) filter (where {refused}) from (select {value} as v from {table})")


def _by_group(name: str, rule: Rule, groups: pl.DataFrame) -> dict[str, Any]:
    """A rule on a column derived per group: GX judges each group's value once, every row of a refused group
    counting."""
    column = rule.kwargs["column"]
    items = validate(f"{name}_{column}_groups", groups.select(pl.col("value").alias(column)), [rule], "COMPLETE")
    refused = list(items[rule.label].result.get("unexpected_index_list") or [])
    count = int(groups.with_row_index("at").filter(pl.col("at").is_in(refused))["rows"].sum())
    mostly = rule.kwargs.get("mostly")
    considered = int(groups.filter(pl.col("value").is_not_null())["rows"].sum())
    success = _mostly(considered, count, mostly) if mostly is not None else not count
    return outcome(rule, None, success=success, unexpected_count=count)
