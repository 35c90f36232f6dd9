"""A sequence begun goes on to its follow-ups after its signal ages out of the play's trigger window.

The play's trigger window (``max_age_days``) chooses whom a play starts a conversation with; it
never holds back a follow-up (``domain/timeliness``). Yet a signals run on a later day, the
daily one or a rebuild (``full_refresh``), qualified the signals again: a signal past its window
left ``qualified_signals``, so its account left the research and the play's drafts, its
follow-ups with them, and a prospect got step 1 and never step 2. Research of a sequence under way
is now kept (``begun_sequences``); a first email whose signal aged out still never goes."""

from __future__ import annotations

import mailbox
from datetime import datetime, timedelta

import pytest

from resources.defaults import build_resources
from sdr_assets import optout_log
from sdr_assets.play_graph import job_name
from sdr_assets.suppression import log_entry
from tests.conftest import RUN_NOW
from tests.follow_up_world import (  # noqa: F401 (aged: a fixture)
    FOLLOW_UP_DAY, PLAY, REBUILDS, aged, begun, bounce, rows, run, sent, steps)
from tests.openings import SERIES_B_LATE
from tests.replies import reply_to


@REBUILDS
@pytest.mark.opening("series_b_sent")
def test_a_follow_up_goes_on_after_its_signal_leaves_the_trigger_window(aged, environ, instance, full_refresh):
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    run(later, instance, "signals_job", full_refresh)
    assert not rows(later, "select * from qualified_signals q join research_angles a using (play, signal_id) "
                            "where q.play = ? and a.contact_email in (select unnest(?::varchar[]))", [PLAY, aged]), \
        "her signal no longer qualifies: no new conversation starts on it"
    run(later, instance, job_name(PLAY))
    ledger = steps(later, aged)
    assert ledger == [(email, step, "sent") for email in aged for step in (1, 2)], ledger


@REBUILDS
@pytest.mark.opening("series_b_sent")
def test_a_stop_still_ends_a_sequence_whose_research_is_kept(aged, environ, instance, full_refresh):
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    optout_log.append(later["paths"].data_dir, sent(later, aged[0])["send_key"], aged[0], FOLLOW_UP_DAY)
    run(later, instance, "signals_job", full_refresh)
    run(later, instance, job_name(PLAY))
    assert steps(later, aged[:1]) == [(aged[0], 1, "sent")], "the stop ended it: no research, no follow-up"


@pytest.mark.opening("series_b_sent_late")
def test_a_held_first_email_whose_signal_aged_out_is_not_sent_after_a_rebuild(environ, instance):
    """A first email held past the window stays unsent across a full rebuild: no research is kept for
    a sequence that never began."""
    later = build_resources(environ(SDR_NOW=SERIES_B_LATE.isoformat()))
    held = [e for (e,) in rows(later, "select contact_email from send_ledger where play = ? and status = 'held' "
                                       "and reason like '%trigger window%'", [PLAY])]
    assert held, "the first emails past the window wait"
    run(later, instance, "signals_job", full_refresh=True)
    run(later, instance, job_name(PLAY))
    assert steps(later, held) == [(email, 1, "held") for email in sorted(held)]
    assert not rows(later, "select * from research_angles where play = ? and contact_email in "
                            "(select unnest(?::varchar[]))", [PLAY, held])


@REBUILDS
@pytest.mark.opening("series_b_sent")
def test_a_stopped_sequence_keeps_no_research_and_a_paused_one_keeps_it(environ, instance, full_refresh):
    """A stop ends a sequence for good, so its follow-ups never get a ledger row: its research was kept
    (its drafts too, counted and listed as under way) on every later run. A pause only waits, and so
    do a person's suppression entry and a hard bounce, which a person may lift."""
    day = datetime.fromisoformat(RUN_NOW) + timedelta(days=19)
    aged = begun(environ, day)
    assert len(aged) >= 6, "a contact for each way a sequence is stopped or paused"
    replied, unsubscribed, bounced, entered, away, soft = aged[:6]
    at = day - timedelta(days=1)
    later = build_resources(environ(SDR_NOW=day.isoformat()))
    box = mailbox.Maildir(later["mailbox"].path, create=True)
    box.add(reply_to(sent(later, replied), "Thanks, timing is good. Can we talk Tuesday at 2pm?", at))
    box.add(reply_to(sent(later, unsubscribed), "Please remove me from your mailing list.", at))
    box.add(bounce(sent(later, bounced), at, hard=True))
    box.add(reply_to(sent(later, away), "I am out of the office until 30 December 2026 with limited access.",
                     at, Auto_Submitted="auto-replied", X_Autoreply="yes"))
    box.add(bounce(sent(later, soft), at, hard=False))
    log_entry(later["paths"].data_dir, entered, "Dana Whitfield", "asked by phone", day)
    run(later, instance, "replies_job")
    with later["warehouse"].connect() as con:
        holds = dict(con.execute("select email, hold from sequence_holds").fetchall())
    assert (holds.get(away), holds.get(soft), holds.get(replied)) == ("pause", "pause", "stop"), holds
    run(later, instance, "signals_job", full_refresh)
    researched = {e for (e,) in rows(later, "select contact_email from research_angles where play = ? and "
                                             "contact_email in (select unnest(?::varchar[]))", [PLAY, aged[:6]])}
    assert researched == {bounced, away, soft, entered}


@pytest.mark.opening("series_b_sent")
def test_only_the_research_kept_for_a_sequence_is_worded_again(aged, environ, instance, monkeypatch):
    """The stored research of a sequence under way is worded again for the day only where today's research
    no longer has her, and only her sequence is asked whether a stop ended it: the rest of the sequences
    begun are researched today, and that row words them."""
    from sdr_assets import begun_sequences

    worded, asked = [], []
    aged_facts, ended = begun_sequences.aged_facts, begun_sequences._ended
    monkeypatch.setattr(begun_sequences, "aged_facts",
                        lambda facts, *args: worded.append(facts) or aged_facts(facts, *args))
    monkeypatch.setattr(begun_sequences, "_ended",
                        lambda con, data_dir, now, emails: asked.append(set(emails)) or ended(con, data_dir, now, emails))
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    still = rows(later, "select count(*) from send_ledger l join qualified_signals q on q.play = l.play and "
                        "q.signal_id = (select signal_id from message_drafts d where d.draft_id = l.draft_id) "
                        "where l.play = ? and l.step = 1 and l.status = 'sent' "
                        "and l.contact_email not in (select unnest(?::varchar[]))", [PLAY, aged])[0][0]
    assert still, "sequences begun whose signal still qualifies, researched today"
    run(later, instance, "signals_job")
    kept = rows(later, "select contact_email from research_angles where play = ? and contact_email in "
                       "(select unnest(?::varchar[])) order by 1", [PLAY, aged])
    assert [e for (e,) in kept] == aged
    assert len(worded) == len(aged), (len(worded), len(aged), still)
    assert asked == [set(aged)]
