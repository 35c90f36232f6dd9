"""Plays that mailed people and are no longer in the play files, for the rule of one conversation.

A file removed, or renamed with an edit and no ``formerly:``, is no decision: nobody ended the
sequences its play began. So its people are in those sequences as they stood, as a paused play's
are (``play_overlap``): another play's first email to them waits until the sequence, as its last
version read, would have ended, ``GRACE`` included. A revoke or a reject recorded on it ended them.
"""

from __future__ import annotations

import json

import duckdb

from resources.store.approvals import history
from resources.tables import table_exists
from sdr_assets.domain.approvals import WITHDRAWALS, effective
from sdr_assets.domain.play_overlap import Sequence

# Each play's latest version seen, with its content (its sequence among it).
LATEST_VERSIONS_SQL = """
select play, content from play_version_history where list_contains(?, play)
qualify row_number() over (partition by play order by first_seen_at desc, version_hash) = 1
"""


def removed_sequences(con: duckdb.DuckDBPyConnection, kept: set[str], mode: str) -> dict[str, Sequence]:
    """The sequence of each play that sent, is none of ``kept`` (the plays in the files and the
    sending play's own names) and no counted decision in ``mode`` withdrew."""
    if not (table_exists(con, "send_ledger") and table_exists(con, "play_version_history")):
        return {}
    gone = sorted({p for (p,) in con.execute("select distinct play from send_ledger").fetchall()} - kept)
    found = {}
    for name, content in con.execute(LATEST_VERSIONS_SQL, [gone]).fetchall() if gone else []:
        decisions = effective(history(con, name), mode)
        if not (decisions and decisions[-1]["decision"] in WITHDRAWALS):
            found[name] = Sequence.of(json.loads(content)["sequence"])
    return found
