"""A change to the ledger made outside any run, recorded so the UI shows it and what counts it follows.

Each play's sends can be materialised without the analytics that count them, and a person settling
a crashed send changes the ledger outside any run (``report_ledger_change``); the freshness sensor
(``sensors/freshness.py``) refreshes the tables that count it once their own tests say they would change.
"""

import dagster as dg


def report_ledger_change(instance: dg.DagsterInstance, row: dict) -> None:
    """Record that a person changed ``send_ledger`` outside any run (``sdr sends resolve``).

    The whole ledger is reported, not the play's sends: those record what their last run sent on,
    which the outreach sensor reads. The freshness sensor then refreshes what counts the ledger.
    """
    instance.report_runless_asset_event(dg.AssetMaterialization(
        asset_key="send_ledger", description=f"{row['resolved_by']} settled {row['send_key']}: {row['outcome']}",
        metadata={"play": row["play"], "send_key": row["send_key"], "outcome": row["outcome"],
                  "resolved_by": row["resolved_by"]},
    ))
