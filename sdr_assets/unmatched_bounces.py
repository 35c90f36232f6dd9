"""Hard bounces that carry none of our Message-IDs, counted against the message that bounced.

Many mail servers return a bounce without the original's headers. Triage matches it to no send, and
suppression still stops the address; the bounce rate must count it too, or a list of dead addresses
would never pause the mailbox that mails it. The message that bounced is the latest one sent to the
failed recipient's mailbox (any spelling of it: ``person_keys``) at or before the bounce arrived,
from whichever mailbox sent it: its mailbox and domain carry the bounce.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import polars as pl

from resources.tables import columns_of, table_exists
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.person_keys import person_keys

# Dated by the later of its own date and when we read it: a message sent after we read the bounce
# cannot be the one that bounced.
UNMATCHED_BOUNCES_SQL = """
select c.recipients, {arrived} as arrived, c.message_id
from reply_classifications c {joined}
where c.kind = 'bounce' and coalesce(c.hard, false) and c.send_key is null
order by c.message_id
"""


def unmatched_bounces(con: duckdb.DuckDBPyConnection) -> list[tuple[list[str], datetime | None, str]]:
    """Each hard bounce matched to no send: the mailboxes it names (keyed), when it arrived (None where
    nothing dates it) and its message id."""
    classified = set(columns_of(con, "reply_classifications"))
    if not {"kind", "hard", "send_key", "recipients", "message_id"} <= classified:
        return []
    dates = ["c.received_at"] if "received_at" in classified else []
    read = table_exists(con, "raw_replies") and "fetched_at" in columns_of(con, "raw_replies")
    dates += ["r.fetched_at"] if read else []
    arrived = f"greatest({', '.join(dates)})" if dates else "null::timestamptz"
    joined = "left join raw_replies r using (message_id)" if read else ""
    rows = con.execute(UNMATCHED_BOUNCES_SQL.format(arrived=arrived, joined=joined)).fetchall()
    return [([suppression_key(str(p)) for p in json.loads(recipients or "[]") if p],
             at and at.astimezone(UTC), str(message_id)) for recipients, at, message_id in rows]


def bounced_sends(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame) -> dict[str, list[str]]:
    """The send keys of ``sends`` a hard bounce matched to no send is about, each with those bounces'
    message ids: per failed recipient, her latest message sent at or before the bounce arrived."""
    bounces = unmatched_bounces(con)
    named = {person for people, _, _ in bounces for person in people}
    if not named or not sends.height:
        return {}
    keyed = sends.with_columns(pl.col("sent_at").dt.convert_time_zone("UTC"),  # as the times compared
                               person=person_keys(sends["contact_email"]))
    mine = keyed.filter(pl.col("person").is_in(sorted(named))).sort("sent_at", "send_key")
    by_person = mine.partition_by("person", as_dict=True)
    found: dict[str, list[str]] = {}
    for people, arrived, message_id in bounces:
        for person in people:
            theirs = by_person.get((person,))
            if theirs is not None and arrived is not None:
                theirs = theirs.filter(pl.col("sent_at") <= arrived)
            if theirs is not None and theirs.height:
                found.setdefault(theirs["send_key"][-1], []).append(message_id)
    return found
