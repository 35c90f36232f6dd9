"""Loading the pipeline, then Great Expectations, sets off no full collection of its own: what an
import makes lives as long as the process, yet each full collection walks all of it."""

import subprocess
import sys

import pytest

LOADING = """
import gc, sys
from sdr_assets.cli import PIPELINE_MODULES, _import_pipeline

full = []
gc.callbacks.append(lambda phase, info: full.append(1) if phase == "start" and info["generation"] == 2 else None)
_import_pipeline()
print(len(full), all(name in sys.modules for name in PIPELINE_MODULES + ("dagster", "polars", "duckdb")), gc.isenabled())
full.clear()
from sdr_assets.expectations import _context
_context()
print(len(full), gc.isenabled())
gc.set_debug(gc.DEBUG_SAVEALL)
gc.collect()
print(sum(type(o).__name__ in ("frame", "traceback") or isinstance(o, BaseException) for o in gc.garbage))
"""


@pytest.fixture(scope="module")
def loading() -> list[list[str]]:
    """What one process counted, in `sdr run`'s order: the pipeline, then GX for its first quality check."""
    done = subprocess.run([sys.executable, "-c", LOADING], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [line.split() for line in done.stdout.splitlines()]


def test_the_pipeline_loads_for_sdr_run_without_a_full_collection(loading):
    """Importing it plainly sets off several, each walking all that the import made so far."""
    assert loading[0] == ["0", "True", "True"], loading


def test_making_the_great_expectations_context_walks_no_more_than_it_made(loading):
    """Importing GX and making its context, in a process that holds Dagster and the pipeline, sets off
    no full collection: the cycles they leave are freed by collecting only what they made."""
    assert loading[1] == ["0", "True"], loading


def test_no_traceback_of_the_import_outlives_the_context(loading):
    """The exceptions GX's import raised and caught, with their tracebacks and frames (which reach the
    caller's frames and what those hold), are freed when the context is made, not by a later collection."""
    assert loading[2] == ["0"], loading
