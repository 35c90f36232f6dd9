"""An automatic reply that may ask us to stop (triage's ``AUTO_MAY_ASK_TO_STOP``: a person checks) is
no refusal of the play: the company's canned words ("we are not interested in new vendors") go to
every sender, so the monitor counts no "not interested" or objection on it, while a person's own
refusal counts."""

from __future__ import annotations

from sdr_assets.monitor_data import sends_with_verdicts
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP
from tests.send_world import _headers, first_emails_sent, human_reply

CANNED = ("I am out of the office until Monday. We are not interested in new vendors at the moment. To opt out of "
          "our newsletter, use the link in it.")


def _auto_reply(sender: str, in_reply_to: str, at) -> bytes:
    return (_headers(sender, "Automatic reply: hello", in_reply_to, at)
            + f"Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{CANNED}\r\n").encode()


def test_an_auto_reply_that_may_ask_to_stop_counts_no_negative(tmp_path):
    world = first_emails_sent(tmp_path)
    canned, refused = world.outbox()[:2]
    world.deliver(_auto_reply(canned.address, canned.message_id, world.now))
    world.deliver(human_reply(refused.address, "Not interested, thanks.", refused.message_id, world.now))
    world.process()
    with world.warehouse.connect() as con:
        reason = con.execute("select reason from reply_classifications where send_key = ?",
                             [canned.send_key]).fetchone()[0]
        flags = {r["send_key"]: r for r in sends_with_verdicts(con).iter_rows(named=True)}
    assert reason == AUTO_MAY_ASK_TO_STOP, reason  # triage holds it for a person, as designed
    assert flags[refused.send_key]["not_interested"], "a person's refusal counts"
    counted = [f for f in ("not_interested", "objection") if flags[canned.send_key][f]]
    assert not counted, f"an automatic reply counted as {counted} against the play"
