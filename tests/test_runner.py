"""`run_due` (what `sdr run` does) launches the jobs in their order, and no run with nothing to do.

Both openings are `run_due` on the seeded world; their runs are copied into the test's instance.
"""

from sdr_assets.play_graph import job_name
from tests.openings import REVOPS, first_run, revops_sent


def _jobs(instance) -> list[str]:
    return [run.job_name for run in reversed(instance.get_runs())]


def test_with_every_play_held_the_replies_job_runs_once(instance, opened):
    opened(first_run)
    assert _jobs(instance) == ["signals_job", "replies_job"]


def test_after_a_play_runs_the_replies_job_reads_its_sends(resources, instance, opened):
    opened(revops_sent)
    assert _jobs(instance) == ["signals_job", "replies_job", job_name(REVOPS), "replies_job"]
    with resources["warehouse"].connect(read_only=True) as con:
        sent = con.execute("select count(*) from send_ledger where status = 'sent' and play = ?", [REVOPS]).fetchone()[0]
        read = con.execute("select sends from monitor_readings where scope = 'play' and play = ?", [REVOPS]).fetchall()
    assert sent > 0
    assert [n for (n,) in read] == [sent], "the monitor's reading after the run counts the play's sends"
