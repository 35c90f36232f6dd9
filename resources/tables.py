"""Reading and replacing warehouse tables: DuckDB and polars, free of Dagster.

Polars is imported where a frame is made, so that a command that only counts rows (``sdr plays
list``) never loads it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
from duckdb import _seam

if TYPE_CHECKING:
    import polars as pl


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """First row of a query (or None), with the result fully consumed as DuckDB 2 requires."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def frame_of(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    """Run a query and return all its rows as a polars frame, types preserved through Arrow.

    DuckDB 2 has no ``.pl()`` on ``execute`` results; ``con.sql`` refuses to run while an earlier
    ``execute`` result is unfinished, so reads go through ``execute`` and Arrow. DuckDB warns that
    this copies the rows once more; that one warning, and only it, is expected here.
    """
    import polars as pl

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Arrow output on a DB-API result makes an extra copy",
                                category=UserWarning)
        return pl.from_arrow(con.execute(sql, params or []).to_arrow_table())


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``table`` (plain identifiers, joined by dots where qualified) resolves by that name on the
    connection as a statement would read it: its database's tables and views, then temporary and system
    ones, as the connection's transaction sees them. Asked of the binder's name lookup, which DuckDB's
    relation layer uses (``duckdb._seam``): a twentieth of what binding a read of it costs, and, unlike a
    failed statement, a miss leaves an open transaction usable."""
    return _seam.table_kind(con, tuple(table.split("."))) != "none"


class KeyLostError(ValueError):
    """A table whose primary key a rebuild dropped, holding repeated keys, so it cannot be given it back."""


# The table's own columns, not every constraint of the catalogue (``duckdb_constraints()``). A name that
# does not resolve would fail the statement.
_KEY_SQL = "select coalesce(list(name order by cid), []) from pragma_table_info(?) where pk"


def has_key(con: duckdb.DuckDBPyConnection, table: str, key: str) -> bool:
    """Whether ``table`` exists and has its primary key on ``key`` alone."""
    return table_exists(con, table) and one(con, _KEY_SQL, [table])[0] == [key]


def ensure_key(con: duckdb.DuckDBPyConnection, table: str, key: str) -> bool:
    """Give ``table`` back its primary key on ``key`` if a rebuild dropped it, and say whether it had to.

    ``create or replace table t as select ... from t``, the usual way to delete or de-duplicate rows in
    DuckDB, keeps the rows and drops the key, which every ``on conflict`` insert into ``t`` needs.
    Repeated (or null) keys cannot take it back: :class:`KeyLostError` names the table and the repair.
    """
    if has_key(con, table, key):
        return False
    repeated = con.execute(f"select {key}, count(*) from {table} group by 1 having count(*) > 1 or {key} is null "
                           "order by 2 desc, 1 limit 3").fetchall()
    if repeated:
        shown = ", ".join(f"{value!r} ({n} rows)" for value, n in repeated)
        raise KeyLostError(f"table {table} has lost its primary key ({key}), as `create or replace table ... as "
                           f"select` leaves a table, and it cannot be given back: keys repeat or are empty, "
                           f"e.g. {shown}. Remove the repeats, then run `alter table {table} add primary key "
                           f"({key})`")
    con.execute(f"alter table {table} add primary key ({key})")
    return True


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The column names of ``table``, in order (empty when it does not exist)."""
    relation = _relation(con, table)
    return [] if relation is None else list(relation.columns)


def _relation(con: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation | None:
    try:
        return con.table(table)
    except duckdb.CatalogException:
        return None


def read_table(con: duckdb.DuckDBPyConnection, table: str, where: str = "", params: list | None = None) -> pl.DataFrame:
    """Rows of ``table`` (empty frame when the table does not exist yet)."""
    if not table_exists(con, table):
        import polars as pl

        return pl.DataFrame()
    return frame_of(con, f"select * from {table} {where}", params)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Commit what the block wrote, or roll it all back if the block raised anything at all.

    An interrupt (Ctrl-C, a run told to end) may land just before ``begin`` ran, just before ``commit``
    ran or just after it returned: the first leaves nothing to roll back, the second a transaction to
    roll back (left open, the connection's next write would be refused), the third one already
    committed, and no case may hide the interrupt behind DuckDB's "no transaction is active". A commit
    DuckDB refuses ends the transaction too, and its own error is the one raised.
    """
    try:
        con.execute("begin transaction")
        yield
        con.execute("commit")
    except BaseException:
        with suppress(duckdb.TransactionException):  # raised only when no transaction is active
            con.execute("rollback")
        raise


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[list],
                key: str, on_conflict: str) -> int:
    """Insert ``rows`` (values in ``columns`` order) in one statement, as ``executemany`` would one by one.

    ``executemany`` runs a statement per row, about a millisecond each. ``on_conflict`` is
    "nothing" (a row whose ``key`` is already there is skipped, and the first of a repeated key is
    kept) or "replace" (the row replaces it, and the last of a repeated key wins): one statement
    cannot touch a row twice, so repeats are reduced first to the row a one-by-one insert leaves.
    """
    import polars as pl

    if on_conflict not in ("nothing", "replace"):
        raise ValueError(f"on_conflict is 'nothing' or 'replace', not {on_conflict!r}")
    if not rows:
        return 0
    names = ", ".join(columns)
    verb, tail = ("insert", "on conflict do nothing") if on_conflict == "nothing" else ("insert or replace", "")
    # Times read back from DuckDB carry a zoneinfo UTC and new ones datetime.UTC: polars needs one zone.
    rows = [[v.astimezone(UTC) if isinstance(v, datetime) and v.tzinfo else v for v in row] for row in rows]
    try:
        frame = pl.DataFrame(rows, schema=list(columns), orient="row", infer_schema_length=None)
    except (pl.exceptions.PolarsError, TypeError, ValueError):  # values polars cannot type together: one by one
        con.executemany(f"{verb} into {table} ({names}) values ({', '.join('?' * len(columns))}) {tail}", rows)
        return len(rows)
    frame = frame.unique(subset=[key], keep="first" if on_conflict == "nothing" else "last", maintain_order=True)
    with registered(con, "_rows", frame):
        con.execute(f"{verb} into {table} ({names}) select {names} from _rows {tail}")
    return frame.height


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> Iterator[None]:
    """``frame`` readable as the view ``name`` on ``con`` while the block runs.

    An interrupt that lands after a statement returned and before its rows were fetched leaves the
    result unfinished, and DuckDB then refuses to unregister the view: the result is abandoned first,
    so that the interrupt, not DuckDB's refusal, is what the block raises. A statement that failed
    inside a transaction leaves it aborted, refusing the unregister too: its rollback drops the view,
    and the statement's own error is the one raised.
    """
    con.register(name, frame)
    try:
        yield
    except BaseException:
        con.abort()
        with suppress(duckdb.TransactionException):
            con.unregister(name)
        raise
    con.unregister(name)


def take_sequence(con: duckdb.DuckDBPyConnection, sequence: str, n: int) -> list[int]:
    """``n`` new values of ``sequence``, ascending: ids for rows whose order is their insertion order."""
    if n <= 0:
        return []
    return sorted(v for (v,) in con.execute(f"select nextval('{sequence}') from range(?)", [n]).fetchall())


def advance_sequence(con: duckdb.DuckDBPyConnection, sequence: str, past: int) -> None:
    """Move ``sequence`` of the connection's database on until its next value is above ``past``: a
    sequence made again (dropped by hand, or lost with a rebuilt table) starts at 1 under ids in use."""
    current = one(con, "select last_value from duckdb_sequences() where sequence_name = ? "
                       "and database_name = current_database()", [sequence])
    behind = past - ((current[0] if current else None) or 0)
    if behind > 0:
        con.execute(f"select max(nextval('{sequence}')) from range(?)", [behind])


def holds_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> bool:
    """Whether ``table`` exists with exactly ``frame``'s columns, types and rows (in any order): for a
    small table rewritten each run, the rewrite (a drop, a create, an insert) then changes nothing."""
    if not table_exists(con, table):
        return False
    stored = frame_of(con, f"select * from {table}")
    if stored.schema != frame.schema:
        return False
    columns = list(frame.columns)
    return stored.height == frame.height and stored.sort(columns, nulls_last=True).equals(
        frame.sort(columns, nulls_last=True))


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, where: str | None = None,
                 params: list | None = None) -> int:
    """Replace the whole table, or just the rows matching ``where``, with ``frame`` atomically."""
    with transaction(con):
        return rewrite_rows(con, table, frame, where, params)


def rewrite_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, where: str | None = None,
                 params: list | None = None) -> int:
    """:func:`replace_rows` inside the caller's transaction, for a table rewritten with the rows it is folded from."""
    with registered(con, "_frame", frame):
        if where is None:
            con.execute(f"drop table if exists {table}")
        if not table_exists(con, table):
            con.execute(f"create table {table} as select * from _frame limit 0")
        if where is not None:
            con.execute(f"delete from {table} where {where}", params or [])
        if frame.height:
            con.execute(f"insert into {table} by name select * from _frame")
    return frame.height


def sync_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, keys: list[str]) -> tuple[int, int]:
    """Make ``table`` hold exactly ``frame``'s rows, inside the caller's transaction, writing only the keys
    whose rows differ: those of a row new or changed, of a key stored more than once, or no longer in
    ``frame``. A table of other columns or types is rewritten whole. Returns (rows written, rows deleted)."""
    if not table_exists(con, table) or frame_of(con, f"select * from {table} limit 0").schema != frame.schema:
        rewrite_rows(con, table, frame)
        return frame.height, 0
    columns = ", ".join('"{}"'.format(c.replace('"', '""')) for c in frame.columns)
    key = ", ".join(f'"{k}"' for k in keys)
    with registered(con, "_sync", frame):
        # Compared as multisets (``except all``): a row stored twice differs from the same row once.
        con.execute(f"create or replace temp table _sync_keys as select distinct {key} from ("
                    f"(select {columns} from _sync except all select {columns} from {table}) union all "
                    f"(select {columns} from {table} except all select {columns} from _sync))")
        match = " and ".join(f't."{k}" is not distinct from s."{k}"' for k in keys)
        (deleted,) = one(con, f"select count(*) from {table} t where exists (select 1 from _sync_keys s where {match})")
        con.execute(f"delete from {table} t where exists (select 1 from _sync_keys s where {match})")
        (written,) = one(con, f"select count(*) from _sync t where exists (select 1 from _sync_keys s where {match})")
        con.execute(f"insert into {table} by name select * from _sync t where exists (select 1 from _sync_keys s "
                    f"where {match})")
        con.execute("drop table _sync_keys")
    return written, deleted
