"""The contacts a person is talking to: their latest reply in the play escalated (interest, a question,
an objection, a referral) and nobody has handled it yet, so the play's other contacts at their account
wait (``domain/account_threads``). A departure notice, or a referral a person accepted, ends it as a
negative reply or an opt-out does; a later reply opens it again, as it opens the escalation. A meeting
booked with a contact (a hand-off with the outcome 'meeting', a booking imported) and not canceled keeps
her account in conversation too (``meetings_booked``)."""

from __future__ import annotations

from datetime import datetime

import duckdb

from resources.tables import columns_of, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.escalations import DEPARTED, ESCALATE_LABELS
from sdr_assets.reply_arrival import arrival_sql

LATEST_SQL = """
select contact_email, label, message_id from (
    select contact_email, label, reason, message_id from reply_classifications
    where list_contains(?, play) and kind = 'human' and contact_email is not null
    qualify row_number() over (partition by play, lower(contact_email)
                               order by {arrived} desc nulls first, message_id desc) = 1
) where list_contains(?, label) and coalesce(reason, '') <> ?
"""
# Of the latest replies (``LATEST_SQL``), those logged in no escalation yet, or in one with no hand-off after them.
UNHANDLED_SQL = """
select message_id from (select unnest(?::varchar[]) as message_id) l
where not exists (select 1 from escalation_events r where r.action = 'reply' and r.message_id = l.message_id)
   or exists (select 1 from escalation_events r where r.action = 'reply' and r.message_id = l.message_id
              and not exists (select 1 from escalation_events h where h.action = 'handle'
                              and h.escalation_id = r.escalation_id and h.event_id > r.event_id))
"""


def meetings_booked(con: duckdb.DuckDBPyConnection, plays: list[str]) -> dict[str, datetime]:
    """Per ``person_key`` of a contact of ``plays`` with a meeting not canceled, its latest time (the
    booking's start, or the hand-off's when a person recorded it)."""
    if not table_exists(con, "meetings"):
        return {}
    canceled = ("where meeting_id not in (select meeting_id from meeting_cancellations)"
                if table_exists(con, "meeting_cancellations") else "")
    booked: dict[str, datetime] = {}
    for address, at in con.execute(f"select contact_email, max(booked_at) from (select * from meetings {canceled}) "
                                   "where list_contains(?, play) group by all", [plays]).fetchall():
        key = person_key(address)
        booked[key] = max(at, booked.get(key, at))
    return booked


def in_hand(con: duckdb.DuckDBPyConnection, plays: list[str]) -> dict[str, str]:
    """Per ``person_key`` of a contact of ``plays`` (one play under its names) whose latest reply a person
    is still to handle, its label."""
    if not {"play", "kind", "label", "reason", "received_at"} <= set(columns_of(con, "reply_classifications")):
        return {}
    latest = con.execute(LATEST_SQL.format(arrived=arrival_sql(con)), [plays, list(ESCALATE_LABELS), DEPARTED]).fetchall()
    if not latest:
        return {}
    waiting = {message_id for _, _, message_id in latest}
    if table_exists(con, "escalation_events"):
        waiting = {m for (m,) in con.execute(UNHANDLED_SQL, [sorted(waiting)]).fetchall()}
    accepted = {person_key(a) for (a,) in con.execute(
        "select referred_by from accepted_referrals where list_contains(?, play) and referred_by is not null",
        [plays]).fetchall()} if table_exists(con, "accepted_referrals") else set()
    return {key: label for address, label, message_id in latest
            if message_id in waiting and (key := person_key(address)) not in accepted}


def referrals_accepted(con: duckdb.DuckDBPyConnection, plays: list[str]) -> set[str]:
    """The ``person_key``s of the contacts a person accepted in ``plays`` as a referral: the account's own
    contact named them, so their first email waits for no other thread there."""
    if not table_exists(con, "accepted_referrals"):
        return set()
    return {person_key(email) for (email,) in con.execute(
        "select email from accepted_referrals where list_contains(?, play)", [plays]).fetchall()}


def referrals_withdrawn(con: duckdb.DuckDBPyConnection, plays: list[str]) -> set[str]:
    """The ``person_key``s of the referrals of ``plays`` whose acceptance a person withdrew and did not give
    again (``sdr referrals withdraw``): the play writes to none of them, though the drafts written while
    she was accepted wait for the next enrichment to name the account's contact again."""
    if not table_exists(con, "withdrawn_referrals"):
        return set()
    return {person_key(email) for (email,) in con.execute(
        "select email from withdrawn_referrals where list_contains(?, play)", [plays]).fetchall()
    } - referrals_accepted(con, plays)
