"""Which analytics steps would change anything now, asked before launching them.

The same tests the steps themselves make before writing (``summary_unchanged``, ``counts_unchanged``,
``snapshot_unchanged``): the replies run asks them after triage's hold (``unchanged_replies``), and
the freshness sensor asks them on every tick, whatever changed what the analytics count (one play's
sends run alone, a person settling a send, a decision, a table a signals run refreshed).
"""

from __future__ import annotations

import hashlib

import dagster as dg
import duckdb

from resources.settings import PipelinePaths
from resources.tables import table_exists
from sdr_assets.analytics import snapshot_unchanged, summary_unchanged
from sdr_assets.performance import counts_unchanged
from sdr_assets.play_graph import ANALYTICS

COUNTS = {dg.AssetKey(name) for name in ANALYTICS}
SNAPSHOT = dg.AssetKey("analytics_snapshot")
# What each analytics step recorded it last computed from (``layer_marks``): the counts by name, the
# summary per play and the snapshot per table by prefix.
MARKS_SQL = ("select layer, mark from layer_marks where layer in ('reply_performance', 'outreach_funnel') "
             "or starts_with(layer, 'reply_rate_summary/') or starts_with(layer, 'analytics_snapshot/') order by layer")


def due_analytics(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> list[dg.AssetKey]:
    """The analytics steps a run needs now: every one when the summary or the counts would change (the
    snapshot copies them), the snapshot alone when only a table it copies moved, none when all hold."""
    if not (summary_unchanged(con, paths) and counts_unchanged(con, paths)):
        return sorted(COUNTS, key=lambda key: key.path)
    return [] if snapshot_unchanged(con, paths) else [SNAPSHOT]


def computed_from(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of what the analytics steps last computed from: it moves whenever one of them computes
    anything again."""
    rows = con.execute(MARKS_SQL).fetchall() if table_exists(con, "layer_marks") else []
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
