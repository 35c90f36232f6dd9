"""Her first email hard-bounced at her old address, and enrichment found her new one (her name at the
same account): the bounce reached nobody, so her sequence begins at the new address, not left unmailed
for good as a repeat of a message she never got."""

from __future__ import annotations

import mailbox
from datetime import timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets.domain.sequencing import linked_people, plan_sends
from tests.follow_up_world import bounce, rows, run, sent
from tests.test_changed_address_is_the_same_contact import _new_address
from tests.test_one_thread_per_account import (
    ANN, DAY, MAILBOX, NOW, PLAY, ROOMY, START, _day, _draft, _earlier_contact, _sent,
)

NEW = "ann.lee@acme.example"
OLD = {"contact_email": ANN, "company_domain": "acme.example", "contact_name": "Ann Lee"}  # her research let go


def test_her_new_address_gets_the_first_email_her_old_one_bounced():
    ledger = [_sent(1, NOW - timedelta(days=3))]
    drafts = [{**_draft(NEW, step, delay), "contact_name": "Ann Lee"} for step, delay in ((1, 0), (2, 4))]
    joined = linked_people([*drafts, OLD])
    assert joined, "her two addresses are one person"
    plan = plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={}, same_person=joined,
                      bounced={ANN})
    assert [(d["contact_email"], d["step"]) for d in plan.send] == [(NEW, 1)], plan


def test_a_bounce_after_her_second_email_leaves_her_sequence_begun():
    """Her old address took her first two emails, then bounced: she got the first, so it never goes again."""
    ledger = [_sent(1, NOW - timedelta(days=6)), _sent(2, NOW - timedelta(days=2))]
    drafts = [{**_draft(NEW, step, delay), "contact_name": "Ann Lee"} for step, delay in ((1, 0), (2, 4))]
    joined = linked_people([*drafts, OLD])
    plan = plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={}, same_person=joined,
                      bounced={ANN})
    assert not [d for d in plan.send if d["step"] == 1] and {d["draft_id"] for d in plan.duplicates} >= {f"{NEW}-1"}


@pytest.mark.opening("series_b_sent")
def test_the_send_run_mails_her_new_address_after_her_old_one_bounced(environ, instance, data_dir):
    old, _ = _earlier_contact(build_resources(environ()))
    resources = build_resources(environ(SDR_NOW=(START + timedelta(hours=1)).isoformat()))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(bounce(sent(resources, old), START, hard=True))
    run(resources, instance, "replies_job")
    new = _new_address(data_dir, old)
    after = _day(environ, instance, START + 2 * DAY)
    assert rows(after, "select contact_email, step from send_ledger where play = ? and status = 'sent' and "
                       "contact_email in (?, ?) order by sent_at", [PLAY, old, new]) == [(old, 1), (new, 1)]
