"""``sequence_holds`` kept by person: a run folds again only the people whose replies changed since.

A person's hold follows her replies alone (``holds_from``), and a reply's part in it follows ``now``
only while it is undated or dated ahead of the clock (``bounded_replies``). ``sequence_holds_read``
keeps, for each reply folded, a hash of what a hold is decided from, whose person it is, and none for
a reply that follows the clock: a run reads the replies whose hash is not stored and the people those
are or were, and folds again those people's replies only. The holds are folded whole where the table
was written since the last fold, the rules that work a hold out changed, the clock went back, or
nothing was folded yet.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, insert_rows, rewrite_rows, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.holds import HOLD_INPUTS, holds_from
from sdr_assets.domain.mail_dates import CLOCK_SKEW
from sdr_assets.incremental import record_mark, recorded_mark, row_hash, table_mark
from sdr_assets.rule_digest import hold_digest

READ_DDL = ("create table if not exists sequence_holds_read "
            "(message_id varchar primary key, mark bigint, person varchar)")
# The rules of the last fold (``rule_digest.hold_digest``), its clock, and the mark of the table it left
# ("rules|now|table mark").
MARK = "sequence_holds/read"


def _inputs(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [c for c in HOLD_INPUTS if c in columns_of(con, "reply_classifications")]


def _mark_sql(read: list[str]) -> str:
    """A reply's hash (of ``c``), or none where it follows the clock (``?``: the clock plus its skew)."""
    return (f"case when c.received_at is not null and c.received_at <= ?::timestamptz "
            f"then {row_hash(['c.' + col for col in read])} end"
            if "received_at" in read else "null::bigint")


def _changed(con: duckdb.DuckDBPyConnection, read: list[str], ahead: datetime) -> pl.DataFrame:
    """The replies whose hash is not stored (new, edited, or following the clock), with their hash."""
    sql = (f"select {', '.join('c.' + col for col in read)}, {_mark_sql(read)} as read_mark "
           "from reply_classifications c where not exists (select 1 from sequence_holds_read s "
           f"where s.message_id = c.message_id and s.mark = {_mark_sql(read)})")
    return frame_of(con, sql, [ahead] * sql.count("?"))


def _stale(con: duckdb.DuckDBPyConnection, read: list[str], ahead: datetime) -> list[tuple[str, str]]:
    """(message id, person) of the stored replies that are gone or whose hash moved."""
    sql = ("select s.message_id, s.person from sequence_holds_read s where not exists (select 1 from "
           f"reply_classifications c where c.message_id = s.message_id and s.mark = {_mark_sql(read)})")
    return con.execute(sql, [ahead] * sql.count("?")).fetchall()


def _person(reply: dict) -> str:
    """Whose hold a reply decides, as ``holds_from`` keys it."""
    return person_key(reply.get("contact_email") or reply.get("from_addr"))


def _people(changed: pl.DataFrame, stale: list[tuple[str, str]]) -> set[str]:
    """The people whose replies changed: those of the replies read, and those the stale ones were."""
    return {_person(r) for r in changed.iter_rows(named=True)} | {person for _, person in stale}


def _holds_of(con: duckdb.DuckDBPyConnection, read: list[str], people: set[str], changed: pl.DataFrame,
              stale: list[tuple[str, str]], now: datetime) -> pl.DataFrame:
    """The holds of ``people`` at ``now``, from their replies folded before (less the stale ones) and those changed."""
    kept = con.execute("select message_id from sequence_holds_read where list_contains(?, person)",
                       [sorted(people)]).fetchall()
    ids = sorted({row[0] for row in kept} - {m for m, _ in stale} | set(changed["message_id"]))
    return holds_from(frame_of(con, f"select {', '.join(read)} from reply_classifications "
                                    "where list_contains(?, message_id)", [ids]), now)


def _boundary_holds(con: duckdb.DuckDBPyConnection, now: datetime) -> bool:
    """Whether the table is as the last fold left it, under the rules this process runs, at a clock no
    later than ``now``."""
    mark = recorded_mark(con, MARK)
    if mark is None or not (table_exists(con, "sequence_holds") and table_exists(con, "sequence_holds_read")):
        return False
    rules, _, rest = mark.partition("|")
    at, _, written = rest.partition("|")
    return (rules == hold_digest() and datetime.fromisoformat(at) <= now
            and written == table_mark(con, "sequence_holds", ["sequence_holds"]))


def fold_holds(con: duckdb.DuckDBPyConnection, now: datetime, whole: bool = False) -> int | None:
    """Fold the holds of the people whose replies changed into ``sequence_holds``, inside the caller's
    transaction; returns how many people were folded, or None for a whole fold."""
    read = _inputs(con)
    if not read or "message_id" not in read:
        rewrite_rows(con, "sequence_holds", holds_from(pl.DataFrame(), now))
        return None
    ahead = now + CLOCK_SKEW
    whole = whole or not _boundary_holds(con, now)
    if whole:
        con.execute("drop table if exists sequence_holds_read")
    con.execute(READ_DDL)
    changed = _changed(con, read, ahead)
    stale = _stale(con, read, ahead)
    people = _people(changed, stale)
    if not whole and not people:
        return 0
    frame = holds_from(changed.drop("read_mark"), now) if whole else _holds_of(con, read, people, changed, stale, now)
    if whole:
        rewrite_rows(con, "sequence_holds", frame)
    else:
        rewrite_rows(con, "sequence_holds", frame, "list_contains(?, email)", [sorted(people)])
    con.execute("delete from sequence_holds_read where list_contains(?, message_id)", [[m for m, _ in stale]])
    insert_rows(con, "sequence_holds_read", ("message_id", "mark", "person"),
                [[r["message_id"], r["read_mark"], _person(r)] for r in changed.iter_rows(named=True)],
                "message_id", "replace")
    written = table_mark(con, "sequence_holds", ["sequence_holds"])
    record_mark(con, MARK, f"{hold_digest()}|{now.isoformat()}|{written}", now)
    return None if whole else len(people)


def holds_current(con: duckdb.DuckDBPyConnection, now: datetime) -> bool:
    """Whether a fold at ``now`` would change no hold: the table as the last fold left it, no reply new,
    edited or gone, and the holds of the people whose replies follow the clock as stored (a stop from
    an undated reply stands; its pause moves with the day)."""
    read = _inputs(con)
    if not read or "message_id" not in read or not _boundary_holds(con, now):
        return False
    ahead = now + CLOCK_SKEW
    changed, stale = _changed(con, read, ahead), _stale(con, read, ahead)
    if changed.is_empty() and not stale:
        return True
    # Read again only as replies that follow the clock (read on every fold, never stored with a hash)?
    if changed["read_mark"].is_not_null().any() or set(changed["message_id"]) != {m for m, _ in stale}:
        return False
    people = _people(changed, stale)
    frame = _holds_of(con, read, people, changed, stale, now)
    stored = frame_of(con, "select * from sequence_holds where list_contains(?, email)", [sorted(people)])
    columns = list(frame.columns)
    return stored.schema == frame.schema and stored.sort(columns, nulls_last=True).equals(
        frame.sort(columns, nulls_last=True))
