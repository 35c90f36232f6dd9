"""The play versions, the qualified signals and the research angles survive an interrupt at any of their
statements (``tests/interrupt_sweep.py``), after a play's trigger was narrowed."""

import shutil
from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets.incremental import LayerConfig
from sdr_assets.plays import play_versions
from sdr_assets.research import research_angles
from sdr_assets.signals import qualified_signals
from tests.conftest import environ_for
from tests.interrupt_sweep import held_as_in_a_step, sweep
from tests.openings import SERIES_B, signals_ran
from tests.send_world import _body

# The layers' marks are stamped by the wall clock.
MARKED_AT = {"layer_marks": "marked_at"}


def _qualify(root: Path) -> None:
    r = build_resources(environ_for(root))
    with held_as_in_a_step(r["warehouse"]):
        _body(qualified_signals)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"])


@pytest.fixture(scope="module")
def narrowed(openings, tmp_path_factory) -> Path:
    """Every play drafted and waiting at its gate, series-b-funding since narrowed to Series B rounds."""
    root = openings.copy(signals_ran, tmp_path_factory.mktemp("narrowed"))
    path = root / "plays" / f"{SERIES_B}.yaml"
    text, rounds = path.read_text(), "rounds: [Series A, Series B, Series C]"
    assert rounds in text
    path.write_text(text.replace(rounds, "rounds: [Series B]"))
    return root


def test_the_play_versions(narrowed, tmp_path):
    def versions(root: Path) -> None:
        r = build_resources(environ_for(root))
        with held_as_in_a_step(r["warehouse"]):
            _body(play_versions)(warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"])

    sweep(narrowed, versions, tmp_path, step_past_reads=True)


def test_the_qualified_signals(narrowed, tmp_path):
    sweep(narrowed, _qualify, tmp_path, step_past_reads=True, volatile=MARKED_AT)


@pytest.fixture(scope="module")
def requalified(narrowed, tmp_path_factory) -> Path:
    """``narrowed``, its signals qualified again: the next research run writes its angles again."""
    root = shutil.copytree(narrowed, tmp_path_factory.mktemp("requalified") / "world")
    _qualify(root)
    return root


def test_the_research_angles(requalified, tmp_path):
    def research(root: Path) -> None:
        r = build_resources(environ_for(root))
        with held_as_in_a_step(r["warehouse"]):
            _body(research_angles)(config=LayerConfig(), warehouse=r["warehouse"], paths=r["paths"], policy=r["policy"],
                                   model=r["model"])

    sweep(requalified, research, tmp_path, step_past_reads=True, volatile=MARKED_AT)
