"""Stored replies the parser gave up on, remembered so that a later run does not parse them again.

A message the parser cannot hold (MIME nested hundreds deep) stays quarantined; parsing it costs
time on every replies run, and a hostile one would cost it forever. Its verdict is kept by the
digest of its bytes under ``parser_version`` (the parser's code, the recursion limit, the Python):
a run under the same version quarantines it again from the verdict, one under another (a fixed
parser, a raised limit) and a full refresh parse it again. Only a parser's refusal is kept, and
only one it also meets from a stack of its own (``gives_up_alone``: a run called from deep in a
stack has less recursion left); any other failure (the model, a bug in triage) is tried again on
the next run. Where the parser's code cannot be read, nothing is kept and every run parses.
"""

from __future__ import annotations

import hashlib

import duckdb

from resources.tables import table_exists

UNPARSABLE_DDL = """
create table if not exists unparsable_replies (
    digest varchar primary key,
    parser varchar not null,
    reason varchar not null
)
"""


def message_digest(raw: bytes) -> str:
    """The digest of the bytes the parser reads."""
    return hashlib.sha256(raw).hexdigest()


def known_unparsable(con: duckdb.DuckDBPyConnection, parser: str) -> dict[str, str]:
    """Each message digest the parser of version ``parser`` gave up on, with its reason."""
    if not table_exists(con, "unparsable_replies"):
        return {}
    return dict(con.execute("select digest, reason from unparsable_replies where parser = ?", [parser]).fetchall())


def remember_unparsable(con: duckdb.DuckDBPyConnection, verdicts: dict[str, str], parser: str) -> None:
    """Keep this run's verdicts alone, inside the caller's transaction: a message classified since, or gone,
    is forgotten."""
    con.execute(UNPARSABLE_DDL)
    con.execute("delete from unparsable_replies")
    if verdicts:
        con.executemany("insert into unparsable_replies values (?, ?, ?)",
                        [[digest, parser, reason] for digest, reason in verdicts.items()])
