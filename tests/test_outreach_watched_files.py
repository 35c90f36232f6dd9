"""Of the files in the data folder, only those an outreach run reads relaunch it (``watched_files``):
a file another job or a person leaves there launches nothing, and each file the run reads that
moved launches it, however little it moved (its modification time alone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resources.attachments import WAITING
from resources.config import DEMO_MARKER
from resources.dkim import create_key
from resources.secret import SECRET_FILE
from sdr_assets import entry_log, optout_log, sent_log
from sdr_assets.runner import run_due
from sdr_assets.serve_heartbeat import heartbeat_path
from sdr_assets.suppression import log_entry
from sdr_assets.task_records import CSV_NAME
from tests.test_unchanged_outreach import JOB, REVOPS, _outreach, _settled


def _unrelated(resources: dict) -> list[Path]:
    """What other jobs and people write in the data folder: a log, an editor's backup, an export, a
    reply the intake has not read, a note beside the play files' folder; and what is no file an outreach
    run reads: a process's mark that it waits for the warehouse, the heartbeat half written."""
    paths, warehouse = resources["paths"], os.path.realpath(resources["warehouse"].path)
    data_dir, exports, heartbeat = Path(paths.data_dir), paths.exports, heartbeat_path(paths.data_dir)
    return [data_dir / "sdr-cron.log", data_dir / "plays.yaml~", exports / "escalations_crm.csv",
            data_dir / "inbox" / "replies" / "new" / "1700000000.stray", data_dir / "reference" / "notes.md",
            data_dir / "outbox" / "new" / "stray.eml", Path(f"{warehouse}{WAITING}{os.getpid()}"),
            heartbeat.with_name(f".{heartbeat.name}.{os.getpid()}.partial")]


def _read_by_outreach(resources: dict) -> list[Path]:
    """Each file the outreach job reads, as the opening left the data folder (``_with_every_log``)."""
    paths, warehouse = resources["paths"], Path(resources["warehouse"].path)
    data_dir = Path(paths.data_dir)
    return [paths.plays / f"{REVOPS}.yaml", entry_log.log_path(data_dir), optout_log.log_path(data_dir),
            data_dir / SECRET_FILE, Path(resources["mail"].dkim_key_path), warehouse.parent / DEMO_MARKER,
            paths.exports / CSV_NAME, Path(f"{warehouse}.decisions.jsonl"), sent_log.log_path(str(warehouse), REVOPS)]


def _with_every_log(resources: dict) -> None:
    """A suppression entered, a click on an opt-out link, the DKIM key and the demo marker: files the
    opening lacks."""
    paths, now = resources["paths"], resources["policy"].now()
    assert create_key(Path(resources["mail"].dkim_key_path))
    log_entry(paths.data_dir, "@blocked.example", "Dana Whitfield", "asked by phone", now)
    with resources["warehouse"].connect() as con:
        key, address = con.execute("select send_key, contact_email from send_ledger where status = 'sent' "
                                   "order by send_key limit 1").fetchone()
    optout_log.append(paths.data_dir, key, address, now)
    Path(resources["warehouse"].path).with_name(DEMO_MARKER).touch()


@pytest.mark.opening("revops_sent")
def test_a_file_no_outreach_step_reads_launches_nothing_and_each_it_reads_launches_the_run_when_it_moves(
        defs, resources, instance):
    """One settled world, every file the run reads there: first the unrelated files are written, then
    each read file moved in turn."""
    _with_every_log(resources)
    run_due(defs, instance)  # the click ingested, as a replies run does
    _settled(defs, instance)
    for path in _unrelated(resources):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("written by something else\n", encoding="utf-8")
        assert _outreach(defs, instance)[1] == [], path
    for path in _read_by_outreach(resources):
        assert path.is_file(), f"precondition: {path} exists"
        moved = path.stat().st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(moved, moved))
        assert _outreach(defs, instance)[1] == [JOB], path
        assert _outreach(defs, instance)[1] == [], f"precondition for the next file: settled again after {path}"


@pytest.mark.opening("revops_sent")
def test_a_new_play_file_or_an_opt_out_log_begun_launches_the_run(defs, resources, instance):
    """Files that were not there: a play added, the first click `sdr serve` logs, a rotated part."""
    paths = resources["paths"]
    _settled(defs, instance)
    play = (paths.plays / f"{REVOPS}.yaml").read_text(encoding="utf-8")
    (paths.plays / "revops-again.yaml").write_text(play.replace(f"name: {REVOPS}\n", "name: revops-again\n"),
                                                    encoding="utf-8")
    assert JOB in _outreach(defs, instance)[1]
    _outreach(defs, instance)
    log = optout_log.log_path(paths.data_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{log}.1").write_text("", encoding="utf-8")
    assert JOB in _outreach(defs, instance)[1]


@pytest.mark.opening("revops_sent")
def test_a_symlink_loop_among_the_watched_files_launches_the_run_and_is_never_settled(defs, resources, instance):
    """A file the digest cannot read cannot be vouched for as unchanged: the run is launched, each time."""
    _settled(defs, instance)
    optouts = optout_log.log_path(resources["paths"].data_dir).parent
    optouts.mkdir(parents=True, exist_ok=True)
    (optouts / "loop-a").symlink_to(optouts / "loop-b")
    (optouts / "loop-b").symlink_to(optouts / "loop-a")
    for _ in range(2):
        assert _outreach(defs, instance)[1] == [JOB]
