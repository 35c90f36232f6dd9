"""One conversation per person at a time: a first email waits while another play mails her."""

from datetime import UTC, datetime, timedelta

import pytest

from sdr_assets.domain.play_overlap import OTHER_PLAY, Sequence, last_email_step
from sdr_assets.domain.sequencing import Limits, plan_sends, send_key

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, OTHER = "funding", "hiring"
ANN = "ann.lee@gmail.com"


def _draft(step: int = 1, email: str = ANN, delay: int = 0, play: str = PLAY) -> dict:
    return {"draft_id": f"{play}-{email}-{step}", "play": play, "contact_email": email, "step": step,
            "channel": "email", "delay_days": delay, "fit": 0.5, "company_domain": "acme.example",
            "variant": "a", "signal_type": "funding", "subject": f"s{step}", "body": "b", "contact_name": "Ann"}


def _row(step: int, when: datetime, email: str = ANN, play: str = OTHER, status: str = "sent",
         mailbox: str = "sam@outreach.example") -> dict:
    return {"send_key": send_key(play, email, step), "play": play, "contact_email": email, "step": step,
            "status": status, "sent_at": when, "mailbox": mailbox}


def _seq(*delays: int) -> Sequence:
    """A sequence of email steps with these delays."""
    return Sequence.of([{"channel": "email", "delay_days": d} for d in delays])


def _plan(drafts, ledger, now=NOW, sending=None, soft=None):
    return plan_sends(drafts, ledger, set(), {}, ROOMY, now, PLAY, "sam@outreach.example", soft,
                      sending=sending if sending is not None else {OTHER: _seq(0, 3, 7), PLAY: _seq(0, 3)})


def _held(plan) -> list[tuple[int, str]]:
    return [(d["step"], d["reason"]) for d in plan.skipped if d["status"] == "held"]


@pytest.mark.parametrize("spelling", [ANN, "Ann.Lee@Gmail.com", "annlee+crm@googlemail.com"])
@pytest.mark.parametrize("mailbox", ["sam@outreach.example", "jo@other-domain.example"])
def test_a_person_another_play_mailed_within_the_day_gets_no_first_email(spelling, mailbox):
    ledger = [_row(3, NOW - timedelta(hours=2), spelling, mailbox=mailbox)]  # its last step: it ended
    plan = _plan([_draft()], ledger)
    assert plan.send == []
    ((step, reason),) = _held(plan)
    assert step == 1 and reason.startswith(OTHER_PLAY) and "'hiring' mailed this person" in reason
    assert _plan([_draft()], ledger, now=NOW + timedelta(hours=22, minutes=59)).send != [], "a day later"
    assert _plan([_draft()], ledger, now=NOW + timedelta(hours=12)).send == [], "the same UTC day, 14 hours later"
    late = [_row(3, NOW + timedelta(hours=14, minutes=50), spelling, mailbox=mailbox)]  # 23:50
    assert _plan([_draft()], late, now=NOW + timedelta(days=1, hours=2)).send == [], "the next day, 11 hours later"


def test_a_person_mid_sequence_in_another_play_gets_her_first_email_once_it_ends():
    ledger = [_row(1, NOW - timedelta(days=5))]
    plan = _plan([_draft()], ledger)
    assert plan.send == [] and [r for _, r in _held(plan)] == [
        f"{OTHER_PLAY}this person is in the sequence of 'hiring' (step 1 of 3 sent); a first email of this "
        "play goes once it ends, by 2026-12-06 09:00 UTC at the latest"]
    ledger.append(_row(2, NOW - timedelta(days=2)))
    assert _plan([_draft()], ledger).send == [], "step 2 of 3"
    ledger.append(_row(3, NOW - timedelta(days=1)))
    assert [d["step"] for d in _plan([_draft()], ledger).send] == [1], "its last step went a day ago"


def test_a_sequence_that_cannot_go_on_holds_no_one():
    """A play that does not send now (gone, unreadable, revoked, paused, edited and not approved
    again, stopped) is left out of ``sending``: its sequences ended."""
    ledger = [_row(1, NOW - timedelta(days=5))]
    assert _plan([_draft()], ledger, sending={PLAY: _seq(0, 3)}).send != [], "the other play does not send now"
    assert _plan([_draft()], ledger, sending={OTHER: _seq(0)}).send != [], "an edit left it one step"
    refused = [*ledger, _row(2, NOW - timedelta(days=2), status="failed")]
    assert _plan([_draft()], refused).send != [], "its next step was refused: nothing after it goes"
    assert _plan([_draft()], [{**ledger[0], "status": "sending"}]).send == [], "perhaps sent is sent"


def test_a_sequence_that_stalls_holds_no_one_past_its_remaining_delays_and_two_weeks():
    """Step 1 of delays 0, 3, 7: 7 days to go after it, then 14 of grace (a pause, a segment held)."""
    ledger = [_row(1, NOW - timedelta(days=21, hours=-1))]
    ((_, reason),) = _held(_plan([_draft()], ledger))
    assert reason.endswith("by 2026-11-20 10:00 UTC at the latest"), reason
    assert [d["step"] for d in _plan([_draft()], ledger, now=NOW + timedelta(hours=1)).send] == [1]
    ledger.append(_row(2, NOW - timedelta(days=17)))  # step 2 went late: 4 days to go, then 14
    assert _plan([_draft()], ledger, now=NOW + timedelta(hours=1)).send == []
    assert [d["step"] for d in _plan([_draft()], ledger, now=NOW + timedelta(days=1)).send] == [1]


def test_an_unreached_person_or_a_running_sequence_of_this_play_is_not_held():
    other_person = [_row(1, NOW - timedelta(hours=1), email="bo@acme.example")]
    assert [d["step"] for d in _plan([_draft()], other_person).send] == [1]
    refused = [_row(1, NOW - timedelta(hours=1), status="failed")]
    assert [d["step"] for d in _plan([_draft()], refused).send] == [1], "a refusal reached no one"
    # Both sequences began before the rule: this play's follow-up and its retry go on.
    both = [_row(1, NOW - timedelta(days=3), play=PLAY), _row(2, NOW - timedelta(hours=1))]
    follow_up = _plan([_draft(), _draft(2, delay=3)], both)
    assert [d["step"] for d in follow_up.send] == [2] and _held(follow_up) == []
    retry = _plan([_draft()], both, soft={(ANN, 1): 1})
    assert [d["send_key"] for d in retry.send] == [send_key(PLAY, ANN, 1, 1)]


def test_the_last_email_step_counts_linkedin_steps_in_the_numbering():
    assert last_email_step([{"channel": "email"}, {"channel": "email"}, {"channel": "linkedin"}]) == 2
    assert last_email_step([{"channel": "email"}, {"channel": "linkedin"}, {"channel": "email"}]) == 3
