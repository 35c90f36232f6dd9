"""A fault-injection sweep over a write operation: Ctrl-C (``KeyboardInterrupt``) and a process told
to end (``SystemExit``) raised at each DuckDB statement the operation runs in turn.

Every warehouse connection the operation opens (``WarehouseFile.connect``, which the resource's
``connect`` goes through) is wrapped in ``Interrupting``, which counts the statements (``execute``,
``executemany``, ``sql``) and raises at the chosen one, either before DuckDB runs it or just after
it returned, where a signal lands between two Python steps. Raised just after statement N, an
interrupt lands where it would before statement N + 1, inside every ``try`` that holds statement N,
unless code between the two leaves such a ``try``: a ``commit`` that follows its block's last
statement may stand outside the ``try`` that rolls the block back. So each statement is interrupted
just after it returned, by ``KeyboardInterrupt`` and ``SystemExit`` in turn, the first also before it
runs, by each, and each ``commit`` before it runs, by the other. After each interrupt the sweep asks:

- the warehouse holds exactly what it held before the operation, or exactly what a clean run leaves;
- every connection the operation used that is still open, and the next one, take a write;
- the operation run again ends in what a clean run leaves.

Each interrupted run starts from a fresh copy of the same built world (``world``); only the copy is written.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from resources.config import WarehouseFile

STATEMENTS = ("execute", "executemany", "sql")
INTERRUPTS = (KeyboardInterrupt, SystemExit)
Operation = Callable[[Path], object]


@dataclass
class Plan:
    """Where to interrupt: at statement ``at`` (counted from 1 across every connection), ``before`` it runs
    or once it returned; ``at`` 0 counts the statements of a clean run, and which are a ``commit``."""

    at: int = 0
    raised: type[BaseException] = KeyboardInterrupt
    before: bool = True
    count: int = 0
    connections: list[duckdb.DuckDBPyConnection] = field(default_factory=list)
    commits: set[int] = field(default_factory=set)
    reads: set[int] = field(default_factory=set)

    def statement(self, run: Callable[[], object], sql: object) -> object:
        self.count += 1
        if isinstance(sql, str) and sql.strip().lower() == "commit":
            self.commits.add(self.count)
        if _reads_only(sql):
            self.reads.add(self.count)
        if self.count == self.at and self.before:
            raise self.raised
        result = run()
        if self.count == self.at:
            raise self.raised
        return result


def _reads_only(sql: object) -> bool:
    """Whether ``sql`` is a query that writes nothing, a sequence's values left alone."""
    text = sql.strip().lower() if isinstance(sql, str) else ""
    return text.startswith("select") and "nextval(" not in text and "setval(" not in text


class Interrupting:
    """A DuckDB connection whose statements go through ``plan``; everything else is the connection's own."""

    def __init__(self, con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
        self._con, self._plan = con, plan
        plan.connections.append(con)

    def __getattr__(self, name: str):
        attribute = getattr(self._con, name)
        if name not in STATEMENTS:
            return attribute
        return lambda sql, *args, **kwargs: self._plan.statement(lambda: attribute(sql, *args, **kwargs), sql)

    def cursor(self) -> Interrupting:
        return Interrupting(self._con.cursor(), self._plan)

    def __enter__(self) -> Interrupting:
        return self

    def __exit__(self, *exc) -> None:
        self._con.close()


@contextmanager
def interrupting(plan: Plan, at_attach: bool = False) -> Iterator[Plan]:
    """Every warehouse connection opened meanwhile goes through ``plan``; with ``at_attach``, so does the
    one a writer's attach restores the logs beside the file on (``WarehouseFile._restore_decisions``)."""
    original, restore = WarehouseFile.connect, WarehouseFile._restore_decisions

    @contextmanager
    def connect(self, read_only: bool = False):
        with original(self, read_only) as con:
            yield Interrupting(con, plan)

    def restore_interrupting(self, con: duckdb.DuckDBPyConnection) -> None:
        restore(self, Interrupting(con, plan))

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(WarehouseFile, "connect", connect)
        if at_attach:
            patched.setattr(WarehouseFile, "_restore_decisions", restore_interrupting)
        yield plan


def warehouse_of(root: Path) -> WarehouseFile:
    return WarehouseFile(path=str(root / "warehouse.duckdb"), lock_timeout_seconds=0)


def tables_of(root: Path, volatile: dict[str, str] | None = None, writer: bool = True) -> dict[str, tuple[int, int]]:
    """Each table of the warehouse that holds rows: their count and the sum of their hashes, in any order,
    leaving out the ``volatile`` columns (by table, as ``exclude`` lists them) that hold when a write ran.
    An empty table counts as none: a table created and left empty holds nothing half-written. Read by
    a ``writer`` as the next one reads it (its decisions and escalation actions restored from their
    logs), once it showed it takes a write."""
    volatile = volatile or {}
    with warehouse_of(root).connect(read_only=not writer) as con:
        if writer:
            _takes_a_write(con)
        names = [n for (n,) in con.execute("select table_name from duckdb_tables() where database_name = "
                                            "current_database() and schema_name = current_schema()").fetchall()]
        if not names:
            return {}
        rows = con.execute(" union all ".join(
            f"select '{n}', count(*), coalesce(sum(hash(t)::hugeint), 0) from (select * "
            f'{"exclude (" + volatile[n] + ")" if n in volatile else ""} from "{n}") t' for n in names)).fetchall()
    return {n: (count, digest) for n, count, digest in rows if count}


def _changed(left: dict, right: dict) -> list[str]:
    return sorted(n for n in left.keys() | right.keys() if left.get(n) != right.get(n))


def _takes_a_write(con: duckdb.DuckDBPyConnection) -> None:
    """A write and its rollback on ``con``: refused if the interrupt left a transaction open on it."""
    con.execute("begin transaction")
    con.execute("create temporary table interrupt_probe as select 1 as x")
    con.execute("rollback")


def _open(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("select 1")
    except duckdb.ConnectionException:
        return False
    return True


@dataclass
class SweepResult:
    statements: int
    written: list[str]
    after_interrupt: dict[str, int] = field(default_factory=dict)  # how often each state was left


def sweep(world: Path, operation: Operation, workdir: Path, *, repeatable: bool = True,
          volatile: dict[str, str] | None = None, outside: Callable[[Path], object] | None = None,
          step_past_reads: bool = False, per_copy: tuple[str, ...] = (), at_attach: bool = False) -> SweepResult:
    """Run ``operation`` on copies of ``world`` (a data folder), interrupted at each of its statements
    (``points``), and assert what the module's docstring says. An operation that is not ``repeatable`` (a decision appended, an action
    taken) is run again only where the interrupt left nothing of it: a person does not take it twice.
    With ``step_past_reads``, a query followed by another query is not interrupted once it returned:
    the next one is, where nothing was written in between; the moment before every write and commit
    still is, and the first statement. The ``per_copy`` tables remember files by each copy's path and
    status (``file_digests``): every copy of the world writes them afresh, as no run on one folder
    would, so they are left out of what is compared. With ``at_attach``, the restores a writer's attach
    runs are interrupted too, and the warehouse is read as it lies, by a reader: a writer would restore it.
    ``outside`` reads what the operation did outside the warehouse (mail handed over) and how the
    warehouse accounts for it, a pair held to the tables' rule, as a table is. Where what was done
    outside reads as after a clean run and the rest neither as before nor as after, the operation
    was interrupted between its effect outside and the commit that records it, which no transaction
    can span (a message handed over, its outcome not yet committed): it counts as "in flight", and
    running it again must leave ``outside``, the effect and its account, as a clean run does, nothing
    done twice, whatever record the settling keeps of itself.
    """
    def state(root: Path, writer: bool = not at_attach) -> tuple:
        kept = tables_of(root, volatile, writer)
        return {n: v for n, v in kept.items() if n not in per_copy}, outside(root) if outside else None

    clean_root = _copy(world, workdir / "clean")
    before = state(clean_root)
    with interrupting(Plan(), at_attach) as counted:
        operation(clean_root)
    after = state(clean_root)
    written = _changed(before[0], after[0])
    assert counted.count, "the operation ran no statement: nothing to sweep"
    assert written, "a clean run of the operation wrote nothing"
    if repeatable:  # what running it again after a clean run leaves: a run that finds the work done
        operation(clean_root)
    done_again = state(clean_root, writer=False)
    result = SweepResult(counted.count, written)
    for at in range(1, counted.count + 1):
        if step_past_reads and 1 < at < counted.count and {at, at + 1} <= counted.reads:
            continue
        for raised, before_it in points(at, at in counted.commits):
            where = f"{raised.__name__} {'before' if before_it else 'after'} statement {at} of {counted.count}"
            root = _copy(world, workdir / f"{at}-{raised.__name__}")
            plan = Plan(at, raised, before_it)
            with interrupting(plan, at_attach), pytest.raises(raised):
                operation(root)
            for con in plan.connections:
                if _open(con):
                    _takes_a_write(con)
            left = state(root)
            kept = "before" if left == before else "after" if left == after else \
                "in flight" if outside and left[1][0] == after[1][0] != before[1][0] else None
            assert kept, (f"{where}: tables {_changed(before[0], left[0])} differ from before the operation and "
                          f"{_changed(after[0], left[0])} from after a clean run; outside: {left[1]} "
                          f"(before {before[1]}, after {after[1]})")
            result.after_interrupt[kept] = result.after_interrupt.get(kept, 0) + 1
            if kept != "after" or repeatable:
                operation(root)
                again, wanted = state(root, writer=False), after if kept == "before" else done_again
                settled = again[1] == wanted[1] if kept == "in flight" else again == wanted
                assert settled, (f"{where}: run again, tables {_changed(wanted[0], again[0])} differ; "
                                 f"outside: {again[1]} (after a clean run {wanted[1]})")
            shutil.rmtree(root)
    return result


def points(at: int, commit: bool = False) -> list[tuple[type[BaseException], bool]]:
    """Where statement ``at`` (a ``commit`` or not) is interrupted: (what is raised, whether before it runs)."""
    before = INTERRUPTS if at == 1 else (INTERRUPTS[(at + 1) % 2],) if commit else ()
    return [*((raised, True) for raised in before), (INTERRUPTS[at % 2], False)]


def _copy(world: Path, root: Path) -> Path:
    shutil.copytree(world, root, copy_function=shutil.copy2)
    return root


@functools.cache
def _init_context() -> dg.InitResourceContext:
    """A resource's initialisation context, made once per process: each one Dagster builds without an
    instance makes an ephemeral instance of its own, which would cost more than the operation swept."""
    return dg.build_init_resource_context()


@contextmanager
def held_as_in_a_step(warehouse) -> Iterator[None]:
    """The warehouse held as a run's step holds it (its resource's setup, then its teardown), for an
    operation that calls an asset's body: one attachment across the operation's connections."""
    context = _init_context()
    warehouse.setup_for_execution(context)
    try:
        yield
    finally:
        warehouse.teardown_after_execution(context)
