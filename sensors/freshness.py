"""The ledger and the analytics follow any send, whatever launched it (sdr_assets/freshness.py)."""

import dagster as dg

from sdr_assets.play_graph import AFTER_SENDS

analytics_freshness_sensor = dg.AutomationConditionSensorDefinition(
    "analytics_freshness_sensor",
    target=dg.AssetSelection.assets(*AFTER_SENDS),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Refreshes send_ledger, reply_rate_summary, reply_performance, outreach_funnel and the "
                "notebooks' snapshot after anything they count changed outside the runs that refresh them "
                "(one play's sends materialised alone, a re-execution).",
)
