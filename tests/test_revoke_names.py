"""A revoke under a name no file declares: a typo of a play's name is refused, not recorded where it
stops nothing, even with the play's version pasted; and a revoke under a play's former name, left as
a stop request (a batch held the warehouse past the wait), stops the renamed play's batch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resources.config import WarehouseFile
from resources.damage import WarehouseLocked
from sdr_assets import stop_requests
from sdr_assets.decisions import decide
from sdr_assets.domain.approvals import ApprovalError
from tests.approving import current_version
from tests.send_world import CONTACTS, PLAY, Spelling, World
from tests.test_renamed_play import NEW, _approve_new, _rename, _send_new


def test_a_revoke_of_a_mistyped_name_with_the_plays_version_is_refused_not_recorded(tmp_path: Path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    version = current_version(PLAY, world.root / "plays")
    typo = "prop-paly"
    try:
        decide(typo, "revoke", "Lee Ops", "complaints", version, warehouse_path=world.warehouse.path,
               plays_dir=world.root / "plays", mode="live")
        refused = None
    except ApprovalError as exc:
        refused = str(exc)
    outcome = world.send()
    assert refused is not None or world.outbox() == [], (
        f"`sdr revoke {typo} --version {version}` was recorded (no error) and {PLAY} then sent "
        f"{len(world.outbox())} message(s): {outcome}")
    assert refused is not None and PLAY in refused, refused


def test_a_revoke_under_the_former_name_left_as_a_stop_request_stops_the_renamed_play(tmp_path: Path, monkeypatch):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    _rename(world, 0)  # renamed, same version, approved under its new name
    _approve_new(world)
    path = world.warehouse.path

    def held(*_args, **_options):  # a batch holds the warehouse past the command's wait
        raise WarehouseLocked(f"the warehouse {path} is held by process 1, which did not let it go within 60 s")

    monkeypatch.setattr(WarehouseFile, "connect", held)
    with pytest.raises(WarehouseLocked, match="stays and stops its sends"):
        decide(PLAY, "revoke", "Lee Ops", "complaints", warehouse_path=path, plays_dir=world.root / "plays",
               mode="live")
    monkeypatch.undo()
    assert stop_requests.pending(stop_requests.requests_folder(path), PLAY) is not None

    try:
        _send_new(world)
        outcome = "sent"
    except Exception as exc:  # noqa: BLE001 - a refusal is what is expected
        outcome = f"refused: {exc}"
    assert world.outbox() == [], (
        f"the request to revoke {PLAY} 'stays and stops its sends', yet {NEW} (the same play renamed) sent "
        f"{len(world.outbox())} message(s): {outcome}")
