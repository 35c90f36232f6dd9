"""Her old address took her first email, then hard-bounced a follow-up; enrichment found her new address
at the same account (her name joins the two). The bounce is the address's, not hers: the old address
stays suppressed, and her sequence goes on at the new one where it stood: the step that bounced (it
reached nobody) goes there, then the steps after it by their spacing; the first email she got is never
sent again. A RevOps team keeps a prospect whose mailbox moved in her sequence, as a rep who updates
her address in a sales-engagement tool resumes her cadence; before, every draft to her new address was
dropped as a duplicate of the bounced thread, and she was never mailed again, with no state saying so."""

from __future__ import annotations

import mailbox
from datetime import timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets.domain.sequencing import linked_people, plan_sends, send_key
from tests.follow_up_world import FOLLOW_UP_DAY, bounce, rows, run
from tests.test_changed_address_is_the_same_contact import _new_address
from tests.test_one_thread_per_account import (
    ANN, DAY, MAILBOX, NOW, PLAY, ROOMY, _day, _draft, _earlier_contact, _sent,
)

NEW = "ann.lee@acme.example"
STEPS = ((1, 0), (2, 4), (3, 9))


def _drafts(address: str) -> list[dict]:
    return [{**_draft(address, step, delay), "contact_name": "Ann Lee"} for step, delay in STEPS]


def _plan(ledger: list[dict], now=NOW):
    drafts = [*_drafts(ANN), *_drafts(NEW)]  # her old address's research is kept while its bounce may be lifted
    return plan_sends(drafts, ledger, {ANN}, {}, ROOMY, now, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts), bounced={ANN})


def _new_sent(step: int, at) -> dict:
    return {**_sent(step, at), "contact_email": NEW, "send_key": send_key(PLAY, NEW, step),
            "draft_id": f"{NEW}-{step}"}


def test_the_step_that_bounced_goes_to_her_new_address():
    ledger = [_sent(1, NOW - timedelta(days=6)), _sent(2, NOW - timedelta(days=2))]  # step 2 bounced
    plan = _plan(ledger)
    assert [(d["contact_email"], d["step"]) for d in plan.send] == [(NEW, 2)], plan
    assert f"{NEW}-1" in {d["draft_id"] for d in plan.duplicates}, "her first email reached her: not again"


def test_the_steps_after_it_follow_at_her_new_address_by_their_spacing():
    ledger = [_sent(1, NOW - timedelta(days=12)), _sent(2, NOW - timedelta(days=8)),
              _new_sent(2, NOW - timedelta(days=7))]
    assert [(d["contact_email"], d["step"]) for d in _plan(ledger, NOW - timedelta(days=5)).send] == [], \
        "step 3 waits its five days after step 2"
    assert [(d["contact_email"], d["step"]) for d in _plan(ledger).send] == [(NEW, 3)]


def test_her_sequence_at_the_new_address_holds_another_contacts_first_email():
    """Her sequence goes on, so the account's other new contact waits for it (one thread per account)."""
    ledger = [_sent(1, NOW - timedelta(days=6)), _sent(2, NOW - timedelta(days=2))]
    drafts = [*_drafts(ANN), *_drafts(NEW), _draft("ben@acme.example", 1)]
    plan = plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts), bounced={ANN})
    assert [(d["contact_email"], d["step"]) for d in plan.send] == [(NEW, 2)], plan
    assert [d["status"] for d in plan.skipped if d["contact_email"] == "ben@acme.example"] == ["held"]


def test_her_address_at_another_account_takes_over_nothing():
    """At another account her drafts follow up research she was never sent: no follow-up goes there."""
    ledger = [_sent(1, NOW - timedelta(days=6)), _sent(2, NOW - timedelta(days=2))]
    elsewhere = [{**d, "company_domain": "beta.example", "contact_email": "ann.lee@beta.example",
                  "linkedin_url": "https://www.linkedin.com/in/ann-lee-42"} for d in _drafts(NEW)]
    drafts = [{**d, "linkedin_url": "https://www.linkedin.com/in/ann-lee-42"} for d in _drafts(ANN)] + elsewhere
    plan = plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts), bounced={ANN})
    assert [d for d in plan.send if d["step"] > 1] == [], plan


@pytest.mark.opening("series_b_sent")
def test_the_send_run_mails_her_follow_up_at_her_new_address(environ, instance, data_dir):
    old, _ = _earlier_contact(build_resources(environ()))
    _day(environ, instance, FOLLOW_UP_DAY)
    resources = build_resources(environ(SDR_NOW=(FOLLOW_UP_DAY + timedelta(hours=1)).isoformat()))
    (second,) = rows(resources, "select send_key, mailbox, contact_email, message_id from send_ledger where play = ? "
                                "and contact_email = ? and step = 2 and status = 'sent'", [PLAY, old])
    dsn = bounce(dict(zip(("send_key", "mailbox", "contact_email", "message_id"), second)), FOLLOW_UP_DAY, hard=True)
    mailbox.Maildir(resources["mailbox"].path, create=True).add(dsn)
    run(resources, instance, "replies_job")
    new = _new_address(data_dir, old)
    after = _day(environ, instance, FOLLOW_UP_DAY + DAY)
    assert rows(after, "select contact_email, step from send_ledger where play = ? and status = 'sent' and "
                       "contact_email in (?, ?) order by sent_at", [PLAY, old, new]) == [(old, 1), (old, 2), (new, 2)]
