"""Through the replies job: a request to stop in words the rule lacks, signed "Best, Pat", reaches a person with her
mail held, as it does alone; it was closed as a plain decline with nobody told (``triage/optout_model.py``)."""

from datetime import timedelta

from sdr_assets.escalations import escalations
from sdr_assets.inbox import load_queue
from sdr_assets.incremental import LayerConfig
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.send_world import _body, first_emails_sent, human_reply


def test_a_signed_request_the_rule_lacks_goes_to_a_person_with_her_mail_held(tmp_path):
    world = first_emails_sent(tmp_path)
    jane = next(s for s in world.outbox() if s.address.startswith("jane"))
    world.deliver(human_reply(jane.address, "Hi Alex,\n\nNo need to circle back. Ever.\n\nBest,\nJane",
                              jane.message_id, world.now + timedelta(minutes=5)))
    world.process()
    with world.warehouse.connect() as con:
        stored = con.execute("select label, needs_review, reason from reply_classifications").fetchall()
    assert stored == [("not_interested", True, MAY_ASK_TO_STOP)]
    assert world.suppressed(jane.address) is None
    assert jane.mailbox in world.stopped()
    r = world.resources
    _body(escalations)(config=LayerConfig(), warehouse=world.warehouse, model=r["model"], paths=r["paths"],
                       policy=r["policy"], escalation_policy=r["escalation_policy"])
    with world.warehouse.connect() as con:
        [queued] = load_queue(con, world.now)
    assert (queued["status"], queued["may_ask_to_stop"]) == ("open", True)
