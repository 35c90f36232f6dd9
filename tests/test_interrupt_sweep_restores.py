"""The restores a writer's attach runs survive an interrupt at any of their statements
(``tests/interrupt_sweep.py``): the decisions the log beside the warehouse keeps put back into the
approvals the gate reads, and the escalation events with what their hand-offs recorded. Each restore
commits on its own, so each is swept on a copy of the warehouse that lacks what its log alone holds."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sdr_assets.decisions import decide
from tests.approving import current_version
from tests.escalation_desk import ASKS_TO_STOP_AT, desk_asked_to_stop
from tests.interrupt_sweep import sweep, warehouse_of
from tests.openings import REVOPS, SERIES_B
from tests.sweep_worlds import NOW

HANDLED_AT = ASKS_TO_STOP_AT.replace(hour=12)


def _restored(root: Path, after_the_copy: Callable[[], object]) -> Path:
    """``root`` with its warehouse copied, ``after_the_copy`` done, and the copy put back in the file's
    place, its write-ahead log gone: only the logs beside the file hold what was done after the copy."""
    warehouse = warehouse_of(root).path
    shutil.copy2(warehouse, root / "copy.duckdb")
    after_the_copy()
    shutil.move(root / "copy.duckdb", warehouse)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)
    return root


def _decide(root: Path, play: str, decision: str, by: str) -> None:
    decide(play, decision, by, "", current_version(play, root / "plays"),
           warehouse_path=str(warehouse_of(root).path), plays_dir=root / "plays", now=NOW)


@pytest.fixture(scope="module")
def revoked_after_the_copy(plays_only, tmp_path_factory) -> Path:
    """series-b-funding approved in the copy, revoked and revops-hiring approved after it."""
    root = shutil.copytree(plays_only, tmp_path_factory.mktemp("revoked") / "world")

    def decided() -> None:
        _decide(root, SERIES_B, "revoke", "Lee Ops")
        _decide(root, REVOPS, "approve", "Dana Whitfield")

    return _restored(root, decided)


@pytest.fixture(scope="module")
def handed_off_after_the_copy(tmp_path_factory) -> Path:
    """Ann's question, which also asks to be taken off the list, escalated in the copy, claimed and
    handed off as an opt-out after it."""
    desk = desk_asked_to_stop(tmp_path_factory.mktemp("handed_off") / "world")

    def handed_off() -> None:
        escalation = desk.queue(HANDLED_AT)[0]["escalation_id"]
        desk.act(escalation, "claim", "Casey Morgan", HANDLED_AT)
        desk.act(escalation, "handle", "Casey Morgan", HANDLED_AT, outcome="opted_out")

    return _restored(desk.root, handed_off)


def _attach(root: Path) -> None:
    """A writer's attach, as every command and run step begins."""
    with warehouse_of(root).connect():
        pass


def test_the_decisions_restored_at_attach(revoked_after_the_copy, tmp_path):
    result = sweep(revoked_after_the_copy, _attach, tmp_path, at_attach=True, step_past_reads=True)
    assert "play_approvals" in result.written


def test_the_escalation_events_restored_at_attach(handed_off_after_the_copy, tmp_path):
    result = sweep(handed_off_after_the_copy, _attach, tmp_path, at_attach=True, step_past_reads=True)
    assert {"escalation_events", "suppression_list"} <= set(result.written)
