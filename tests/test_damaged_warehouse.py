"""A warehouse DuckDB can no longer read, or another process holds too long: a clear error that says what to do,
and nothing run or sent."""

import os
import random
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from resources import config
from resources.config import WarehouseFile
from resources.damage import WarehouseDamaged, WarehouseLocked
from sdr_assets import cli
from tests.approving import current_version
from tests.conftest import PLAYS
from tests.crash_harness import SDR
from tests.warehouse_holder import held


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
    assert "is damaged" in result.stderr and "Keep the" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stdout + result.stderr and "Stack Trace" not in result.stderr
    assert not (tmp_path / "dagster_home").exists(), "no job was started"
    assert path.read_bytes() == before, "the file is left as it was"


def _truncated(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table send_ledger as select range as k, md5(range::varchar) as v from range(100000)")
    con.close()
    whole = path.read_bytes()
    path.write_bytes(whole[:20000])  # the headers stay; the blocks they point at are gone


def _corrupt_wal(path: Path) -> None:
    """Commits held in the write-ahead log alone (closed without a checkpoint, as after a kill), then
    bytes of the log flipped, as a torn write or a bad sector leaves it."""
    con = duckdb.connect(str(path))
    con.execute("pragma disable_checkpoint_on_shutdown")
    con.execute("set checkpoint_threshold = '1GB'")
    con.execute("create table send_ledger (k varchar primary key)")
    con.execute("checkpoint")
    for i in range(50):
        con.execute("insert into send_ledger values (?)", [f"k{i}"])
    con.close()
    wal = Path(f"{path}.wal")
    log = bytearray(wal.read_bytes())
    log[200:260] = bytes(b ^ 0xFF for b in log[200:260])
    wal.write_bytes(bytes(log))


# Warehouses DuckDB cannot open, and what the error calls each.
UNUSABLE = {
    "empty": (lambda path: path.write_bytes(b""), "is not a DuckDB database file (empty)"),
    "random bytes": (lambda path: path.write_bytes(random.Random(7).randbytes(100_000)),
                     "is not a DuckDB database file (100000 bytes)"),
    "truncated": (_truncated, "is damaged"),
    "corrupt write-ahead log": (_corrupt_wal, "is damaged: its write-ahead log"),
    "directory": (lambda path: path.mkdir(), "is a directory, not a DuckDB file"),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_a_warehouse_duckdb_cannot_open_is_named_for_what_it_is_at_once(tmp_path, kind):
    make, called = UNUSABLE[kind]
    path = tmp_path / "warehouse.duckdb"
    make(path)
    started = time.monotonic()
    for read_only in (True, False):
        with pytest.raises(WarehouseDamaged, match=f"^the warehouse {path} {re.escape(called)}"):
            with WarehouseFile(path=str(path), lock_timeout_seconds=30).connect(read_only=read_only):
                pass
    assert time.monotonic() - started < 5, "no lock retries"


COMMANDS = [["status"], ["plays", "list"], ["inbox"],
            ["approve", "revops-hiring", "--version", current_version("revops-hiring", PLAYS),
             "--by", "Dana Whitfield"]]


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_says_so_in_one_line_and_leaves_the_file(tmp_path, monkeypatch, capsys, kind, command):
    make, called = UNUSABLE[kind]
    shutil.copytree(PLAYS, tmp_path / "plays")
    path = tmp_path / "warehouse.duckdb"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as exited:
        cli.main(command)
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith(f"error: the warehouse {path} {called}") and out.err.count("\n") == 1, out
    assert out.out == "" and "Traceback" not in out.err
    assert (path.read_bytes() if path.is_file() else None) == before, "the file is left as it was"


def test_sdr_run_on_a_file_that_is_not_a_warehouse_says_so_and_runs_nothing(tmp_path):
    (tmp_path / "warehouse.duckdb").write_bytes(b"")
    env = {**os.environ, "SDR_DATA_DIR": str(tmp_path), "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    result = subprocess.run([str(SDR), "run"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith("error: the warehouse") and "is not a DuckDB database file" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert not (tmp_path / "dagster_home").exists(), "no job was started"


@contextmanager
def _held(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding ``path``, a warehouse with a table, open for writing."""
    with WarehouseFile(path=str(path)).connect() as con:
        con.execute("create table t (a integer)")
    with held(path) as holder:
        yield holder


def test_a_warehouse_held_past_the_wait_names_its_holder_once_the_wait_is_over(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with _held(path) as holder:
        started = time.monotonic()
        with pytest.raises(WarehouseLocked) as raised:
            with WarehouseFile(path=str(path), lock_timeout_seconds=0.5).connect():
                pass
        assert time.monotonic() - started >= 0.5, "the wait is kept"
    message = str(raised.value)
    assert message.startswith(f"the warehouse {path} is held by process {holder.pid} (")
    assert "within 0.5 s" in message and "Wait for that process" in message and "Could not set lock" in message


def test_a_command_that_waited_in_vain_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    path = tmp_path / "warehouse.duckdb"
    plain = config.settings_from_env

    def waiting_briefly(environ=None):  # the minute a command waits, made a quarter second
        settings = plain(environ)
        settings["warehouse"] = WarehouseFile(path=settings["warehouse"].path, lock_timeout_seconds=0.25)
        return settings

    monkeypatch.setattr(config, "settings_from_env", waiting_briefly)
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    with _held(path) as holder:
        with pytest.raises(SystemExit) as exited:
            cli.main(["status"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith(f"error: the warehouse {path} is held by process {holder.pid} (") and \
        out.err.count("\n") == 1, out
    assert out.out == "" and "Traceback" not in out.err
