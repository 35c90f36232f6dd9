"""A sequence paused while its contact is away (an out-of-office reply with a return date weeks ahead)
is still under way when she returns: her follow-ups go then, so another play's first email to her, or
the first email to another contact at her account, waits for that sequence to end as it would had she
never been away (by its remaining delays and the grace after her return at the latest), rather than
going the same day as her follow-up. Nothing waits for ever: the away date is bounded."""

from datetime import UTC, date, datetime, timedelta

from sdr_assets.domain.account_threads import OTHER_CONTACT
from sdr_assets.domain.play_overlap import GRACE, OTHER_PLAY, Sequence
from sdr_assets.domain.sequencing import Hold, Limits, plan_sends, send_key

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, OTHER, MAILBOX = "funding", "hiring", "sam@outreach.example"
ANN, BEN = "ann@acme.example", "ben@acme.example"
# Ann answered the other play's first email, 40 days ago, that she was away for six weeks: back yesterday.
AWAY = {ANN: Hold("pause", NOW.date(), "out of office")}


def _draft(email: str, step: int, delay: int = 0, play: str = PLAY) -> dict:
    return {"draft_id": f"{play}-{email}-{step}", "play": play, "contact_email": email, "step": step,
            "channel": "email", "delay_days": delay, "fit": 0.5, "company_domain": "acme.example", "variant": "a",
            "signal_type": "funding", "subject": f"s{step}", "body": f"b{step}", "contact_name": email[:3]}


def _sent(play: str, email: str, step: int, at: datetime) -> dict:
    return {"send_key": send_key(play, email, step), "play": play, "contact_email": email, "step": step,
            "status": "sent", "sent_at": at, "mailbox": MAILBOX, "draft_id": f"{play}-{email}-{step}",
            "company_domain": "acme.example"}


def _seq(*delays: int) -> Sequence:
    return Sequence.of([{"channel": "email", "delay_days": d} for d in delays])


def _first_email(plan, email: str) -> str:
    if any(d["contact_email"] == email and d["step"] == 1 for d in plan.send):
        return "sent"
    (held,) = [d for d in plan.skipped if d["contact_email"] == email and d["step"] == 1]
    return held["reason"]


def test_another_plays_first_email_waits_for_the_follow_ups_she_is_back_for():
    ledger = [_sent(OTHER, ANN, 1, NOW - timedelta(days=40))]
    sending = {OTHER: _seq(0, 3, 7), PLAY: _seq(0, 3)}
    theirs = plan_sends([_draft(ANN, 2, 3, OTHER), _draft(ANN, 3, 7, OTHER)], ledger, set(), AWAY, ROOMY, NOW,
                        OTHER, MAILBOX, sending=sending)
    assert [d["step"] for d in theirs.send] == [2], "the other play's follow-up goes the day she is back"

    def ours(now: datetime) -> str:
        return _first_email(plan_sends([_draft(ANN, 1)], ledger, set(), AWAY, ROOMY, now, PLAY, MAILBOX,
                                       sending=sending), ANN)

    assert ours(NOW).startswith(OTHER_PLAY), "two plays' emails to her on the day she is back"
    back = datetime.combine(AWAY[ANN].until, datetime.min.time(), UTC)
    assert ours(back + timedelta(days=7) + GRACE) == "sent", "bounded by the remaining delays and the grace"


def test_the_accounts_new_contact_waits_for_the_follow_ups_she_is_back_for():
    ledger = [_sent(PLAY, ANN, 1, NOW - timedelta(days=40))]
    drafts = [_draft(ANN, 1), _draft(ANN, 2, 4), _draft(ANN, 3, 9), _draft(BEN, 1)]

    def plan(now: datetime):
        return plan_sends(drafts, ledger, set(), AWAY, ROOMY, now, PLAY, MAILBOX, sending={})

    today = plan(NOW)
    assert [(d["contact_email"], d["step"]) for d in today.send if d["contact_email"] == ANN] == [(ANN, 2)]
    assert _first_email(today, BEN).startswith(OTHER_CONTACT), "two threads at her account the day she is back"
    back = datetime.combine(AWAY[ANN].until, datetime.min.time(), UTC)
    assert _first_email(plan(back + timedelta(days=9) + GRACE), BEN) == "sent"


def test_a_return_date_long_past_holds_nothing():
    ledger = [_sent(OTHER, ANN, 1, NOW - timedelta(days=90))]
    gone = {ANN: Hold("pause", date(2026, 9, 1), "out of office")}
    plan = plan_sends([_draft(ANN, 1)], ledger, set(), gone, ROOMY, NOW, PLAY, MAILBOX,
                      sending={OTHER: _seq(0, 3, 7), PLAY: _seq(0, 3)})
    assert _first_email(plan, ANN) == "sent"
