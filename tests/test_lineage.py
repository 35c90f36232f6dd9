"""Lineage is the truth: no cycle, and every table an asset or check reads is a declared upstream.

The reads are recorded through the warehouse resource while the real jobs run (signals, one
approved play's outreach, replies), so what is checked is what the code does, not what it says.
A table a step reads from a later layer when it runs (sends read suppressions, holds, bounces and
decisions; escalations read what people did with them) must be listed in its
``sdr/reads_later_events`` metadata and must not be written by any step upstream of it (people's
event tables, such as decisions, may be read at any time): that is feedback, read as events, not a
hidden upstream.

A step computed again only when the columns it declares reading changed (``reply_performance``,
``outreach_funnel``) must declare every column its queries name: a column read and not declared is
a change it never sees (the table-level check cannot tell: the table is a declared upstream).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
import pytest

from resources.tables import columns_of
from resources.warehouse import Warehouse
from sdr_assets.assembly import build_definitions
from tests.approving import approve
from sdr_assets.inbox import MEETING_CANCELLATIONS_DDL, MEETINGS_DDL
from sdr_assets.incremental import tables_mark
from sdr_assets.performance import FUNNEL_INPUTS, PER_SEND_INPUTS
from sdr_assets.play_graph import job_name

PLAY = "revops-hiring"
_READS = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)", re.I)
# Rows written: inserts, updates, tables created from a query, dropped or emptied. "create table if
# not exists" and "alter table" only make sure of a schema, so they are not counted.
_WRITES = re.compile(r"\b(?:into|update|create\s+(?:or\s+replace\s+)?table(?!\s+if\s+not\s+exists)"
                     r"|drop\s+table(?:\s+if\s+exists)?)\s+([a-z_][a-z0-9_]*)", re.I)
_DELETE = re.compile(r"^\s*delete\s+from\s+([a-z_][a-z0-9_]*)", re.I)
_RECORD: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"reads": set(), "writes": set(), "statements": set()})


def tables_of(sql: str) -> tuple[set[str], set[str]]:
    """(read, written) table names of one statement."""
    writes = {m.lower() for m in _WRITES.findall(sql)}
    deleted = _DELETE.match(sql)
    if deleted:
        writes.add(deleted.group(1).lower())
    reads = {m.lower() for m in _READS.findall(sql)}
    if deleted:
        reads.discard(deleted.group(1).lower())
    return reads, writes


def test_tables_of_reads_and_writes():
    assert tables_of("insert into send_ledger by name select * from _frame") == ({"_frame"}, {"send_ledger"})
    assert tables_of("delete from message_drafts where play = ?") == (set(), {"message_drafts"})
    assert tables_of("select l.a from send_ledger l join reply_classifications c using (k)") == (
        {"send_ledger", "reply_classifications"}, set())
    assert tables_of("create table x as select * from y") == ({"y"}, {"x"})
    assert tables_of("create table if not exists x (a int)") == (set(), set())


class _Recording:
    """A DuckDB connection that notes, per running step, the tables each statement reads and writes."""

    def __init__(self, con):
        self._con = con

    def _note(self, sql) -> None:
        try:
            step = dg.OpExecutionContext.get().op.name
        except dg.DagsterInvariantViolationError:
            step = "(outside a step)"
        reads, writes = tables_of(str(sql))
        _RECORD[step]["reads"] |= reads
        _RECORD[step]["writes"] |= writes
        _RECORD[step]["statements"].add(str(sql))

    def execute(self, sql, *args, **kwargs):
        self._note(sql)
        return self._con.execute(sql, *args, **kwargs)

    def sql(self, sql, *args, **kwargs):
        self._note(sql)
        return self._con.sql(sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        self._note(sql)
        return self._con.executemany(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


class RecordingWarehouse(Warehouse):
    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator:
        with super().connect(read_only) as con:
            yield _Recording(con)


@pytest.fixture(scope="module")
def recorded(seeded_world, tmp_path_factory) -> tuple[dg.Definitions, dict[str, dict[str, set[str]]], Warehouse]:
    """Every step of the signals run, an approved play's outreach run and the replies run, with its
    tables; the definitions and the warehouse they ran on. Run once for the module: the tests only read it."""
    from resources.defaults import build_resources
    from tests.memory_instance import memory_instance

    resources = build_resources(seeded_world(tmp_path_factory.mktemp("lineage")))
    approve(resources, PLAY)
    warehouse = RecordingWarehouse(path=resources["warehouse"].path)
    defs = build_definitions({**resources, "warehouse": warehouse})
    _RECORD.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
        with memory_instance() as instance:
            for job in ("signals_job", "replies_job", job_name(PLAY), "replies_job"):  # as `sdr run` orders them
                assert defs.resolve_job_def(job).execute_in_process(instance=instance).success, job
    return defs, dict(_RECORD), resources["warehouse"]


def _nodes(defs: dg.Definitions):
    """Op name -> (the asset keys it materialises or checks, their declared upstreams, its send-time reads)."""
    graph = defs.resolve_asset_graph()
    nodes = {}
    for assets_def in graph.assets_defs:
        if not assets_def.is_executable:
            continue
        owns = set(assets_def.keys) | {c.asset_key for c in assets_def.check_keys if not assets_def.keys}
        parents = {p for key in assets_def.keys for p in graph.get(key).parent_keys}
        send_time: set[str] = set()
        for key in assets_def.keys:
            send_time |= _send_time(graph.get(key).metadata.get("sdr/reads_later_events"))
        for spec in assets_def.check_specs:
            if not assets_def.keys:
                parents |= set(graph.get(spec.asset_key).parent_keys) | {d.asset_key for d in spec.additional_deps}
            send_time |= _send_time(spec.metadata.get("sdr/reads_later_events"))
        nodes[assets_def.node_def.name] = (owns, parents, send_time)
    return graph, nodes


def _send_time(value) -> set[str]:
    text = getattr(value, "value", value) or ""
    return {t.strip() for t in str(text).split(",") if t.strip()}


def test_the_asset_graph_has_no_cycle(defs):
    graph = defs.resolve_asset_graph()
    keys = set(graph.get_all_asset_keys())
    waiting = {k: {p for p in graph.get(k).parent_keys if p in keys} for k in keys}
    done: set = set()
    while True:
        ready = {k for k, parents in waiting.items() if k not in done and parents <= done}
        if not ready:
            break
        done |= ready
    assert done == keys, f"a cycle among {sorted(k.to_user_string() for k in keys - done)}"
    assert dg.AssetKey("send_ledger") in graph.get(dg.AssetKey("reply_classifications")).parent_keys, \
        "triage reads the ledger and says so"


def test_every_table_a_step_reads_is_a_declared_upstream(recorded):
    defs, record, _ = recorded
    graph, nodes = _nodes(defs)
    assert not record.get("(outside a step)"), "every read happens inside a step"
    asset_keys = set(graph.get_all_asset_keys())
    owners: dict[str, set] = defaultdict(set)  # table -> the assets that write it (or are named after it)
    for op, tables in record.items():
        for table in tables["writes"]:
            owners[table] |= nodes[op][0]
    for key in asset_keys:
        if len(key.path) == 1:
            owners[key.path[0]].add(key)
    assert dg.AssetKey([PLAY, "send_ledger"]) in owners["send_ledger"], "the recording saw the sends"

    problems = []
    for op, tables in sorted(record.items()):
        owns, parents, send_time = nodes[op]
        for table in sorted(tables["reads"]):
            writers = owners.get(table)
            if not writers or table.startswith("_") or writers & (owns | parents):
                continue  # not a pipeline table (a registered frame, a catalogue view), or declared
            if table not in send_time:
                problems.append(f"{op} reads {table} (written by {sorted(w.to_user_string() for w in writers)}) "
                                "without declaring it")
                continue
            # Event tables people write (decisions, escalation events) have no materialising step.
            earlier = [w.to_user_string() for w in writers - owns if graph.get(w).is_materializable
                       and any(_downstream(graph, w, own) for own in owns)]
            if earlier:
                problems.append(f"{op} lists {table} as a later event, but {earlier} come before it")
    assert not problems, "\n".join(problems)


def _downstream(graph, start: dg.AssetKey, target: dg.AssetKey) -> bool:
    """Whether ``target`` comes after ``start`` in the graph."""
    seen, frontier = set(), [start]
    while frontier:
        key = frontier.pop()
        for child in graph.get(key).child_keys:
            if child == target:
                return True
            if child not in seen:
                seen.add(child)
                frontier.append(child)
    return False


# Steps that are computed again only when the columns they declare reading changed (``tables_mark``):
# a column they read and do not declare is a change they never see.
DECLARED_COLUMNS = {"reply_performance": [PER_SEND_INPUTS], "outreach_funnel": [PER_SEND_INPUTS, FUNNEL_INPUTS]}


def _declared(con, marks: list[dict[str, list[str]]]) -> dict[str, set[str]]:
    """The columns each table's marks cover, by table (``[table]`` covers every column)."""
    declared: dict[str, set[str]] = defaultdict(set)
    for mark in marks:
        for table, columns in mark.items():
            declared[table] |= {c.lower() for c in (columns_of(con, table) if columns == [table] else columns)}
    return declared


def columns_of_statement(con, sql: str) -> tuple[set[str], set[tuple[str | None, str]]]:
    """(tables, column references) of one query, as DuckDB parses it; nothing of a statement that is
    no query. A reference is (table, column): its qualifier resolved through the statement's table
    aliases, ``None`` when it has none or names a subquery or a CTE. A ``*`` names no column: what
    polars then takes from it is not seen here."""
    tree = json.loads(con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    aliases: dict[str, set[str]] = defaultdict(set)
    derived, named = set(), []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                table = node["table_name"].lower()
                aliases[(node.get("alias") or table).lower()].add(table)
            elif node.get("type") == "SUBQUERY" and node.get("alias"):
                derived.add(node["alias"].lower())
            elif node.get("class") == "COLUMN_REF":
                named.append([n.lower() for n in node["column_names"]])
            derived.update(cte["key"].lower() for cte in (node.get("cte_map") or {}).get("map", []))
            named.extend([c.lower()] for c in node.get("using_columns") or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    for name in derived:
        aliases.pop(name, None)
    references = set()
    for names in named:
        if len(names) > 1 and names[0] in aliases:
            references |= {(table, names[1]) for table in aliases[names[0]]}
        else:  # unqualified, or qualified by a subquery or a CTE (or a struct's field)
            references.add((None, names[1] if len(names) > 1 and names[0] in derived else names[0]))
    return set().union(*aliases.values()), references


def test_columns_of_statement_resolves_qualifiers_through_aliases():
    sql = ("select l.play, a.decided_by, status, e.n from send_ledger l join play_approvals a on a.play = l.play "
           "left join (select play, count(*) as n from escalations group by play) e using (play)")
    with duckdb.connect() as con:
        tables, references = columns_of_statement(con, sql)
    assert tables == {"send_ledger", "play_approvals", "escalations"}
    assert references == {("send_ledger", "play"), ("play_approvals", "decided_by"), ("play_approvals", "play"),
                          (None, "status"), (None, "n"), (None, "play")}


def test_every_column_an_incremental_step_reads_is_among_its_declared_inputs(recorded):
    """The table-level test above sees that ``reply_performance`` reads ``send_ledger``, a declared
    upstream; only the columns say whether its change detection sees every change it counts. A
    qualified column is checked against its own table; an unqualified one in a statement of several
    tables is excused when another of them declares it (it may be that table's)."""
    _, record, warehouse = recorded
    problems = []
    with warehouse.connect(read_only=True) as con:
        for op, marks in DECLARED_COLUMNS.items():
            declared = _declared(con, marks)
            assert record.get(op, {}).get("statements"), f"the recording saw {op} run"
            for sql in sorted(record[op]["statements"]):
                tables, references = columns_of_statement(con, sql)
                unqualified = {column for table, column in references if table is None}
                for table in sorted(tables & set(declared)):
                    stored = {c.lower() for c in columns_of(con, table)}
                    elsewhere = {c for t in tables - {table} for c in declared.get(t, [])}
                    read = {column for t, column in references if t == table} | (unqualified - elsewhere)
                    hidden = (read & stored) - declared[table]
                    problems += [f"{op} reads {table}.{column} without declaring it" for column in sorted(hidden)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_analytics_mark_moves_when_a_meeting_id_changes_what_its_cancellation_cancels():
    """``meeting_id not in (select meeting_id from meeting_cancellations)`` reads the meetings' ids: a
    changed id changes which meeting counts, so the incremental steps must see it."""
    with duckdb.connect() as con:
        con.execute(MEETINGS_DDL)
        con.execute(MEETING_CANCELLATIONS_DDL)
        con.execute("insert into meetings values ('m-1', 'ana@acme.example', 'p', now(), 'tool', 'lee', null)")
        con.execute("insert into meeting_cancellations values ('m-1', now(), 'tool', 'lee')")
        before = tables_mark(con, {"meetings": PER_SEND_INPUTS["meetings"]})
        con.execute("update meetings set meeting_id = 'm-2'")
        assert tables_mark(con, {"meetings": PER_SEND_INPUTS["meetings"]}) != before
