"""The names a play went by before a rename, as the warehouse records them (``domain/renamed_plays``):
the send step, the LinkedIn tasks and the monitor read the history under those names as the play's own."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from resources.tables import columns_of, table_exists
from sdr_assets.domain.plays import Play
from sdr_assets.domain.renamed_plays import former_names, versions_by_name
from sdr_assets.playbook import load_plays


def former_names_of(con: duckdb.DuckDBPyConnection, play: Play) -> set[str]:
    """Those its file declares, and those that sent or were decided on at one of its versions."""
    return former_names(_versions(con), play.name, play.version_hash, play.formerly)


def current_names(con: duckdb.DuckDBPyConnection, plays: Iterable[Play]) -> dict[str, str]:
    """Each name one of ``plays`` went by (:func:`former_names_of`) with the play's name now: a name no
    play file declares, that one play alone went by (a file copied twice claims it for neither)."""
    plays = list(plays)
    versions, current = _versions(con), {play.name for play in plays}
    claims: dict[str, set[str]] = {}
    for play in plays:
        for name in former_names(versions, play.name, play.version_hash, play.formerly) - current:
            claims.setdefault(name, set()).add(play.name)
    return {name: next(iter(by)) for name, by in sorted(claims.items()) if len(by) == 1}


def names_now(con: duckdb.DuckDBPyConnection, plays_dir: str | Path) -> dict[str, str]:
    """:func:`current_names` of the plays in ``plays_dir``: what the analytics and `sdr status` count a
    former name's sends under."""
    return current_names(con, load_plays(plays_dir).plays.values())


def _versions(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Each play name's versions, as the ledger and the decisions recorded them."""
    sent = (con.execute("select distinct play, play_version from send_ledger").fetchall()
            if "play_version" in columns_of(con, "send_ledger") else [])
    decided = (con.execute("select play, version_hash from play_version_history").fetchall()
               if table_exists(con, "play_version_history") else [])
    return versions_by_name([*sent, *decided])


def names_of(con: duckdb.DuckDBPyConnection, play: Play) -> list[str]:
    """Its name first, then the names it went by: where a request to stop it may be filed."""
    return [play.name, *sorted(former_names_of(con, play) - {play.name})]
