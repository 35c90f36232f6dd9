"""Recording a decision on a play: one function behind the CLI, the Launchpad job and notebooks."""

from datetime import datetime
from pathlib import Path

from resources.config import WarehouseFile, resolve_paths, run_mode
from resources.store import approvals as records
from sdr_assets.domain import approvals
from sdr_assets.playbook import load_plays


def decide(
    play: str,
    decision: str,
    decided_by: str,
    note: str = "",
    version: str | None = None,
    *,
    warehouse_path: str | None = None,
    plays_dir: str | Path | None = None,
    mode: str | None = None,
    now: datetime | None = None,
) -> int:
    """Append a decision for the play's current version.

    An approval or a resume names the ``version`` the person reviewed, which must be the current one,
    so that a file edited between reading and approving is never approved unread. A rejection or a
    revocation may leave it out: it stops the play whatever the version.

    The decision records the mode it was taken in (default: ``SDR_MODE``), so that an approval
    given in the demo never opens the gate outside it. It is taken at ``now`` (the project clock by default).
    """
    defaults = resolve_paths()
    book = load_plays(Path(plays_dir or defaults["plays_dir"]))
    current = book.plays.get(play)
    if current is None and (problem := book.problem_of(play)):
        raise approvals.ApprovalError(f"play '{play}' is invalid and cannot be decided on: {problem}")
    if current is None:
        known = ", ".join(sorted(book.plays)) or "none"
        raise approvals.ApprovalError(f"no play named '{play}' (known plays: {known})")
    version = (version or "").strip() or None  # --version "" names no version
    if version is None and decision in approvals.STANDING:
        raise approvals.ApprovalError(
            f"to {decision} '{play}', name the version you reviewed: `sdr plays show {play}` prints it, "
            f"then add --version HASH (in Python, version=HASH)")
    with WarehouseFile(path=warehouse_path or defaults["warehouse"]).connect() as con:
        return records.record_decision(con, current, version or current.version_hash, decision, decided_by, note,
                                       mode=mode or run_mode(), now=now)
