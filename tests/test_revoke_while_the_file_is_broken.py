"""A revocation must be recordable while the play's file is momentarily invalid or missing.

An approved play sends. A colleague is half-way through an edit (a typo leaves the file invalid),
or has moved the file aside; meanwhile complaints arrive and the reviewer revokes the play. The
revocation is refused ("invalid and cannot be decided on" / "no play named"), so when the typo is
fixed back (or the file put back) at the approved version, the play sends again although a named
person asked to stop it. A held play with no valid file may be rejected or revoked (recorded against
the version last approved, "so restoring that file sends nothing", README "Approving plays"); a play
whose single file is invalid or gone must be too.
"""

from pathlib import Path

import pytest

from sdr_assets.decisions import decide
from sdr_assets.domain.approvals import ApprovalError
from tests.send_world import CONTACTS, PLAY, Spelling, World, play_yaml


def _revoke(world: World) -> str | None:
    try:
        decide(PLAY, "revoke", "Lee Ops", "segment complained", None, warehouse_path=world.warehouse.path,
               plays_dir=world.root / "plays", mode="live")
    except ApprovalError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("breakage", ["invalid", "moved aside"])
def test_a_revocation_taken_while_the_file_is_broken_stops_the_play_once_it_is_fixed(tmp_path: Path, breakage):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    path = world.root / "plays" / f"{PLAY}.yaml"
    if breakage == "invalid":
        path.write_text(play_yaml(0).replace("channel: email\n    delay_days: 2", "channel: fax\n    delay_days: 2"))
    else:
        path.rename(world.root / f"{PLAY}.yaml.aside")

    refused = _revoke(world)

    path.write_text(play_yaml(0))  # the typo fixed, or the file put back: the approved version again
    outcome = world.send()
    assert world.outbox() == [], f"revocation refused ({refused}); the play then sent: {outcome}"
    assert refused is None
