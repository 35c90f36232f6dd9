"""An opt-out that asks something besides, through the replies' steps: recorded at once, and a person
reads what else it asks."""

import json

import pytest

from sdr_assets.domain.addresses import canonical_address
from tests.send_world import CONTACTS, first_emails_sent, human_reply

ANN = "@".join(CONTACTS[2])


@pytest.fixture
def world(tmp_path):
    return first_emails_sent(tmp_path)


def test_an_opt_out_that_names_a_new_address_is_recorded_at_once_and_the_address_kept(world):
    ann = next(s for s in world.outbox() if s.address == canonical_address(ANN))
    world.deliver(human_reply(f"Ann Lee <{ANN}>", "Please remove me from your list. I have moved to Newco - write to "
                                                  "me at ann@newco.example, we need exactly this.", ann.message_id,
                              world.now))
    world.process()
    assert world.suppressed(ANN) == "unsubscribe_reply", "never delayed by what else it asks"
    with world.warehouse.connect() as con:
        needs_review, referrals = con.execute("select needs_review, referrals from reply_classifications").fetchone()
    assert needs_review and json.loads(referrals) == ["ann@newco.example"]
