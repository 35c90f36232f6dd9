"""An email step waits for the email steps before it, never for a LinkedIn step: a LinkedIn note the
verifier held (no grounded draft, so no task is handed out) leaves the email after it to go on its
day. Before, the send plan took a step without a grounded draft for an email still to go and waited
for it: her sequence stalled at the note for good, shown nowhere."""

from __future__ import annotations

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.play_graph import play_graph
from tests.follow_up_world import FOLLOW_UP_DAY, PLAY, rows, steps


@pytest.mark.opening("series_b_noted")
def test_the_email_after_a_held_linkedin_note_goes_on_its_day(environ, instance):
    later = build_resources(environ(SDR_NOW=FOLLOW_UP_DAY.isoformat()))
    begun = [e for (e,) in rows(later, "select contact_email from send_ledger where play = ? and step = 1 "
                                       "and status = 'sent' order by 1", [PLAY])]
    assert len(begun) >= 2, "a contact whose note is held and one whose note is not"
    held, plain = begun[:2]
    with later["warehouse"].connect() as con:
        assert con.execute("select channel from message_drafts where play = ? and step = 2 and contact_email = ?",
                           [PLAY, held]).fetchall() == [("linkedin",)]
        con.execute("update message_drafts set grounded = false, verdict = 'held', verifier_reasons = ? "
                    "where play = ? and step = 2 and contact_email = ?",
                    ['["the note states what no fact supports"]', PLAY, held])
    assert dg.materialize([play_graph(PLAY).sends], resources=later, instance=instance).success
    assert steps(later, [held, plain]) == [(held, 1, "sent"), (held, 3, "sent"), (plain, 1, "sent"),
                                           (plain, 3, "sent")]
