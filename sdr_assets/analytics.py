"""Analytics layer: reply rates per play and the snapshot that notebooks read."""

import io
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from resources import clock
from resources.settings import PipelinePaths
from resources.store.approvals import approval_status
from resources.tables import columns_of, rewrite_rows, transaction
from resources.warehouse import Warehouse, frame_of, one, replace_rows, table_exists
from resources.whole_files import replace_whole
from sdr_assets.analytics_columns import SUMMARY_COLUMNS
from sdr_assets.incremental import LayerConfig, layer_marks, record_layer_marks, table_marks
from sdr_assets.former_plays import current_names, names_now
from sdr_assets.ledger_counts import LEDGER_SQL, SENT, send_replies, send_state
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.performance import with_intervals
from sdr_assets.person_keys import canonical_column
from sdr_assets.playbook import load_plays

SUMMARY_SCHEMA = {
    "play": pl.String, "state": pl.String, "emails_sent": pl.Int64, "delivered": pl.Int64, "contacts": pl.Int64,
    "human_replies": pl.Int64, "positive_replies": pl.Int64, "bounces": pl.Int64, "complaints": pl.Int64,
    "unsubscribes": pl.Int64, "out_of_office": pl.Int64, "reply_rate": pl.Float64, "reply_rate_low": pl.Float64,
    "reply_rate_high": pl.Float64, "positive_rate": pl.Float64, "positive_rate_low": pl.Float64,
    "positive_rate_high": pl.Float64, "bounce_rate": pl.Float64, "complaint_rate": pl.Float64,
    "simulated_replies": pl.Int64,
}
# Reply and positive rates (with their intervals, ``with_intervals``) are over the delivered sends
# (sent less hard and soft bounces), as in `reply_performance` and `sdr status`; bounce and complaint
# rates, the sender's health, over every send.
SUMMARY_SQL = """
with sent as (
    select play, send_key, contact_email from {ledger} where status = 'sent' and list_contains(?, play)
), replies as ({replies}), sends as (
    select s.play, s.contact_email, r.*, not coalesce(r.undelivered, false) as reached
    from sent s left join replies r using (send_key)
)
select play,
       count(*) as emails_sent,
       count(*) filter (reached) as delivered,
       count(*) filter (human) as human_replies,
       count(*) filter (positive) as positive_replies,
       count(*) filter (bounced) as bounces,
       count(*) filter (complained) as complaints,
       count(*) filter (unsubscribed) as unsubscribes,
       count(*) filter (ooo) as out_of_office,
       count(*) filter (bounced) / count(*) as bounce_rate,
       count(*) filter (complained) / count(*) as complaint_rate,
       count(*) filter (simulated_reply) as simulated_replies
from sends group by play order by play
"""
# Each play's contacts, counted by mailbox in ``contacts_by_play``.
CONTACTS_SQL = "select distinct play, contact_email from {ledger} where status = 'sent' and list_contains(?, play)"
# What the summary of one play is computed from: its ledger rows and the reply flags of its sends.
PLAY_MARKS_SQL = """
with replies as ({replies})
select l.play, count(*) || ':' || bit_xor(hash(l.send_key, l.status, l.contact_email, r.human, r.positive,
       r.bounced, r.undelivered, r.complained, r.unsubscribed, r.ooo, r.simulated_reply)) as mark
from {ledger} l left join replies r using (send_key) group by l.play
"""
EXPORTED_TABLES = ("reply_rate_summary", "send_ledger", "reply_classifications", "escalations", "play_versions",
                   "reply_performance", "outreach_funnel", "monitor_readings", "monitor_pauses", "play_approvals",
                   "meetings")


def contacts_by_play(con: duckdb.DuckDBPyConnection, plays: list[str]) -> pl.DataFrame:
    """The people each of ``plays`` emailed, one per mailbox however the ledger spelled it
    (:func:`canonical_column`, as the funnel counts them): ``josé@bücher.example`` is
    ``josé@xn--bcher-kva.example``. Inside :func:`send_replies`, which names the plays."""
    sent = frame_of(con, CONTACTS_SQL.format(ledger=LEDGER_SQL), [plays])
    keyed = sent.with_columns(canonical_column(sent["contact_email"]))
    return keyed.group_by("play").agg(contacts=pl.col("contact_email").drop_nulls().n_unique())


def summary_rows(con: duckdb.DuckDBPyConnection, plays: list[str], replies: str) -> pl.DataFrame:
    """The rows of ``reply_rate_summary`` for ``plays`` (``replies`` from :func:`send_replies`), with
    the 95 % Wilson intervals of the reply and positive rates, so two plays' rates can be compared."""
    counts = frame_of(con, SUMMARY_SQL.format(replies=replies, ledger=LEDGER_SQL), [plays]).join(
        contacts_by_play(con, plays), on="play", how="left").with_columns(state=pl.lit(SENT))
    return with_intervals(counts).select(list(SUMMARY_SCHEMA)).cast(SUMMARY_SCHEMA)


def idle_rows(states: dict[str, str]) -> pl.DataFrame:
    """A row for each play that sent no email, by its state (``send_state``): counts 0, no rate (the
    bounds 0 and 1, as for any play with nothing delivered), so an analyst sees it sent nothing and why."""
    counts = [c for c, kind in SUMMARY_SCHEMA.items() if kind == pl.Int64]
    frame = pl.DataFrame({"play": list(states), "state": list(states.values()),
                          **{c: [0] * len(states) for c in counts}},
                         schema={"play": pl.String, "state": pl.String, **dict.fromkeys(counts, pl.Int64)})
    return with_intervals(frame).with_columns(bounce_rate=None, complaint_rate=None).select(
        list(SUMMARY_SCHEMA)).cast(SUMMARY_SCHEMA)


def idle_states(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> dict[str, str]:
    """Of the plays in the play book or the ledger (a former name as the play's name now), those with no
    email sent, each with why not."""
    book = load_plays(paths.plays).plays
    plays = set(book)
    if table_exists(con, "send_ledger"):
        renamed = current_names(con, book.values())
        plays |= {renamed.get(p, p) for (p,) in con.execute("select distinct play from send_ledger").fetchall()}
        sent = con.execute("select distinct play from send_ledger where status = 'sent'").fetchall()
        plays -= {renamed.get(p, p) for (p,) in sent}
    return {p: send_state(0, approval_status(con, book[p], paths.mode).status if p in book else None)
            for p in sorted(plays)}


@dg.asset(group_name="analytics", kinds={"duckdb", "polars"},
          deps=["send_ledger", "reply_classifications", "raw_replies", "suppression_events", "monitor_pauses",
                "play_approvals", "play_versions"],
          metadata=defined_columns(SUMMARY_SCHEMA, SUMMARY_COLUMNS))
def reply_rate_summary(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths) -> dg.MaterializeResult:
    """Per play (each of the play book and of the ledger, a renamed play's former names as its name now):
    emails sent and delivered, human replies, positive replies, bounces, complaints and their rates
    (replies per delivered email with 95 % Wilson intervals, bounces and complaints per email sent).
    Unsubscribes and complaints count every channel, as the monitor and `reply_performance` count them.
    ``simulated_replies`` are the human replies the demo's market wrote (its bounces are no replies).
    A play that sent nothing has a row of zeros, and its ``state`` says why ("waiting for approval",
    "no sends yet" once approved).

    Only the plays whose ledger rows or replies changed since the last run are computed again; a
    table stored with other columns (by an earlier version) is computed again whole.
    """
    with warehouse.connect() as con:
        idle = idle_rows(idle_states(con, paths))
        if not table_exists(con, "send_ledger"):
            replace_rows(con, "reply_rate_summary", idle)
            return dg.MaterializeResult(metadata=table_metadata(idle, plays_computed=0))
        rebuild = config.full_refresh or not _in_schema(con)
        known = {} if rebuild else layer_marks(con, "reply_rate_summary/")
        with send_replies(con, names_now(con, paths.plays)) as replies:
            marks = _play_marks(con, replies)
            changed = sorted(play for play, mark in marks.items() if known.get(play) != mark)
            gone = sorted(set(known) - set(marks))
            fresh = summary_rows(con, changed, replies) if rebuild or changed or gone else None
        with transaction(con):  # no interrupt leaves plays computed again without their marks or idle rows
            if fresh is not None:
                if rebuild:
                    rewrite_rows(con, "reply_rate_summary", pl.concat([fresh, idle]))
                else:
                    rewrite_rows(con, "reply_rate_summary", fresh, "list_contains(?, play)", [changed + gone])
                record_layer_marks(con, "reply_rate_summary/", marks, gone, clock.now())
            _replace_idle(con, idle)
        frame = frame_of(con, "select * from reply_rate_summary order by play")
    return dg.MaterializeResult(metadata=table_metadata(frame, plays_computed=len(changed),
                                                        plays_unchanged=len(marks) - len(changed)))


def summary_unchanged(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> bool:
    """Whether ``reply_rate_summary`` would stay as it is: stored in this version's columns, every play's
    ledger rows and replies as last computed (none gone), and the rows of the plays that sent nothing as
    their states are now; before any send (no ledger), those rows alone."""
    if not (_in_schema(con) and _idle_stored(con, idle_rows(idle_states(con, paths)))):
        return False
    if not table_exists(con, "send_ledger"):
        return not one(con, "select count(*) from reply_rate_summary where state = ?", [SENT])[0]
    with send_replies(con, names_now(con, paths.plays)) as replies:
        marks = _play_marks(con, replies)
    return marks == layer_marks(con, "reply_rate_summary/")


def snapshot_unchanged(con: duckdb.DuckDBPyConnection, paths: PipelinePaths) -> bool:
    """Whether ``analytics_snapshot`` would write no file: each table's copy there, of its rows as they are."""
    known = layer_marks(con, "analytics_snapshot/")
    return all(_copy_current(known, table, mark, paths.exports) for table, mark in _snapshot_marks(con).items())


def _in_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``reply_rate_summary`` is stored in this version's columns (none when there is no table)."""
    return set(columns_of(con, "reply_rate_summary")) == set(SUMMARY_SCHEMA)


def _play_marks(con: duckdb.DuckDBPyConnection, replies: str) -> dict[str, str]:
    """What each play's summary is computed from, as a mark (``replies`` from :func:`send_replies`)."""
    return dict(con.execute(PLAY_MARKS_SQL.format(replies=replies, ledger=LEDGER_SQL)).fetchall())


def _copy_current(known: dict[str, str], table: str, mark: str, exports: Path) -> bool:
    """Whether the snapshot's copy of ``table`` is still in ``exports`` and was written from its rows as they are
    (``mark``; ``known``: the marks of the copies written)."""
    return known.get(table) == mark and (exports / f"{table}.parquet").exists()


def _snapshot_marks(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {table: mark for table, mark in table_marks(con, {t: [t] for t in EXPORTED_TABLES}).items()
            if mark != "absent"}


def _idle_stored(con: duckdb.DuckDBPyConnection, idle: pl.DataFrame) -> bool:
    """Whether the stored rows of the plays that sent nothing are ``idle``."""
    stored = frame_of(con, "select * from reply_rate_summary where state is distinct from ? order by play", [SENT])
    return stored.select(idle.columns).equals(idle)


def _replace_idle(con: duckdb.DuckDBPyConnection, idle: pl.DataFrame) -> None:
    """Put the rows of the plays that sent nothing (``idle``, by play) in place of the stored ones when
    they differ, inside the caller's transaction: a decision on a play moves its state with no ledger row changed."""
    if _idle_stored(con, idle):
        return
    rewrite_rows(con, "reply_rate_summary", idle, "state is distinct from ? or list_contains(?::varchar[], play)",
                 [SENT, idle["play"].to_list()])


@dg.asset(group_name="analytics", kinds={"parquet"},
          deps=[reply_rate_summary, *(t for t in EXPORTED_TABLES if t != "reply_rate_summary")])
def analytics_snapshot(config: LayerConfig, warehouse: Warehouse, paths: PipelinePaths) -> dg.MaterializeResult:
    """Parquet copies of the analysis tables, so notebooks never hold the live warehouse open.

    A table whose rows did not change since its last copy (and whose file is still there) is not
    written again.
    """
    paths.exports.mkdir(parents=True, exist_ok=True)
    written, unchanged = {}, []
    with warehouse.connect() as con:
        known = {} if config.full_refresh else layer_marks(con, "analytics_snapshot/")
        marks = _snapshot_marks(con)
        for table, mark in marks.items():
            if _copy_current(known, table, mark, paths.exports):
                unchanged.append(table)
                continue
            frame = frame_of(con, f"select * from {table}")
            # Put in place whole, as the CSV exports are: a notebook reading meanwhile, or a run
            # interrupted while it writes, leaves the last whole copy, never half of one.
            buffer = io.BytesIO()
            frame.write_parquet(buffer)
            replace_whole(paths.exports / f"{table}.parquet", buffer.getvalue())
            written[table] = frame.height
        if written:
            with transaction(con):
                record_layer_marks(con, "analytics_snapshot/", {table: marks[table] for table in written}, [],
                                   clock.now())
    return dg.MaterializeResult(metadata={"tables": dg.MetadataValue.json(written),
                                          "unchanged": ", ".join(unchanged) or "none",
                                          "folder": dg.MetadataValue.path(str(paths.exports))})
