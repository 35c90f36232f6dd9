"""Sends the mail server keeps deferring, as `sdr status` shows them: only of plays that still send,
the first few printed one a line, and each first email among them still counted as waiting."""

import pytest
from rich.console import Console

from sdr_assets import send_deferrals
from sdr_assets.cli_summary import HELD_SHOWN, print_summary
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.status import collect_status
from tests.send_world import PLAY, World

PEOPLE = ["p0@firm0.example", "p1@firm1.example"]


def _ledger(world: World, rows: list[tuple[str, str, str, int, str, str | None]]) -> None:
    """Ledger rows (send key, play, address, step, status, reason), as the send step records them."""
    with world.warehouse.connect() as con:
        con.execute(LEDGER_DDL)
        for key, play, address, step, status, reason in rows:
            con.execute("insert into send_ledger (send_key, play, play_version, contact_email, step, status, reason, "
                        "sent_at) values (?, ?, 'v', ?, ?, ?, ?, ?)",
                        [key, play, address, step, status, reason, world.now])


def _status(world: World) -> dict:
    return collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])


def _held(address: str) -> str:
    return send_deferrals.held_reason(send_deferrals.HELD_AFTER, f"451 4.3.0 {address}: Mailbox busy")


def test_held_sends_are_those_of_plays_that_still_send_the_first_few_printed(tmp_path, capsys):
    world = World(tmp_path, PEOPLE)
    world.decide("approve")
    many = HELD_SHOWN + 2
    _ledger(world, [(f"k{i:02}", PLAY, f"c{i}@firm.example", 2, "held", _held(f"c{i}@firm.example"))
                    for i in range(many)] + [("gone", "a-play-no-longer-in-the-book", "x@y.example", 1, "held",
                                              _held("x@y.example"))])
    status = _status(world)
    assert [r["send_key"] for r in status["held_by_server"]] == [f"k{i:02}" for i in range(many)], "--json: all"
    print_summary(Console(width=200), status, [])
    out = capsys.readouterr().out
    assert out.count("Held send ") == HELD_SHOWN and "Held send k10" not in out
    assert "... and 2 more held send(s)" in out and "sdr status --json" in out
    world.decide("revoke")  # its held rows are never tried again
    assert _status(world)["held_by_server"] == []


@pytest.mark.parametrize("held", [_held, lambda address: send_deferrals.relay_reason(f"553 5.1.3 {address}: no SMTPUTF8")],
                         ids=["deferred", "cannot carry its address"])
def test_a_first_email_the_server_holds_still_waits(tmp_path, held):
    world = World(tmp_path, PEOPLE)
    world.decide("approve")
    _ledger(world, [("k0", PLAY, PEOPLE[0], 1, "held", held(PEOPLE[0])),
                    ("k1", PLAY, PEOPLE[1], 1, "sent", None)])
    status = _status(world)
    assert [r["send_key"] for r in status["held_by_server"]] == ["k0"]
    assert status["first_emails_waiting"] == {PLAY: 1}, "tried again by each run, after the others"
    assert status["waiting_for_fresh_research"][PLAY]["messages"] == 0
    assert status["waiting_for_another_play"] == {PLAY: 0}
