"""Per-play counts read from the source of truth, the send ledger and the replies matched to it.

`sdr status` shows these instead of ``reply_rate_summary``: that table is as fresh as the run that
last rebuilt it, the ledger is as fresh as the last message handed over. Free of Dagster.
"""

from __future__ import annotations

import duckdb

from resources.tables import table_exists

REPLY_FLAGS = ("delivered", "human_replies", "positive_replies", "bounces", "complaints", "unsubscribes")
# One row per send: what its replies said, as the status and the analytics count them. Bounces
# are hard bounces (a soft one earns another attempt); a send that bounced either way was not
# delivered, and reply rates count over the delivered sends, as `reply_performance` does.
REPLIES_SQL = """
select send_key,
       bool_or(kind = 'human') as human,
       bool_or(kind = 'human' and label in ('interested', 'question')) as positive,
       bool_or(kind = 'bounce' and coalesce(hard, false)) as bounced,
       bool_or(kind = 'bounce') as undelivered,
       bool_or(kind = 'complaint') as complained,
       bool_or(kind = 'human' and label = 'unsubscribe') as unsubscribed,
       bool_or(kind = 'out_of_office') as ooo,
       bool_or(coalesce(simulated, false)) as simulated
from reply_classifications where send_key is not null group by send_key
"""
# Before the first triage there is no reply_classifications table: no send has a reply yet.
NO_REPLIES_SQL = ("select null::varchar as send_key, false as human, false as positive, false as bounced, "
                  "false as undelivered, false as complained, false as unsubscribed, false as ooo, "
                  "false as simulated where false")
COUNTS_SQL = """
with replies as ({replies})
select l.play, l.status, count(*) as n, count(*) filter (not coalesce(r.undelivered, false)),
       count(*) filter (r.human), count(*) filter (r.positive), count(*) filter (r.bounced),
       count(*) filter (r.complained), count(*) filter (r.unsubscribed)
from send_ledger l left join replies r using (send_key)
group by l.play, l.status order by l.play, l.status
"""


def ledger_counts(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per play: ledger rows by status, and among the sent ones the delivered, replies, bounces and
    reply rate (human replies per delivered send).

    One grouped query. Replies count only on sent messages, as the analytics count them.
    """
    if not table_exists(con, "send_ledger"):
        return {}
    replies = REPLIES_SQL if table_exists(con, "reply_classifications") else NO_REPLIES_SQL
    plays: dict[str, dict] = {}
    for play, status, n, *flags in con.execute(COUNTS_SQL.format(replies=replies)).fetchall():
        counts = plays.setdefault(play, {"sent": 0, "by_status": {}, **dict.fromkeys(REPLY_FLAGS, 0)})
        counts["by_status"][status] = int(n)
        if status == "sent":
            counts.update(sent=int(n), **{name: int(v) for name, v in zip(REPLY_FLAGS, flags, strict=True)})
    for counts in plays.values():
        delivered = counts["delivered"]
        counts["reply_rate"] = round(counts["human_replies"] / delivered, 4) if delivered else None
    return plays


def by_status(plays: dict[str, dict]) -> dict[str, int]:
    """Ledger rows by status over every play."""
    total: dict[str, int] = {}
    for counts in plays.values():
        for status, n in counts["by_status"].items():
            total[status] = total.get(status, 0) + n
    return dict(sorted(total.items()))
