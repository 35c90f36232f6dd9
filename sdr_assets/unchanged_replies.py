"""Whether a replies run would change anything, asked before launching it.

As for the signals run (``unchanged_signals``), each step of ``replies_job`` has a test of its own
inputs; when every selected step's test holds, none of them would write anything, so the run is not
launched and Dagster's bookkeeping of its steps (five to eight events each) is spared. Triage's steps
are all or nothing: each test reads the tables as they are now, which is what the step would read
only while the steps before it write nothing; the analytics, which triage never reads, may run alone.

The tests see the clock where the steps do: a hold's return date, the monitor's next re-read (a
quarter of an hour, or a send leaving the deliverability window), the escalation queue's waiting
times in its CSV and in the service-level check's report, a step's wait for replies that are behind.
A mailbox other than a maildir (an IMAP read fetches what it finds: asking first would fetch it
twice), a step or check these tests do not cover, a table of an earlier layout or a warehouse another
process holds always has the run launched.
"""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from resources.damage import WarehouseLocked
from resources.mailbox import MaildirMailbox
from sdr_assets.escalations import escalations_unchanged
from sdr_assets.monitoring import monitor_unchanged
from sdr_assets.optouts import suppressions_unchanged
from sdr_assets.pause_notices import notices_settled
from sdr_assets.playbook import load_plays
from sdr_assets.replies import classifications_unchanged, holds_unchanged, mail_unchanged
from sdr_assets.unchanged_analytics import COUNTS, due_analytics

# The steps the tests below answer for, named here and not taken from the job: a step added to the job
# later is one no test covers, and has the run launched. Triage's (the monitor's two assets are one
# step), the analytics', and the escalations' service-level check.
TRIAGE = {dg.AssetKey(name) for name in (
    "raw_replies", "reply_classifications", "suppression_events", "suppression_list", "sequence_holds", "escalations",
    "monitor_readings", "monitor_pauses", "pause_notices")}
SLA_CHECK = dg.AssetCheckKey(dg.AssetKey("escalations"), "escalation_sla")


def due_replies(defs: dg.Definitions, assets: list[dg.AssetKey] | None) -> list[dg.AssetKey] | None:
    """The steps a run of ``replies_job`` (of ``assets`` alone, with their checks, where given) needs
    now: None for all of them, ``[]`` for none, or only analytics when triage's tests all hold. No step
    of triage reads what the analytics write, and the counts are read only by the snapshot: a table the
    signals run refreshed (``play_versions`` after a decision) has the snapshot copy it alone."""
    job = defs.resolve_job_def("replies_job")
    selected = set(job.asset_layer.executable_asset_keys) if assets is None else set(assets)
    checks = {key for key in job.asset_layer.asset_graph.asset_check_keys if key.asset_key in selected}
    if not (TRIAGE <= selected <= TRIAGE | COUNTS and checks == {SLA_CHECK}) \
            or set(job.asset_layer.executable_asset_keys) != TRIAGE | COUNTS:
        return None
    resources = defs.resources
    paths, policy, mailbox = resources["paths"], resources["policy"], resources["mailbox"]
    if not isinstance(mailbox, MaildirMailbox):
        return None
    now = policy.now()
    try:
        with resources["warehouse"].connect(read_only=True) as con:
            if not (mail_unchanged(con, mailbox)
                    and classifications_unchanged(con, now, timedelta(minutes=policy.reply_max_lag_minutes))
                    and suppressions_unchanged(con, paths.data_dir, now) and holds_unchanged(con, now)
                    and escalations_unchanged(con, load_plays(paths.plays), resources["model"], paths,
                                              resources["escalation_policy"], now)
                    and monitor_unchanged(con, policy, paths, now) and notices_settled(con, paths, policy)):
                return None
            if selected == TRIAGE:
                return []
            return due_analytics(con, paths)
    except WarehouseLocked:  # the run waits for it as it always did
        return None
