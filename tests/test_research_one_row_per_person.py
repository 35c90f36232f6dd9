"""Research keeps one row per person and play, however enrichment spells her address: a sequence
under way keeps its research (``begun_sequences``) unless today's research has her, and today's
may spell her ``+tag``. Before, the kept row and today's were two rows: two sets of drafts for one
person, whom the send step and the LinkedIn tasks then had to tell apart."""

from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.defaults import build_resources
from sdr_assets.research import research_angles
from tests.conftest import RUN_NOW
from tests.follow_up_world import PLAY, rows

NEXT_DAY = datetime.fromisoformat(RUN_NOW) + timedelta(days=1)


@pytest.mark.opening("series_b_sent")
def test_a_person_respelled_by_enrichment_keeps_one_research_row(environ, instance):
    later = build_resources(environ(SDR_NOW=NEXT_DAY.isoformat()))
    ((contact,),) = rows(later, "select min(contact_email) from send_ledger where play = ? and status = 'sent'", [PLAY])
    local, _, domain = contact.partition("@")
    tagged = f"{local}+crm@{domain}"
    with later["warehouse"].connect() as con:
        con.execute("update enriched_accounts set email = ? where play = ? and email = ?",
                    [tagged, PLAY, contact])
    assert dg.materialize([research_angles], resources=later, instance=instance).success
    found = rows(later, "select contact_email from research_angles where play = ? and "
                        "lower(contact_email) in (?, ?)", [PLAY, contact.lower(), tagged.lower()])
    assert found == [(tagged,)], found
