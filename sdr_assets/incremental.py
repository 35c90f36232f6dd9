"""Incremental layers: process what is new since the last run, merge it on its keys.

Every incremental asset takes ``LayerConfig``; ``full_refresh: true`` (Launchpad, or run config)
rebuilds the layer from everything stored instead. The marks and merges here import no Dagster, so the
commands that read suppressions and holds (``sdr inbox``, ``sdr status``) start without it;
``LayerConfig`` is imported on first use.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from resources.tables import columns_of, registered, table_exists
from sdr_assets.domain.file_clock import FileRecord, status, vouches


def __getattr__(name: str):
    if name != "LayerConfig":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sdr_assets.layer_config import LayerConfig

    return LayerConfig


def merge_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, keys: list[str]) -> int:
    """Insert ``frame`` into ``table``, replacing the rows with the same ``keys``, inside the caller's transaction."""
    with registered(con, "_frame", frame):
        if not table_exists(con, table):
            con.execute(f"create table {table} as select * from _frame")
        elif frame.height:
            match = " and ".join(f"t.{k} is not distinct from f.{k}" for k in keys)
            con.execute(f"delete from {table} t where exists (select 1 from _frame f where {match})")
            con.execute(f"insert into {table} by name select * from _frame")
    return frame.height


def drop_keys(con: duckdb.DuckDBPyConnection, table: str, gone: pl.DataFrame, keys: list[str]) -> int:
    """Delete the rows of ``table`` whose ``keys`` are those of a row of ``gone``, inside the caller's transaction."""
    if gone.is_empty() or not table_exists(con, table):
        return 0
    with registered(con, "_gone", gone.select(keys)):
        match = " and ".join(f"t.{k} is not distinct from g.{k}" for k in keys)
        con.execute(f"delete from {table} t where exists (select 1 from _gone g where {match})")
    return gone.height


MARKS_DDL = """
create table if not exists layer_marks (
    layer varchar primary key,
    mark varchar not null,
    valid_until timestamptz,
    marked_at timestamptz not null
)
"""


def unchanged(con: duckdb.DuckDBPyConnection, layer: str, mark: str, now: datetime, table: str | None = None) -> bool:
    """True when ``layer`` (whose rows are in ``table``, by default a table of its own name) was last
    built from inputs with this ``mark`` and its result still holds at ``now``."""
    if not table_exists(con, "layer_marks"):
        return False
    row = con.execute("select mark, valid_until from layer_marks where layer = ?", [layer]).fetchone()
    # The layer's own table is looked up last: most runs that find a mark find a new one.
    return bool(row) and row[0] == mark and (row[1] is None or now < row[1]) and table_exists(con, table or layer)


def recorded_mark(con: duckdb.DuckDBPyConnection, layer: str) -> str | None:
    """The mark ``layer`` last recorded, if any."""
    if not table_exists(con, "layer_marks"):
        return None
    row = con.execute("select mark from layer_marks where layer = ?", [layer]).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class LayerInputs:
    """What a layer is built from, in two parts: a digest of what only a whole rebuild follows (its
    plays, settings, the day: ``rest``), and the marks of the tables it can merge from (``tables``)."""

    rest: str
    tables: str

    def mark(self, written: str) -> str:
        """The layer's mark once its table's mark is ``written``."""
        return f"{self.rest}:{self.tables}|{written}"


def mergeable(con: duckdb.DuckDBPyConnection, layer: str, inputs: LayerInputs, written: str) -> bool:
    """Whether ``layer`` was last built from the same ``rest`` of its inputs and its table is as that
    build left it (``written`` is the table's mark now): only what its tables changed is to be redone."""
    mark = recorded_mark(con, layer)
    return mark is not None and mark.startswith(inputs.rest + ":") and mark.endswith("|" + written)


def record_mark(con: duckdb.DuckDBPyConnection, layer: str, mark: str, now: datetime,
                valid_until: datetime | None = None) -> None:
    """Remember what ``layer`` was built from, and until when its result holds without new input.

    A layer marked before has its row updated: DuckDB's ``insert or replace`` cost four times as much."""
    if not table_exists(con, "layer_marks"):
        con.execute(MARKS_DDL)
    updated = con.execute("update layer_marks set mark = ?, valid_until = ?, marked_at = ? where layer = ?",
                          [mark, valid_until, now, layer]).fetchone()[0]
    if not updated:
        con.execute("insert into layer_marks values (?, ?, ?, ?)", [layer, mark, valid_until, now])


def layer_marks(con: duckdb.DuckDBPyConnection, prefix: str) -> dict[str, str]:
    """The stored marks of the parts of a layer (``prefix`` + part name), by part."""
    if not table_exists(con, "layer_marks"):
        return {}
    rows = con.execute("select layer, mark from layer_marks where starts_with(layer, ?)", [prefix]).fetchall()
    return {layer[len(prefix):]: mark for layer, mark in rows}


def record_layer_marks(con: duckdb.DuckDBPyConnection, prefix: str, marks: dict[str, str], gone: list[str],
                       now: datetime) -> None:
    """Remember what each part of a layer was built from; forget the parts that are gone. Inside the
    caller's transaction, the one that writes what the marks vouch for."""
    con.execute(MARKS_DDL)
    # One statement each: a statement per part cost a millisecond per part.
    if gone:
        con.execute("delete from layer_marks where list_contains(?, layer)", [[prefix + part for part in gone]])
    if marks:
        con.execute("insert or replace into layer_marks select unnest(?), unnest(?), null, ?",
                    [[prefix + part for part in marks], list(marks.values()), now])


def row_hash(columns: list[str]) -> str:
    """SQL for a hash of ``columns`` that a ``bigint`` column keeps and polars reads back (DuckDB's is unsigned)."""
    return f"(hash({', '.join(columns)}) >> 1)::bigint"


def table_mark(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], where: str = "",
               params: list | None = None) -> str:
    """A fingerprint of ``table``'s ``columns`` over every row (or those ``where`` keeps): any insert,
    delete or edit changes it. ``[table]`` as the columns means every column, named in the mark."""
    plan = _mark_plan(con, table, columns)
    if plan is None:
        return "absent"
    named, select = plan
    count, digest = con.execute(f"{select} {'where ' + where if where else ''}", params or []).fetchone()
    return f"{named}{count}:{digest}"


def table_marks(con: duckdb.DuckDBPyConnection, columns: dict[str, list[str]]) -> dict[str, str]:
    """``table_mark`` of each table over its ``columns``, in one statement: a statement per table cost
    more than its hashing (about half a millisecond each, on the small tables most layers read)."""
    marks, named, branches = {}, {}, []
    for table, cols in columns.items():
        plan = _mark_plan(con, table, cols)
        if plan is None:
            marks[table] = "absent"
            continue
        named[table], select = plan
        branches.append(select.replace("select ", f"select {len(branches)} as part, ", 1))
    if branches:
        parts = list(named)
        for part, count, digest in con.execute(" union all ".join(branches)).fetchall():
            marks[parts[part]] = f"{named[parts[part]]}{count}:{digest}"
    return {table: marks[table] for table in columns}


def _mark_plan(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> tuple[str, str] | None:
    """What a table's mark starts with, and the statement that counts and hashes its rows; None when
    the table does not exist."""
    if columns == [table]:
        names = columns_of(con, table)
        if not names:
            return None
        # One hash over the row's cells: packing them into a struct first cost as much again.
        columns, named = ['"{}"'.format(n.replace('"', '""')) for n in names], ",".join(names) + "="
    elif not table_exists(con, table):
        return None
    else:
        named = ""
    # A sum, not an XOR: over columns that repeat (a play, a status) equal rows would cancel in pairs.
    return named, f"select count(*), sum(hash({', '.join(columns)})) from {table}"


def tables_mark(con: duckdb.DuckDBPyConnection, columns: dict[str, list[str]]) -> list[str]:
    """``table_mark`` of each table over only the columns a layer reads from it."""
    return [f"{table}={mark}" for table, mark in table_marks(con, columns).items()]


FILE_DIGESTS_DDL = """
create table if not exists file_digests (
    path varchar primary key,
    size bigint not null,
    mtime_ns bigint not null,
    hashed_ns bigint not null,
    sha256 varchar not null,
    inode bigint,
    ctime_ns bigint
)
"""
# Entries kept before the file's status was: an unknown status is a change, hashed again once.
_DIGEST_STATUS = ("alter table file_digests add column if not exists inode bigint",
                  "alter table file_digests add column if not exists ctime_ns bigint")


def file_digest(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """The SHA-256 of ``path``'s bytes, read again only when its size, modification time or status
    (``file_clock.status``: a copy that kept the size and time moves it) changed, or it was hashed so
    soon after a change that they could hide another. Wall-clock time, not the project clock: it is
    compared with the file system's own times."""
    con.execute(FILE_DIGESTS_DDL)
    if "ctime_ns" not in columns_of(con, "file_digests"):
        for statement in _DIGEST_STATUS:
            con.execute(statement)
    stat, key = path.stat(), str(path.resolve())
    row = con.execute("select size, mtime_ns, hashed_ns, inode, ctime_ns, sha256 from file_digests where path = ?",
                      [key]).fetchone()
    if row and vouches(FileRecord(*row[:5]), stat):
        return row[5]
    hashed_ns, sha = time.time_ns(), hashlib.sha256(path.read_bytes()).hexdigest()
    con.execute("insert or replace into file_digests (path, size, mtime_ns, hashed_ns, sha256, inode, ctime_ns) "
                "values (?, ?, ?, ?, ?, ?, ?)", [key, stat.st_size, stat.st_mtime_ns, hashed_ns, sha, *status(stat)])
    return sha


def digest(parts: list) -> str:
    """One fingerprint of a layer's inputs (marks, versions, settings), to store with ``record_mark``."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()
