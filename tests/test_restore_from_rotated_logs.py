"""A renamed (or retired) play's log is put back after a restore only while its current file
``<old>.jsonl`` exists: ``sent_log.agree_all`` finds the other plays' logs with ``glob("*.jsonl")``.
The README has a play's log rotated beside itself (``<play>.jsonl.1``, gzipped or not) and read with
it. A play that no longer sends never writes its ``.jsonl`` again, so once it has been rotated (by
hand, ``mv`` and ``gzip``, or by logrotate without ``create``) only ``<old>.jsonl.1[.gz]`` is left,
no send step agrees it, and the play under its new name mails everyone again after a restore."""

import gzip
from pathlib import Path

import pytest

from sdr_assets import sent_log
from tests.send_world import PLAY
from tests.test_restore_after_a_rename import approved_and_copied, restore
from tests.test_renamed_play import _approve_new, _rename, _send_new


@pytest.mark.parametrize("compressed", [False, True], ids=["rotated", "rotated and gzipped"])
def test_a_copy_restored_after_a_rename_puts_back_what_the_old_name_sent_from_its_rotated_log(tmp_path, compressed):
    world, warehouse, backup = approved_and_copied(tmp_path)

    assert world.send() == "sent"
    assert len(world.outbox()) == 4
    _rename(world, 0)
    _approve_new(world)

    # The weekly rotation of the logs beside the warehouse: the old name's log, which nothing writes any more.
    old = sent_log.log_path(str(warehouse), PLAY)
    rotated = old.with_name(old.name + ".1")
    old.rename(rotated)
    if compressed:
        Path(f"{rotated}.gz").write_bytes(gzip.compress(rotated.read_bytes()))
        rotated.unlink()

    restore(backup, warehouse)
    _rename(world, 0)
    _send_new(world)

    assert len(world.outbox()) == 4, (
        f"{len(world.outbox())} messages in the outbox: the renamed play mailed each contact its first email "
        "again, the old name's rotated log not put back")


def test_a_copy_restored_puts_back_what_the_play_sent_from_its_own_rotated_log(tmp_path):
    """The same for the play's own log: ``agree`` counts the log from the warehouse's mark, and a copy
    taken before the play's first send has none; with the current file rotated away (``mv``, no new
    file until the next batch) it reads no line, finds the ledger's 0 sent rows equal to the log's 0 and
    puts nothing back."""
    world, warehouse, backup = approved_and_copied(tmp_path)

    assert world.send() == "sent"
    assert len(world.outbox()) == 4
    log = sent_log.log_path(str(warehouse), PLAY)
    log.rename(log.with_name(log.name + ".1"))  # the weekly rotation; the next batch writes a new file

    restore(backup, warehouse)
    world.send()
    assert len(world.outbox()) == 4, (
        f"{len(world.outbox())} messages in the outbox: each contact got the first email again after the restore")
