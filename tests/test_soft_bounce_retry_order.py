"""A soft bounce of step 1 that arrives after step 2 already reached the person must not send step 1
again after it: one person never gets the steps of a sequence out of order (domain/sequencing.py).

A provider's expiry notice (Action: failed, 4.x.x, after the queue lifetime, typically days) lands
after a follow-up with delay_days 2 went out; the retry of the cold opener would then follow the
"Re:" follow-up."""

from tests.send_world import bounce, first_emails_sent


def _rows(world):
    with world.warehouse.connect() as con:
        return con.execute("select contact_email, step, status, send_key, sent_at from send_ledger "
                           "order by sent_at, step").fetchall()


def test_a_late_soft_bounce_of_step_1_sends_no_opener_after_the_follow_up(tmp_path):
    world = first_emails_sent(tmp_path)
    world.advance(2 * 24 * 60 + 60)
    assert world.send() == "sent"
    assert len(world.outbox()) == 8, "every contact got step 1 and then step 2"
    contact, _, _, _, _ = _rows(world)[0]
    with world.warehouse.connect() as con:
        (first_id,) = con.execute("select message_id from send_ledger where contact_email = ? and step = 1",
                                  [contact]).fetchone()
        (step2_at,) = con.execute("select sent_at from send_ledger where contact_email = ? and step = 2",
                                  [contact]).fetchone()

    # The opener's expiry notice arrives a day after the follow-up went: a soft bounce (4.x.x, failed).
    world.advance(24 * 60)
    world.deliver(bounce(contact, first_id, world.now, hard=False).replace(b"Action: delayed", b"Action: failed"))
    world.process()
    with world.warehouse.connect() as con:
        assert con.execute("select kind, hard from reply_classifications").fetchall() == [("bounce", False)]

    for _ in range(4):
        world.advance(24 * 60)
        assert world.send() == "sent"

    later = [(step, status, at) for email, step, status, _, at in _rows(world)
             if email == contact and status == "sent" and at > step2_at]
    assert later == [], (f"{contact} got step 1 again after step 2 had reached her: {later}")
    assert len(world.outbox()) == 8
