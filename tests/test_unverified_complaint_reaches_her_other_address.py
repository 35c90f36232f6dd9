"""A complaint that names Jane's address but none of our messages (an unverified complaint: her
provider's feedback loop stripped our Message-ID, or a forgery) holds her mail at every address her
name at the account joins (``People.opt_outs``), as it holds the address it names, until a person
lifts it: it may be her complaint, and mailing her again at her other address risks another. It was
held as a bounce is, at its own address alone, so her other address got her follow-up."""

from __future__ import annotations

from pathlib import Path

from sdr_assets.shared_profiles import OPTED_OUT_ELSEWHERE
from tests.send_world import complaint, forged_message_id
from tests.test_optout_reaches_both_current_addresses import NEW, OLD, _world


def test_an_unverified_complaint_holds_her_other_address(tmp_path: Path):
    world = _world(tmp_path)
    [first] = [s for s in world.outbox() if s.address == NEW]
    world.deliver(complaint(NEW, forged_message_id(first.send_key), world.now))
    world.process()
    assert world.suppressed(NEW) == "unmatched_complaint"
    world.advance(2 * 24 * 60 + 10)
    assert world.send() == "sent"
    mailed = [s.address for s in world.outbox()][2:]
    assert mailed == [], f"a complaint about her at {NEW} is unverified, and she was mailed at {mailed}"
    with world.warehouse.connect() as con:
        status = con.execute("select status, reason from send_ledger where step = 2 and contact_email = ?",
                             [OLD]).fetchone()
    assert status == ("suppressed", OPTED_OUT_ELSEWHERE)
