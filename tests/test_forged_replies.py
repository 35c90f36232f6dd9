"""A stranger cannot stop someone else's mail: forged replies through the real replies job.

A forged reply comes from an outside address and carries what a stranger can compute: our
Message-ID's shape around the contact's real send key (with a made-up MAC), or a well-formed
unsubscribe token signed under a guessed secret. It suppresses nobody and stops no sequence, and
the contact's follow-up goes out. The contact's own replies do suppress and stop.
"""

import dagster as dg
import pytest

from sdr_assets.assembly import build_definitions
from sdr_assets.domain.addresses import canonical_address
from sdr_assets.domain.unsubscribe import unsubscribe_token
from sdr_assets.suppression import lift_entry
from tests.send_world import CONTACTS, OUTSIDER, World, complaint, first_emails_sent, forged_message_id, human_reply

JOSE, JANE, ANN, OYVIND = ("@".join(c) for c in CONTACTS)
STRANGER = f"Mallory <{OUTSIDER}>"


def _replies_job(world: World, instance: dg.DagsterInstance) -> None:
    result = build_definitions(world.resources).resolve_job_def("replies_job").execute_in_process(
        instance=instance, raise_on_error=False)
    assert result.success


@pytest.fixture
def world(tmp_path):
    return first_emails_sent(tmp_path)


def _to(world: World, address: str):
    return next(s for s in world.outbox() if s.address == canonical_address(address))


def test_forged_replies_suppress_and_stop_nobody_and_the_follow_up_goes_out(world, instance):
    ann = _to(world, ANN)
    forged_token = unsubscribe_token(b"a guessed secret", ann.send_key, ANN)
    world.deliver(human_reply(STRANGER, "Please unsubscribe me from this list.", forged_message_id(ann.send_key),
                              world.now))
    world.deliver(human_reply(STRANGER, "Sounds interesting, can we talk next week?",
                              forged_message_id(_to(world, OYVIND).send_key), world.now))
    world.deliver(f"From: {STRANGER}\r\nTo: unsubscribe@outreach.example\r\nSubject: unsubscribe {forged_token}\r\n"
                  f"Message-ID: <forged-token@evil.example>\r\n\r\nunsubscribe\r\n".encode())
    _replies_job(world, instance)

    assert [a for a in (JOSE, JANE, ANN, OYVIND) if world.suppressed(a)] == []
    assert world.stopped() <= {OUTSIDER}, "only the stranger's own address, never a contact's"
    with world.warehouse.connect() as con:
        matched = con.execute("select count(*) from reply_classifications where send_key is not null").fetchone()[0]
    assert matched == 0, "a forged Message-ID matches no send"
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"
    mailed = [s.address for s in world.outbox()]
    assert mailed.count(ANN) == 2 and mailed.count(canonical_address(OYVIND)) == 2, "their sequences went on"


def test_the_contacts_own_replies_suppress_and_stop(world, instance):
    ann, oyvind = _to(world, ANN), _to(world, OYVIND)
    world.deliver(human_reply(f"Ann Lee <{ANN}>", "Please unsubscribe me from this list.", ann.message_id, world.now))
    world.deliver(human_reply(f"Øyvind <{OYVIND}>", "Sounds interesting, can we talk next week?", oyvind.message_id,
                              world.now))
    _replies_job(world, instance)

    assert world.suppressed(ANN) == "unsubscribe_reply"
    assert world.stopped() == {canonical_address(OYVIND)}
    world.advance(60 * 24 * 3)
    assert world.send() == "sent"
    mailed = [s.address for s in world.outbox()]
    assert mailed.count(ANN) == 1 and mailed.count(canonical_address(OYVIND)) == 1, "no follow-up after their replies"
    assert mailed.count(canonical_address(JOSE)) == 2, "the others' sequences went on"


def test_a_feedback_report_naming_a_contact_without_our_message_id_suppresses_her_only_until_a_person_lifts_it(
        world, instance):
    ann, jane = _to(world, ANN), _to(world, JANE)
    forged = complaint(ANN, forged_message_id(ann.send_key), world.now).replace(
        b"From: Feedback Loop <fbl@isp.example>", b"From: Mallory <fbl@evil.example>")
    world.deliver(forged)
    world.deliver(complaint(JANE, jane.message_id, world.now))  # a provider's report of our own message
    _replies_job(world, instance)

    assert (world.suppressed(ANN), world.suppressed(JANE)) == ("unmatched_complaint", "complaint")
    with world.warehouse.connect() as con:
        lift_entry(con, world.root, ANN, "Dana Whitfield", "a forged report", world.now)
        with pytest.raises(ValueError, match="cannot be lifted"):
            lift_entry(con, world.root, JANE, "Dana Whitfield", "she complained", world.now)
    assert world.suppressed(ANN) is None and world.suppressed(JANE) == "complaint"
