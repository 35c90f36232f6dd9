"""A referral whose acceptance a person withdraws while the send step lets the warehouse go, between its
plan and its batch, is not mailed: `sdr referrals withdraw` said the play no longer writes to her, and
the batch reads it again, as it reads the suppressions and holds committed in that gap."""

from __future__ import annotations

from sdr_assets import sends
from sdr_assets.referrals import withdraw
from tests.test_withdrawn_referral_not_mailed import JANE, _jane_drafted, _mailed


def test_a_referral_withdrawn_after_the_plan_is_not_mailed(tmp_path, monkeypatch):
    world = _jane_drafted(tmp_path)
    planned = sends.plan_sends

    def plan_then_withdraw(*args, **kwargs):
        plan = planned(*args, **kwargs)
        assert any(d["contact_email"] == JANE for d in plan.send), "her first email is planned"
        withdraw(world.warehouse, JANE, "Dana Whitfield", world.now)
        return plan

    monkeypatch.setattr(sends, "plan_sends", plan_then_withdraw)
    assert world.send() == "sent"
    assert _mailed(world, JANE) == 0, "a referral withdrawn between the plan and the batch was mailed"
