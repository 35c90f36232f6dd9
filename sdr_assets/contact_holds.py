"""Whose sequence a reply holds now, as the send step and the LinkedIn tasks both ask it."""

from collections.abc import Mapping
from datetime import datetime

import duckdb

from resources.tables import columns_of, frame_of, read_table, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.holds import HOLD_INPUTS, holds_from, may_have_opted_out
from sdr_assets.domain.sequencing import Hold
from sdr_assets.reply_quarantine import HOLD_REASON, review_holds, unhandled
from sdr_assets.shared_profiles import her_addresses

# Why an address is held whose own mail asked nothing: a reply at another address of hers (named, so a
# namesake's held task or mail leads to the conversation to read) may ask us to stop.
MAY_HAVE_OPTED_OUT_ELSEWHERE = ("a reply at {address}, another address of hers (her LinkedIn profile, or her name "
                                "at the account), may ask us to stop: held until a person handles it (sdr inbox)")


def current_holds(con: duckdb.DuckDBPyConnection, now: datetime,
                  opt_outs: Mapping[str, str] | None = None) -> dict[str, Hold]:
    """``sequence_holds``, and over it the holds the stored classifications earn now: a replies run that
    stopped after classifying (killed, or failed before ``sequence_holds``) still stops the follow-up.
    A stop in either stands; a reply that could not be triaged holds its sender and contact until a person
    handles it (``reply_quarantine``), a wait. A reply that may ask us to stop (``may_have_opted_out``, or one
    not triaged) also holds every other address ``opt_outs`` (``People.opt_outs``) joins to hers until a
    person handles it, as her opt-out would stop them: a wait, which ends no sequence (her account's thread
    stays under way; a recorded opt-out ends it). Keyed by ``person_key``."""
    holds: dict[str, Hold] = {}

    def put(email: str, hold: Hold) -> None:
        """``hold`` for ``email``, unless a stop stands there already, or a wait over a pause."""
        if email not in holds or holds[email].gives_way_to(hold):
            holds[email] = hold

    # Keyed again: rows kept under an older key may be two spellings of one person, a stop under either.
    for r in read_table(con, "sequence_holds").iter_rows(named=True):
        put(person_key(r["email"]), Hold(r["hold"], r["until"], r["reason"]))
    asking = set(review_holds(con))
    for email in asking:
        put(email, Hold("wait", None, HOLD_REASON))
    if table_exists(con, "reply_classifications"):
        columns = [c for c in columns_of(con, "reply_classifications") if c in HOLD_INPUTS]
        classified = frame_of(con, f"select {', '.join(columns)} from reply_classifications "
                                   "where kind in ('human', 'out_of_office', 'bounce')")
        for r in holds_from(classified, now).iter_rows(named=True):
            put(r["email"], Hold(r["hold"], r["until"], r["reason"]))
        asked = may_have_opted_out(classified)
        waiting = unhandled(con, [message_id for _, message_id in asked])
        asking |= {email for email, message_id in asked if message_id in waiting}
    joined = her_addresses(opt_outs or {})
    for email in sorted(asking):
        for other in joined(email):
            put(other, Hold("wait", None, MAY_HAVE_OPTED_OUT_ELSEWHERE.format(address=email)))
    return holds
