"""When the ledger and the analytics refresh on their own: after anything upstream changed, whoever ran it.

Each play's sends can be materialised without the analytics that count them: one asset from the UI,
a re-execution, a run of a subset; and a person settling a crashed send changes the ledger outside
any run (``report_ledger_change``). The per-play jobs and ``replies_job`` refresh the analytics in the
same run; for every other path, declarative automation requests the tables that are now behind.

Unlike ``AutomationCondition.eager()``, a missing upstream does not hold the tables back: a play
waiting for a decision has never materialised its sends, and the other plays' figures must still move.
"""

import dagster as dg

AFTER_UPSTREAM_CHANGES = (
    dg.AutomationCondition.any_deps_updated().since_last_handled()
    & ~dg.AutomationCondition.any_deps_in_progress()
    & ~dg.AutomationCondition.in_progress()
).with_label("after an upstream table changed")


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
