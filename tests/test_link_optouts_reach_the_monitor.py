"""Unsubscribes by the link count against a play as unsubscribes by reply do (README, "The monitor":
an unsubscribe by any channel), and the monitor reads them in the run that ingests them: the opt-out
sensor's job, which may be the only one that runs for days when no reply mail comes in (the replies
job runs on new mail), reads them into the monitor, which pauses the play before its next send."""

from datetime import timedelta

import pytest

from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from tests.monitor_world import REVOPS, query_warehouse, sent_messages


@pytest.mark.opening("revops_sent")  # revops-hiring approved, its first emails went
def test_one_click_unsubscribes_pause_the_play_through_the_optout_job(data_dir, resources, instance):
    clicked = sent_messages(resources, REVOPS)[:8]  # as many as "not interested" replies that pause it
    at = resources["policy"].now() + timedelta(hours=3)
    for send_key, _, contact, *_ in clicked:
        optout_log.append(data_dir, send_key, contact, at)
    # The job the opt-out log sensor launches on new clicks.
    assert build_definitions(resources).resolve_job_def("optouts_job").execute_in_process(instance=instance).success
    assert query_warehouse(resources, "select count(*) from suppression_events where source in "
                                      "(select unnest(?::varchar[]))", [[s[0] for s in clicked]]) == [(8,)], \
        "precondition: the clicks are ingested as opt-outs"
    pauses = query_warehouse(resources, "select scope, play from monitor_pauses where event = 'pause'")
    assert ("play", REVOPS) in pauses, (
        f"8 of {REVOPS}'s first emails drew a one-click unsubscribe, ingested by the opt-out job; the monitor "
        f"recorded {pauses}: it reads them only when reply mail next comes in")
