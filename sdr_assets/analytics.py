"""Analytics layer: reply rates per play and the snapshot that notebooks read."""

import dagster as dg
import polars as pl

from resources.settings import PipelinePaths
from resources.warehouse import Warehouse, frame_of, replace_rows, table_exists
from sdr_assets.freshness import AFTER_UPSTREAM_CHANGES
from sdr_assets.ledger_counts import NO_REPLIES_SQL, REPLIES_SQL
from sdr_assets.metadata import table_metadata

SUMMARY_SCHEMA = {
    "play": pl.String, "emails_sent": pl.Int64, "contacts": pl.Int64, "human_replies": pl.Int64,
    "positive_replies": pl.Int64, "bounces": pl.Int64, "complaints": pl.Int64, "unsubscribes": pl.Int64,
    "out_of_office": pl.Int64, "reply_rate": pl.Float64, "positive_rate": pl.Float64,
    "bounce_rate": pl.Float64, "complaint_rate": pl.Float64, "simulated_replies": pl.Int64,
}
SUMMARY_SQL = """
with sent as (
    select play, send_key, contact_email from send_ledger where status = 'sent'
), replies as ({replies})
select s.play,
       count(*) as emails_sent,
       count(distinct s.contact_email) as contacts,
       count(*) filter (r.human) as human_replies,
       count(*) filter (r.positive) as positive_replies,
       count(*) filter (r.bounced) as bounces,
       count(*) filter (r.complained) as complaints,
       count(*) filter (r.unsubscribed) as unsubscribes,
       count(*) filter (r.ooo) as out_of_office,
       count(*) filter (r.human) / count(*) as reply_rate,
       count(*) filter (r.positive) / count(*) as positive_rate,
       count(*) filter (r.bounced) / count(*) as bounce_rate,
       count(*) filter (r.complained) / count(*) as complaint_rate,
       count(*) filter (r.simulated) as simulated_replies
from sent s left join replies r using (send_key)
group by s.play order by s.play
"""
EXPORTED_TABLES = ("reply_rate_summary", "send_ledger", "reply_classifications", "escalations", "play_versions",
                   "reply_performance", "outreach_funnel", "monitor_readings", "monitor_pauses", "play_approvals",
                   "meetings")


@dg.asset(group_name="analytics", kinds={"duckdb", "polars"}, deps=["send_ledger", "reply_classifications"],
          automation_condition=AFTER_UPSTREAM_CHANGES)
def reply_rate_summary(warehouse: Warehouse) -> dg.MaterializeResult:
    """Per play: emails sent, human replies, positive replies, bounces, complaints and their rates."""
    with warehouse.connect() as con:
        replies = REPLIES_SQL if table_exists(con, "reply_classifications") else NO_REPLIES_SQL
        frame = frame_of(con, SUMMARY_SQL.format(replies=replies)) if table_exists(con, "send_ledger") \
            else pl.DataFrame(schema=SUMMARY_SCHEMA)
        frame = frame.cast(SUMMARY_SCHEMA)
        replace_rows(con, "reply_rate_summary", frame)
    return dg.MaterializeResult(metadata=table_metadata(frame))


@dg.asset(group_name="analytics", kinds={"parquet"},
          deps=[reply_rate_summary, *(t for t in EXPORTED_TABLES if t != "reply_rate_summary")],
          automation_condition=AFTER_UPSTREAM_CHANGES)
def analytics_snapshot(warehouse: Warehouse, paths: PipelinePaths) -> dg.MaterializeResult:
    """Parquet copies of the analysis tables, so notebooks never hold the live warehouse open."""
    paths.exports.mkdir(parents=True, exist_ok=True)
    written = {}
    with warehouse.connect() as con:
        for table in EXPORTED_TABLES:
            if table_exists(con, table):
                frame = frame_of(con, f"select * from {table}")
                frame.write_parquet(paths.exports / f"{table}.parquet")
                written[table] = frame.height
    return dg.MaterializeResult(metadata={"tables": dg.MetadataValue.json(written),
                                          "folder": dg.MetadataValue.path(str(paths.exports))})
