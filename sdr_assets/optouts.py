"""Suppression assets: clicks, opt-outs by mail, bounces and complaints become events; the list follows.

``suppression_events`` only grows. ``suppression_list`` is folded from it, never from replies.
"""

import dagster as dg
from pydantic import Field

from resources.damage import WarehouseUnavailable
from resources.settings import PipelinePaths, SendPolicy
from resources.tables import KeyLostError, transaction
from resources.warehouse import Warehouse, frame_of, one
from sdr_assets.domain.suppression import LIFT, SuppressionError, events_from_replies
from sdr_assets.incremental import record_mark, table_mark, unchanged
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.suppression import (
    EVENT_SCHEMA, LIST_SCHEMA, ensure_schema, fold_list, ingest_log, insert_events, list_current, log_entry,
    logs_ingested, mark_read, owing_replies, read_events, read_under_rules, record_entries,
)


REPLIES_MARK = "suppression_events/replies"


def _replies_mark(con) -> str:
    return table_mark(con, "reply_classifications", ["reply_classifications"])


def _replies_unchanged(con, replies: str, now) -> bool:
    """Whether the replies are as the events were last taken from them, under the rules this process runs."""
    return unchanged(con, REPLIES_MARK, replies, now, table="suppression_events") and read_under_rules(con)


def suppressions_unchanged(con, data_dir: str, now) -> bool:
    """Whether ``suppression_events`` and ``suppression_list`` would stay as they are: both logs
    ingested to their end, the replies as the events were last taken from them, and the list as the
    events fold into it (nothing in it expires)."""
    return (logs_ingested(con, data_dir) and _replies_unchanged(con, _replies_mark(con), now)
            and list_current(con))


def record_events(con, data_dir: str, now) -> tuple[int, int, list[str], int]:
    """The logs' new events and those the replies owe, recorded in one transaction with the list folded
    from them: no interrupt leaves one kind recorded without the other, nor the list behind the events.
    Returns (new from the logs, the opt-out log's offset, its bad lines, new from the replies)."""
    with transaction(con):
        from_log, offset, bad_lines = ingest_log(con, data_dir)
        # Events from replies are keyed by message and target and never deleted: replies unchanged
        # since the last run owe no new event.
        replies = _replies_mark(con)
        if _replies_unchanged(con, replies, now):
            from_replies = 0
        else:
            owing = owing_replies(con, unread=True)
            from_replies = insert_events(con, events_from_replies(owing, now, read_events(con, LIFT)))
            mark_read(con, owing, now)
            record_mark(con, REPLIES_MARK, replies, now)
        if from_log or from_replies:
            fold_list(con)
    return from_log, offset, bad_lines, from_replies


@dg.asset(group_name="replies", kinds={"duckdb"}, deps=["reply_classifications", "raw_replies"],
          metadata=defined_columns(EVENT_SCHEMA))
def suppression_events(context: dg.AssetExecutionContext, warehouse: Warehouse, paths: PipelinePaths,
                       policy: SendPolicy) -> dg.MaterializeResult:
    """Every suppression recorded or lifted (clicks, opt-outs by mail, bounces, complaints, people). Only grows."""
    with warehouse.connect() as con:
        try:
            ensure_schema(con)
        except KeyLostError as exc:
            raise dg.Failure(description=str(exc)) from None
        try:
            from_log, offset, bad_lines, from_replies = record_events(con, paths.data_dir, policy.now())
        except OSError as exc:
            raise dg.Failure(description=f"the opt-out logs cannot be read: {exc}") from None
        total = one(con, "select count(*) from suppression_events")[0]
        recent = frame_of(con, "select * from suppression_events order by recorded_at desc, event_id limit 5")
    for line in bad_lines:
        context.log.warning(f"opt-out log line not ingested: {line}")
    return dg.MaterializeResult(metadata={
        **table_metadata(recent), "dagster/row_count": total, "new_from_optout_log": from_log,
        "new_from_replies": from_replies, "optout_log_offset": offset, "bad_log_lines": len(bad_lines)})


@dg.asset(group_name="replies", kinds={"duckdb"}, deps=[suppression_events],
          metadata=defined_columns(LIST_SCHEMA))
def suppression_list(warehouse: Warehouse) -> dg.MaterializeResult:
    """Addresses and @domains never mailed again, each with the reason in force, folded from suppression_events."""
    with warehouse.connect() as con:
        ensure_schema(con)
        # suppression_events folds the list as it records: folded here only what it holds not yet
        with transaction(con):
            fold_list(con)
        total = one(con, "select count(*) from suppression_list")[0]
        preview = frame_of(con, "select * from suppression_list order by email limit 5")
        by_reason = dict(con.execute("select reason, count(*) from suppression_list group by reason").fetchall())
    return dg.MaterializeResult(metadata={**table_metadata(preview, by_reason=dg.MetadataValue.json(by_reason)),
                                          "dagster/row_count": total})


class SuppressionEntryConfig(dg.Config):
    target: str = Field(description="An address (jane@acme.example) or a whole domain (@acme.example).")
    recorded_by: str = Field(description="Your name: the entry is recorded under it.")
    reason: str = Field(description="Why this address or domain must never be mailed.")


@dg.op(description="Add an address or a whole @domain to the suppression list, by a named person.")
def add_suppression_op(context: dg.OpExecutionContext, config: SuppressionEntryConfig, warehouse: Warehouse,
                       paths: PipelinePaths, policy: SendPolicy) -> None:
    try:  # logged first: a send batch holding the warehouse honours it from its next message
        event = log_entry(paths.data_dir, config.target, config.recorded_by, config.reason, policy.now(), paths.mode)
    except SuppressionError as exc:
        raise dg.Failure(description=str(exc)) from None
    try:
        with warehouse.connect() as con:
            record_entries(con, paths.data_dir)
    except (WarehouseUnavailable, KeyLostError) as exc:
        context.log.warning(f"Every send honours this entry from now on; the warehouse could not take it yet, and "
                            f"the next run records it there ({exc})")
    context.log.info(f"{event.recorded_by} suppressed {event.target}: {event.note}")
    context.log_event(dg.AssetMaterialization(
        asset_key="suppression_events", description=f"{event.recorded_by}: suppress {event.target}",
        metadata={"event_id": event.event_id, "target": event.target, "recorded_by": event.recorded_by,
                  "reason": event.note}))


@dg.job(description="Suppress an address or a whole @domain. Fill in the form on the Launchpad.")
def record_suppression():
    add_suppression_op()
