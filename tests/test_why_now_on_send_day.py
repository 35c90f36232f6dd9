"""What the daily outreach run sends was researched on the day of the last signals run.

The sensors run ``signals_job`` only when signal files arrive or a play changes; the approval
(outreach_sensor) and the weekday schedule run ``outreach_<play>``, which drafts from the stored
``research_angles`` and sends. With no new signal file for a while, a play approved (or capped
over several days) sent "you just raised" of a round weeks old, and mailed accounts whose signal
left the play's own trigger window (``max_age_days``). The send step now asks each draft's signal
again: such a draft waits (``held``, with the reason; the run is green), and goes once fresh
research still qualifies it."""

from __future__ import annotations

import json

import pytest

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.domain.facts import JUST_DAYS
from sdr_assets.play_graph import job_name, play_graph
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine
from tests.openings import SERIES_B_LATE as LATER, require_opening

PLAY = "series-b-funding"


def _sent_with_signal_age(resources) -> list[tuple[str, float, str]]:
    """(contact, age of its signal in days at LATER, body) of every email the play sent."""
    with resources["warehouse"].connect() as con:
        rows = con.execute(
            "select l.contact_email, s.observed_at, d.body from send_ledger l "
            "join message_drafts d using (draft_id) "
            "join research_angles a on a.play = l.play and a.contact_email = l.contact_email "
            "join raw_signals s on s.signal_id = a.signal_id "
            "where l.play = ? and l.status = 'sent'", [PLAY]).fetchall()
    return [(email, (LATER - observed).total_seconds() / 86400, body) for email, observed, body in rows]


def _held(resources) -> dict[str, str]:
    """Contact → reason of every email of the play the send step holds."""
    with resources["warehouse"].connect() as con:
        return dict(con.execute("select contact_email, reason from send_ledger where play = ? and status = 'held'",
                                [PLAY]).fetchall())


def _window(resources) -> int:
    return int(load_plays(resources["paths"].plays).plays[PLAY].triggers[0]["max_age_days"])


def _outreach(resources, instance):
    result = build_definitions(resources).resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance)
    assert result.success, "a draft waiting for fresh research is a state, not a failed run"
    return result


@pytest.fixture
def later(request, environ, instance):
    """The resources on LATER and the play's send step's metadata, for a test marked with the
    ``series_b_sent_late`` opening (signals_job on RUN_NOW, then on LATER the approval and the
    outreach job)."""
    require_opening(request, "series_b_sent_late")
    sends = instance.get_latest_materialization_event(play_graph(PLAY).sends.key)
    return build_resources(environ(SDR_NOW=LATER.isoformat())), sends.asset_materialization.metadata


@pytest.mark.opening("series_b_sent_late")
def test_no_email_calls_a_signal_older_than_just_days_news(later):
    later, _ = later
    stale = [(email, round(age)) for email, age, body in _sent_with_signal_age(later)
             if age > JUST_DAYS and "just raised" in body]
    assert not stale, f"'just raised' sent of signals this many days old: {stale}"
    just = [r for r in _held(later).values() if f'"just" holds for {JUST_DAYS} days' in r]
    assert just and all('"you just raised a Series' in r for r in just), "the held draft says why it waits"


@pytest.mark.opening("series_b_sent_late")
def test_no_email_goes_out_on_a_signal_past_the_plays_trigger_window(later):
    later, metadata = later
    window = _window(later)
    expired = [(email, round(age)) for email, age, _ in _sent_with_signal_age(later) if age > window]
    assert not expired, f"sent on signals older than max_age_days={window}: {expired}"
    past = [r for r in _held(later).values() if f"past the play's {window}-day trigger window" in r]
    assert past, "the first emails past the window wait, each with the reason"
    assert metadata["waiting_for_fresh_research"].value == len(_held(later)), "the send step counts them"


@pytest.mark.opening("series_b_sent_late")
def test_fresh_research_sends_what_still_qualifies_and_nothing_stale(later, instance):
    """Nothing is lost: the next signals run words the why-now for the day and drops what aged out;
    the outreach run then sends what still qualifies, in place of its held draft."""
    later, _ = later
    held = _held(later)
    assert build_definitions(later).resolve_job_def("signals_job").execute_in_process(instance=instance).success
    _outreach(later, instance)
    sent = _sent_with_signal_age(later)
    assert sent, "a held first email whose signal is still inside the window goes after fresh research"
    assert {email for email, _, _ in sent} <= set(held), "only the held emails were due"
    assert all(age <= _window(later) and "just raised" not in body for _, age, body in sent), sent
    assert all("trigger window" in reason for reason in _held(later).values()), "the expired ones still wait"


def _status(environ) -> tuple[dict, str]:
    """`sdr status --json` and `sdr status` (its words, unwrapped) on LATER."""
    env = environ(SDR_NOW=LATER.isoformat())
    as_json, text = (CommandLine().invoke(app, ["status", *args], env=env) for args in (["--json"], []))
    assert as_json.exit_code == 0 and text.exit_code == 0, text.output
    return json.loads(as_json.output), " ".join(text.output.split())


@pytest.mark.opening("series_b_sent_late")
def test_status_counts_what_waits_for_fresh_research_and_says_what_ends_the_wait(later, environ, instance):
    """A held first email is neither sent nor lost from the waiting first emails; `sdr status` counts
    per play what waits for fresh research, why, and the run that refreshes it."""
    later, _ = later
    held = _held(later)
    past = sum("trigger window" in r for r in held.values())
    just = sum('"just" holds' in r for r in held.values())
    assert past and just and past + just == len(held), held
    status, text = _status(environ)
    assert status["ledger_by_status"].get("sent", 0) == 0 and status["sends_by_play"][PLAY]["sent"] == 0
    assert status["first_emails_waiting"][PLAY] == len(held), "the held first emails still wait"
    assert status["waiting_for_fresh_research"][PLAY] == {
        "messages": len(held), "first_emails": len(held), "past_trigger_window": past,
        "just_no_longer_holds": just, "signal_gone": 0}
    assert status["fresh_research_command"] == "sdr run"
    assert f"Waiting for fresh research: {len(held)} message(s)" in text, text
    assert (f"{PLAY}: {len(held)} ({past} first email(s) whose signal is past the play's trigger window, "
            f'{just} whose "just" no longer holds)') in text, text
    assert "A new signal file or a play edit starts it, or run it now: sdr run" in text, text
    assert "First emails waiting for a later day's allowance" not in text, "they wait for research, not a day"

    assert build_definitions(later).resolve_job_def("signals_job").execute_in_process(instance=instance).success
    status, text = _status(environ)
    assert status["waiting_for_fresh_research"][PLAY]["messages"] == 0 and "fresh research" not in text
    refreshed = status["first_emails_waiting"][PLAY]
    assert 0 < refreshed < len(held), "written again for today, they wait for the outreach run; the rest dropped"
    assert f"First emails waiting for a later day's allowance (mailbox warm-up, daily caps, holds): {refreshed}" \
        in text, text
    _outreach(later, instance)
    status, _ = _status(environ)
    assert status["sends_by_play"][PLAY]["sent"] == refreshed and status["first_emails_waiting"][PLAY] == 0
