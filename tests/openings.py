"""Openings several tests share: a test marked ``@pytest.mark.opening("revops_sent")`` starts from the
data folder and Dagster history the opening left (``tests.conftest.Openings``), run once per test run.

Each is a module-level function of the data folder and an empty ephemeral instance, as a test
would begin on the seeded world (one with a ``starts_from`` gets the folder and instance its base
left); what it asserts holds for every test that starts from it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from tests.approving import approve
from sdr_assets.runner import RunReport, run_due, run_replies
from tests.conftest import RUN_NOW, environ_for

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"
SERIES_B_LATE = datetime.fromisoformat(RUN_NOW) + timedelta(days=19)  # no signal file since RUN_NOW
# series-b-funding's connection note, stating the research's why-now, due before its second email.
LINKEDIN_NOTE = """  - channel: linkedin
    delay_days: 2
    action: connect
    note: "Hi {first_name}, since {why_now}, I wrote to you by email. Glad to connect."
"""


def require_opening(request, *names: str) -> None:
    """A fixture reading an opening's state asks that its test be marked with one of ``names``: a test
    without the mark would read an empty world."""
    marker = request.node.get_closest_marker("opening")
    assert marker is not None and len(marker.args) == 1 and marker.args[0] in names, \
        f'mark the test with @pytest.mark.opening("{names[0]}")'


def _approve(resources: dict, *plays: str) -> None:
    for play in plays:
        approve(resources, play)


def signals_ran(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job, nothing decided: every play drafted and waiting at its gate."""
    defs = build_definitions(build_resources(environ_for(root)))
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success


def revops_gated(root: Path, instance: dg.DagsterInstance) -> None:
    """`signals_ran`, then revops-hiring's outreach job with nothing decided: its drafts written, the
    run stopped at the play's gate."""
    from sdr_assets.play_graph import job_name

    job = build_definitions(build_resources(environ_for(root))).resolve_job_def(job_name(REVOPS))
    assert not job.execute_in_process(instance=instance, raise_on_error=False).success


revops_gated.starts_from = signals_ran


def revops_ready(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job, revops-hiring's drafts, then its approval: its first emails are due."""
    from sdr_assets.play_graph import play_graph

    resources = build_resources(environ_for(root))
    defs = build_definitions(resources)
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    dg.materialize([play_graph(REVOPS).drafts], resources=resources, instance=instance)
    _approve(resources, REVOPS)


def first_run(root: Path, instance: dg.DagsterInstance) -> None:
    """`run_due` with nothing decided: every play waits at its gate, and the run says so."""
    report = run_due(build_definitions(build_resources(environ_for(root))), instance)
    assert not report.failed
    assert set(report.gate_closed) == {REVOPS, SERIES_B, "data-stack-adopters"}, report.gate_closed


def revops_sent(root: Path, instance: dg.DagsterInstance) -> None:
    """revops-hiring approved, then `run_due`: its first emails went out."""
    resources = build_resources(environ_for(root))
    _approve(resources, REVOPS)
    assert not run_due(build_definitions(resources), instance).failed


def two_plays_sent(root: Path, instance: dg.DagsterInstance) -> None:
    """revops-hiring and series-b-funding approved, then `run_due`: both plays' first emails went out."""
    resources = build_resources(environ_for(root))
    _approve(resources, REVOPS, SERIES_B)
    assert not run_due(build_definitions(resources), instance).failed


def _run(resources: dict, instance: dg.DagsterInstance, *jobs: str) -> None:
    defs = build_definitions(resources)
    for job in jobs:
        assert defs.resolve_job_def(job).execute_in_process(instance=instance).success


def series_b_sent(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job, series-b-funding approved, then its outreach job: its first emails went out."""
    from sdr_assets.play_graph import job_name

    resources = build_resources(environ_for(root))
    _run(resources, instance, "signals_job")
    _approve(resources, SERIES_B)
    _run(resources, instance, job_name(SERIES_B))


def series_b_hard_bounced(root: Path, instance: dg.DagsterInstance) -> None:
    """`series_b_sent`, then a hard bounce of the first email of the first contact whose signal ages out
    before her follow-up is due (``tests.follow_up_world.begun``), triaged the next day."""
    import mailbox

    from tests.follow_up_world import FOLLOW_UP_DAY, begun, bounce, run, sent

    environ = partial(environ_for, root)
    first = sent(build_resources(environ()), begun(environ, FOLLOW_UP_DAY)[0])
    bounced = datetime.fromisoformat(RUN_NOW) + timedelta(days=1)
    resources = build_resources(environ(SDR_NOW=bounced.isoformat()))
    mailbox.Maildir(resources["mailbox"].path, create=True).add(bounce(first, bounced, hard=True))
    run(resources, instance, "replies_job")


series_b_hard_bounced.starts_from = series_b_sent


def series_b_sent_late(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job on RUN_NOW, then, 19 days on with no new signal file, series-b-funding's
    approval and its outreach job (what outreach_sensor and daily_outreach_<play> launch)."""
    from sdr_assets.play_graph import job_name

    _run(build_resources(environ_for(root)), instance, "signals_job")
    later = build_resources(environ_for(root, SDR_NOW=SERIES_B_LATE.isoformat()))
    _approve(later, SERIES_B)
    _run(later, instance, job_name(SERIES_B))


def series_b_noted(root: Path, instance: dg.DagsterInstance) -> None:
    """series-b-funding with a LinkedIn note (``LINKEDIN_NOTE``) before its second email, then
    `series_b_sent`: researched and approved on RUN_NOW, its first emails went that day."""
    path = root / "plays" / f"{SERIES_B}.yaml"
    text, step = path.read_text(), "  - channel: email\n    delay_days: 4\n"
    assert step in text
    path.write_text(text.replace(step, LINKEDIN_NOTE + step))
    series_b_sent(root, instance)


def revops_paused(root: Path, instance: dg.DagsterInstance) -> None:
    """`revops_sent`, then "not interested" to eight of its first emails, triaged: the monitor paused
    the play. The play's owner has no address, so the pause's notice is recorded undeliverable."""
    from tests.monitor_world import deliver, not_interested_reply, query_warehouse, sent_messages

    resources = build_resources(environ_for(root))
    deliver(resources, [not_interested_reply(s) for s in sent_messages(resources, REVOPS)[:8]])
    _run(resources, instance, "replies_job")
    assert query_warehouse(resources, "select count(*) from monitor_pauses where play = ? and scope = 'play'",
                           [REVOPS]) == [(1,)]


revops_paused.starts_from = revops_sent


def revops_segment_offended(root: Path, instance: dg.DagsterInstance) -> None:
    """`revops_sent` with segment pauses on (``strict_segments``), then "not interested" from every
    account of the segment of its first send, triaged: the monitor paused that segment."""
    from tests.monitor_world import assert_sent, offend_one_segment, strict_segments

    resources = strict_segments(build_resources(environ_for(root)))
    assert_sent(resources, REVOPS)
    offend_one_segment(resources, instance)


revops_segment_offended.starts_from = revops_sent


def cycle(defs: dg.Definitions, instance: dg.DagsterInstance, play: str = REVOPS) -> None:
    """Replies first, then ``play``'s outreach, as `sdr run` orders them."""
    from sdr_assets.play_graph import job_name

    report = RunReport()
    run_replies(defs, instance, report)
    result = defs.resolve_job_def(job_name(play)).execute_in_process(instance=instance)
    assert result.success and not report.failed


def revops_cycled(root: Path, instance: dg.DagsterInstance) -> None:
    """`signals_ran`, then revops-hiring approved and a cycle as `sdr run` orders it, the replies job
    then the play's outreach job: its first emails went out and its LinkedIn tasks are open."""
    resources = build_resources(environ_for(root))
    _approve(resources, REVOPS)
    cycle(build_definitions(resources), instance)


revops_cycled.starts_from = signals_ran
