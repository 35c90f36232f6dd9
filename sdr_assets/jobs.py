"""Jobs the sensors and the CLI launch: one per cadence of the pipeline, and one per play (play_graph.py)."""

import dagster as dg

from sdr_assets.play_graph import AFTER_SENDS, ANALYTICS, PlayGraph, review_selection

# DuckDB takes one writer at a time: steps run one after another in a single process.

SIGNAL_ASSETS = ["play_versions", "raw_signals", "quarantined_signal_rows", "qualified_signals",
                 "enriched_accounts", "research_angles"]
SUPPRESSION_ASSETS = ["suppression_events", "suppression_list"]
# The accountability loop: it reads every verdict, an unsubscribe by the link too, so it runs after each intake.
MONITOR_ASSETS = ["monitor_readings", "monitor_pauses", "pause_notices"]
TRIAGE_ASSETS = ["raw_replies", "reply_classifications", *SUPPRESSION_ASSETS, "sequence_holds", "escalations",
                 *MONITOR_ASSETS]
REPLY_ASSETS = [*TRIAGE_ASSETS, *ANALYTICS]


def signals_job(graphs: list[PlayGraph]):
    """Signals through research, then every play's drafts for review: nothing here sends or waits on a gate."""
    return dg.define_asset_job(
        "signals_job", selection=dg.AssetSelection.assets(*SIGNAL_ASSETS) | review_selection(graphs),
        executor_def=dg.in_process_executor,
        description="Read signal feeds, qualify them against the plays, enrich and research the accounts, and "
                    "draft every play's messages for review.",
    )


replies_job = dg.define_asset_job(
    "replies_job", selection=dg.AssetSelection.assets(*REPLY_ASSETS),
    executor_def=dg.in_process_executor,
    description="Ingest and classify replies, apply suppressions and holds, escalate, run the monitor, "
                "refresh analytics.",
)
optouts_job = dg.define_asset_job(
    "optouts_job", selection=dg.AssetSelection.assets(*SUPPRESSION_ASSETS, *MONITOR_ASSETS),
    executor_def=dg.in_process_executor,
    description="Ingest new clicks from the opt-out log into suppression_events, refresh the list, and run the "
                "monitor, which counts an unsubscribe by the link against its play.",
)
analytics_job = dg.define_asset_job(
    "analytics_job", selection=dg.AssetSelection.assets(*AFTER_SENDS),
    executor_def=dg.in_process_executor,
    description="Refresh the whole ledger and the analytics that count it, when what they count changed outside "
                "the runs that refresh them.",
)
# The service level drifts with the clock, not with new mail: re-check it without rebuilding anything.
escalation_sla_job = dg.define_asset_job(
    "escalation_sla_job", selection=dg.AssetSelection.checks_for_assets("escalations"),
    executor_def=dg.in_process_executor,
    description="Re-evaluate the escalation service level: which interested or question replies wait unclaimed.",
)
