"""A reply holds the person, not one of her addresses: when one LinkedIn profile joins two addresses
(``jane@acme.com``, ``jane@acme.io``), a reply from one (a stop: "not interested", a question a person
answers) or her out-of-office holds every play's mail to the other too, at plan time and when the send
step reads the holds again before its batch."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.sequencing import Hold, Limits, linked_people, plan_sends

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROOMY = Limits(mailbox_daily_cap=1000, warmup_start=1000, warmup_increment=0, play_daily_cap=1000)
PLAY, MAILBOX = "funding", "sam@outreach.example"
COM, IO = "jane@acme.com", "jane@acme.io"
PROFILE = "https://www.linkedin.com/in/jane-doe/"


def _draft(email: str) -> dict:
    return {"draft_id": f"{PLAY}-{email}-1", "play": PLAY, "contact_email": email, "step": 1,
            "channel": "email", "delay_days": 0, "fit": 0.5, "company_domain": email.split("@")[1],
            "variant": "a", "signal_type": "funding", "subject": "s1", "body": "b1",
            "contact_name": "Jane Doe", "linkedin_url": PROFILE}


def _plan(holds: dict[str, Hold]):
    drafts = [_draft(COM), _draft(IO)]
    return plan_sends(drafts, [], set(), holds, ROOMY, NOW, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts))


def test_a_stop_reply_from_one_address_holds_the_other():
    plan = _plan({COM: Hold("stop", None, "replied: not_interested")})
    assert plan.send == [], [d["contact_email"] for d in plan.send]
    assert set(plan.deferred) == {"replied: not_interested"}, plan.deferred


def test_her_out_of_office_holds_the_other_address_until_she_is_back():
    back = (NOW + timedelta(days=5)).date()
    assert _plan({IO: Hold("pause", back, "out of office")}).send == []
    ended = _plan({IO: Hold("pause", NOW.date(), "out of office")})
    assert len(ended.send) == 1, ended.send
