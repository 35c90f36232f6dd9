"""Enrichment records set aside, kept in ``quarantined_enrichment_records`` with their reason.

A provider read again replaces its earlier rows: the local files are read on every run, so their
rows are replaced whole; a cached provider's rows are replaced for the domains it was asked about
again and kept for the domains answered from the cache (the bad record is still there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from resources.tables import registered
from sdr_assets.domain.enrichment_records import QuarantinedRecord

if TYPE_CHECKING:
    from sdr_assets.enrichment_cache import WaterfallStats

QUARANTINE_DDL = """
create table if not exists quarantined_enrichment_records (
    provider varchar not null,
    source varchar not null,
    line integer not null,
    field varchar not null,
    reason varchar not null,
    raw varchar not null,
    domain varchar not null,
    quarantined_at timestamptz not null
)"""

QUARANTINE_COLUMNS = {"provider": pl.String, "source": pl.String, "line": pl.Int64, "field": pl.String,
                      "reason": pl.String, "raw": pl.String, "domain": pl.String}


def quarantine_md(quarantine: pl.DataFrame, limit: int = 20) -> str:
    """The first records set aside this run, one line each: where, which field, why."""
    lines = [f"- {r['provider']} {r['source']} line {r['line']}" + (f" `{r['field']}`" if r["field"] else "")
             + f": {r['reason']}" for r in quarantine.head(limit).iter_rows(named=True)]
    more = quarantine.height - limit
    return "\n".join(lines + ([f"- … and {more} more"] if more > 0 else [])) or "_none_"


def store_quarantine(con: duckdb.DuckDBPyConnection, stats: WaterfallStats, now: datetime) -> int:
    """Replace the quarantine of what was read again this run, inside the caller's transaction (the one
    that writes the accounts read with it); the number of rows now held."""
    con.execute(QUARANTINE_DDL)
    for provider, domains in stats.reread.items():
        _drop(con, provider, domains)
    _insert(con, stats.quarantined, now)
    return con.execute("select count(*) from quarantined_enrichment_records").fetchone()[0]


def keep_with_answers(con: duckdb.DuckDBPyConnection, provider: str, domains: list[str],
                      held: Iterable[QuarantinedRecord], now: datetime) -> None:
    """Replace the quarantine of ``domains`` with what the provider's fresh answers about them set aside,
    in the transaction that caches those answers: the cache holds them without it, so a run interrupted
    before its accounts are written leaves it to the next run, which reads them from the cache."""
    con.execute(QUARANTINE_DDL)
    _drop(con, provider, domains)
    asked = set(domains)
    _insert(con, [q for q in held if q.domain in asked], now)


def _drop(con: duckdb.DuckDBPyConnection, provider: str, domains: list[str] | None) -> None:
    """Remove a provider's quarantine, of ``domains`` or (None) whole."""
    if domains is None:
        con.execute("delete from quarantined_enrichment_records where provider = ?", [provider])
    else:
        con.execute("delete from quarantined_enrichment_records where provider = ? "
                    "and domain in (select unnest(?::varchar[]))", [provider, domains])


def _insert(con: duckdb.DuckDBPyConnection, held: Iterable[QuarantinedRecord], now: datetime) -> None:
    rows = pl.DataFrame([(q.provider, q.source, q.line, q.field, q.reason[:500], q.raw, q.domain) for q in held],
                        schema=QUARANTINE_COLUMNS, orient="row")
    if rows.height:  # one statement: a row at a time cost a tenth of a millisecond or more each
        with registered(con, "_held", rows):
            con.execute("insert into quarantined_enrichment_records by name select *, ?::timestamptz as quarantined_at "
                        "from _held", [now])
