"""A warehouse DuckDB can no longer read: a clear error that says to keep the file, and nothing run or sent."""

import os
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from resources.config import WarehouseFile
from resources.damage import WarehouseDamaged
from tests.crash_harness import SDR


def _damaged_warehouse(folder: Path) -> Path:
    """A warehouse whose first block fails its checksum, as a writer killed mid-checkpoint leaves it."""
    path = folder / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table send_ledger as select range as k from range(1000)")
    con.close()
    with path.open("r+b") as handle:
        handle.seek(3 * 4096 + 64)  # past the file's three headers, inside its first block
        handle.write(b"\xff" * 64)
    return path


def test_a_damaged_file_is_reported_at_once_as_damaged_not_waited_for(tmp_path):
    path = _damaged_warehouse(tmp_path)
    started = time.monotonic()
    with pytest.raises(WarehouseDamaged, match="is damaged") as raised:
        with WarehouseFile(path=str(path), lock_timeout_seconds=30).connect():
            pass
    assert time.monotonic() - started < 5, "no lock retries"
    assert str(path) in str(raised.value) and "Keep the file" in str(raised.value)
    assert "Corrupt database file" in str(raised.value), "DuckDB's own words are kept"


def test_sdr_run_on_a_damaged_warehouse_says_so_and_runs_nothing(tmp_path):
    path = _damaged_warehouse(tmp_path)
    before = path.read_bytes()
    env = {**os.environ, "SDR_DATA_DIR": str(tmp_path), "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    result = subprocess.run([str(SDR), "run"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "is damaged" in result.stdout and "Keep the" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "Stack Trace" not in result.stderr
    assert not (tmp_path / "dagster_home").exists(), "no job was started"
    assert path.read_bytes() == before, "the file is left as it was"
