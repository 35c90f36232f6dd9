"""Requests to stop read by the replies job (``tests/send_world.py``: deliver, then process) on a world whose four
contacts got the first email: each is recorded and suppresses its sender, whatever stands before it."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from tests.send_world import first_emails_sent

REQUESTS = Path(__file__).resolve().parent / "fixtures" / "replies" / "requests_to_stop"


@pytest.fixture
def world(tmp_path):
    return first_emails_sent(tmp_path)


def _stored(world) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select kind, label from reply_classifications").fetchall()


def test_a_new_message_asking_to_stop_after_a_long_preamble_suppresses_its_sender(world):
    world.deliver((REQUESTS / "fresh_stop_after_long_preamble.eml").read_bytes())
    world.process()
    assert _stored(world) == [("human", "unsubscribe")]
    assert world.suppressed("pat.doe@customer.example") == "unsubscribe_reply"


def _from_contact(world, name: str, *, replying: bool = True):
    """The fixture ``name`` sent by a contact we mailed: as her reply to the message we sent her, or written anew."""
    ann = next(s for s in world.outbox() if s.address.startswith("ann"))
    message = email.message_from_bytes((REQUESTS / f"{name}.eml").read_bytes(), policy=email.policy.default)
    for header in ("From", "In-Reply-To", "References"):
        del message[header]
    message["From"] = ann.address
    if replying:
        message["In-Reply-To"], message["References"] = ann.message_id, ann.message_id
    world.deliver(message.as_bytes())
    return ann


def test_a_contacts_new_message_taking_up_the_offer_over_a_bare_company_footer_suppresses_nobody(world):
    ann = _from_contact(world, "fresh_interested_over_bare_company_footer", replying=False)
    world.process()
    assert _stored(world) == [("human", "interested")]
    assert world.suppressed(ann.address) is None and ann.mailbox in world.stopped()


def test_a_request_to_stop_calling_that_asks_for_email_suppresses_nobody_and_holds_her_mail(world):
    ann = _from_contact(world, "stop_calling_email_is_fine")
    world.process()
    [(kind, label)] = _stored(world)
    assert kind == "human" and label != "unsubscribe"
    assert world.suppressed(ann.address) is None and ann.mailbox in world.stopped()
