"""The plays whose stored research is all of another version: drafts are written only from research
of the play's current content (``drafts.current_research``), so such a play drafts and sends nothing
until a signals run researches it again (the play files sensor asks for that run)."""

from __future__ import annotations

import duckdb

from resources.tables import columns_of, table_exists
from sdr_assets.domain.plays import Play, PlayBook


def research_contents(con: duckdb.DuckDBPyConnection) -> dict[str, set[str | None]]:
    """Each play's research rows by the play content they were researched under (``play_content``);
    None for rows stored before research named it."""
    if not table_exists(con, "research_angles"):
        return {}
    named = "play_content" in columns_of(con, "research_angles")
    rows = con.execute(f"select play, list(distinct {'play_content' if named else 'null'}) "
                       "from research_angles group by play").fetchall()
    return {str(play): set(contents) for play, contents in rows}


def unresearched(book: PlayBook, researched: dict[str, set[str | None]]) -> list[Play]:
    """The plays of ``book`` with research rows, none of them of the play's current content."""
    return [play for name, play in sorted(book.plays.items())
            if researched.get(name) and play.content_sha256 not in researched[name]]
