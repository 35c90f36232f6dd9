"""The drafts a play's current version may use: those written from its whole content.

Two play files can share a short version hash (16 hex digits; about 2**32 tries make two that do),
so drafts written from one file must never go out under the other's approval: each draft carries
the whole digest of the content it was written from (``play_content``), and every reader that acts
on drafts asks for that digest as well as the short hash.
"""

from collections.abc import Iterable

import duckdb
import polars as pl

from resources.tables import columns_of, frame_of, read_table
from sdr_assets.domain.plays import Play


def current_drafts(con: duckdb.DuckDBPyConnection, play: Play, where: str = "",
                   columns: Iterable[str] | None = None) -> pl.DataFrame:
    """The play's drafts written from its current content, ``where`` (``and ...``) narrowing them; only
    those of ``columns`` the table has, when given.

    Drafts written before they carried the digest count as none: the next drafts run writes them again.
    """
    stored = columns_of(con, "message_drafts")
    if "play_content" not in stored:
        return read_table(con, "message_drafts", "where false")
    read = "*" if columns is None else ", ".join(f'"{c}"' for c in stored if c in set(columns))
    return frame_of(con, f"select {read} from message_drafts where play = ? and play_version = ? "
                         f"and play_content = ? {where}", [play.name, play.version_hash, play.content_sha256])
