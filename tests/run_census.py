"""Where the suite's time goes: each test file's time, and the Dagster runs it starts in the test process.

    python -m pytest -p tests.run_census           # the whole suite; tables at the end

Each process splits every test's seconds (setup and teardown included) into its own CPU, the CPU
of the processes the test started and waited for, and the rest: waiting on neither (a server
starting, a timeout exercised on purpose). It counts the runs it executes in process
(``execute_in_process``, which ``materialize`` and ``run_due`` call too), their steps and events,
and the seconds they took, by test file, and the time Python's cyclic collector took; the main
process sums what its workers wrote, lists the files with the most time, the most waiting and the
most time in runs, then times the machine's reference workload, idle by then. A worker's waiting
is its core left idle, as far as no other work takes it.
Runs inside real `sdr` processes are counted as those processes' CPU, not as runs.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sdr_assets.machine_speed import round_seconds

if TYPE_CHECKING:
    import dagster as dg

_FOLDER = "run-census"
_current: dict[str, str] = {"file": "(outside tests)"}
_totals: dict[str, Counter] = {}
_collector = Counter()
_collecting = {"since": 0.0}
_folder_key = pytest.StashKey[Path]()


def _worker(config: pytest.Config) -> str | None:
    """This process's xdist worker id; None in the main process (which a test's own pytest run
    started from a worker also is, though it inherits the worker's environment)."""
    workerinput = getattr(config, "workerinput", None)
    return workerinput["workerid"] if workerinput else None


def _runs_tests(config: pytest.Config) -> bool:
    """Whether tests run in this process: a worker, or the main process when pytest runs without
    workers. A main process that hands the tests to workers never imports Dagster here."""
    return _worker(config) is not None or config.getoption("dist", "no") == "no"


def _count(seconds: float, result: dg.ExecuteInProcessResult) -> None:
    tally = _totals.setdefault(_current["file"], Counter())
    tally["runs"] += 1
    tally["steps"] += sum(e.event_type_value == "STEP_START" for e in result.all_events)
    tally["events"] += len(result.all_events)
    tally["seconds"] += seconds


def _count_runs() -> None:
    """Count every in-process run (``execute_in_process``, which ``materialize`` and ``run_due`` call)."""
    import dagster as dg

    execute = dg.JobDefinition.execute_in_process

    def counted(self, *args, **kwargs):
        started = time.perf_counter()
        result = execute(self, *args, **kwargs)
        _count(time.perf_counter() - started, result)
        return result

    dg.JobDefinition.execute_in_process = counted


def _timed_collection(phase: str, info: dict) -> None:
    if phase == "start":
        _collecting["since"] = time.perf_counter()
    else:
        _collector["seconds"] += time.perf_counter() - _collecting["since"]
        _collector[f"generation {info['generation']}"] += 1


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--census-reference-repeats", type=int, default=5,
                     help="timed runs of the machine's reference after the census; the fastest and the median "
                          "are printed")


def pytest_configure(config: pytest.Config) -> None:
    gc.callbacks.append(_timed_collection)
    if _runs_tests(config):
        _count_runs()
    config.stash[_folder_key] = Path(config.rootpath) / ".pytest_cache" / _FOLDER
    if _worker(config) is None:
        for old in config.stash[_folder_key].glob("*.json"):
            old.unlink()


def _cpu_seconds(who: int) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    """Time the test and count its runs under its file; a worker writes its tally after every test, so
    the file is complete before the worker reports that it has finished."""
    file = _current["file"] = item.nodeid.split("::")[0]
    started = time.perf_counter()
    own, children = _cpu_seconds(resource.RUSAGE_SELF), _cpu_seconds(resource.RUSAGE_CHILDREN)
    try:
        return (yield)
    finally:
        _current["file"] = "(outside tests)"
        tally = _totals.setdefault(file, Counter())
        tally["tests"] += 1
        tally["test_seconds"] += time.perf_counter() - started
        tally["own_cpu"] += _cpu_seconds(resource.RUSAGE_SELF) - own
        tally["child_cpu"] += _cpu_seconds(resource.RUSAGE_CHILDREN) - children
        worker = _worker(item.config)
        if worker:
            folder = item.config.stash[_folder_key]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{worker}.json").write_text(json.dumps(
                {"files": {f: dict(t) for f, t in _totals.items()}, "collector": dict(_collector)}))


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if _worker(config) is not None:
        return
    files: dict[str, Counter] = {}
    collector = Counter(_collector)
    for path in config.stash[_folder_key].glob("*.json"):
        written = json.loads(path.read_text())
        for file, tally in written["files"].items():
            files.setdefault(file, Counter()).update(tally)
        collector.update(written["collector"])
    for file, tally in _totals.items():
        files.setdefault(file, Counter()).update(tally)
    whole = sum(files.values(), Counter())
    write = terminalreporter.write_line
    waiting = _waiting(whole)
    tests = f"{whole['tests']} test" + ("s" if whole["tests"] != 1 else "")
    write(f"Time in the tests: {tests}, {whole['test_seconds']:.1f} s: {whole['own_cpu']:.1f} s of the test "
          f"processes' own CPU, {whole['child_cpu']:.1f} s of the processes they started, {waiting:.1f} s "
          "waiting on neither")
    write(f"Dagster runs in the test processes: {whole['runs']} runs, {whole['steps']} steps, "
          f"{whole['events']} events, {whole['seconds']:.1f} s")
    counts = ", ".join(f"{collector[f'generation {g}']} of generation {g}" for g in range(3))
    write(f"Cyclic garbage collection in the test processes: {collector['seconds']:.1f} s ({counts})")
    repeats = config.getoption("--census-reference-repeats")
    cores = os.cpu_count() or 1
    together = f", on {cores} cores at once {_reference(repeats, cores)}" if cores > 1 else ""
    write(f"Machine reference after the run: {_reference(repeats, 1)}{together} (python -m "
          "sdr_assets.machine_speed [--cores N]: read the seconds above next to it)")
    write("The files with the most time in tests: seconds, own CPU, started processes' CPU, waiting")
    for file, tally in sorted(files.items(), key=lambda f: -f[1]["test_seconds"])[:15]:
        write(f"  {tally['test_seconds']:6.1f} s  {tally['own_cpu']:6.1f}  {tally['child_cpu']:6.1f}  "
              f"{_waiting(tally):6.1f}  {file}")
    write("The files with the most time waiting on neither: seconds waiting, of the file's seconds")
    for file, tally in sorted(files.items(), key=lambda f: -_waiting(f[1]))[:10]:
        write(f"  {_waiting(tally):6.1f} s  of {tally['test_seconds']:6.1f} s  {tally['tests']:4d} tests  {file}")
    write("The files with the most time in Dagster runs:")
    for file, tally in sorted(files.items(), key=lambda f: -f[1]["seconds"])[:15]:
        write(f"  {tally['seconds']:6.1f} s  {tally['runs']:4d} runs  {tally['steps']:5d} steps  "
              f"{tally['events']:6d} events  {file}")


def _waiting(tally: Counter) -> float:
    """Seconds in tests spent on neither the test process's own CPU nor that of the processes it started."""
    return tally["test_seconds"] - tally["own_cpu"] - tally["child_cpu"]


def _reference(repeats: int, cores: int) -> str:
    """The fastest round of the reference, which other work disturbed least, and the median."""
    rounds = round_seconds(repeats, cores=cores)
    return f"{min(rounds):.3f} s (median {statistics.median(rounds):.3f} s)"
