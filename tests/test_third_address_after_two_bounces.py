"""Her first address took her first email and bounced her second; her sequence moved to the second
address enrichment found (her name at the account joins them), which bounced too; enrichment now names a
third. Her sequence goes on at the third address from where it stood, once: the step the second address
last took (it reached nobody) goes there, then the steps after it by their spacing, and no step she got
is sent again. Before, the step moved on from the bounced address that sorts first, whose earlier steps
never went to it, so no follow-up at the third address ever came due: she was never mailed again and no
state said so. While her second address still works, a third one enrichment names takes nothing over:
the step she got at the second is not sent again at the third (the handover went to every address of
hers that never bounced)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sdr_assets.domain.sequencing import linked_people, plan_sends, send_key
from tests.test_one_thread_per_account import ANN, MAILBOX, NOW, PLAY, ROOMY, _draft, _sent

SECOND, THIRD = "ann.lee@acme.example", "a.lee@acme.example"  # both sort before her first address
STEPS = ((1, 0), (2, 4), (3, 9), (4, 14))
DAYS = timedelta(days=1)


def _drafts(address: str) -> list[dict]:
    return [{**_draft(address, step, delay), "contact_name": "Ann Lee"} for step, delay in STEPS]


def _at(address: str, step: int, ago: int) -> dict:
    return {**_sent(step, NOW - ago * DAYS), "contact_email": address, "send_key": send_key(PLAY, address, step),
            "draft_id": f"{address}-{step}"}


def _plan(ledger: list[dict], now=NOW):
    drafts = [*_drafts(ANN), *_drafts(SECOND), *_drafts(THIRD)]
    return plan_sends(drafts, ledger, {ANN, SECOND}, {}, ROOMY, now, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts), bounced={ANN, SECOND})


def _sent_now(plan) -> list[tuple[str, int]]:
    return [(d["contact_email"], d["step"]) for d in plan.send]


@pytest.mark.parametrize(("ledger", "step"), [
    ([_sent(1, NOW - 20 * DAYS), _sent(2, NOW - 16 * DAYS), _at(SECOND, 2, 15)], 2),
    ([_sent(1, NOW - 20 * DAYS), _sent(2, NOW - 16 * DAYS), _at(SECOND, 2, 15), _at(SECOND, 3, 10)], 3),
], ids=["second-bounced-the-moved-step", "second-bounced-a-later-step"])
def test_the_step_the_second_address_bounced_goes_to_the_third(ledger, step):
    plan = _plan(ledger)
    assert _sent_now(plan) == [(THIRD, step)], plan
    assert {f"{THIRD}-{n}" for n in range(1, step)} <= {d["draft_id"] for d in plan.duplicates}


def test_the_steps_after_it_follow_once_by_their_spacing():
    ledger = [_sent(1, NOW - 30 * DAYS), _sent(2, NOW - 26 * DAYS), _at(SECOND, 2, 25), _at(THIRD, 2, 20)]
    assert _sent_now(_plan(ledger, NOW - 16 * DAYS)) == [], "step 3 waits its five days after step 2"
    assert _sent_now(_plan(ledger)) == [(THIRD, 3)]
    ledger.append(_at(THIRD, 3, 0))
    assert _sent_now(_plan(ledger)) == [], "step 3 went: not again, and step 4 waits its spacing"


def test_a_third_address_takes_nothing_over_while_her_second_one_goes_on():
    """Her sequence moved to her second address, which took the step and did not bounce; enrichment now
    names a third (her name joins it too): the step she got at the second is not sent again at the third,
    nor any after it at both."""
    ledger = [_sent(1, NOW - 20 * DAYS), _sent(2, NOW - 16 * DAYS), _at(SECOND, 2, 15)]
    drafts = [*_drafts(ANN), *_drafts(SECOND), *_drafts(THIRD)]
    plan = plan_sends(drafts, ledger, {ANN}, {}, ROOMY, NOW, PLAY, MAILBOX, sending={},
                      same_person=linked_people(drafts), bounced={ANN})
    assert _sent_now(plan) == [(SECOND, 3)], plan
    assert {f"{THIRD}-{n}" for n in (2, 3, 4)} <= {d["draft_id"] for d in plan.duplicates}
