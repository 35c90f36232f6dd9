"""Every write path survives an interrupt at any of its statements (``tests/interrupt_sweep.py``)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sdr_assets import suppression
from sdr_assets.decisions import decide
from sdr_assets.inbox import record_action
from tests.approving import current_version
from tests.escalation_desk import ASKS_TO_STOP_AT, CopiedDesk, desk_asked_to_stop
from tests.interrupt_sweep import sweep, warehouse_of
from tests.openings import REVOPS, signals_ran

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def signalled(openings, tmp_path_factory) -> Path:
    """The signals job run, every play drafted and waiting at its gate: written by no test."""
    return openings.copy(signals_ran, tmp_path_factory.mktemp("signalled"))


def test_an_approval(signalled, tmp_path):
    def approve(root: Path) -> None:
        decide(REVOPS, "approve", "Dana Whitfield", "", current_version(REVOPS, root / "plays"),
               warehouse_path=str(warehouse_of(root).path), plays_dir=root / "plays", now=NOW)

    result = sweep(signalled, approve, tmp_path, repeatable=False)
    print("approval", result)


def test_an_opt_out_entry(signalled, tmp_path):
    def record(root: Path) -> None:
        with warehouse_of(root).connect() as con:
            suppression.record_entries(con, root)

    world = tmp_path / "world"
    import shutil
    shutil.copytree(signalled, world)
    suppression.log_entry(world, "ann@acme.example", "Dana Whitfield", "asked by phone", NOW)
    result = sweep(world, record, tmp_path / "sweep", volatile={"suppression_events": "seq"})
    print("opt-out entry", result)


@pytest.fixture(scope="module")
def desk_world(tmp_path_factory) -> Path:
    """A small folder whose one escalation is a question that also asks to be taken off the list."""
    return desk_asked_to_stop(tmp_path_factory.mktemp("desk") / "world").root


@pytest.mark.parametrize("outcome", ["opted_out", "meeting"])
def test_an_escalation_handled(desk_world, tmp_path, outcome):
    at = ASKS_TO_STOP_AT.replace(hour=12)
    escalation = CopiedDesk(desk_world, tmp_path / "queue").queue(at)[0]["escalation_id"]

    def handle(root: Path) -> None:
        record_action(warehouse_of(root), escalation, "handle", "Dana Whitfield", at, outcome=outcome)

    result = sweep(desk_world, handle, tmp_path / "sweep", repeatable=False,
                   volatile={"escalation_events": "event_id", "suppression_events": "seq"})
    print("escalation", outcome, result)
