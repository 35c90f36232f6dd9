"""Assemble the Definitions from the pieces, for any set of resources (tests pass their own)."""

from __future__ import annotations

import dagster as dg

from sdr_assets import (
    analytics,
    drafts,
    enrichment,
    escalations,
    monitoring,
    optouts,
    performance,
    plays,
    replies,
    research,
    sends,
    signals,
    tasks,
)
from sdr_assets.decisions import record_play_decision
from sdr_assets.gate import play_approval_gate
from sdr_assets.inbox_job import work_escalation
from sdr_assets.jobs import escalation_sla_job, optouts_job, outreach_job, replies_job, signals_job
from sdr_assets.monitor_checks import deliverability_guard, play_monitor_check
from sdr_assets.quality import (
    drafts_grounded,
    enriched_accounts_quality,
    qualified_signals_quality,
    raw_signals_quality,
)
from sensors.escalations import escalation_sla_schedule
from sensors.optouts import optout_log_sensor
from sensors.plays import outreach_sensor, play_files_sensor
from sensors.replies import reply_mailbox_sensor
from sensors.schedules import daily_outreach_schedule
from sensors.signal_files import signal_files_sensor

ASSET_MODULES = [plays, signals, enrichment, research, drafts, sends, tasks, replies, escalations, optouts,
                 monitoring, performance, analytics]


def build_definitions(resources: dict) -> dg.Definitions:
    return dg.Definitions(
        assets=[*dg.load_assets_from_modules(ASSET_MODULES), plays.play_approvals_spec,
                enrichment.accepted_referrals_spec, escalations.escalation_events_spec, escalations.meetings_spec],
        asset_checks=[play_approval_gate, play_monitor_check, deliverability_guard, drafts_grounded,
                      raw_signals_quality, qualified_signals_quality, enriched_accounts_quality,
                      escalations.escalation_sla],
        jobs=[signals_job, outreach_job, replies_job, optouts_job, record_play_decision, optouts.record_suppression,
              work_escalation, escalation_sla_job],
        sensors=[signal_files_sensor, reply_mailbox_sensor, play_files_sensor, outreach_sensor, optout_log_sensor],
        schedules=[daily_outreach_schedule, escalation_sla_schedule],
        resources=resources,
    )
