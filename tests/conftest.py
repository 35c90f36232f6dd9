"""Every test gets its own data folder, warehouse and Dagster instance.

The seeded world is generated once per test session and copied into each test's folder: the copy
is byte for byte what ``generate_world`` writes, at a fraction of its cost. An opening several tests
share (approvals and a first run) runs once, and a test marked with it starts from a copy of its
folder and its Dagster history (``Openings``).
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sdr_assets.domain import collection
from sdr_assets.domain.collection import freeze_survivors, no_cycle_collection, thaw
from tests.shell_settings import drop_shell_settings

if TYPE_CHECKING:
    import dagster as dg

# Dagster, the pipeline and the world generator are imported where a fixture first needs them: the
# main process of a run with workers loads this file before it starts them, and runs no test.

REPO = Path(__file__).resolve().parents[1]


MEMORY_TMP_NEEDS = 2 * 2**30


def _temporary_files_in_memory() -> None:
    """Temporary files go to a memory-backed folder (``/dev/shm``) unless ``TMPDIR`` names one.

    Every test's warehouse and Dagster instance live under the test's temporary folder, and SQLite
    and DuckDB flush each commit to disk: on a real disk about a fifth of the suite's CPU and more
    of its wall time. ``TMPDIR`` is set too, for the `sdr` processes tests start. A passed test's
    folder goes when it ends (``tmp_path_retention_policy``): a whole run held at most about 0.7 GB
    there at once. It is used where 2 GB are free, so a smaller one (a container's 64 MB default)
    is left alone.
    """
    memory = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not (memory.is_dir() and os.access(memory, os.W_OK | os.X_OK)):
        return
    room = os.statvfs(memory)
    if room.f_bavail * room.f_frsize < MEMORY_TMP_NEEDS:
        return
    os.environ["TMPDIR"] = str(memory)
    tempfile.tempdir = str(memory)


_temporary_files_in_memory()


def _one_duckdb_thread_per_process() -> None:
    """Each worker, and each `sdr` process a test starts, runs DuckDB on one thread unless
    ``SDR_DUCKDB_THREADS`` says otherwise. The suite already runs a worker per core: a DuckDB
    thread per core in each process only woke up and waited on the others (the README's test
    section gives the figures). `sdr bench` and `make demo` keep DuckDB's default."""
    os.environ.setdefault("SDR_DUCKDB_THREADS", "1")


_one_duckdb_thread_per_process()

# Every setting a test uses is one it sets: none comes from the shell that started the suite.
LEFT_OUT = drop_shell_settings()


def pytest_terminal_summary(terminalreporter) -> None:
    if LEFT_OUT:
        terminalreporter.write_line(f"settings from the shell left out: {', '.join(LEFT_OUT)}")

PLAYS = REPO / "data" / "plays"
WORLD_NOW = datetime(2026, 11, 20, tzinfo=UTC)
RUN_NOW = "2026-11-20T09:00:00+00:00"


POSTAL_ADDRESS = "Outreach Example Ltd, 1 Test Street, Springfield"


def environ_for(root: Path, **extra: str) -> dict[str, str]:
    # A test's inbox is written whole before its run: no file waits to settle (the wait has its own tests).
    return {"SDR_DATA_DIR": str(root), "SDR_NOW": RUN_NOW, "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS,
            "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0", **extra}


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> Path:
    """The seeded demo world and the shipped plays, generated once; tests copy it, never write to it."""
    from sdr_assets.demo.world import generate_world

    root = tmp_path_factory.mktemp("world_template")
    shutil.copytree(PLAYS, root / "plays")
    generate_world(root, seed=11, n_companies=300, now=WORLD_NOW)
    return root


def copy_world(template: Path, root: Path) -> Path:
    """A fresh copy of ``template`` in ``root``, its files as newly written as a generated world's."""
    shutil.copytree(template, root, copy_function=shutil.copyfile, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="session")
def seeded_world(world_template: Path):
    """``seeded_world(root)`` copies the seeded world into ``root`` and returns the environment of a run
    on it: for fixtures of a module's scope, which cannot use ``data_dir``."""
    return lambda root, **extra: environ_for(copy_world(world_template, root), **extra)


@pytest.fixture
def data_dir(request: pytest.FixtureRequest, world_template: Path, tmp_path: Path) -> Path:
    """A seeded demo world and the shipped plays, under tmp_path; as its opening left them for a test
    marked ``opening``."""
    opening = _opening(request)
    if opening is not None:
        return request.getfixturevalue("openings").copy(opening, tmp_path)
    return copy_world(world_template, tmp_path)


@pytest.fixture
def environ(data_dir: Path):
    """The environment of a run on ``data_dir``; keyword arguments override settings."""
    return lambda **extra: environ_for(data_dir, **extra)


@pytest.fixture
def resources(data_dir: Path) -> dict:
    from resources.defaults import build_resources

    return build_resources(environ_for(data_dir))


@pytest.fixture
def defs(resources: dict) -> dg.Definitions:
    from sdr_assets.assembly import build_definitions

    return build_definitions(resources)


def _shared_dir(tmp_path_factory, worker_id) -> Path:
    """A folder every worker of this test run sees."""
    return tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent


def _build_once(shared: Path, name: str, build: Callable[[Path], object]) -> Path:
    """``shared/name``, built by the first worker that asks for it while the others wait."""
    root = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.ready").exists():
            shutil.rmtree(root, ignore_errors=True)
            build(root)
            (shared / f"{name}.ready").touch()
    return root


@pytest.fixture(scope="session")
def crash_template(tmp_path_factory, worker_id) -> Path:
    """A data folder whose approved play has emails due (``tests.crash_harness.prepare``), built once
    for the whole test run and shared by every worker: tests copy it, never write to it."""
    from tests.crash_harness import prepare

    return _build_once(_shared_dir(tmp_path_factory, worker_id), "crash_template",
                       lambda root: prepare(root, in_process=True))


Opening = Callable[[Path, "dg.DagsterInstance"], None]
HISTORY = ".dagster-history.json"  # in an opening's folder: the runs and events it left


class Openings:
    """Openings several tests share (``tests/openings.py``: approvals, a first run...), each run once
    for the whole test run on a copy of the seeded world, in a folder every worker sees. A test
    gets a copy of the folder it left and a new in-memory instance holding the runs and events it
    left (``tests/opening_history.py``).

    An opening is a module-level function of the data folder and an empty in-memory instance that
    builds its own resources from ``environ_for(root)``; what it asserts holds for every test that
    starts from it.
    """

    def __init__(self, shared: Path, world_template: Path) -> None:
        self.shared, self.world_template = shared, world_template

    def _built(self, opening: Opening) -> Path:
        return _build_once(self.shared, f"opening-{opening.__module__}.{opening.__qualname__}",
                           lambda folder: self._build(opening, folder))

    def _build(self, opening: Opening, folder: Path) -> None:
        from tests.memory_instance import memory_instance
        from tests.opening_history import history_difference, load_history, save_history

        # An opening that goes on from another (its ``starts_from``) begins where that one ended.
        base = getattr(opening, "starts_from", None)
        if base is None:
            copy_world(self.world_template, folder)
        with memory_instance() if base is None else self.open(base, folder) as instance:
            opening(folder, instance)
            save_history(instance, folder / HISTORY)
            with load_history(folder / HISTORY) as copy:
                difference = history_difference(instance, copy)
        assert difference is None, f"{opening.__name__}'s history does not load as it was saved: {difference}"

    def copy(self, opening: Opening, root: Path) -> Path:
        """``root`` as ``opening`` left its folder."""
        # copy2 keeps the files' times: the warehouse remembers them for the files it read.
        shutil.copytree(self._built(opening), root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(HISTORY))
        return root

    def history(self, opening: Opening) -> Path:
        """The file holding the runs and events ``opening`` left."""
        return self._built(opening) / HISTORY

    def instance(self, opening: Opening) -> dg.DagsterInstance:
        """A new in-memory instance holding the runs and events ``opening`` left."""
        from tests.opening_history import load_history

        return load_history(self.history(opening))

    def open(self, opening: Opening, root: Path) -> dg.DagsterInstance:
        """``root`` and a new instance as ``opening`` left them, for a fixture of a module's scope."""
        self.copy(opening, root)
        return self.instance(opening)


@pytest.fixture(scope="module")
def plays_only(tmp_path_factory) -> Path:
    """The shipped plays and a warehouse that remembers their versions, series-b-funding approved: a
    world the interrupt sweeps copy (``tests/sweep_worlds.py``)."""
    from tests.sweep_worlds import plays_world

    return plays_world(tmp_path_factory.mktemp("plays_only"))


@pytest.fixture(scope="session")
def openings(tmp_path_factory, worker_id, world_template: Path) -> Openings:
    return Openings(_shared_dir(tmp_path_factory, worker_id), world_template)


def _opening(request: pytest.FixtureRequest) -> Opening | None:
    """The opening a test starts from, named by its mark: ``@pytest.mark.opening("revops_sent")``."""
    import tests.openings

    marker = request.node.get_closest_marker("opening")
    return getattr(tests.openings, marker.args[0]) if marker else None


@pytest.fixture(scope="session")
def empty_instance_dir(tmp_path_factory) -> Path:
    """The storage of a new, empty persistent Dagster instance, created once: its schema is the slow part."""
    import dagster as dg

    root = tmp_path_factory.mktemp("empty_instance")
    with dg.instance_for_test(temp_dir=str(root)) as template:
        template.get_runs(limit=1)
    return root


@pytest.fixture
def instance(request, tmp_path_factory, monkeypatch) -> dg.DagsterInstance:
    """A Dagster instance of the test's own, held in memory (``tests/memory_instance.py``): empty as a
    new one, or holding the runs and events of the test's ``opening``.

    Runs, events and partitions behave as in a persistent instance; only nothing is written to
    disk, which is where most of a run's time went. ``DAGSTER_HOME`` points at an empty folder of
    the test's own meanwhile, so nothing the test starts reaches the project's instance. A test
    marked ``persistent_instance`` (a schedule context needs one) gets a copy of an empty
    instance on disk instead.
    """
    import dagster as dg

    from tests.memory_instance import give_back, memory_instance

    home = tmp_path_factory.mktemp("dagster_home")
    opening = _opening(request)
    if request.node.get_closest_marker("persistent_instance"):
        assert opening is None, "an opening is loaded into an in-memory instance only"
        shutil.copytree(request.getfixturevalue("empty_instance_dir"), home, dirs_exist_ok=True)
        with dg.instance_for_test(temp_dir=str(home)) as test_instance:
            yield test_instance
            _collect()
        return
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    test_instance = memory_instance() if opening is None else request.getfixturevalue("openings").instance(opening)
    yield test_instance
    # Finalise contexts left open during the test while this instance still exists: Dagster
    # keeps the current instance's state storage in a context variable that they restore. Then the
    # instance is the next test's, emptied (``tests/memory_instance.py``).
    _collect()
    give_back(test_instance)


def _collect() -> None:
    """A full collection, then what survives it is frozen out of the next ones.

    A worker holds half a million objects once Dagster and Great Expectations are loaded, and a full
    collection walks them all (about 0.3 s after every test). The survivors are live by definition;
    freezing them leaves each later collection only the objects made since.
    """
    freeze_survivors()


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session):
    """What collecting imports (Dagster, polars, every test module) lives as long as the worker: the
    collections it would set off walk all of it, for nothing (``no_cycle_collection``)."""
    with no_cycle_collection():
        return (yield)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Frozen once collected, what collecting imported is walked by no later collection."""
    freeze_survivors()


@pytest.fixture(scope="module")
def shallow_recursion():
    """The module's tests, and the fixtures of its scope that ask for it, run under the lower recursion
    limit that makes a poison reply cheap to give up on (``tests/poison_replies.py``)."""
    from tests.poison_replies import recursion_limit

    with recursion_limit():
        yield


@pytest.fixture
def freeze_restored():
    """For a test that thaws the heap: the suite's freeze (``_collect``) is held again after it, as it
    was, without a collection (one would walk every object the worker holds). What the test left
    joins the freeze unwalked."""
    held = collection._Freeze.held
    yield
    if held and not collection._Freeze.held:
        gc.freeze()
        collection._Freeze.held = True


@pytest.fixture
def unfrozen_heap(freeze_restored):
    """A heap nobody froze, for a test of freezing itself; frozen again after it (``freeze_restored``)."""
    thaw()


# pytest's cache (``.pytest_cache``): the seconds each test file took in the runs that ran it last.
FILE_SECONDS = "sdr/file_seconds"
# The seconds each file took in one whole run of the suite, for a run whose cache holds none: a clean
# clone, as on CI, where the files' own order ran triage/test_required_words last, alone on one core.
# A whole run that passed leaves its own in ``.pytest_cache/v/sdr/file_seconds``: copied here, they refresh it.
RECORDED_SECONDS = Path(__file__).with_name("file_seconds.json")


def file_seconds(config: pytest.Config) -> dict[str, float]:
    """The seconds each test file took when it last ran: from pytest's cache, or where it has none,
    from ``RECORDED_SECONDS``."""
    cache = getattr(config, "cache", None)
    seconds = cache.get(FILE_SECONDS, {}) if cache is not None else {}
    return seconds or json.loads(RECORDED_SECONDS.read_text(encoding="utf-8"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that start real `sdr` processes first, then the other files, longest first by the
    seconds they took when they last ran (``file_seconds``; files it does not name keep their place,
    last): each worker takes whole files in this order (``--no-loadscope-reorder`` keeps xdist from
    putting the files with most tests first), and a long file started last would keep one core busy
    after the others have finished."""
    seconds = file_seconds(config)
    items.sort(key=lambda item: (item.get_closest_marker("e2e") is None, -seconds.get(item.nodeid.split("::")[0], 0)))


def _whole_files(config: pytest.Config, exitstatus: int) -> bool:
    """Whether a run ran each of its files whole, to its end: no test chosen by name, keyword, mark or
    last failure, and none left out by a stop at a failure; a part of a file would record its seconds as
    the whole file's."""
    option = config.option
    chosen = option.keyword or option.markexpr or getattr(option, "lf", False) or option.deselect \
        or any("::" in arg for arg in config.args)
    return exitstatus == pytest.ExitCode.OK and not chosen


class _FileSeconds:
    """Adds up each test file's seconds (setup, call and teardown) as the reports come in."""

    def __init__(self) -> None:
        self.by_file: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        path = report.nodeid.split("::")[0]
        self.by_file[path] = self.by_file.get(path, 0.0) + report.duration

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = session.config
        if getattr(config, "cache", None) is not None and self.by_file and _whole_files(config, exitstatus):
            known = config.cache.get(FILE_SECONDS, {})
            config.cache.set(FILE_SECONDS, {**known, **{f: round(s, 2) for f, s in self.by_file.items()}})


def pytest_configure(config: pytest.Config) -> None:
    """The seconds by file are kept by the process that hears every report: the only one, or the
    controller of the workers (which report to it), not each worker. Every process reads Dagster's
    migration scripts once (``tests/migration_scripts.py``), not again for each instance it makes."""
    from tests.migration_scripts import keep_migration_scripts

    keep_migration_scripts()
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(_FileSeconds(), "sdr_file_seconds")


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: a worker per core (at most four) for the suite or a folder, one process for files.

    Each worker pays Dagster's and Great Expectations' first run once: worth it across the suite,
    not for a file or two. A third worker on two cores filled the spells the others spent waiting on
    real processes and servers, but contention cost it more CPU than it saved wall time.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` overrides the choice.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    chosen = [config.invocation_params.dir / arg.split("::")[0] for arg in config.args]
    workers = min(4, os.cpu_count() or 1)
    return workers if workers > 1 and (not chosen or any(path.is_dir() for path in chosen)) else 0
