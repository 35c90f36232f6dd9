"""When the ledger and the analytics refresh on their own: after anything upstream changed, whoever ran it.

Each play's sends can be materialised without the analytics that count them: one asset from the UI,
a re-execution, a run of a subset. The per-play jobs and ``replies_job`` refresh the analytics in the
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
