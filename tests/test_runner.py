"""`run_due` (what `sdr run` does) launches the jobs in their order, and no run with nothing to do.

Both openings are `run_due` on the seeded world, run on the test's instance.
"""

import dagster as dg
import pytest

from sdr_assets.play_graph import ANALYTICS, job_name
from tests.openings import REVOPS, SERIES_B


def _jobs(instance) -> list[str]:
    return [run.job_name for run in reversed(instance.get_runs())]


@pytest.mark.opening("first_run")
def test_with_every_play_held_the_replies_job_runs_once(instance):
    assert _jobs(instance) == ["signals_job", "replies_job"]
    assert set(ANALYTICS) <= _materialised(instance, instance.get_runs()[0]), "that run counts the analytics"


@pytest.mark.opening("revops_sent")
def test_after_a_play_runs_the_replies_job_reads_its_sends(resources, instance):
    assert _jobs(instance) == ["signals_job", "replies_job", job_name(REVOPS), "replies_job"]
    with resources["warehouse"].connect(read_only=True) as con:
        sent = con.execute("select count(*) from send_ledger where status = 'sent' and play = ?", [REVOPS]).fetchone()[0]
        read = con.execute("select sends from monitor_readings where scope = 'play' and play = ?", [REVOPS]).fetchall()
    assert sent > 0
    assert [n for (n,) in read] == [sent], "the monitor's reading after the run counts the play's sends"


def _materialised(instance, run) -> set[str]:
    events = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    return {e.event_log_entry.asset_materialization.asset_key.to_user_string() for e in events}


@pytest.mark.opening("two_plays_sent")
def test_the_analytics_are_counted_once_after_every_play_has_sent(resources, instance):
    runs = list(reversed(instance.get_runs()))
    assert [r.job_name for r in runs] == ["signals_job", "replies_job", job_name(REVOPS), job_name(SERIES_B),
                                          "replies_job"]
    assert {"raw_replies", "monitor_readings"} <= _materialised(instance, runs[1])
    assert not _materialised(instance, runs[1]) & set(ANALYTICS), "plays were open: the last replies run counts"
    for run in runs[2:4]:
        made = _materialised(instance, run)
        assert {"send_ledger", f"{run.tags['sdr/play']}/send_ledger"} <= made, made
        assert not made & set(ANALYTICS), "a play's run leaves the analytics to the replies run after it"
    assert set(ANALYTICS) <= _materialised(instance, runs[-1])
    with resources["warehouse"].connect(read_only=True) as con:
        sent = con.execute("select play, count(*) from send_ledger where status = 'sent' group by play "
                           "order by play").fetchall()
        counted = con.execute("select play, emails_sent from reply_rate_summary where emails_sent > 0 "
                              "order by play").fetchall()
        idle = con.execute("select play, state from reply_rate_summary where emails_sent = 0").fetchall()
        emailed = con.execute("select play, contacts_emailed from outreach_funnel where contacts_emailed > 0 "
                              "order by play").fetchall()
    assert [p for p, _ in sent] == [REVOPS, SERIES_B]
    assert counted == sent and emailed == sent, "both plays' sends, counted in the one refresh"
    assert idle == [("data-stack-adopters", "waiting for approval")], "the play that sent nothing has its row"
