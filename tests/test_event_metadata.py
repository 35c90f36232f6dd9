"""A table's columns are on its asset's definition; each materialisation carries only what its run changed.

Every run stores its events, and each step reads its upstream assets' last materialisations back:
a column schema in each of them was most of each event, written and read again every run.
"""

from __future__ import annotations

import dagster as dg
import pytest

from resources.tables import frame_of
from tests.openings import REVOPS, SERIES_B

# The seeded world's largest materialisation, revops-hiring's drafts with their review sample,
# takes about 10.5 KB serialised; with the column schema it took 19 KB.
EVENT_BYTES = 12_000
TABLES = ("raw_signals", "quarantined_signal_rows", "qualified_signals", "play_versions", "enriched_accounts",
          "research_angles", "message_drafts", "send_ledger", "raw_replies",
          "reply_classifications", "sequence_holds", "suppression_events", "suppression_list", "escalations",
          "monitor_readings", "reply_rate_summary", "reply_performance", "outreach_funnel")


def _type(name: str) -> str:
    return name.replace("Etc/UTC", "UTC")  # DuckDB reads a UTC timestamp back under its other name


@pytest.mark.opening("two_plays_sent")
def test_each_table_shows_its_stored_columns_on_its_definition(defs, resources):
    graph = defs.resolve_asset_graph()
    defined = {key.to_user_string(): graph.get(key).metadata["dagster/column_schema"]
               for key in graph.get_all_asset_keys() if "dagster/column_schema" in graph.get(key).metadata}
    expected = {*TABLES, *(f"{play}/{table}" for play in (REVOPS, SERIES_B)
                           for table in ("message_drafts", "send_ledger", "linkedin_tasks"))}
    assert not expected - set(defined), sorted(expected - set(defined))
    with resources["warehouse"].connect(read_only=True) as con:
        for name, schema in defined.items():
            table = name.split("/")[-1]
            stored = [(column, _type(str(kind))) for column, kind in
                      frame_of(con, f"select * from {table} limit 0").schema.items()]
            assert [(c.name, c.type) for c in schema.columns] == stored, name


@pytest.mark.opening("two_plays_sent")
def test_a_materialisation_carries_what_its_run_changed_not_the_columns(instance):
    sizes = {}
    for run in instance.get_runs():
        for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
            materialization = record.asset_materialization
            name = materialization.asset_key.to_user_string()
            assert "dagster/column_schema" not in materialization.metadata, name
            assert "dagster/row_count" in materialization.metadata or not name.endswith(TABLES), name
            sizes[name] = max(sizes.get(name, 0), len(dg.serialize_value(record)))
    assert f"{REVOPS}/send_ledger" in sizes and f"{REVOPS}/message_drafts" in sizes
    assert max(sizes.values()) < EVENT_BYTES, sorted(sizes.items(), key=lambda item: -item[1])[:3]
