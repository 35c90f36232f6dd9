"""Which conversations a run of the escalations builds again: those whose contacts' rows or events changed.

Every address a reply came from or is about has a mark over each row about it: its replies (the
untriaged too), its sends and the drafts they name, its drafts, account and research. Every
escalation has a mark over its events. A run compares them with those its last build recorded and
builds again the conversations that touch a changed mark (``scope``) and keeps the others as they are.

Rows without an address are marked under the empty one, which the conversations of replies without
one hold. Rows whose address is not ASCII (on ASCII alone is DuckDB's lower case Python's) are marked
together under ``WILD``: a change to them builds every conversation again.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from resources.tables import columns_of, table_exists
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalation_rows import conversational

WILD = "*"
ADDRESS, EVENTS = "a:", "e:"
MARKS_TABLE = "escalation_input_marks"
MARKS_DDL = f"create table if not exists {MARKS_TABLE} (part varchar primary key, mark varchar not null)"

# The replies, by the addresses they came from or are about, and the rows read of each address.
REPLY_TABLES = {"reply_classifications": ("contact_email", "from_addr"),
                "quarantined_replies": ("contact_email", "from_addr")}
CONTACT_TABLES = {"send_ledger": "contact_email", "message_drafts": "contact_email", "enriched_accounts": "email",
                  "research_angles": "contact_email"}
# More bytes than characters: a scan of the ledger's addresses a tenth of the cost of matching each.
NOT_ASCII = "strlen({0}) <> length({0})"


def _row_hash(con: duckdb.DuckDBPyConnection, table: str, alias: str) -> str:
    """One hash over every cell of a row of ``table`` (as ``alias``), named so a column added changes it."""
    names = columns_of(con, table)
    cells = ", ".join('{}."{}"'.format(alias, n.replace('"', '""')) for n in names)
    return f"hash('{','.join(names)}', {cells})"


def _by_address(table: str, columns: tuple[str, ...], hashed: str, alias: str) -> list[str]:
    """Selections of (address, row hash): once for each column holding an ASCII address, lower-cased; under
    the empty address for a row with none (every row of a table stored before it had the columns, as
    ``reply_quarantine`` reads them); under ``WILD`` for a row with a column not ASCII."""
    parts = [f"select lower({alias}.{c}) as address, {hashed} as h from {table} {alias} "
             f"where nullif({alias}.{c}, '') is not null and not {NOT_ASCII.format(f'{alias}.{c}')}"
             for c in columns]
    none = " and ".join(f"nullif({alias}.{c}, '') is null" for c in columns) or "true"
    odd = " or ".join(NOT_ASCII.format(f"coalesce({alias}.{c}, '')") for c in columns) or "false"
    return [*parts, f"select '' as address, {hashed} as h from {table} {alias} where {none}",
            f"select '{WILD}' as address, {hashed} as h from {table} {alias} where {odd}"]


def read_marks(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The mark of each address replies came from or are about (``a:`` and the address), of each
    escalation's events (``e:`` and its id), and of the rows whose address is not ASCII (``WILD``)."""
    held = {table: tuple(c for c in columns if c in columns_of(con, table))
            for table, columns in REPLY_TABLES.items() if table_exists(con, table)}
    replies = [s for table, columns in held.items()
               for s in _by_address(table, columns, _row_hash(con, table, "t"), "t")]
    # The rows read of a reply's address lower-cased, ASCII or not as written (a KELVIN SIGN is a "k" lowered).
    lowered = [f"select lower({c}) as address from {table} where not {NOT_ASCII.format(f'lower({c})')}"
               for table, columns in held.items() for c in columns]
    marks: dict[str, str] = {}
    if replies:
        others = [s for table, column in CONTACT_TABLES.items() if column in columns_of(con, table)
                  for s in _by_address(table, (column,), _row_hash(con, table, "t"), "t")]
        if "draft_id" in columns_of(con, "send_ledger") and "draft_id" in columns_of(con, "message_drafts"):
            # The drafts a send names, under the send's address, whoever the draft is addressed to.
            named = _by_address("send_ledger", ("contact_email",), _row_hash(con, "message_drafts", "d"), "t")
            others += [s.replace(" where ", " join message_drafts d on d.draft_id = t.draft_id where ", 1)
                       for s in named]
        sql = (f"with replies as ({' union all '.join(replies)}), "
               f"replied as (select address from replies where address <> '{WILD}'"
               f"{''.join(' union ' + q for q in lowered)}) "
               f"select address, count(*), sum(h) from (select * from replies"
               + (f" union all select * from ({' union all '.join(others)}) o "
                  f"where address = '{WILD}' or address in (select address from replied)" if others else "")
               + ") group by address")
        marks = {(a if a == WILD else ADDRESS + a): f"{n}:{h}" for a, n, h in con.execute(sql).fetchall()}
    return marks | event_marks(con)


def event_marks(con: duckdb.DuckDBPyConnection, leaving_out: list[int] | None = None) -> dict[str, str]:
    """The mark of each escalation's events, without the events ``leaving_out`` names."""
    if not table_exists(con, "escalation_events"):
        return {}
    rows = con.execute(f"select escalation_id, count(*), sum({_row_hash(con, 'escalation_events', 'e')}) "
                       "from escalation_events e where not list_contains(?::bigint[], e.event_id) group by all",
                       [leaving_out or []]).fetchall()
    return {EVENTS + e: f"{n}:{h}" for e, n, h in rows}


def recorded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The marks the last build recorded."""
    if not table_exists(con, MARKS_TABLE):
        return {}
    return dict(con.execute(f"select part, mark from {MARKS_TABLE}").fetchall())


def record(con: duckdb.DuckDBPyConnection, marks: dict[str, str], gone: set[str] | None = None) -> None:
    """Remember ``marks`` as built and forget the parts ``gone`` (every other part, when None: a whole
    build). Inside the caller's transaction, the one that writes the rows."""
    con.execute(MARKS_DDL)
    if gone is None:
        con.execute(f"delete from {MARKS_TABLE}")
    elif gone:
        con.execute(f"delete from {MARKS_TABLE} where list_contains(?, part)", [sorted(gone)])
    if marks:
        con.execute(f"insert or replace into {MARKS_TABLE} select unnest(?), unnest(?)",
                    [list(marks), list(marks.values())])


def changed(now: dict[str, str], built: dict[str, str]) -> set[str]:
    """The parts whose mark is not the one built: new, changed or gone."""
    return {part for part in now.keys() | built.keys() if now.get(part) != built.get(part)}


@dataclass(frozen=True)
class Scope:
    """The conversations to build again (their thread keys), and the addresses and escalations they touch."""

    keys: frozenset[str]
    addresses: frozenset[str]
    escalations: frozenset[str]

    def parts(self) -> set[str]:
        return {ADDRESS + a for a in self.addresses} | {EVENTS + e for e in self.escalations}


def _addresses(*values: str | None) -> set[str]:
    """The addresses a reply or conversation is marked under: the empty one when it has none."""
    return {v.lower() for v in values if v} or {""}


def scope(classified: pl.DataFrame, existing: pl.DataFrame, parts: set[str]) -> Scope | None:
    """The conversations the changed ``parts`` reach: each that one of the addresses holds (every reply of
    a conversation holds the address its key is made of, so a change to any of them reaches it, and so
    do those of a conversation of no play whose reply moved to its play's), and each of the escalations.
    None when only a whole build can follow them: rows whose address is not ASCII changed, or events
    of an escalation there is no row of."""
    if WILD in parts:
        return None
    touched: dict[str, set[str]] = {}
    ids: dict[str, str] = {}
    for r in conversational(classified):
        key = esc.thread_key(r["play"], r["contact_email"], r["from_addr"])
        touched.setdefault(key, set()).update(_addresses(r["contact_email"], r["from_addr"]))
    if existing.height:
        for key, escalation_id, contact, sender in existing.select(
                "thread_key", "escalation_id", "contact_email", "from_addr").iter_rows():
            touched.setdefault(key, set()).update(_addresses(contact, sender))
            ids[escalation_id] = key
    events = {p[len(EVENTS):] for p in parts if p.startswith(EVENTS)}
    if events - ids.keys():
        return None
    addresses = {p[len(ADDRESS):] for p in parts if p.startswith(ADDRESS)}
    keys = {ids[e] for e in events} | {key for key, held in touched.items() if held & addresses}
    return Scope(frozenset(keys), frozenset(addresses.union(*(touched[k] for k in keys))),
                 frozenset(events.union(e for e, k in ids.items() if k in keys)))


def key_addresses(classified: pl.DataFrame, existing: pl.DataFrame, keys: frozenset[str]) -> set[str]:
    """The address each of ``keys`` is made of (``esc.thread_key``'s), from the replies and rows that have them."""
    rows = [(r["play"], r["contact_email"], r["from_addr"]) for r in conversational(classified)]
    if existing.height:
        rows += existing.select("play", "contact_email", "from_addr").rows()
    return {(c or f or "").strip().lower() for p, c, f in rows if esc.thread_key(p, c, f) in keys}


def thread_keys(classified: pl.DataFrame) -> list[str]:
    """The thread key of each row of ``classified``, in its order."""
    if classified.is_empty():
        return []
    return [esc.thread_key(p, c, f) for p, c, f in classified.select("play", "contact_email", "from_addr").iter_rows()]
