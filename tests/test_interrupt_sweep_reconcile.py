"""The send ledger's reconciliation survives an interrupt at any of its statements
(``tests/interrupt_sweep.py``): a row left ``sending`` settled ``sent`` from the log of messages handed
over or from the outbox, or released for the next run. Each row is settled in a transaction of its
own, so each way is swept on a world that left one row."""

import shutil
from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets import sent_log
from sdr_assets.reconcile import reconcile
from tests.interrupt_sweep import sweep, warehouse_of
from tests.send_world import CONTACTS, PLAY, Spelling, World


def _log(root: Path) -> Path:
    return sent_log.log_path(warehouse_of(root).path, PLAY)


@pytest.fixture(scope="module")
def one_sent(tmp_path_factory) -> World:
    """One first email handed over, logged and delivered to the outbox."""
    world = World(tmp_path_factory.mktemp("one_sent") / "data", [Spelling().write(*CONTACTS[0])])
    world.decide("approve")
    assert world.send() == "sent"
    return world


def _settle(root: Path, world: World) -> None:
    """What the send step does first, under its lock: the ledger and the log agreed, then reconciled."""
    resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": world.now.isoformat(),
                                 "SDR_SECRET": "property-test-secret"})
    warehouse = resources["warehouse"]
    with warehouse.connect() as con:
        agreed = sent_log.agree(con, _log(root), PLAY)
        reconcile(con, resources["mail"], world.now, agreed.handed_over, warehouse.path)


def _left_sending(world: World, root: Path, logged: bool, delivered: bool) -> Path:
    """``world``'s folder copied to ``root``, its one row left ``sending`` as a process dying after its
    hand-over leaves it: its message ``logged`` as handed over or not, ``delivered`` to the outbox or
    not; the ledger and the log since agreed, as the send step's first statements leave them."""
    shutil.copytree(world.root, root)
    with warehouse_of(root).connect() as con:
        con.execute("update send_ledger set status = 'sending'")
    if not logged:
        _log(root).write_text("")
    if not delivered:
        for message in (root / "outbox" / "new").iterdir():
            message.unlink()
    with warehouse_of(root).connect() as con:
        sent_log.agree(con, _log(root), PLAY)
    return root


def _handed_over(root: Path) -> tuple[list[str], list[tuple]]:
    """The lines of the log of messages handed over, and each ledger row's status."""
    with warehouse_of(root).connect(read_only=True) as con:
        return _log(root).read_text().splitlines(), con.execute(
            "select send_key, status from send_ledger order by 1").fetchall()


@pytest.mark.parametrize(("logged", "delivered"), [(True, True), (False, True), (False, False)],
                         ids=["sent-by-the-log", "sent-by-the-outbox", "released"])
def test_the_reconciliation(one_sent, tmp_path, logged, delivered):
    world = _left_sending(one_sent, tmp_path / "world", logged, delivered)
    result = sweep(world, lambda root: _settle(root, one_sent), tmp_path / "sweep", outside=_handed_over,
                   step_past_reads=True)
    assert "send_resolutions" in result.written
