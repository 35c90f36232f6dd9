"""Accepting a referral names a person, by the approval gate's rule.

Accepting a proposed referral makes a person the play never researched a contact its next run
mails: the one person's decision before she is mailed. "Your Name" pasted as printed, "bot" or
"system" names nobody and is refused in one line.
"""

from __future__ import annotations

import pytest

from resources.config import WarehouseFile
from sdr_assets import referrals

REFERRAL = "jane.roe@acme.example"


def _proposed(tmp_path) -> WarehouseFile:
    warehouse = WarehouseFile(path=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as con:
        con.execute("create table escalations (play varchar, contact_email varchar, message_id varchar, "
                    "proposed_contacts varchar)")
        con.execute("insert into escalations values ('p', 'ann@acme.example', '<m1>', ?)", [REFERRAL])
        con.execute("create table send_ledger (play varchar, contact_email varchar, company_domain varchar)")
        con.execute("insert into send_ledger values ('p', 'ann@acme.example', 'acme.example')")
    return warehouse


def test_a_named_person_accepts_a_referral(tmp_path):
    warehouse = _proposed(tmp_path)
    assert referrals.accept(warehouse, REFERRAL, " Dana Whitfield ")["accepted_by"] == "Dana Whitfield"
    with warehouse.connect() as con:
        assert set(referrals.accepted_contacts(con)) == {("p", "acme.example")}


@pytest.mark.parametrize("name", ["Your Name", "bot", "system"])
def test_a_referral_is_not_accepted_by_a_name_that_names_nobody(tmp_path, name):
    warehouse = _proposed(tmp_path)
    with pytest.raises(referrals.ReferralError, match=f"^'{name}' names nobody: "):
        referrals.accept(warehouse, REFERRAL, name)
    with warehouse.connect() as con:
        assert referrals.accepted_contacts(con) == {}
