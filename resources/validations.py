"""The last outcome of each quality suite, keyed by a fingerprint of the data and the rules it judged.

Great Expectations is deterministic: the same frame under the same rules gives the same outcome.
A run over unchanged data reuses the stored outcome instead of importing GX and validating again.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from resources.tables import one, transaction


_SCHEMA = """create table if not exists quality_validations (
    suite varchar primary key, fingerprint varchar, outcomes varchar, validated_at timestamptz)"""


def recall(con: duckdb.DuckDBPyConnection, suite: str, fingerprint: str) -> tuple[dict, datetime] | None:
    """The stored outcomes and when they were validated, if the suite last judged exactly this."""
    con.execute(_SCHEMA)
    row = one(con, "select outcomes, validated_at from quality_validations where suite = ? and fingerprint = ?",
              [suite, fingerprint])
    return (json.loads(row[0]), row[1]) if row else None


def remember(con: duckdb.DuckDBPyConnection, suite: str, fingerprint: str, outcomes: dict, at: datetime) -> None:
    con.execute(_SCHEMA)
    with transaction(con):
        con.execute("delete from quality_validations where suite = ?", [suite])
        con.execute("insert into quality_validations values (?, ?, ?, ?)",
                    [suite, fingerprint, json.dumps(outcomes, default=str), at])
