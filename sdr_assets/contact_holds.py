"""Whose sequence a reply holds now, as the send step and the LinkedIn tasks both ask it."""

from datetime import datetime

import duckdb

from resources.tables import columns_of, frame_of, read_table, table_exists
from sdr_assets.domain.addresses import person_key
from sdr_assets.domain.holds import HOLD_INPUTS, holds_from
from sdr_assets.domain.sequencing import Hold
from sdr_assets.reply_quarantine import review_holds


def current_holds(con: duckdb.DuckDBPyConnection, now: datetime) -> dict[str, Hold]:
    """``sequence_holds``, and over it the holds the stored classifications earn now: a replies run that
    stopped after classifying (killed, or failed before ``sequence_holds``) still stops the follow-up.
    A stop in either stands, and so does one for a reply that could not be triaged, until a person
    handles it (``reply_quarantine``). Keyed by ``person_key``."""
    holds: dict[str, Hold] = {}

    def put(email: str, hold: Hold) -> None:
        """``hold`` for ``email``, unless a stop stands there already."""
        if email not in holds or holds[email].kind != "stop":
            holds[email] = hold

    # Keyed again: rows kept under an older key may be two spellings of one person, a stop under either.
    for r in read_table(con, "sequence_holds").iter_rows(named=True):
        put(person_key(r["email"]), Hold(r["hold"], r["until"], r["reason"]))
    for email, reason in review_holds(con).items():
        put(email, Hold("stop", None, reason))
    if not table_exists(con, "reply_classifications"):
        return holds
    columns = [c for c in columns_of(con, "reply_classifications") if c in HOLD_INPUTS]
    classified = frame_of(con, f"select {', '.join(columns)} from reply_classifications "
                               "where kind in ('human', 'out_of_office', 'bounce')")
    for r in holds_from(classified, now).iter_rows(named=True):
        put(r["email"], Hold(r["hold"], r["until"], r["reason"]))
    return holds
