"""What the monitor and the deliverability guard read from the warehouse: one row per send.

Every sent message with its verdicts (negative reply, objection, unsubscribe by any channel,
complaint, hard bounce), the messages that carried them, and its segment. A complaint is one whose
report carries the send's Message-ID (its MAC nobody outside can compute) or its signed unsubscribe
token; a report naming an address alone is an unverified complaint, which only :func:`complained_of`
attributes, for people to read (``unverified_complaints``), and which counts for no rate or pause.
A hard bounce that carries none of our Message-IDs, in a mail server's form, is on the latest message
to the failed recipient sent before it arrived (``unmatched_bounces``).
The segment is the account's industry as enrichment recorded it for the play when the message was
sent, kept on the ledger row: an account whose signal aged out of the trigger window leaves
``enriched_accounts``, and its sends keep their segment. Rows sent before the ledger kept it are
given their account's by the send step and the monitor (``ensure_segments``); until then, and when
nothing places them, they take enrichment's current one, else ``unknown``. Spellings of one industry
are one segment (``segment_key``). Plays choose their audience by industry, and offence tends to
follow it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import duckdb
import polars as pl

from resources.store.approvals import PAUSES_DDL
from resources.tables import columns_of, frame_of, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.days import utc_day
from sdr_assets.domain.deliverability import SendOutcome
from sdr_assets.domain.escalations import AUTO_MAY_ASK_TO_STOP, HOSTILE
from sdr_assets.domain.sequencing import ramp_days
from sdr_assets.domain.monitor import UNKNOWN_SEGMENT, segment_key
from sdr_assets.unmatched_bounces import bounced_sends
from sdr_assets.unmatched_reports import reports_about, unmatched_reports
from sdr_assets.unverified_complaints import COMPLAINT
from sdr_assets.domain.monitor_readings import FLAGS
from sdr_assets.domain.suppression import ADD, RCPT_REFUSAL, UNSUBSCRIBE_REASONS, suppression_key
from sdr_assets.person_keys import canonical_column, person_key_sql, person_keys

SENT_SQL = """
select send_key, play, play_version, lower(mailbox) as mailbox, lower(contact_email) as contact_email,
       company_domain, sent_at, {segment} as segment, status <> 'sent' as refused
from send_ledger where (status = 'sent' {refused})
"""
# A message the server refused at RCPT as an address that does not exist (``send_loop._hard_refusals``):
# for the deliverability guard, a send that hard-bounced, as it would be had the refusal come by report.
REFUSED_SQL = (f"or status = 'failed' and send_key in (select source from suppression_events "
               f"where starts_with(event_id, '{RCPT_REFUSAL}'))")
# What makes a reply, complaint or bounce each verdict on the message it names (``{hostile}``: the
# hostility predicate, where triage records one; ``{spoken}``: a person's words, not an automatic
# reply's canned ones, which go to every sender and refuse no play): one definition for the flags
# and their timing.
VERDICT_OF = {
    "not_interested": "kind = 'human' and label = 'not_interested' and {spoken}",
    "objection": "kind = 'human' and label = 'objection' and {spoken}",
    "unsubscribe": "kind = 'human' and label = 'unsubscribe'",
    "complaint": "kind = 'complaint'",
    "hard_bounce": "kind = 'bounce' and coalesce(hard, false)",
    "hostile": "kind = 'human' and {hostile}",
}
# When we first held each verdict on the message (``{seen}``: its reply fetched, else dated): what a
# person could have read before resuming the play (``monitor_readings.since_resume``).
SEEN = {flag: f"{flag}_seen" for flag in VERDICT_OF}
# The messages that carried a verdict, as evidence: ``message_seen[i]`` is when ``message_ids``' i-th
# was first seen, so both are taken from the same rows (one without a Message-ID names nothing).
EVIDENCE = f"message_id is not null and ({' or '.join(f'({when})' for when in VERDICT_OF.values())})"
VERDICT_SQL = f"""
select send_key,
       {", ".join(f"bool_or({when}) as {flag}" for flag, when in VERDICT_OF.items())},
       {{complaint_at}} as complaint_at,
       {", ".join(f"min({{seen}}) filter (where {when}) as {SEEN[flag]}" for flag, when in VERDICT_OF.items())},
       string_agg(message_id, ' ' order by message_id) filter (where {EVIDENCE}) as message_ids,
       list({{seen}} order by message_id) filter (where {EVIDENCE}) as message_seen
from reply_classifications {{fetched}} where send_key is not null {{scope}} group by send_key
"""
# The sends with their verdicts, read in one statement: with a window, only the replies to its sends
# are read (``{scope}``), however long the history behind it.
SENT_WITH_VERDICTS_SQL = "with sent as materialized ({sent}) select * from sent left join ({verdicts}) using (send_key)"
IN_SENT = "and send_key in (select send_key from sent)"
# A click on the link names the message it came in (its signed token's send key is the event's
# source): it is the verdict on that message. An opt-out by reply (the rule's, or one a person read in
# the queue) is the verdict on the message the reply answers, as the reply's own label ``unsubscribe``
# is (``replied_sends``). An opt-out naming no message we sent (the opt-out address,
# a manual entry, a reply matched to none) is the verdict on the latest message that person received.
# However many ways one person opted out, a play counts it once: on the latest of those messages, seen
# (``OPTOUT_SEEN_SQL``) when the first of them was recorded.
OPTOUT_WHERE = f"action = '{ADD}' and reason in ({', '.join(repr(r) for r in UNSUBSCRIBE_REASONS)})"
OPTOUT_SQL = f"select distinct lower(target) as contact_email, source from suppression_events where {OPTOUT_WHERE}"
OPTOUT_SEEN_SQL = ("select lower(target) as contact_email, source, min(recorded_at) as recorded_at "
                   f"from suppression_events where {OPTOUT_WHERE} group by all")
SEGMENT_SQL = """
select play, company_domain, max(industry) as enriched
from enriched_accounts group by play, company_domain
"""
SEND_SCHEMA = {
    "send_key": pl.String, "play": pl.String, "play_version": pl.String, "mailbox": pl.String,
    "contact_email": pl.String, "company_domain": pl.String, "sent_at": pl.Datetime("us", "UTC"),
    **{flag: pl.Boolean for flag in FLAGS}, "complaint_at": pl.Datetime("us", "UTC"),
    **{seen: pl.Datetime("us", "UTC") for seen in SEEN.values()}, "message_ids": pl.String,
    "message_seen": pl.List(pl.Datetime("us", "UTC")),  # when each of ``message_ids`` was first seen
    "segment": pl.String, "refused": pl.Boolean,
}


def _recorded_segment(con: duckdb.DuckDBPyConnection) -> str:
    """The ledger's segment column, or null on a ledger kept before it had one."""
    return "segment" if "segment" in columns_of(con, "send_ledger") else "null::varchar"


def sends_with_verdicts(con: duckdb.DuckDBPyConnection, since: datetime | None = None,
                        people: Iterable[str] = (), refused: bool = False) -> pl.DataFrame:
    """Every sent message, oldest first, with its verdict flags and segment. With ``since``, only those
    a window starting then can count: sent since, or to someone a complaint names (a complaint counts
    when it arrives, about an older message too), or to one of ``people`` (any spelling of her mailbox:
    ``person_keys``). With ``refused``, the messages refused at RCPT as sent to an address that does
    not exist too (``refused``), each a hard bounce: what the deliverability guard counts."""
    if not table_exists(con, "send_ledger"):
        return pl.DataFrame(schema=SEND_SCHEMA)
    sends = _sends_read(con, since, people, refused)
    if sends.height:
        sends = _with_unsubscribes(con, sends)
        sends = _with_unmatched_bounces(con, sends, since)
    if table_exists(con, "enriched_accounts"):
        sends = (sends.join(frame_of(con, SEGMENT_SQL), on=["play", "company_domain"], how="left")
                 .with_columns(segment=pl.coalesce("segment", "enriched")))
    return (keyed_segments(sends.with_columns(*(pl.col(f).fill_null(False) for f in FLAGS)))
            .select(list(SEND_SCHEMA)).cast(SEND_SCHEMA).sort("sent_at", "send_key"))


def window_outcomes(con: duckdb.DuckDBPyConnection, since: datetime) -> list[SendOutcome]:
    """What the deliverability guard counts of :func:`sends_with_verdicts` with ``since``: each send's
    mailbox, time, hard bounce and complaint. The opt-outs and segments it does not count are not read."""
    sends = _sends_read(con, since, refused=True)
    if sends.height:
        sends = _with_unmatched_bounces(con, sends, since)
    counted = ("hard_bounce", "complaint")
    return send_outcomes(sends.with_columns(*(pl.col(f).fill_null(False) for f in counted))
                         .cast({c: SEND_SCHEMA[c] for c in (*counted, "sent_at", "complaint_at")})
                         .sort("sent_at", "send_key"))


def _sends_read(con: duckdb.DuckDBPyConnection, since: datetime | None, people: Iterable[str] = (),
                refused: bool = False) -> pl.DataFrame:
    """:func:`sends_with_verdicts`' sends with the verdicts their replies carry, as read in SQL."""
    if not table_exists(con, "send_ledger"):
        return pl.DataFrame(schema=SEND_SCHEMA)
    refused = refused and "event_id" in columns_of(con, "suppression_events")
    sql, params = SENT_SQL.format(segment=_recorded_segment(con), refused=REFUSED_SQL if refused else ""), []
    if since is not None:
        named = sorted(_complained_people(con) | {suppression_key(str(p)) for p in people})
        # An address the SQL cannot key is read, and kept below if it is one of theirs; with no one
        # named, no older send is kept, and none is keyed.
        keyed = person_key_sql("contact_email")
        older = f"coalesce({keyed} in (select unnest(?::varchar[])), true)" if named else "false"
        sql += f" and (sent_at >= ? or {older})"
        params = [since, named] if named else [since]
    classified = columns_of(con, "reply_classifications")
    if classified:
        sql = SENT_WITH_VERDICTS_SQL.format(sent=sql, verdicts=_verdict_sql(classified, table_exists(
            con, "raw_replies"), IN_SENT if since is not None else ""))
    sends = frame_of(con, sql, params)
    if since is not None:
        # Only the older sends the SQL kept are keyed: those to someone named, or to an address it cannot key.
        kept = sends["sent_at"].dt.convert_time_zone("UTC") >= since
        older = (~kept).arg_true()
        if older.len():
            kept = kept.scatter(older, person_keys(sends["contact_email"].gather(older)).is_in(named))
        sends = sends.filter(kept)
    sends = sends.with_columns(contact_email=canonical_column(sends["contact_email"]))
    for flag in FLAGS:
        if flag not in sends.columns:
            sends = sends.with_columns(pl.lit(False).alias(flag))
    for column, kind in (("message_ids", pl.String), ("message_seen", SEND_SCHEMA["message_seen"]),
                         ("complaint_at", pl.Datetime("us", "UTC")),
                         *((seen, pl.Datetime("us", "UTC")) for seen in SEEN.values())):
        if column not in sends.columns:
            sends = sends.with_columns(pl.lit(None, kind).alias(column))
    if not refused:
        return sends
    # A refusal is its message's hard bounce, seen when given: a report about the message adds none.
    given = pl.min_horizontal("hard_bounce_seen", pl.col("sent_at").cast(sends.schema["hard_bounce_seen"]))
    return sends.with_columns(hard_bounce=pl.col("hard_bounce").fill_null(False) | pl.col("refused"),
                              hard_bounce_seen=pl.when("refused").then(given).otherwise("hard_bounce_seen"))


def _spoken(classified: list[str]) -> str:
    """The predicate of a reply in a person's own words: none that triage read as an automatic reply."""
    return f"reason is distinct from '{AUTO_MAY_ASK_TO_STOP}'" if "reason" in classified else "true"


def _verdict_sql(classified: list[str], fetched: bool, scope: str) -> str:
    """``VERDICT_SQL`` as the reply tables stored now have it (triage added columns over time)."""
    complaint_at = ("min(received_at) filter (where kind = 'complaint')" if "received_at" in classified
                    else "null::timestamptz")
    hostile = f"reason = '{HOSTILE}'" if "reason" in classified else "false"
    dated = "received_at" if "received_at" in classified else "null::timestamptz"
    return VERDICT_SQL.format(complaint_at=complaint_at, hostile=hostile, spoken=_spoken(classified), scope=scope,
                              seen=f"coalesce(raw_replies.fetched_at, {dated})" if fetched else dated,
                              fetched="left join raw_replies using (message_id)" if fetched else "")


def _with_unsubscribes(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame) -> pl.DataFrame:
    """``sends`` with their unsubscribes by any channel (:func:`unsubscribed_at`), each seen when the
    first of the person's opt-outs was: a reply labelled so when fetched, another when recorded."""
    replied = sends.filter(pl.col("unsubscribe").fill_null(False))
    seen = _seen_frame(unsubscribed_at(con, sends, seen=dict(zip(replied["send_key"], replied["unsubscribe_seen"]))))
    return (sends.drop("unsubscribe_seen").join(seen.rename({"seen": "unsubscribe_seen"}), on="send_key", how="left")
            .with_columns(unsubscribe=pl.col("send_key").is_in(seen["send_key"].implode())))


def _seen_frame(seen: dict[str, datetime | None]) -> pl.DataFrame:
    return pl.DataFrame({"send_key": list(seen), "seen": list(seen.values())},
                        schema={"send_key": pl.String, "seen": pl.Datetime("us", "UTC")})


def _with_unmatched_bounces(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, since: datetime | None
                            ) -> pl.DataFrame:
    """``sends`` with the hard bounces that carry none of our Message-IDs (those that arrived since
    ``since``) on the message that bounced (``unmatched_bounces``): its flag, when it was first seen
    (the first such bounce arrived), and the bounce among the messages that carried its verdicts."""
    bounced = bounced_sends(con, sends, since)
    if not bounced.height:
        return sends
    extra = pl.col("bounce_ids")
    bounced = bounced.with_columns(pl.col("arrived").cast(sends.schema["hard_bounce_seen"]),
                                   pl.col("bounce_seen").cast(sends.schema["message_seen"]))
    return (sends.join(bounced, on="send_key", how="left").with_columns(
        hard_bounce=pl.col("hard_bounce") | extra.is_not_null(),
        hard_bounce_seen=pl.when(extra.is_null()).then(pl.col("hard_bounce_seen"))
        .otherwise(pl.min_horizontal(pl.when(pl.col("hard_bounce")).then(pl.col("hard_bounce_seen")),
                                     pl.col("arrived"))),
        message_ids=pl.when(extra.is_null()).then(pl.col("message_ids"))
        .otherwise(pl.concat_str([pl.col("message_ids"), extra], separator=" ", ignore_nulls=True)),
        message_seen=pl.when(extra.is_null() | pl.col("message_seen").is_null())
        .then(pl.coalesce("message_seen", "bounce_seen")).otherwise(pl.concat_list("message_seen", "bounce_seen")))
        .drop("bounce_ids", "bounce_seen", "arrived"))


# For messages sent before a moment, the hours from each to the first reply, complaint or hard bounce
# carrying each of its verdicts: a send's verdict counts once (``monitor.verdict_weight``), when it
# first arrives.
LATENCY_SQL = f"""
select {", ".join(f"(epoch_ms(c.{flag}) - epoch_ms(l.sent_at)) / 3600000.0" for flag in VERDICT_OF)}
from (select send_key, {", ".join(f"min(received_at) filter (where {when}) as {flag}"
                                   for flag, when in VERDICT_OF.items())}
      from reply_classifications where send_key is not null group by send_key) c
join send_ledger l on l.send_key = c.send_key
where l.status = 'sent' and l.sent_at <= ?
"""


def reply_latencies(con: duckdb.DuckDBPyConnection, sent_before: datetime) -> list[tuple[float, str]]:
    """How long after the message each of its verdicts first came, with the verdict, for messages
    sent before ``sent_before`` (the monitor's arrival curve: ``monitor.arrival_curve``); none before
    triage has dated a reply."""
    classified = columns_of(con, "reply_classifications")
    if not table_exists(con, "send_ledger") or not {"send_key", "received_at", "hard"} <= set(classified):
        return []
    hostile = f"reason = '{HOSTILE}'" if "reason" in classified else "false"
    rows = con.execute(LATENCY_SQL.format(hostile=hostile, spoken=_spoken(classified)), [sent_before]).fetchall()
    return [(hours, flag) for row in rows for hours, flag in zip(row, VERDICT_OF) if hours is not None]


# The replies matched to a message we sent that ``?`` names (the opt-outs' sources), whatever their
# label, and those ``{labelled}`` holds for: each reply, the send it answers and whether it held.
REPLIES_TO_SENDS_SQL = """
select message_id, send_key, {labelled} from reply_classifications
where send_key is not null and (({labelled}) or message_id in (select unnest(?::varchar[])))
"""
# With the label ``unsubscribe``: where one person's unsubscribes may land.
REPLIED_SQL = REPLIES_TO_SENDS_SQL.format(labelled=VERDICT_OF["unsubscribe"])
# Only those named: a reply labelled otherwise (a question, an objection) that a person read as an
# opt-out in the queue counts on the message it answers too.
ANSWERED_SQL = REPLIES_TO_SENDS_SQL.format(labelled="false")


def replied_sends(con: duckdb.DuckDBPyConnection, sources: Iterable[str] = ()) -> dict[str, bool]:
    """The send keys of replies labelled ``unsubscribe``, and of the replies among ``sources``, each
    with whether a reply's own label says so (the keys :func:`unsubscribed` takes)."""
    if not {"send_key", "kind", "label", "message_id"} <= set(columns_of(con, "reply_classifications")):
        return {}
    replied: dict[str, bool] = {}
    for _, key, labelled in con.execute(REPLIED_SQL, [sorted(s for s in sources if s)]).fetchall():
        replied[key] = replied.get(key, False) or bool(labelled)
    return dict(sorted(replied.items()))


def unsubscribed(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, optouts: pl.DataFrame | None = None,
                 replied: dict[str, bool] | None = None) -> list[str]:
    """The send keys of ``sends`` an unsubscribe is the verdict on, whatever the channel (a reply
    labelled so, a reply a person closed ``opted_out``, the link, the opt-out address): one per person
    and play (:func:`one_per_person`), as she opted out once however many ways she did. ``optouts``
    (``OPTOUT_SQL``'s rows) and ``replied`` (:func:`replied_sends`) are read here where not given."""
    return sorted(unsubscribed_at(con, sends, optouts, replied))


def unsubscribed_at(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, optouts: pl.DataFrame | None = None,
                    replied: dict[str, bool] | None = None, seen: Mapping[str, datetime | None] | None = None
                    ) -> dict[str, datetime | None]:
    """:func:`unsubscribed`'s keys, each with when the person's first opt-out among them was seen: an
    opt-out event when recorded, a reply labelled so as ``seen`` gives it (None: undated)."""
    replied = replied_sends(con) if replied is None else replied
    seen = seen or {}
    times = {key: seen.get(key) for key, labelled in replied.items() if labelled}
    if table_exists(con, "suppression_events"):
        for key, at in _opted_out_at(con, sends, optouts).items():
            times[key] = _earliest(times[key], at) if key in times else at
    return _one_per_person_at(sends, times)


def _earliest(*times: datetime | None) -> datetime | None:
    return min((t for t in times if t is not None), default=None)


def one_per_person(sends: pl.DataFrame, keys: Iterable[str]) -> list[str]:
    """Of ``keys``, one per person (any spelling of her mailbox: ``person_keys``) and play: the latest
    message of the play to her among them. A key ``sends`` lacks is kept as it is."""
    return sorted(_one_per_person_at(sends, dict.fromkeys(keys)))


def _one_per_person_at(sends: pl.DataFrame, seen: Mapping[str, datetime | None]) -> dict[str, datetime | None]:
    """:func:`one_per_person` of ``seen``'s keys, each with the earliest time ``seen`` gives her keys."""
    mine = sends.filter(pl.col("send_key").is_in(sorted(seen))).join(_seen_frame(dict(seen)), on="send_key")
    latest = (mine.with_columns(person=pl.coalesce(person_keys(mine["contact_email"]), pl.col("send_key")))
              .sort("sent_at", "send_key").group_by("person", "play")
              .agg(pl.col("send_key").last(), pl.col("seen").min()))
    kept = set(mine["send_key"].to_list())
    return {**{k: at for k, at in seen.items() if k not in kept}, **dict(latest.select("send_key", "seen").iter_rows())}


def opted_out_of(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, events: pl.DataFrame | None = None
                 ) -> list[str]:
    """The send keys an unsubscribe by the link, the opt-out address or a reply is the verdict on, each
    event's own (:func:`unsubscribed` keeps one per person and play). One naming no message of ours is
    the verdict on the latest message to the mailbox it names, whatever its spelling (``person_keys``)."""
    return sorted(_opted_out_at(con, sends, events))


def _opted_out_at(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, events: pl.DataFrame | None = None
                  ) -> dict[str, datetime | None]:
    """:func:`opted_out_of`'s keys, each with when the earliest event on it was recorded (None where
    ``events``, ``OPTOUT_SQL``'s rows, carry no time)."""
    sent = set(sends["send_key"].to_list())
    if events is None:
        dated = "recorded_at" in columns_of(con, "suppression_events")
        events = frame_of(con, OPTOUT_SEEN_SQL if dated else OPTOUT_SQL)
    if "recorded_at" not in events.columns:
        events = events.with_columns(recorded_at=pl.lit(None, pl.Datetime("us", "UTC")))
    answered = _replies_to_sends(con, [s for s in events["source"].to_list() if s and s not in sent])
    found: dict[str, datetime | None] = {}
    people: dict[str, datetime | None] = {}
    for person, source, at in events.select("contact_email", "source", "recorded_at").iter_rows():
        if source in sent:
            key, into = source, found
        elif source in answered:
            key, into = answered[source], found
        elif not person.startswith("@"):  # a whole domain is no one's latest message
            key, into = suppression_key(person), people
        else:
            continue
        into[key] = _earliest(into[key], at) if key in into else at
    if people:
        latest = (sends.with_columns(person=person_keys(sends["contact_email"])).sort("sent_at", "send_key")
                  .group_by("person").agg(pl.col("send_key").last()))
        for person, key in latest.filter(pl.col("person").is_in(list(people))).iter_rows():
            found[key] = _earliest(found[key], people[person]) if key in found else people[person]
    return dict(sorted(found.items()))


def _replies_to_sends(con: duckdb.DuckDBPyConnection, sources: list[str]) -> dict[str, str]:
    """Of these event sources, the replies triage matched to a message we sent, each with that send's key."""
    if not sources or "send_key" not in columns_of(con, "reply_classifications"):
        return {}
    return {message_id: key for message_id, key, _ in con.execute(ANSWERED_SQL, [sources]).fetchall()}


# A feedback report whose attached original lost our Message-ID and token names the person, not the
# message: anyone may write one, so it is an unverified complaint.
def _complained_people(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The mailbox of everyone a complaint about one of our messages names: the contact of the message."""
    if not {"kind", "contact_email"} <= set(columns_of(con, "reply_classifications")):
        return set()
    return {suppression_key(str(contact)) for (contact,) in con.execute(
        "select distinct contact_email from reply_classifications "
        "where kind = 'complaint' and send_key is not null").fetchall() if contact}


def unverified_people(con: duckdb.DuckDBPyConnection, reports: pl.DataFrame | None = None) -> set[str]:
    """Everyone an unverified complaint names, as written; ``reports``: the complaints, if read
    already (``unmatched_reports``)."""
    reports = unmatched_reports(con, COMPLAINT) if reports is None else reports
    return {str(person) for recipients in reports["recipients"].to_list() for person in json.loads(recipients or "[]")}


def complained_of(con: duckdb.DuckDBPyConnection, sends: pl.DataFrame, reports: pl.DataFrame | None = None
                  ) -> dict[str, datetime | None]:
    """The send keys an unverified complaint (naming none of our messages) is about, with when the
    first such complaint arrived (``unmatched_reports``: undated, None); ``reports``: the complaints,
    if read already. It counts for no rate: people read it."""
    found = reports_about(sends, unmatched_reports(con, COMPLAINT) if reports is None else reports)
    return dict(sorted(found.group_by("send_key").agg(pl.col("arrived").min()).iter_rows()))


def keyed_segments(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its ``segment`` column made segment keys (``segment_key``)."""
    spelled = frame["segment"].fill_null(UNKNOWN_SEGMENT)
    keys = {s: segment_key(s) for s in spelled.unique().to_list()}
    return frame.with_columns(segment=spelled.replace_strict(keys, return_dtype=pl.String))


def account_segments(con: duckdb.DuckDBPyConnection, play: str) -> pl.DataFrame:
    """Every (account, segment) pair of the play: the segment enrichment gives the account now first,
    then those its messages were sent under, latest first (``unknown`` for a row kept without one)."""
    schema = {"company_domain": pl.String, "segment": pl.String}
    parts = []
    if table_exists(con, "enriched_accounts"):
        parts.append("select company_domain, industry as segment, 0 as recorded, null::timestamptz as sent_at "
                     "from enriched_accounts where play = ?")
    if table_exists(con, "send_ledger") and "segment" in columns_of(con, "send_ledger"):
        parts.append("select company_domain, segment, 1 as recorded, sent_at from send_ledger "
                     "where play = ?")
    if not parts:
        return pl.DataFrame(schema=schema)
    found = frame_of(con, " union all ".join(parts) + " order by recorded, sent_at desc", [play] * len(parts))
    return keyed_segments(found).select(list(schema)).cast(schema).unique(maintain_order=True)


# The account's segment when it was sent to (the monitor's, see ``monitor_data``); ledgers made before
# it was kept gain the column.
LEDGER_SEGMENT = "alter table send_ledger add column if not exists segment varchar"
FILL_SEGMENTS = """
update send_ledger set segment = found.segment from _segments found
where send_ledger.segment is null and send_ledger.play = found.play
  and send_ledger.company_domain = found.company_domain
"""


def ensure_segments(con: duckdb.DuckDBPyConnection) -> int:
    """Give the ledger its segment column, and rows kept before it their account's segment for the
    play as a send now takes it (``account_segments``), passing over ``unknown``: a row nothing
    places stays null, read as unknown, and is filled in once something does. The rows filled in;
    none where there is no ledger yet. The send step and the monitor both call it."""
    if not table_exists(con, "send_ledger"):
        return 0
    con.execute(LEDGER_SEGMENT)
    found = _segments_found(con)
    if not found:
        return 0
    con.register("_segments", pl.concat(found))
    try:
        return int(con.execute(FILL_SEGMENTS).fetchone()[0])
    finally:
        con.unregister("_segments")


def segments_settled(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``ensure_segments`` would change nothing: no ledger, or one with its segment column and
    no row without a segment that something places now."""
    if not table_exists(con, "send_ledger"):
        return True
    return "segment" in columns_of(con, "send_ledger") and not _segments_found(con)


def _segments_found(con: duckdb.DuckDBPyConnection) -> list[pl.DataFrame]:
    """Per play with ledger rows lacking a segment, its accounts' segments as a send now takes them."""
    plays = [p for (p,) in con.execute("select distinct play from send_ledger where segment is null").fetchall()]
    found = [account_segments(con, p).filter(pl.col("segment") != UNKNOWN_SEGMENT)
             .unique("company_domain", keep="first", maintain_order=True).with_columns(play=pl.lit(p))
             for p in plays]
    return [f for f in found if f.height]


# The UTC days each spelling of a mailbox sent on before a moment (the window's start), and its first
# one from then: where its warm-up stood.
SENDING_DAYS_SQL = """
select mailbox, list(distinct timezone('UTC', sent_at)::date) filter (where sent_at < ?),
       min(timezone('UTC', sent_at)::date) filter (where sent_at >= ?)
from send_ledger where status = 'sent' group by all
"""


def sending_days_before(con: duckdb.DuckDBPyConnection, since: datetime, max_idle_days: int | None = None
                        ) -> dict[str, int]:
    """Per mailbox (``person_key``: its spellings are one), the UTC days it sent on before ``since``
    that its warm-up counts, as ``deliverability.ramps_at`` reads them: what the guard's floor needs of
    the sends that :func:`sends_with_verdicts` leaves out when given ``since``."""
    if not table_exists(con, "send_ledger"):
        return {}
    earlier: dict[str, set[date]] = {}
    first: dict[str, date] = {}
    for spelled, days, since_then in con.execute(SENDING_DAYS_SQL, [since, since]).fetchall():
        mailbox = person_key(spelled)
        earlier.setdefault(mailbox, set()).update(days or ())
        if since_then is not None:
            first[mailbox] = min(since_then, first.get(mailbox, since_then))
    opened = utc_day(since)
    return {m: ramp_days(days, first.get(m, opened), max_idle_days) for m, days in earlier.items() if m and days}


def send_outcomes(sends: pl.DataFrame) -> list[SendOutcome]:
    counted = sends.select("mailbox", "sent_at", "hard_bounce", "complaint", "complaint_at")
    return [SendOutcome(mailbox or "", *rest) for mailbox, *rest in counted.iter_rows()]


def latest_decision_id(con: duckdb.DuckDBPyConnection) -> int:
    if not table_exists(con, "play_approvals"):
        return 0
    return int(con.execute("select coalesce(max(decision_id), 0) from play_approvals").fetchone()[0])


def pause_events(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    con.execute(PAUSES_DDL)
    return recorded_pauses(con)


def recorded_pauses(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every pause and resume recorded, in order, from a table that exists."""
    return frame_of(con, "select * from monitor_pauses order by pause_id")


def append_pauses(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Append pause and lift events; never rewrites an earlier one."""
    con.execute(PAUSES_DDL)
    start = int(con.execute("select coalesce(max(pause_id), 0) from monitor_pauses").fetchone()[0])
    columns = ("event", "scope", "play", "play_version", "scope_value", "recorded_at", "after_decision_id",
               "sends", "negatives", "weighted", "baseline", "statistic", "reason", "message_ids")
    for offset, row in enumerate(rows, start=1):
        con.execute(f"insert into monitor_pauses (pause_id, {', '.join(columns)}) values ({', '.join('?' * 15)})",
                    [start + offset, *(row.get(c) for c in columns)])
