"""Reports matched to no send that name people: when each arrived, and the message each is about.

An unverified complaint and a hard bounce without our Message-ID name a mailbox, not a message. Each
is dated by when we read it, or by its own date if that is later: the date is the writer's to
choose, and a report dated weeks back counts from when it came. It is about the latest message the
mailbox it names (any spelling of it: ``person_keys``) received at or before it arrived; an undated
one, about her latest.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, table_exists
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.person_keys import person_keys

REPORTS_SQL = """
select * from (
    select c.recipients, {arrived} as arrived, c.message_id
    from reply_classifications c {joined}
    where c.send_key is null and ({which})
) where {window} order by arrived, message_id
"""
REPORT_SCHEMA = {"recipients": pl.String, "arrived": pl.Datetime("us", "UTC"), "message_id": pl.String}
FOUND_SCHEMA = {"message_id": pl.String, "arrived": pl.Datetime("us", "UTC"), "send_key": pl.String}
_UNDATED = datetime(9999, 12, 31, tzinfo=UTC)  # later than any send: an undated report is about the latest


def unmatched_reports(con: duckdb.DuckDBPyConnection, which: str, since: datetime | None = None) -> pl.DataFrame:
    """The reports matched to no send that ``which`` (a condition on ``reply_classifications c``)
    keeps: ``recipients`` (JSON), ``arrived`` (null where nothing dates it) and ``message_id``, oldest
    first; with ``since``, those that arrived since (or undated)."""
    classified = set(columns_of(con, "reply_classifications"))
    if not {"send_key", "recipients", "message_id"} <= classified:
        return pl.DataFrame(schema=REPORT_SCHEMA)
    dates = ["c.received_at"] if "received_at" in classified else []
    read = table_exists(con, "raw_replies") and "fetched_at" in columns_of(con, "raw_replies")
    dates += ["r.fetched_at"] if read else []
    sql = REPORTS_SQL.format(arrived=f"greatest({', '.join(dates)})" if dates else "null::timestamptz",
                             joined="left join raw_replies r using (message_id)" if read else "", which=which,
                             window="true" if since is None else "arrived >= ? or arrived is null")
    return frame_of(con, sql, [] if since is None else [since]).cast(REPORT_SCHEMA)


def reports_about(sends: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Per report of ``reports`` (:func:`unmatched_reports`) and person it names, the message of
    ``sends`` it is about: ``message_id``, ``arrived`` and that message's ``send_key``; a person
    ``sends`` never mailed before the report arrived adds nothing, and two spellings of one, one row."""
    named = pl.DataFrame([(message_id, arrived, suppression_key(str(p)))
                          for recipients, arrived, message_id in reports.select(list(REPORT_SCHEMA)).iter_rows()
                          for p in json.loads(recipients or "[]") if p],
                         schema={"message_id": pl.String, "arrived": REPORT_SCHEMA["arrived"], "person": pl.String},
                         orient="row")
    if not named.height or not sends.height:
        return pl.DataFrame(schema=FOUND_SCHEMA)
    keyed = (sends.select("send_key", pl.col("sent_at").dt.convert_time_zone("UTC"),  # as the times compared
                          person=person_keys(sends["contact_email"]))
             .filter(pl.col("person").is_in(named["person"].unique().implode()))
             .sort("sent_at", "send_key").unique(["person", "sent_at"], keep="last").sort("sent_at"))
    found = (named.with_columns(at=pl.col("arrived").fill_null(_UNDATED)).sort("at")
             .join_asof(keyed, left_on="at", right_on="sent_at", by="person", strategy="backward",
                        check_sortedness=False))
    return found.drop_nulls("send_key").select(list(FOUND_SCHEMA)).unique(maintain_order=True)
