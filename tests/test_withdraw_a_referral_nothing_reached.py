"""A referral whose first email reached no one (the server refused it for good, her address could not be
mailed, or she is suppressed) is withdrawn like one not mailed yet: nothing of the play reached her, so
no sequence of hers is under way. One whose first email went, or may have (its delivery unresolved),
is refused, in words that say so."""

from __future__ import annotations

import pytest

from sdr_assets.referrals import ReferralError, accepted_contacts, withdraw
from tests.test_referral_held_by_the_verifier import BOB, JANE, START, _referred


def _first_email(world, status: str) -> None:
    with world.warehouse.connect() as con:
        con.execute("insert into send_ledger select * replace ('k-jane' as send_key, ? as contact_email, ? as status) "
                    "from send_ledger where contact_email = ? and step = 1", [JANE, status, BOB])


@pytest.mark.parametrize("status", ["failed", "invalid_address", "suppressed"])
def test_a_referral_whose_first_email_reached_no_one_is_withdrawn(tmp_path, status):
    world = _referred(tmp_path)
    _first_email(world, status)
    assert withdraw(world.warehouse, JANE, "Dana Whitfield", START)["email"] == JANE
    with world.warehouse.connect() as con:
        assert accepted_contacts(con) == {}


@pytest.mark.parametrize(("status", "said"), [("sent", "her first email went"),
                                              ("sending", "may have reached her")])
def test_one_whose_first_email_went_or_may_have_is_refused_saying_so(tmp_path, status, said):
    world = _referred(tmp_path)
    _first_email(world, status)
    with pytest.raises(ReferralError, match=said):
        withdraw(world.warehouse, JANE, "Dana Whitfield", START)
