"""A request to stop that waits for a person, at one address of Jane's, holds her other address
(``People.opt_outs``) without ending its sequence: until a person reads it, the account's thread there
is under way, so the first email to a colleague at the account waits as it would had nobody replied.
Had the request been read as no opt-out, her follow-ups would go on beside the colleague's new thread;
once a person records the opt-out, the suppression ends it."""

from datetime import UTC, datetime, timedelta

import duckdb

from sdr_assets.contact_holds import MAY_HAVE_OPTED_OUT_ELSEWHERE, current_holds
from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.escalations import MAY_ASK_TO_STOP
from sdr_assets.domain.holds import HOLD_INPUTS
from sdr_assets.domain.sequencing import Limits, plan_sends, send_key

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, MAILBOX = "funding", "sam@outreach.example"
OLD, NEW, BEN = "jane@acme.example", "jane.doe@acme.example", "ben@acme.example"


def _draft(email: str, step: int, delay: int = 0) -> dict:
    return {"draft_id": f"{email}-{step}", "play": PLAY, "contact_email": email, "step": step, "channel": "email",
            "delay_days": delay, "fit": 0.5, "company_domain": "acme.example", "variant": "a",
            "signal_type": "funding", "subject": f"s{step}", "body": f"b{step}", "contact_name": "Jane Doe"}


def _sent(email: str, at: datetime) -> dict:
    return {"send_key": send_key(PLAY, email, 1), "play": PLAY, "contact_email": email, "step": 1, "status": "sent",
            "sent_at": at, "mailbox": MAILBOX, "draft_id": f"{email}-1", "company_domain": "acme.example"}


def _holds(tmp_path):
    """Her reply at ``NEW`` may ask us to stop, and waits for a person (no escalation handled it)."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(f"create table reply_classifications ({', '.join(f'{c} varchar' for c in HOLD_INPUTS)})")
    con.execute("alter table reply_classifications alter received_at type timestamptz")
    con.execute("alter table reply_classifications alter return_date type date")
    con.execute("alter table reply_classifications alter hard type boolean")
    con.execute("insert into reply_classifications (contact_email, from_addr, kind, label, message_id, reason, "
                "received_at) values (?, ?, 'human', 'objection', '<m1@x>', ?, ?)",
                [NEW, NEW, MAY_ASK_TO_STOP, NOW - timedelta(hours=5)])
    return current_holds(con, NOW, {OLD: OLD, NEW: OLD})


def _plan(holds, suppressed=frozenset(), now=NOW):
    ledger = [_sent(OLD, NOW - timedelta(days=2)), _sent(NEW, NOW - timedelta(days=2))]
    drafts = [_draft(OLD, 1), _draft(OLD, 2, 3), _draft(OLD, 3, 8), _draft(NEW, 1), _draft(NEW, 2, 3), _draft(BEN, 1)]
    return plan_sends(drafts, ledger, set(suppressed), holds, ROOMY, now, PLAY, MAILBOX, sending={})


def test_the_colleagues_first_email_waits_while_the_request_does(tmp_path):
    holds = _holds(tmp_path)
    assert holds[OLD].reason == MAY_HAVE_OPTED_OUT_ELSEWHERE.format(address=NEW)
    plan = _plan(holds)
    assert not any(d["contact_email"] == BEN for d in plan.send), \
        "a colleague got a first email while the request at her other address waited for a person"
    [held] = [d for d in plan.skipped if d["contact_email"] == BEN]
    assert held["reason"].startswith(OTHER_CONTACT + OLD), held["reason"]


def test_her_other_address_stays_held_meanwhile(tmp_path):
    plan = _plan(_holds(tmp_path), now=NOW + timedelta(days=2))
    assert not any(d["contact_email"] in (OLD, NEW) for d in plan.send), plan.send
    assert MAY_HAVE_OPTED_OUT_ELSEWHERE.format(address=NEW) in plan.deferred, plan.deferred


def test_once_her_opt_out_is_recorded_the_colleague_goes(tmp_path):
    plan = _plan(_holds(tmp_path), {OLD, NEW})
    assert [d["contact_email"] for d in plan.send] == [BEN]
