"""Governance layer: the plays people define and the versions they approve."""


import dagster as dg
import polars as pl

from resources.settings import PipelinePaths, SendPolicy
from resources.store import approvals
from resources.tables import holds_rows, rewrite_rows, transaction
from resources.warehouse import Warehouse
from sdr_assets.domain.plays import PlayBook
from sdr_assets.playbook import load_plays
from sdr_assets.metadata import defined_columns, table_metadata

PLAY_VERSION_SCHEMA = {
    "play": pl.String,
    "version_hash": pl.String,
    "owner": pl.String,
    "paused": pl.Boolean,
    "signal_types": pl.String,
    "daily_cap": pl.Int64,
    "source_file": pl.String,
    "status": pl.String,
    "approved_by": pl.String,
}

play_approvals_spec = dg.AssetSpec(
    "play_approvals",
    description="Append-only approval decisions (approve, reject, revoke) by named people.",
    group_name="plays",
    kinds={"duckdb"},
)


@dg.asset(group_name="plays", kinds={"duckdb", "yaml"}, deps=[play_approvals_spec],
          metadata=defined_columns(PLAY_VERSION_SCHEMA))
def play_versions(warehouse: Warehouse, paths: PipelinePaths, policy: SendPolicy) -> dg.MaterializeResult:
    """Current version of every play file, with its content hash and approval status."""
    book = load_plays(paths.plays)
    # One transaction: no interrupt leaves a version remembered without the table that shows it.
    with warehouse.connect() as con, transaction(con):
        for play in book.plays.values():
            approvals.remember_version(con, play, policy.now())
        frame = version_frame(con, book, paths.mode)
        if not holds_rows(con, "play_versions", frame):  # unchanged plays: nothing to write
            rewrite_rows(con, "play_versions", frame)
    return dg.MaterializeResult(
        metadata=table_metadata(frame, invalid_play_files=dg.MetadataValue.json(book.errors),
                                held_plays=dg.MetadataValue.json({n: book.held_reason(n) for n in book.duplicates}))
    )


def version_frame(con, book: PlayBook, mode: str) -> pl.DataFrame:
    """A row per play: its current version and approval status in ``mode``."""
    rows = []
    for play in book.plays.values():
        status = approvals.approval_status(con, play, mode)
        rows.append({"play": play.name, "version_hash": play.version_hash, "owner": play.owner,
                     "paused": play.paused, "signal_types": ",".join(sorted(play.trigger_types())),
                     "daily_cap": play.daily_cap, "source_file": play.source, "status": status.status,
                     "approved_by": status.approved_by})
    return pl.DataFrame(rows, schema=PLAY_VERSION_SCHEMA)


def play_versions_unchanged(con, book: PlayBook, mode: str) -> bool:
    """Whether every play's version is remembered and ``play_versions`` holds what it would be written as."""
    return approvals.versions_remembered(con, list(book.plays.values())) and holds_rows(
        con, "play_versions", version_frame(con, book, mode))
