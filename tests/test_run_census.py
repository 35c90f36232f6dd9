"""The run census counts each test file's in-process Dagster runs, as a worker process ran them."""

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.run_census import _runs_tests

pytest_plugins = ["pytester"]
REPO = Path(__file__).resolve().parents[1]

TESTS = '''
import gc
import subprocess
import sys
import time

import dagster as dg

@dg.asset
def one():
    return 1

@dg.asset
def two(one):
    return one + 1

def test_twice():
    for _ in range(2):
        assert dg.materialize([one, two]).success

def test_none():
    for _ in range(3):
        gc.collect()

def test_a_busy_child_then_a_wait():
    subprocess.run([sys.executable, "-c", "import time\\nwhile time.process_time() < 0.3: pass"], check=True)
    time.sleep(0.3)
'''
SPLIT = re.compile(r"Time in the tests: 3 tests, ([\d.]+) s: ([\d.]+) s of the test processes' own CPU, ([\d.]+) s of "
                   r"the processes they started, (-?[\d.]+) s waiting on neither")


def test_the_census_sums_a_workers_runs_steps_and_events_by_file(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    pytester.makepyfile(test_probe=TESTS)
    result = pytester.runpytest_subprocess("-p", "tests.run_census", "-n", "1", "--census-reference-repeats", "1")
    result.assert_outcomes(passed=3)
    split = [SPLIT.fullmatch(line) for line in result.outlines if line.startswith("Time in the tests:")]
    assert split and split[0], result.outlines
    seconds, own, started, waiting = map(float, split[0].groups())
    assert abs(own + started + waiting - seconds) <= 0.2, "the three parts make up the tests' seconds"
    assert started >= 0.3, "the child's CPU, as the child spent it"
    assert waiting >= 0.25, "the sleep is neither process's CPU"
    assert any(line.strip().endswith("test_probe.py") and line.strip().startswith(f"{seconds:.1f} s")
               for line in result.outlines), result.outlines
    waits = result.outlines[result.outlines.index(next(line for line in result.outlines
                                                         if line.startswith("The files with the most time waiting"))) + 1]
    # The probe is the only file: its wait is the whole run's.
    assert waits.strip().endswith("test_probe.py") and abs(float(waits.split()[0]) - waiting) <= 0.051, result.outlines
    summary = [line for line in result.outlines if line.startswith("Dagster runs in the test processes:")]
    assert summary and summary[0].startswith("Dagster runs in the test processes: 2 runs, 4 steps,"), result.outlines
    assert any(line.strip().endswith("test_probe.py") and " 2 runs " in line for line in result.outlines)
    collector = [line for line in result.outlines if line.startswith("Cyclic garbage collection in the test processes:")]
    assert collector and int(collector[0].split(" of generation 2")[0].rsplit(" ", 1)[1]) >= 3, collector
    reference = [line for line in result.outlines if line.startswith("Machine reference after the run: ")]
    shown = reference and re.match(r"Machine reference after the run: (\S+) s \(median (\S+) s\)"
                                   r"(?:, on (\d+) cores at once (\S+) s \(median (\S+) s\))? \(python -m ",
                                   reference[0])
    assert shown, result.outlines
    one, one_median, cores, together, together_median = shown.groups()
    assert 0 < float(one) <= float(one_median), reference
    if (os.cpu_count() or 1) > 1:
        assert int(cores) == os.cpu_count() and 0 < float(together) <= float(together_median), reference


@pytest.mark.parametrize("worker, dist, runs",
                         [(None, "no", True), (None, "loadfile", False), ("gw0", "loadfile", True)],
                         ids=["without workers", "main process with workers", "worker"])
def test_runs_are_counted_where_the_tests_run(worker, dist, runs):
    config = SimpleNamespace(getoption=lambda name, default=None: dist if name == "dist" else default)
    if worker:
        config.workerinput = {"workerid": worker}
    assert _runs_tests(config) is runs
