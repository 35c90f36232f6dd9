"""A new message (not a reply) asking to stop, from Ann's address written in a form mail clients and
relays use, stops her follow-up: the real send step and reply intake (``tests/send_world.py``)."""

from datetime import timedelta

import pytest

from tests.send_world import first_emails_sent, human_reply


@pytest.mark.parametrize("sender", [
    'Ann Lee <"ann.lee"@acme.example>',   # a needless quoted local part: the same mailbox (RFC 5321 4.1.2)
    "Ann Lee <ann.lee @ acme.example>",   # obsolete CFWS around the @ (RFC 5322 4.4)
])
def test_a_stop_request_from_her_address_stops_her(tmp_path, sender):
    world = first_emails_sent(tmp_path)
    world.deliver(human_reply(sender, "unsubscribe me please", None, world.now + timedelta(minutes=5)))
    world.advance(10)
    world.process()
    world.advance(3 * 24 * 60)
    world.send()
    to_ann = [s for s in world.outbox() if s.mailbox == "ann.lee@acme.example"]
    assert len(to_ann) == 1, f"her follow-up went after she asked to stop from {sender!r}"
