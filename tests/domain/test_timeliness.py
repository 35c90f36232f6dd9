"""A draft's why-now asked again on the day it would go: the trigger window holds back first emails
only, "just" holds back any step that says it, and a draft not written from research is not asked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdr_assets.domain.facts import JUST_DAYS, NOT_JUST, WHY_NOW, WHY_NOW_FACT, says_just
from sdr_assets.domain.sequencing import Limits, plan_sends
from sdr_assets.domain.timeliness import GONE, PAST_WINDOW, WAITS, staleness
from sdr_assets.domain.timeliness import JUST as JUST_KIND
from sdr_assets.playbook import load_play

PLAY = load_play(Path(__file__).resolve().parents[2] / "data" / "plays" / "series-b-funding.yaml")
NOW = datetime(2026, 12, 9, 9, tzinfo=UTC)
JUST = "you just raised a Series B"


def _signal(age_days: float) -> dict:
    return {"signal_id": "s1", "signal_type": "funding", "observed_at": NOW - timedelta(days=age_days),
            "detail": "", "attributes": json.dumps({"round": "Series B", "amount_usd": 25_000_000})}


def _draft(step: int = 1, why_now: str = JUST, cites: bool = True) -> dict:
    return {"draft_id": f"d{step}", "step": step, "signal_id": "s1", "why_now": why_now,
            "fact_ids": json.dumps([WHY_NOW_FACT] if cites else ["contact.first_name"])}


def _reason(draft: dict, signal: dict | None, play, now: datetime) -> str | None:
    """What the send ledger records on the draft's held row, or None where it goes."""
    stale = staleness(draft, signal, play, now)
    return stale.reason if stale else None


@pytest.mark.parametrize(("kind", "values"), [("funding", {"round": "Series B"}),
                                              ("leadership_change", {"new_role": "CRO"}),
                                              ("product_launch", {"product": "Just Ledger"})])
def test_says_just_tells_the_news_form_from_the_plain_one(kind, values):
    assert says_just(kind, WHY_NOW[kind][0].format(**values))
    assert not says_just(kind, NOT_JUST[kind].format(**values)), "a product named 'Just …' is no claim of news"
    assert not says_just("hiring", "you're hiring a just-in-time planner")


def test_a_first_email_waits_once_its_signal_is_past_the_window():
    assert _reason(_draft(why_now="you raised a Series B"), _signal(20), PLAY, NOW) is None
    reason = _reason(_draft(why_now="you raised a Series B"), _signal(21.5), PLAY, NOW)
    assert reason and "past the play's 21-day trigger window" in reason


def test_a_follow_up_continues_its_conversation_past_the_window():
    """The first email went while the signal qualified; the follow-up is part of that conversation."""
    assert _reason(_draft(step=2, why_now="you raised a Series B"), _signal(40), PLAY, NOW) is None


def test_just_waits_past_just_days_at_any_step_that_says_it():
    assert _reason(_draft(), _signal(JUST_DAYS), PLAY, NOW) is None
    for step in (1, 2):
        reason = _reason(_draft(step=step), _signal(JUST_DAYS + 1), PLAY, NOW)
        assert reason and f'says "{JUST}"' in reason, step
    assert _reason(_draft(cites=False), _signal(JUST_DAYS + 1), PLAY, NOW) is None, "a draft not stating it"


def test_a_vanished_signal_waits_and_a_draft_without_research_is_not_asked():
    reason = _reason(_draft(), None, PLAY, NOW)
    assert reason and "no longer among the raw signals" in reason
    assert _reason({**_draft(), "signal_id": None}, None, PLAY, NOW) is None


def test_a_follow_up_goes_when_its_signal_is_gone_unless_it_says_just():
    """A rebuild may screen the signal's row out after the first email went: the window never held the
    follow-up back, so its missing row does not either. A "just" it states has an unknown age then: it
    waits, as a "just" past its days would."""
    assert _reason(_draft(step=2, why_now="you raised a Series B"), None, PLAY, NOW) is None
    assert _reason(_draft(step=2, cites=False), None, PLAY, NOW) is None, "a follow-up not stating it"
    for draft in (_draft(step=2), {**_draft(step=2), "signal_type": "funding"}):
        stale = staleness(draft, None, PLAY, NOW)
        assert stale and stale.kind == GONE and f'says "{JUST}" of a signal whose age is unknown' in stale.reason
    assert _reason({**_draft(step=2), "signal_type": "hiring"}, None, PLAY, NOW) is None, "not its news form"
    assert _reason(_draft(why_now="you raised a Series B"), None, PLAY, NOW), "a first email still waits"


def test_each_wait_says_its_kind_and_its_reason_begins_as_status_knows_it():
    """`sdr status` counts per kind, and knows the ledger's held rows that wait for research by ``WAITS``."""
    cases = [(_draft(why_now="you raised a Series B"), _signal(21.5), PAST_WINDOW),
             (_draft(step=2), _signal(JUST_DAYS + 1), JUST_KIND), (_draft(), None, GONE)]
    for draft, signal, kind in cases:
        stale = staleness(draft, signal, PLAY, NOW)
        assert stale and stale.kind == kind and stale.reason.startswith(WAITS), (kind, stale)


def test_the_plan_records_a_stale_draft_held_with_its_reason_and_sends_the_rest():
    drafts = [{"draft_id": f"d{i}", "contact_email": f"c{i}@acme.example", "step": 1, "channel": "email",
               "delay_days": 0, "fit": 0.5} for i in range(2)]
    plan = plan_sends(drafts, [], set(), {}, Limits(50, 50, 0, 50), NOW, PLAY.name, "jordan@outreach.example",
                      stale={"d0": "waits: stale"}, sending={})
    assert [d["draft_id"] for d in plan.send] == ["d1"]
    assert [(d["draft_id"], d["status"], d["reason"]) for d in plan.skipped] == [("d0", "held", "waits: stale")]
