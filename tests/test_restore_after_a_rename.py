"""A warehouse copy restored after a play was renamed: the messages the old name sent since the copy
are in the old name's log beside the warehouse (``<warehouse>.sent/<old>.jsonl``), and must come back
into ``send_ledger`` so that no one gets the same step again under the new name.

README, "A ledger edited, rebuilt or restored by hand" and "How it is tested": `<warehouse>.sent/`
puts back the messages sent since the copy; a renamed play goes on with the sequences it began
under its old name (``formerly:``, or the same version)."""

import shutil
from pathlib import Path

import pytest

from tests.send_world import CONTACTS, PLAY, Spelling, World
from tests.test_renamed_play import NEW, _approve_new, _rename, _send_new


def approved_and_copied(tmp_path: Path) -> tuple[World, Path, Path]:
    """A world whose play is approved, its warehouse and the copy of it taken then (the night's copy)."""
    world = World(tmp_path / "data", [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    warehouse = Path(world.warehouse.path)
    backup = tmp_path / "backup.duckdb"
    shutil.copy2(warehouse, backup)
    return world, warehouse, backup


def restore(backup: Path, warehouse: Path) -> None:
    """The copy put back in the warehouse's place, as the README says (the log a run left moved aside)."""
    shutil.copy2(backup, warehouse)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)


def _sent(world) -> list[tuple[str, str, int]]:
    with world.warehouse.connect() as con:
        return con.execute("select play, contact_email, step from send_ledger where status = 'sent' "
                           "order by all").fetchall()


@pytest.mark.parametrize(("version", "formerly"), [(0, False), (1, True)],
                         ids=["renamed", "renamed and edited, its former name declared"])
def test_a_copy_restored_after_a_rename_puts_back_what_the_old_name_sent_and_sends_it_to_no_one_again(
        tmp_path, version, formerly):
    world = World(tmp_path / "data", [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    warehouse = Path(world.warehouse.path)
    backup = tmp_path / "backup.duckdb"
    shutil.copy2(warehouse, backup)  # the team's copy, taken while no sdr process runs

    assert world.send() == "sent"
    assert len(world.outbox()) == 4, "each contact got the first email under the old name"
    _rename(world, version, formerly)
    _approve_new(world)

    # The disk fails; the copy is put back, the logs beside the file kept (as the README says to).
    restore(backup, warehouse)
    _rename(world, version, formerly)  # the drafts step writes the renamed play's drafts again
    _send_new(world)

    sent = _sent(world)
    assert len(world.outbox()) == 4, (
        f"{len(world.outbox())} messages in the outbox: each contact got the first email again under the new "
        f"name; ledger after the restore: {sent}")
    assert len([row for row in sent if row[2] == 1]) == 4, f"the first emails sent since the copy: {sent}"


def test_a_copy_restored_after_a_play_left_the_files_puts_back_what_it_sent(tmp_path):
    """A play that sent since the copy and then left the files (replaced by a new play for the same
    people, its name not declared): its messages are in its log beside the warehouse. Without them back
    in ``send_ledger`` the new play starts a second conversation with each person at once, where the
    warehouse before the restore held its first emails (one conversation per person at a time), and
    every reply to those messages matches no send."""
    world, warehouse, backup = approved_and_copied(tmp_path)

    assert world.send() == "sent"
    _rename(world, 1)  # a new play in the old one's place, for the same people
    _approve_new(world)

    restore(backup, warehouse)
    _rename(world, 1)
    world.advance(3 * 24 * 60)
    _send_new(world)

    sent = _sent(world)
    assert [row for row in sent if row[0] == PLAY] != [], (
        f"the four first emails {PLAY} sent since the copy are not in send_ledger after the restore: {sent}")
    assert [row for row in sent if row[0] == NEW] == [], (
        f"{NEW} mailed the people {PLAY} had just mailed: {sent}")
