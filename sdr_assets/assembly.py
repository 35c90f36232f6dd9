"""Assemble the Definitions from the pieces, for any set of resources (tests pass their own)."""

from __future__ import annotations

import dagster as dg

from sdr_assets import (
    analytics,
    enrichment,
    escalations,
    monitoring,
    optouts,
    pause_notices,
    performance,
    plays,
    replies,
    research,
    signals,
)
from sdr_assets.decision_job import record_play_decision_job
from sdr_assets.inbox_job import work_escalation
from sdr_assets.jobs import analytics_job, escalation_sla_job, optouts_job, replies_job, signals_job
from sdr_assets.play_graph import play_graph, play_names, whole_tables
from sdr_assets.quality import enriched_accounts_quality, qualified_signals_quality, raw_signals_quality
from sdr_assets.run_console import console_logger
from sensors.abandoned_runs import abandoned_runs_sensor
from sensors.escalations import escalation_sla_schedule
from sensors.freshness import analytics_freshness_sensor
from sensors.optouts import optout_log_sensor
from sensors.plays import outreach_sensor_for, play_files_sensor
from sensors.replies import reply_mailbox_sensor
from sensors.schedules import daily_outreach_schedule_for
from sensors.signal_files import signal_files_sensor

# Layers with one set of assets for all plays; each play adds its own drafts, checks, sends and tasks.
ASSET_MODULES = [plays, signals, enrichment, research, replies, escalations, optouts, monitoring, pause_notices,
                 performance, analytics]


def build_definitions(resources: dict, play_list: list[str] | None = None) -> dg.Definitions:
    """Everything, with one graph per play found in the plays folder (or ``play_list``)."""
    graphs = [play_graph(name) for name in (play_list if play_list is not None else play_names(resources["paths"].plays))]
    outreach_jobs = [g.outreach_job() for g in graphs]
    dailies = [daily_outreach_schedule_for(g) for g in graphs]
    return dg.Definitions(
        assets=[*dg.load_assets_from_modules(ASSET_MODULES), *(a for g in graphs for a in g.assets),
                *whole_tables(graphs), plays.play_approvals_spec, enrichment.accepted_referrals_spec,
                escalations.escalation_events_spec, escalations.meetings_spec],
        asset_checks=[*(c for g in graphs for c in g.checks), raw_signals_quality, qualified_signals_quality,
                      enriched_accounts_quality, escalations.escalation_sla],
        jobs=[signals_job(graphs), *outreach_jobs, replies_job, optouts_job,
              record_play_decision_job(resources["paths"].plays),
              optouts.record_suppression, work_escalation, escalation_sla_job, analytics_job],
        sensors=[signal_files_sensor, reply_mailbox_sensor, play_files_sensor,
                 outreach_sensor_for(graphs, outreach_jobs, dailies), optout_log_sensor, analytics_freshness_sensor,
                 abandoned_runs_sensor],
        schedules=[*dailies, escalation_sla_schedule],
        resources=resources,
        loggers={"console": console_logger},  # a step's refusal in one line
    )
