"""The blocking approval check on drafts, with what an analyst needs to decide."""

from typing import Any

import dagster as dg
import duckdb

from resources.settings import PipelinePaths
from resources.store import approvals as records
from resources.tables import table_exists
from resources.warehouse import Warehouse, one
from sdr_assets.current_drafts import current_drafts
from sdr_assets.domain import approvals
from sdr_assets.domain.gate import next_step
from sdr_assets.domain.plays import Play
from sdr_assets.playbook import load_plays
from sdr_assets.domain.review import content_diff
from sdr_assets.drafts import SUMMARY_COLUMNS, sample_markdown, verifier_summary


def _history_markdown(rows: list[dict]) -> str:
    if not rows:
        return "_no decisions yet_"
    lines = ["| when | who | decision | version | note |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['decided_at']:%Y-%m-%d %H:%M} | {r['decided_by']} | {r['decision']} | `{r['version_hash']}` | {r['note'] or ''} |"
        for r in rows
    ]
    return "\n".join(lines)


def play_gate(play: str) -> dg.AssetChecksDefinition:
    """The play's approval gate: a blocking check on its drafts, so its sends wait for a named approval."""

    @dg.asset_check(asset=dg.AssetKey([play, "message_drafts"]), name="play_approval_gate", blocking=True,
                    additional_deps=["play_approvals"],
                    description=f"{play}: sends wait until a named person approves this play version.")
    def gate(warehouse: Warehouse, paths: PipelinePaths) -> dg.AssetCheckResult:
        return gate_result(play, warehouse, paths)

    return gate


def gate_result(name: str, warehouse: Warehouse, paths: PipelinePaths) -> dg.AssetCheckResult:
    """Passes only when the play's current version holds a named approval and every draft is of it."""
    book = load_plays(paths.plays)
    play = book.plays.get(name)
    if play is None:
        held = book.held_reason(name)
        return dg.AssetCheckResult(passed=False, description=f"{name}: held: {held}" if held else None,
                                   metadata={"status": "held" if held else "play file missing or invalid"})
    with warehouse.connect() as con:
        status, stale, metadata = gate_metadata(con, play, paths.mode)
    passed = status.approved and stale == 0
    # An approval stored under a name that names nobody no longer counts: the UI says so, not 'pending' alone.
    uncounted = approvals.uncounted_line(status)
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{name}: {status.status.replace('_', ' ')}" + (f" by {status.approved_by}" if passed else "")
        + (f". {uncounted.removeprefix(f'{name}: ').rstrip(':')}" if uncounted and not passed else ""),
        metadata=metadata,
    )


def gate_metadata(con: duckdb.DuckDBPyConnection, play: Play,
                  mode: str) -> tuple[approvals.ApprovalStatus, int, dict[str, Any]]:
    """The play's approval status, how many of its drafts are of another version, and what the gate
    shows the approver: the version, the decisions, sample drafts, the verifier's summary, the diff
    since the last approval and the command that decides."""
    # A rejection or revocation under a name the play went by stops it here too, as at the send step.
    rows = sorted([*records.history(con, play.name), *records.withdrawals_carried(con, play)],
                  key=lambda d: d["decision_id"])
    status = approvals.status_of(play, rows, mode=records.counted_mode(con, mode))
    previous = (
        records.version_content(con, play.name, status.last_approved_hash)
        if status.last_approved_hash and status.last_approved_hash != play.version_hash
        else None
    )
    # The samples and the verifier's summary are of this version's drafts: right after an edit, before
    # the drafts run, there are none yet, and the old template's are no sample of what is approved.
    # Only the sample's rows are read whole: the summary reads a few narrow columns of every draft.
    samples = current_drafts(con, play, "and is_review_sample")
    drafts = current_drafts(con, play, columns=SUMMARY_COLUMNS)
    stale = one(con, "select count(*) from message_drafts where play = ? and play_version <> ?",
                [play.name, play.version_hash])[0] if table_exists(con, "message_drafts") else 0
    diff = content_diff(previous, play.versioned_content(), f"approved {status.last_approved_hash}",
                        f"current {play.version_hash}")
    return status, stale, {
        "status": status.status,
        "version_hash": play.version_hash,
        "approved_by": status.approved_by or "",
        "approved_at": str(status.approved_at or ""),
        "owner": play.owner,
        "drafts_of_other_versions": stale,
        "decisions": dg.MetadataValue.md(_history_markdown(rows)),
        "sample_drafts": dg.MetadataValue.md(sample_markdown(samples) if drafts.height else
                                             "_no drafts of this version yet: wait for the drafts run before "
                                             "approving_"),
        "draft_verifier": dg.MetadataValue.md(verifier_summary(drafts)[1]),
        "diff_since_last_approval": dg.MetadataValue.md(f"```diff\n{diff}\n```" if diff else "_none_"),
        "how_to_approve": next_step(play.name, status.status, play.version_hash, mode),
    }
