"""A reply that could not be triaged holds its contact's mail until a person handles it, and then her
sequence goes on (the hold is read, not stored): meanwhile her sequence is waiting, not over, so the
first email to a colleague at her account waits as well, rather than going while the reply waits and
leaving two threads at the account once a person handles it. A reply she writes after it still ends it."""

from datetime import UTC, datetime, timedelta

import duckdb

from sdr_assets.contact_holds import current_holds
from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.sequencing import Limits, plan_sends, send_key
from sdr_assets.reply_quarantine import HOLD_REASON, ensure_table

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, MAILBOX = "funding", "sam@outreach.example"
ANN, BEN = "ann@acme.example", "ben@acme.example"


def _draft(email: str, step: int, delay: int = 0) -> dict:
    return {"draft_id": f"{email}-{step}", "play": PLAY, "contact_email": email, "step": step, "channel": "email",
            "delay_days": delay, "fit": 0.5, "company_domain": "acme.example", "variant": "a",
            "signal_type": "funding", "subject": f"s{step}", "body": f"b{step}", "contact_name": email[:3]}


def _holds(tmp_path):
    """Ann's answer to her first email could not be triaged, and no person has handled it."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_table(con)
    con.execute("insert into quarantined_replies (message_id, message_key, reason, quarantined_at, from_addr, "
                "contact_email, play) values ('<q1@x>', 'k1', 'unparseable MIME', ?, ?, ?, ?)",
                [NOW - timedelta(hours=3), ANN, ANN, PLAY])
    return current_holds(con, NOW)


def _plan(holds):
    ledger = [{"send_key": send_key(PLAY, ANN, 1), "play": PLAY, "contact_email": ANN, "step": 1, "status": "sent",
               "sent_at": NOW - timedelta(days=2), "mailbox": MAILBOX, "draft_id": f"{ANN}-1",
               "company_domain": "acme.example"}]
    drafts = [_draft(ANN, 1), _draft(ANN, 2, 3), _draft(ANN, 3, 8), _draft(BEN, 1)]
    return plan_sends(drafts, ledger, set(), holds, ROOMY, NOW, PLAY, MAILBOX, sending={})


def test_the_colleagues_first_email_waits_while_her_untriaged_reply_does(tmp_path):
    holds = _holds(tmp_path)
    assert holds[ANN].reason == HOLD_REASON, holds
    plan = _plan(holds)
    assert not any(d["contact_email"] == BEN for d in plan.send), \
        "a colleague got a first email while her reply waited for a person"
    [held] = [d for d in plan.skipped if d["contact_email"] == BEN]
    assert held["reason"].startswith(OTHER_CONTACT + ANN), held["reason"]
    assert plan.deferred == {HOLD_REASON: 2}, plan.deferred
