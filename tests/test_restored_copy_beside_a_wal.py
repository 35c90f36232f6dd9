"""A warehouse copy restored, as the README and the damage message tell a team to do, beside the
write-ahead log a killed run left (`kill -9`, a power cut: the reason a copy is restored at all).

DuckDB refuses that log: it was written for a newer state of the file ("the WAL checkpoint iteration
does not match"). The logs beside the file (``.sent/``, ``.decisions.jsonl``...) put back what it
held, so the way out is to move that log aside. The message must not send the person round in a
loop: "Keep both files ... Restore a copy" is what they just did."""

import os
import shutil
import signal
from pathlib import Path

import duckdb
import pytest

from sdr_assets import cli
from tests.conftest import PLAYS


def _copy_restored_beside_a_newer_log(folder: Path) -> Path:
    path = folder / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table send_ledger (send_key varchar primary key, status varchar)")
    con.execute("insert into send_ledger select 'k' || range, 'sent' from range(5)")
    con.close()
    shutil.copy2(path, folder / "copy.duckdb")  # the team's copy, taken while no sdr process ran
    con = duckdb.connect(str(path))
    con.execute("insert into send_ledger select 'm' || range, 'sent' from range(5)")
    con.execute("checkpoint")
    con.close()
    pid = os.fork()
    if pid == 0:  # a run killed with commits in the write-ahead log only
        try:
            con = duckdb.connect(str(path))
            con.execute("set checkpoint_threshold = '1GB'")
            con.execute("insert into send_ledger values ('claim', 'sending')")
        finally:
            os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    assert Path(f"{path}.wal").exists()
    shutil.copy2(folder / "copy.duckdb", path)  # the copy restored in the file's place
    return path


def test_a_copy_restored_beside_the_log_of_a_killed_run_opens_or_says_to_move_that_log_aside(
        tmp_path, monkeypatch, capsys):
    shutil.copytree(PLAYS, tmp_path / "plays")
    path = _copy_restored_beside_a_newer_log(tmp_path)
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    try:
        cli.main(["status"])
        code = 0
    except SystemExit as exited:
        code = exited.code
    err = capsys.readouterr().err
    if code == 0:
        return  # opened by itself: fine
    assert "Keep both files" not in err and "Restore a copy" not in err, (
        "the person who just restored a copy is told to keep the stale log and restore a copy again: " + err)
    assert f"{path}.wal" in err and ("aside" in err or "remove" in err.lower()), (
        "the message does not say the write-ahead log beside the restored copy is what to move: " + err)
