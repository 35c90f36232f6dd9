"""The outreach funnel: each play's whole history as one cohort, from the first run on.

The trigger window lets signals, their accounts and drafts go; the contacts emailed stay. The
funnel counts, at each stage, what is in it now and what already went past it, so no stage holds
more than the one above it, and a play with nothing sent shows its top with zeros below.
"""

import warnings

import duckdb
import polars as pl
import pytest

from resources.defaults import build_resources
from resources.tables import frame_of
from sdr_assets.assembly import build_definitions
from sdr_assets.performance import STAGES, funnel
from tests.conftest import environ_for

REVOPS = "revops-hiring"
ALL_STAGES = (*STAGES, "contacts_emailed", "contacts_replied", "contacts_positive", "meetings")


@pytest.mark.opening("revops_sent")
def test_emailed_contacts_stay_in_the_upper_stages_after_their_signals_age_out(data_dir, instance):
    later = build_resources(environ_for(data_dir, SDR_NOW="2027-01-01T09:00:00+00:00"))  # six weeks on
    defs = build_definitions(later)
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    with later["warehouse"].connect() as con:
        rows = frame_of(con, "select * from outreach_funnel where play = ?", [REVOPS])
        emailed = con.execute("select count(distinct lower(contact_email)) from send_ledger "
                              "where play = ? and status = 'sent'", [REVOPS]).fetchone()[0]
        in_window = con.execute("select count(*) from qualified_signals where play = ?", [REVOPS]).fetchone()[0]
    assert in_window == 0, "the play's signals aged out of its 30-day window"
    stages = {s: int(rows[s].sum()) for s in ALL_STAGES}
    assert stages["contacts_emailed"] == emailed > 0
    assert stages["signals_qualified"] == stages["accounts_ready"] == stages["contacts_drafted"] == emailed, stages


def _warehouse() -> duckdb.DuckDBPyConnection:
    """Play p today: three signals (two at acme), acme ready, beta out of its narrowed segment; one
    draft, to acme's contact. Beta's contact was emailed before the segment narrowed, and gamma's
    before its signal aged out."""
    con = duckdb.connect()
    con.execute("create table play_versions as select 'p' as play")
    con.execute("create table qualified_signals as select * from (values ('p', 'acme.example'), "
                "('p', 'Acme.example'), ('p', 'beta.example')) t(play, company_domain)")
    con.execute("create table enriched_accounts as select * from (values ('p', 'acme.example', 'ready'), "
                "('p', 'beta.example', 'out_of_segment')) t(play, company_domain, status)")
    con.execute("create table message_drafts as select * from (values ('p', 'Ann@Acme.example', 1, true), "
                "('p', 'ann@acme.example', 2, true)) t(play, contact_email, step, grounded)")
    return con


def _sends(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame([{"play": "p", "contact_email": email, "company_domain": domain, "human": human,
                          "positive": False, "meetings": 0, "simulated": False} for email, domain, human in rows])


def test_every_stage_holds_what_went_past_it_and_no_lower_stage_exceeds_an_upper_one():
    with _warehouse() as con:
        row = funnel(con, _sends(("bo@beta.example", "beta.example", True),
                                 ("cy@gamma.example", "Gamma.example", False))).row(0, named=True)
    assert [row[s] for s in ALL_STAGES] == [4, 3, 3, 2, 1, 0, 0], (
        "signals: three now and gamma's aged one; accounts: acme, beta and gamma; contacts: ann, bo and cy")


def test_a_play_with_nothing_sent_shows_its_top_with_zeros_below():
    with _warehouse() as con:
        con.execute("create table send_ledger (send_key varchar)")
        row = funnel(con, _sends()).row(0, named=True)
    assert [row[s] for s in ALL_STAGES] == [3, 1, 1, 0, 0, 0, 0]


@pytest.mark.opening("first_run")
def test_the_funnel_shows_what_came_before_the_first_send(resources):
    with resources["warehouse"].connect() as con:
        drafted = dict(con.execute("select play, count(distinct contact_email) from message_drafts "
                                   "where step = 1 and grounded group by play").fetchall())
        rows = frame_of(con, "select * from outreach_funnel")
    assert drafted, "the first run drafted contacts for review"
    assert dict(rows.filter(~pl.col("simulated")).select("play", "contacts_drafted").iter_rows()) == drafted
    assert rows["contacts_emailed"].sum() == 0


@pytest.mark.opening("first_run")
def test_the_notebook_charts_warn_of_nothing_on_a_fresh_snapshot(resources):
    from sdr_assets.notebook_support import funnel_chart, funnel_rows, load_snapshot, warmup_chart, warmup_progress

    snapshot = load_snapshot(resources["paths"].exports)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        funnel_chart(funnel_rows(snapshot))
        warmup_chart(warmup_progress(snapshot))
        funnel_chart(funnel_rows({}))
