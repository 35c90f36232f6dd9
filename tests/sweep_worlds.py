"""Small worlds the interrupt sweeps start from (``tests/interrupt_sweep.py``)."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

from resources.store.approvals import remember_version
from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays
from tests.approving import current_version
from tests.conftest import PLAYS
from tests.interrupt_sweep import warehouse_of
from tests.openings import SERIES_B

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


def plays_world(root: Path) -> Path:
    """A folder holding the shipped plays and a warehouse that remembers their versions, as every run
    leaves it (the ``play_versions`` asset), series-b-funding approved."""
    shutil.copytree(PLAYS, root / "plays")
    with warehouse_of(root).connect() as con:
        for play in load_plays(root / "plays").plays.values():
            remember_version(con, play, NOW)
    decide(SERIES_B, "approve", "Dana Whitfield", "", current_version(SERIES_B, root / "plays"),
           warehouse_path=str(warehouse_of(root).path), plays_dir=root / "plays", now=NOW)
    return root
