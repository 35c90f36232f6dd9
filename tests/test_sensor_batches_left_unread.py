"""A batch a run ended without reading is asked for again under a key the daemon has not launched.

A signal file this user may not read is quarantined ("cannot read the file: Permission denied") and
left unrecorded in ``signal_files``, and the run succeeds: fixing the file's mode moves neither its
size nor its time, which name the batch. A warehouse restored from a copy leaves the files, or the
messages, read since the copy unread again under the batch of the run that read them. The daemon
launches a run key once, so each would wait for some other file or message to arrive
(``sensors/batch_runs.py``).
"""

import errno
import json
import os

import dagster as dg

from sensors.replies import reply_mailbox_sensor

from sensors.signal_files import signal_files_sensor
from tests.sensor_ticks import declared_resources

LOCKED = "z_vendor_drop.jsonl"


def _tick(instance, resources, cursor=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources=declared_resources(signal_files_sensor, resources)) as context:
        return signal_files_sensor(context)


def _requests(result):
    return [] if isinstance(result, dg.SkipReason) else list(result.run_requests)


def _run(defs, instance, request: dg.RunRequest) -> bool:
    return defs.resolve_job_def("signals_job").execute_in_process(
        instance=instance, tags=request.tags, raise_on_error=False,
        asset_selection=[dg.AssetKey("raw_signals"), dg.AssetKey("quarantined_signal_rows")]).success


def _denied(monkeypatch, name: str) -> None:
    """``os.open`` of ``name`` fails as it does for a file another account owns (the tests run as root,
    whom no mode stops)."""
    real = os.open

    def open_(path, *args, **kwargs):
        if os.fsdecode(path).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def test_a_signal_file_set_aside_as_unreadable_is_asked_for_again_once_its_mode_is_fixed(
        defs, resources, instance, data_dir, monkeypatch):
    [first] = _requests(_tick(instance, resources))
    assert _run(defs, instance, first)  # the seeded inbox, read in
    inbox = data_dir / "inbox" / "signals"
    locked = inbox / LOCKED
    locked.write_text(json.dumps({"signal_id": "late-1", "company_domain": "late.example", "signal_type": "hiring",
                                  "observed_at": "2026-11-19T08:00:00Z", "source": "jobs", "detail": "Hiring an AE",
                                  "attributes": {"role": "Account Executive"}}) + "\n")
    locked.chmod(0o600)  # dropped by the vendor's SFTP account, unreadable for the pipeline's

    [asked] = _requests(_tick(instance, resources))
    with monkeypatch.context() as patch:
        _denied(patch, LOCKED)
        assert _run(defs, instance, asked), "the other files go on; the run itself succeeds"
    with resources["warehouse"].connect() as con:
        assert con.execute("select reason from quarantined_signal_rows where source_file = ?",
                           [LOCKED]).fetchall() == [("cannot read the file: Permission denied",)]

    locked.chmod(0o644)  # the owner fixes the mode: the file can be read now
    again = _requests(_tick(instance, resources))
    assert len(again) == 1, "the file is still unread: the sensor asks for a run"
    assert again[0].run_key != asked.run_key, (
        "a run key the daemon has not used yet: it launches a run once per key, and that key's run "
        "already happened (it set the file aside)")
    assert _run(defs, instance, again[0])
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from raw_signals where signal_id = 'late-1'").fetchone() == (1,)


def test_files_a_restored_warehouse_no_longer_records_are_asked_for_under_a_new_key(
        defs, resources, instance, data_dir, tmp_path):
    """"Copy the file while no sdr process runs, and restore the copy" (README): the files read since
    the copy are unread again, with the names, sizes and times they had when first asked for."""
    import shutil
    from pathlib import Path

    [first] = _requests(_tick(instance, resources))
    assert _run(defs, instance, first)
    warehouse = Path(resources["warehouse"].path)
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(warehouse, backup)  # the night's copy
    late = data_dir / "inbox" / "signals" / "late_feed.jsonl"
    late.write_text(json.dumps({"signal_id": "late-1", "company_domain": "late.example", "signal_type": "hiring",
                                "observed_at": "2026-11-19T08:00:00Z", "source": "jobs", "detail": "Hiring an AE",
                                "attributes": {"role": "Account Executive"}}) + "\n")
    [asked] = _requests(_tick(instance, resources))
    assert _run(defs, instance, asked)
    shutil.copyfile(backup, warehouse)  # the disk failed: the copy is restored, without late_feed.jsonl's rows
    for wal in warehouse.parent.glob(warehouse.name + ".wal"):
        wal.unlink()

    [again] = _requests(_tick(instance, resources))
    assert again.tags["sdr/signal_files"] == asked.tags["sdr/signal_files"], "the same file is unread again"
    assert again.run_key != asked.run_key, "a key the daemon has not launched yet"


def test_messages_a_restored_warehouse_no_longer_holds_are_asked_for_under_a_new_key(
        defs, resources, instance, tmp_path):
    import mailbox
    import shutil
    from pathlib import Path

    from tests.test_sensors import _reply, _replies_run

    box = mailbox.Maildir(resources["mailbox"].path, create=True)
    warehouse = Path(resources["warehouse"].path)
    with resources["warehouse"].connect():
        pass  # the warehouse of before any reply
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(warehouse, backup)
    box.add(_reply(1))
    with dg.build_sensor_context(instance=instance, resources=declared_resources(reply_mailbox_sensor, resources)) as c:
        [asked] = _requests(reply_mailbox_sensor(c))
    assert _replies_run(defs, instance, asked)
    shutil.copyfile(backup, warehouse)
    for wal in warehouse.parent.glob(warehouse.name + ".wal"):
        wal.unlink()
    with dg.build_sensor_context(instance=instance, resources=declared_resources(reply_mailbox_sensor, resources)) as c:
        result = reply_mailbox_sensor(c)
    [again] = _requests(result)
    assert again.tags["sdr/new_messages"] == "1" and again.run_key != asked.run_key, "a key not launched yet"
    assert _replies_run(defs, instance, again)
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from raw_replies").fetchone() == (1,)


def test_a_wait_says_whether_the_runs_failed_or_left_the_batch_unread():
    from sensors.batch_runs import BatchRuns

    assert BatchRuns(2, 0).said("the signals run") == "the signals run for them failed 2 times in a row"
    assert BatchRuns(1, 1).said("the replies run") == "the replies run for them ended 2 times without reading them all"
