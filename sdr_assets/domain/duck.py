"""Small DuckDB helpers shared by the pure modules and the warehouse resource."""

from __future__ import annotations

import duckdb


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """First row of a query (or None), with the result fully consumed as DuckDB 2 requires."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None
