"""Per-play counts read from the source of truth, the send ledger and the replies matched to it,
with the unsubscribes and complaints the monitor holds against a send from outside its replies.

`sdr status` shows these instead of ``reply_rate_summary``: that table is as fresh as the run that
last rebuilt it, the ledger is as fresh as the last message handed over. Free of Dagster.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import polars as pl

from resources.store.approvals import counted_mode
from resources.tables import columns_of, frame_of, one, registered, table_exists
from sdr_assets.domain.approvals import DEMO_MODE
from sdr_assets.domain.escalations import AUTO_ANSWERS
from sdr_assets.domain.stats import wilson
from sdr_assets.domain.suppression import ADD, UNSUBSCRIBE_REASONS, suppression_key
from sdr_assets.person_keys import canonical_column, person_key_sql
from sdr_assets.reply_arrival import arrival_sql
from sdr_assets.unmatched_bounces import COUNTED

REPLY_FLAGS = ("delivered", "human_replies", "positive_replies", "bounces", "complaints", "unsubscribes",
               "unverified_complaints")
# An auto-reply triage takes for her answer, to stop her sequence (she has left, or its own text asks
# us to stop: ``AUTO_ANSWERS``): nobody read our mail, so it is her opt-out or referral, no reply.
AUTO_ANSWER_SQL = f"kind = 'human' and coalesce(reason in ({', '.join(repr(r) for r in AUTO_ANSWERS)}), false)"
# A person's reply: a human message, less a request to stop that a machine sent for her (a mail
# client's List-Unsubscribe mailto, a provider's opt-out report): that counts as an unsubscribe only;
# less an auto-reply triage reads as her answer (``AUTO_ANSWER_SQL``).
PERSON_REPLY_SQL = f"kind = 'human' and optout_via is distinct from 'unsubscribe_mail' and not ({AUTO_ANSWER_SQL})"
# A conversation's outcome is its latest person reply: interest, then a decline, is a decline. A reply
# comes when its Date says, else when it was read (``reply_arrival``); one known by neither is the latest.
LATEST_ORDER_SQL = "(coalesce(arrived_at, 'infinity'::timestamptz), message_id)"
LATEST_LABEL_SQL = f"arg_max(label, {LATEST_ORDER_SQL}) filter (where {PERSON_REPLY_SQL})"
POSITIVE_LABELS = "('interested', 'question')"
# One row per send: what its replies said, and the verdicts the monitor holds against it from outside
# them (``send_replies``), as the status and the analytics count them. An unsubscribe by any channel,
# a reply's label too, is one of those: one person's opt-out counts once in a play, as the monitor
# counts it (``monitor_data.unsubscribed``). A complaint is one about the message (its report carries
# our Message-ID); an unverified one, naming the person alone, counts apart and in no rate. Bounces
# are hard bounces (a soft one earns another attempt); a send that bounced either way was not
# delivered, unless its contact replied (a forward of hers bounced, she read it): reply rates count
# over the delivered sends, as `reply_performance` does, so a reply is never counted over a send that
# was not. A simulated reply is a person's reply the demo's market wrote: its bounces, complaints and
# out-of-office answers are simulated too, and no reply.
REPLIES_SQL = f"""
select send_key,
       bool_or({PERSON_REPLY_SQL}) as human,
       coalesce({LATEST_LABEL_SQL} in {POSITIVE_LABELS}, false) as positive,
       bool_or(kind = 'bounce' and coalesce(hard, false) or kind = 'unmatched_bounce') as bounced,
       bool_or(kind in ('bounce', 'unmatched_bounce')) and not bool_or({PERSON_REPLY_SQL}) as undelivered,
       bool_or(kind = 'complaint') as complained,
       bool_or(kind = 'unverified_complaint') as unverified,
       bool_or(kind = 'opt_out') as unsubscribed,
       bool_or(kind = 'out_of_office') as ooo,
       bool_or(coalesce(simulated, false) and {PERSON_REPLY_SQL}) as simulated_reply
from ({{classified}} union all by name select send_key, kind from {{outside}}) group by send_key
"""
# A reply is simulated only in the demo's own folder ({demo}), whatever a row stored before that
# rule says: a header anyone may write marked it.
CLASSIFIED_SQL = ("select send_key, kind, label, hard, simulated and {demo} as simulated, {person_reply} "
                  "from reply_classifications where send_key is not null")
# Before the first triage there is no reply_classifications table: no send has a reply yet.
NO_REPLIES_SQL = ("select null::varchar as send_key, null::varchar as kind, null::varchar as label, "
                  "null::boolean as hard, null::timestamptz as arrived_at, null::varchar as message_id, "
                  "null::boolean as simulated, null::varchar as optout_via, "
                  "null::varchar as reason where false")
OUTSIDE = "_verdicts_outside_replies"
OUTSIDE_SCHEMA = {"send_key": pl.String, "kind": pl.String}
# The ledger with each row's play under the name its file gives it now (``former_plays.current_names``,
# registered by ``send_replies``): what a play sent under a former name counts as its own, as the send
# step and the monitor count it, so a rename neither splits its figures nor counts its people twice.
NAMES = "_play_names_now"
NAMES_SCHEMA = {"former": pl.String, "now": pl.String}
LEDGER_SQL = (f"(select l.* replace (coalesce(n.now, l.play) as play) from send_ledger l "
              f"left join {NAMES} n on n.former = l.play)")
# Whether there is anything to attribute, before the monitor's module is loaded to attribute it.
ANY_OPTOUT_SQL = ("select exists (select 1 from suppression_events where action = ? and reason in "
                  f"({', '.join('?' * len(UNSUBSCRIBE_REASONS))}))")
ANY_UNSUBSCRIBE_REPLY_SQL = ("select exists (select 1 from reply_classifications "
                             "where send_key is not null and kind = 'human' and label = 'unsubscribe')")
# A hard bounce in a mail server's form that kept none of our Message-IDs (``unmatched_bounces``): the
# monitor and the analytics hold it against the latest message to the mailbox it names.
ANY_UNMATCHED_BOUNCE_SQL = f"select exists (select 1 from reply_classifications c where c.send_key is null and {COUNTED})"
ANY_UNMATCHED_COMPLAINT_SQL = ("select exists (select 1 from reply_classifications "
                               "where kind = 'complaint' and send_key is null)")
# The sends to the mailboxes named (their ``person_keys``), and those named by key. An address the
# SQL cannot key (non-ASCII, spaces) is read too, and matched once keyed in Python.
PEOPLE_SQL = f"""
select send_key, play, contact_email, sent_at from send_ledger
where status = 'sent' and (coalesce({person_key_sql("contact_email")} in (select unnest(?::varchar[])), true)
                           or send_key in (select unnest(?::varchar[])))
"""
COUNTS_SQL = """
with replies as ({replies})
select l.play, l.status, count(*) as n, count(*) filter (not coalesce(r.undelivered, false)),
       count(*) filter (r.human), count(*) filter (r.positive), count(*) filter (r.bounced),
       count(*) filter (r.complained), count(*) filter (r.unsubscribed), count(*) filter (r.unverified)
from {ledger} l left join replies r using (send_key)
group by l.play, l.status order by l.play, l.status
"""


def verdicts_outside_replies(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The sends an unsubscribe by any channel (``opt_out``) is the verdict on, as the monitor
    attributes it (``monitor_data``), so the status, the summary and the monitor count the same sends;
    and those a complaint naming none of our messages is about (``unverified_complaint``), counted
    apart; and those a hard bounce in a mail server's form that kept none of our Message-IDs is about
    (``unmatched_bounce``, as ``unmatched_bounces`` attributes it), counted bounced."""
    classified = set(columns_of(con, "reply_classifications"))
    events = table_exists(con, "suppression_events")
    optouts = ((events and one(con, ANY_OPTOUT_SQL, [ADD, *UNSUBSCRIBE_REASONS])[0])
               or ({"send_key", "kind", "label"} <= classified and one(con, ANY_UNSUBSCRIBE_REPLY_SQL)[0]))
    complaints = {"recipients", "received_at"} <= classified and one(con, ANY_UNMATCHED_COMPLAINT_SQL)[0]
    bounces = {"recipients", "message_id", "hard", "dsn"} <= classified and one(con, ANY_UNMATCHED_BOUNCE_SQL)[0]
    if not (optouts or complaints or bounces):
        return pl.DataFrame(schema=OUTSIDE_SCHEMA)
    # Imported only now: the monitor's module loads numpy, which `sdr status` needs only here.
    from sdr_assets.monitor_data import OPTOUT_SQL, complained_of, replied_sends, unsubscribed, unverified_people
    from sdr_assets.unmatched_reports import reports_about, unmatched_reports
    from sdr_assets.unverified_complaints import COMPLAINT

    # Only the sends the attribution can land on: those to the mailboxes named, and those named.
    people, named = set(), set()
    stops, replied = None, {}  # read once here, and passed to ``unsubscribed``
    if optouts:
        stops = frame_of(con, OPTOUT_SQL) if events else None
        for person, source in stops.iter_rows() if stops is not None else []:
            people.add(suppression_key(person))
            named.add(source)
        replied = replied_sends(con, named)
        named.update(replied)  # answered by a reply labelled so, or one an opt-out names
    reports = unmatched_reports(con, COMPLAINT) if complaints else None  # read once, for both
    if reports is not None:
        people.update(suppression_key(person) for person in unverified_people(con, reports))
    bounced = unmatched_reports(con, COUNTED) if bounces else None
    if bounced is not None:
        people.update(suppression_key(person) for person in unverified_people(con, bounced))  # all it names
    sends = frame_of(con, PEOPLE_SQL, [sorted(people), sorted(k for k in named if k)])
    sends = sends.with_columns(contact_email=canonical_column(sends["contact_email"]))
    keys = [*((k, "opt_out") for k in (unsubscribed(con, sends, stops, replied) if optouts else [])),
            *((k, "unverified_complaint") for k in (complained_of(con, sends, reports) if complaints else [])),
            *((k, "unmatched_bounce") for k in (reports_about(sends, bounced)["send_key"].unique(maintain_order=True)
                                                if bounced is not None else []))]
    return pl.DataFrame(keys, schema=OUTSIDE_SCHEMA, orient="row")


def person_reply_columns(con: duckdb.DuckDBPyConnection) -> str:
    """``optout_via`` and ``reason`` of ``reply_classifications``, which ``PERSON_REPLY_SQL`` reads, and
    ``message_id`` and ``arrived_at`` (``reply_arrival``), which ``LATEST_LABEL_SQL`` orders by, each null
    where a table from before it lacks it."""
    stored = set(columns_of(con, "reply_classifications"))
    types = {"optout_via": "varchar", "reason": "varchar", "message_id": "varchar"}
    return ", ".join([*(c if c in stored else f"null::{kind} as {c}" for c, kind in types.items()),
                      f"{arrival_sql(con)} as arrived_at"])


@contextmanager
def send_replies(con: duckdb.DuckDBPyConnection, renamed: Mapping[str, str] | None = None) -> Iterator[str]:
    """``REPLIES_SQL`` for ``con``'s warehouse, to run inside the block (it reads the verdicts outside
    the replies, registered on ``con`` until the block ends), where ``LEDGER_SQL`` names each play as
    ``renamed`` (a former name with the name now) does."""
    names = pl.DataFrame(list((renamed or {}).items()), schema=NAMES_SCHEMA, orient="row")
    with registered(con, OUTSIDE, verdicts_outside_replies(con)), registered(con, NAMES, names):
        demo = counted_mode(con, DEMO_MODE) == DEMO_MODE
        classified = (CLASSIFIED_SQL.format(person_reply=person_reply_columns(con), demo=str(demo).lower())
                      if table_exists(con, "reply_classifications") else NO_REPLIES_SQL)
        yield REPLIES_SQL.format(classified=classified, outside=OUTSIDE)


# Why a play has sent nothing, by its approval status; a play with an email sent is "sent".
SENT = "sent"
IDLE_STATES = {"approved": "no sends yet", "pending": "waiting for approval",
               "changed_since_approval": "waiting for approval", "paused": "paused",
               "paused_by_monitor": "paused by the monitor", "rejected": "rejected", "revoked": "revoked"}
NOT_IN_BOOK = "not in the play book"


def send_state(sent: int, status: str | None) -> str:
    """"sent" once the play sent an email, else why not: its approval ``status`` in words (None: a
    play no file describes now)."""
    if sent:
        return SENT
    return NOT_IN_BOOK if status is None else IDLE_STATES.get(status, status.replace("_", " "))


def ledger_counts(con: duckdb.DuckDBPyConnection, states: dict[str, str] | None = None,
                  renamed: Mapping[str, str] | None = None) -> dict[str, dict]:
    """Per play: ledger rows by status, and among the sent ones the delivered, replies, bounces and
    reply rate (human replies per delivered send) with its 95 % Wilson interval, the bounds of
    ``reply_rate_summary`` (0 and 1 when nothing was delivered), and its ``state`` (``send_state``).
    Every play of ``states`` (its approval status by name) has an entry, one that sent nothing too; a
    former name in ``renamed`` counts as the play's name now.

    One grouped query. Replies count only on sent messages, as the analytics count them.
    """
    states = states or {}
    plays: dict[str, dict] = {name: _no_sends() for name in states}
    rows = []
    if table_exists(con, "send_ledger"):
        with send_replies(con, renamed) as replies:
            rows = con.execute(COUNTS_SQL.format(replies=replies, ledger=LEDGER_SQL)).fetchall()
    for play, status, n, *flags in rows:
        counts = plays.setdefault(play, _no_sends())
        counts["by_status"][status] = int(n)
        if status == "sent":
            counts.update(sent=int(n), **{name: int(v) for name, v in zip(REPLY_FLAGS, flags, strict=True)})
    for play, counts in plays.items():
        delivered = counts["delivered"]
        counts["reply_rate"] = round(counts["human_replies"] / delivered, 4) if delivered else None
        counts["reply_rate_low"], counts["reply_rate_high"] = wilson(counts["human_replies"], delivered)
        counts["state"] = send_state(counts["sent"], states.get(play))
    return dict(sorted(plays.items()))


def _no_sends() -> dict:
    return {"sent": 0, "by_status": {}, **dict.fromkeys(REPLY_FLAGS, 0)}


def by_status(plays: dict[str, dict]) -> dict[str, int]:
    """Ledger rows by status over every play."""
    total: dict[str, int] = {}
    for counts in plays.values():
        for status, n in counts["by_status"].items():
            total[status] = total.get(status, 0) + n
    return dict(sorted(total.items()))
