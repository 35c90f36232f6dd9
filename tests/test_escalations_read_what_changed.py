"""A run reads the replies of the conversations a change reaches, not every stored reply, and still
leaves what a whole build leaves, with addresses written in other cases, with spaces around them, or
without a contact."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from sdr_assets import escalations as escalations_module
from tests.escalation_desk import CopiedDesk
from tests.test_escalations_partial import CONTACTS, START, World, _run, _state, _step


def _written(rng: random.Random, address: str) -> str:
    """``address`` as a mail client may write it."""
    return rng.choice([address, address.upper(), f" {address}", f"{address.title()}\t", address.capitalize()])


@pytest.mark.parametrize("seed", [4, 5])
def test_runs_after_changes_to_oddly_written_replies_leave_what_a_whole_build_leaves(tmp_path, seed):
    """After each change (a reply from an address written another way among them), a run on the data
    folder and a whole build on a copy of it leave the same rows, logged events and queue."""
    rng = random.Random(seed)
    world = World(tmp_path / "data")
    at = START
    for contact in CONTACTS:
        world.reply(rng, at, contact=contact)
    _run(world.desk, at)
    for step in range(14):
        at += timedelta(minutes=20)
        contact = rng.choice(CONTACTS)
        if step % 2:
            change = _step(world, rng, at)
        elif step % 4:
            world.reply(rng, at, sender=_written(rng, contact), contact=_written(rng, contact))
            change = "written reply"
        else:
            world.reply(rng, at, sender=_written(rng, contact), contact=None, play=None, label="question")
            change = "written reply of no play"
        whole = CopiedDesk(world.desk.root, tmp_path / f"whole-{step}")
        ran, rebuilt = _run(world.desk, at), _run(whole, at, full_refresh=True)
        assert _state(world.desk, at) == _state(whole, at), f"step {step}: {change}"
        assert ran["dagster/row_count"] == rebuilt["dagster/row_count"]


def test_a_new_reply_reads_the_replies_of_its_contact_alone(tmp_path, monkeypatch):
    """With many stored replies from several contacts, the run after one more reads none of the others'."""
    rng = random.Random(6)
    world = World(tmp_path / "data")
    for n in range(40):
        world.reply(rng, START + timedelta(minutes=n), contact=CONTACTS[n % len(CONTACTS)])
    _run(world.desk, START + timedelta(hours=1))
    read = []
    real = escalations_module._classified

    def counted(con, about=None):
        frame = real(con, about)
        read.append(frame.height)
        return frame

    monkeypatch.setattr(escalations_module, "_classified", counted)
    world.reply(rng, START + timedelta(hours=2), contact=CONTACTS[1])
    ran = _run(world.desk, START + timedelta(hours=2))
    assert ran["new_replies_logged"] == 1
    assert read and max(read) == 11, read  # Bob's ten and the new one
