"""A suppression a person may lift holds a begun sequence; an unsubscribe ends it for good.

Any suppression in force ended a contact's sequence: a signals run on a later day dropped her kept
research, so once a person lifted a hand entry her follow-up had no draft and never went. Now only
an unsubscribe or a complaint about our send ends it; a hand entry or a hard bounce holds its steps
(nothing mailed, research kept) and, once lifted, the sequence goes on from its next step on its day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets import optout_log
from sdr_assets.begun_sequences import HELD_RESEARCH_DAYS
from sdr_assets.play_graph import job_name
from sdr_assets.suppression import lift_entry, log_entry
from tests.conftest import RUN_NOW
from tests.follow_up_world import (  # noqa: F401 (aged: a fixture)
    FOLLOW_UP_DAY, PLAY, aged, rows, run, sent, steps)

START = datetime.fromisoformat(RUN_NOW)


def _day(environ, instance, at: datetime, *, lift: str | None = None, lifted: str = "manual"):
    """The daily runs at ``at`` (signals, then the play), after lifting ``lift``'s entry (``lifted``) where
    given."""
    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    if lift:
        with resources["warehouse"].connect() as con:
            assert lift_entry(con, resources["paths"].data_dir, lift, "Dana Whitfield", "asked by mistake", at) \
                == [lifted]
    run(resources, instance, "signals_job")
    run(resources, instance, job_name(PLAY))
    return resources


def _researched(resources, contact: str) -> bool:
    return bool(rows(resources, "select 1 from research_angles where play = ? and contact_email = ?", [PLAY, contact]))


@pytest.mark.opening("series_b_sent")
def test_a_lifted_hand_entry_lets_the_follow_up_go_after_the_lift_never_during(aged, environ, instance):
    ann = aged[0]
    entered = START + timedelta(days=1)
    log_entry(build_resources(environ(SDR_NOW=entered.isoformat()))["paths"].data_dir, ann, "Dana Whitfield",
              "asked by phone to wait", entered)
    during = _day(environ, instance, FOLLOW_UP_DAY)
    assert steps(during, [ann]) == [(ann, 1, "sent"), (ann, 2, "suppressed")], "due, and not mailed"
    assert _researched(during, ann), "held, not ended: her research is kept though her signal aged out"
    during = _day(environ, instance, FOLLOW_UP_DAY + timedelta(days=1))
    assert steps(during, [ann]) == [(ann, 1, "sent"), (ann, 2, "suppressed")]

    after = _day(environ, instance, FOLLOW_UP_DAY + timedelta(days=2), lift=ann)
    assert steps(after, [ann]) == [(ann, 1, "sent"), (ann, 2, "sent")], "the first send after the lift"
    sent_at = rows(after, "select sent_at from send_ledger where play = ? and contact_email = ? and step = 2",
                    [PLAY, ann])[0][0]
    assert sent_at >= FOLLOW_UP_DAY + timedelta(days=2)


@pytest.mark.opening("series_b_hard_bounced")  # her first email bounced hard, triaged the next day
def test_a_lifted_hard_bounce_lets_the_follow_up_go_after_the_lift_though_her_signal_aged_out(aged, environ,
                                                                                              instance):
    """A person who lifts a hard bounce vouches for the address: the sequence resumes from its next step."""
    ann = aged[0]
    during = _day(environ, instance, FOLLOW_UP_DAY)
    assert steps(during, [ann]) == [(ann, 1, "sent"), (ann, 2, "suppressed")], "due, and not mailed"
    assert _researched(during, ann), "held, not ended: her research is kept though her signal aged out"
    after = _day(environ, instance, FOLLOW_UP_DAY + timedelta(days=1), lift=ann, lifted="hard_bounce")
    assert steps(after, [ann]) == [(ann, 1, "sent"), (ann, 2, "sent")], "the first send after the lift"


@pytest.mark.opening("series_b_hard_bounced")  # her first email bounced hard, triaged the next day
def test_a_hard_bounce_held_past_the_bound_lets_its_research_go(aged, environ, instance):
    """Most hard bounces are never lifted: a held sequence keeps its research (and so its drafts, made
    again each run) ``HELD_RESEARCH_DAYS`` after our last email reached her, no longer."""
    ann = aged[0]
    first = sent(build_resources(environ()), ann)
    last = first["sent_at"] + timedelta(days=HELD_RESEARCH_DAYS)
    assert _researched(_day(environ, instance, last - timedelta(days=1)), ann), "held: kept within the bound"
    assert not _researched(_day(environ, instance, last + timedelta(days=1)), ann), "past it: let go"


@pytest.mark.opening("series_b_sent")
def test_a_hand_entry_lifted_before_the_follow_up_is_due_lets_it_go_on_its_day(aged, environ, instance):
    ann = aged[0]
    entered = START + timedelta(days=1)
    log_entry(build_resources(environ(SDR_NOW=entered.isoformat()))["paths"].data_dir, ann, "Dana Whitfield",
              "asked by phone to wait", entered)
    _day(environ, instance, START + timedelta(days=2))
    early = _day(environ, instance, START + timedelta(days=3), lift=ann)
    assert steps(early, [ann]) == [(ann, 1, "sent")], "lifted, but not due before its day"
    on_day = _day(environ, instance, FOLLOW_UP_DAY)
    assert steps(on_day, [ann]) == [(ann, 1, "sent"), (ann, 2, "sent")]


@pytest.mark.parametrize("with_hand_entry", [False, True], ids=["unsubscribe", "hand entry and unsubscribe"])
@pytest.mark.opening("series_b_sent")
def test_an_unsubscribe_ends_the_sequence_for_good(aged, environ, instance, with_hand_entry):
    ann = aged[0]
    entered = START + timedelta(days=1)
    data_dir = build_resources(environ(SDR_NOW=entered.isoformat()))["paths"].data_dir
    if with_hand_entry:
        log_entry(data_dir, ann, "Dana Whitfield", "asked by phone", entered)
    optout_log.append(data_dir, sent(build_resources(environ()), ann)["send_key"], ann, entered + timedelta(hours=1))
    during = _day(environ, instance, FOLLOW_UP_DAY)
    assert not _researched(during, ann), "ended: no research kept"
    if with_hand_entry:
        after = _day(environ, instance, FOLLOW_UP_DAY + timedelta(days=1), lift=ann)
    else:
        after = _day(environ, instance, FOLLOW_UP_DAY + timedelta(days=1))
    assert not _researched(after, ann)
    assert steps(after, [ann]) == [(ann, 1, "sent")], "never mailed again, lift or not"
