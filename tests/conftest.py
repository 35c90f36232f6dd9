"""Every test gets its own data folder, warehouse and Dagster instance."""

from __future__ import annotations

import gc
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.demo.world import generate_world

REPO = Path(__file__).resolve().parents[1]
PLAYS = REPO / "data" / "plays"
WORLD_NOW = datetime(2026, 11, 20, tzinfo=UTC)
RUN_NOW = "2026-11-20T09:00:00+00:00"


POSTAL_ADDRESS = "Outreach Example Ltd, 1 Test Street, Springfield"


def environ_for(root: Path, **extra: str) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(root), "SDR_NOW": RUN_NOW, "SDR_POSTAL_ADDRESS": POSTAL_ADDRESS, **extra}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A seeded demo world and the shipped plays, under tmp_path."""
    shutil.copytree(PLAYS, tmp_path / "plays")
    generate_world(tmp_path, seed=11, n_companies=300, now=WORLD_NOW)
    return tmp_path


@pytest.fixture
def environ(data_dir: Path):
    """The environment of a run on ``data_dir``; keyword arguments override settings."""
    return lambda **extra: environ_for(data_dir, **extra)


@pytest.fixture
def resources(data_dir: Path) -> dict:
    return build_resources(environ_for(data_dir))


@pytest.fixture
def defs(resources: dict) -> dg.Definitions:
    return build_definitions(resources)


@pytest.fixture
def instance() -> dg.DagsterInstance:
    with dg.instance_for_test() as test_instance:
        yield test_instance
        # Finalise contexts left open during the test while this instance still exists: Dagster
        # keeps the current instance's state storage in a context variable that they restore.
        gc.collect()
