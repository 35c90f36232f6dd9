"""Her unsubscribe is the person's from the moment it is logged: when one LinkedIn profile joins two
addresses and she clicks the link in our mail to one of them after the send step planned its batch,
the planned message to her other address is refused before its hand-over, as a message to the
address she clicked at is, instead of mailed because the plan read her suppressions before the click."""

from pathlib import Path

from sdr_assets import sends
from tests.send_world import World

COM, IO = "jane@acme.example", "jane@acme-io.example"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def test_her_click_at_one_address_after_the_plan_stops_the_other(tmp_path: Path, monkeypatch):
    world = World(tmp_path, [COM, IO])
    world.decide("approve")
    assert world.send() == "sent"
    first_to_com = next(s.send_key for s in world.outbox() if s.address == COM)
    with world.warehouse.connect() as con:  # research finds her profile under both domains
        con.execute("update message_drafts set linkedin_url = ?, contact_name = 'Jane Doe'", [PROFILE])
    world.advance(2 * 24 * 60 + 10)
    planned = sends.plan_sends

    def plan_then_click(*args, **kwargs):
        plan = planned(*args, **kwargs)
        assert [d["contact_email"] for d in plan.send] == [IO], plan.send
        world.click(COM, first_to_com)
        return plan

    monkeypatch.setattr(sends, "plan_sends", plan_then_click)

    assert world.send() == "sent"

    assert [s.address for s in world.outbox()][2:] == [], "she unsubscribed, and was mailed at her other address"
    with world.warehouse.connect() as con:
        [(status, reason)] = con.execute("select status, reason from send_ledger where contact_email = ? and step = 2",
                                         [IO]).fetchall()
    assert (status, reason) == ("suppressed", sends.OPTED_OUT_ELSEWHERE)
