"""The names a play went by before a rename, as the warehouse records them (``domain/renamed_plays``):
the send step and the LinkedIn tasks read the history under those names as the play's own."""

from __future__ import annotations

import duckdb

from resources.tables import table_exists
from sdr_assets.domain.plays import Play
from sdr_assets.domain.renamed_plays import former_names, versions_by_name


def former_names_of(con: duckdb.DuckDBPyConnection, play: Play) -> set[str]:
    """Those its file declares, and those that sent or were decided on at one of its versions."""
    sent = (con.execute("select distinct play, play_version from send_ledger").fetchall()
            if table_exists(con, "send_ledger") else [])
    decided = (con.execute("select play, version_hash from play_version_history").fetchall()
               if table_exists(con, "play_version_history") else [])
    return former_names(versions_by_name([*sent, *decided]), play.name, play.version_hash, play.formerly)


def names_of(con: duckdb.DuckDBPyConnection, play: Play) -> list[str]:
    """Its name first, then the names it went by: where a request to stop it may be filed."""
    return [play.name, *sorted(former_names_of(con, play) - {play.name})]
