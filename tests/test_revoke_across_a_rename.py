"""A revocation taken on a play under the name it goes by must stop that play under any name it
goes by: the README says "a play is its name and, across a rename, its content", and "a rejection or
revocation stops the play whatever version it was taken on, until a new approval of the current
version ... and so does reverting the file to a version approved before it".

Here a play approved as ``prop-play`` is renamed (name only, same version) to ``prop-play-eu``, which a
reviewer approves and later revokes (the segment complained). Then the rename is reverted (a
``git revert`` of the rename commit, or a colleague restoring the file from the repository): the file
is ``prop-play`` again, at the very version that was just revoked. Nobody approved anything after the
revocation, so nothing may be sent.
"""

from pathlib import Path

import pytest

from resources.store.gate import open_gate
from sdr_assets.decisions import decide
from sdr_assets.domain.gate import GateClosedError
from tests.approving import current_version
from tests.send_world import CONTACTS, PLAY, Spelling, World, play_yaml

NEW = "prop-play-eu"


def _decide(world: World, play: str, decision: str, by: str) -> None:
    plays = world.root / "plays"
    decide(play, decision, by, "review test", current_version(play, plays) if decision == "approve" else None,
           warehouse_path=world.warehouse.path, plays_dir=plays, mode="live")


def _name_file(world: World, name: str) -> None:
    """The play's one file, declaring ``name`` at version 0 (the rename changes nothing else)."""
    for old in (world.root / "plays").glob("*.yaml"):
        old.unlink()
    (world.root / "plays" / f"{name}.yaml").write_text(play_yaml(0).replace(f"name: {PLAY}", f"name: {name}"))


def test_a_revocation_under_the_new_name_still_holds_when_the_rename_is_reverted(tmp_path: Path):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    _decide(world, PLAY, "approve", "Dana Whitfield")

    _name_file(world, NEW)                           # renamed, same version
    _decide(world, NEW, "approve", "Dana Whitfield")  # the new name's own approval
    _decide(world, NEW, "revoke", "Lee Ops")          # the play is stopped: complaints

    _name_file(world, PLAY)                          # the rename is reverted: the same content again
    outcome = world.send()
    assert world.outbox() == [], f"the revoked play mailed its prospects under its former name ({outcome})"
    assert outcome.startswith("refused") and "revoked" in outcome, outcome
    with world.warehouse.connect() as con:
        with pytest.raises(GateClosedError, match="revoked"):
            open_gate(con, world.root / "plays", PLAY, "live")
