"""Recording a decision on a play: one function behind the CLI, the Launchpad job and notebooks."""

from datetime import datetime
from pathlib import Path

from resources import clock
from resources.config import WarehouseFile, resolve_paths, run_mode
from resources.damage import WarehouseUnavailable
from resources.store import approvals as records
from sdr_assets import stop_requests
from sdr_assets.domain import approvals
from sdr_assets.domain.plays import Play
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

    A rejection or revocation is first announced as a stop request (:mod:`sdr_assets.stop_requests`),
    so a batch holding the warehouse ends after its message in flight and lets the decision in. An
    approval lifts the play's requests left by a command that ended before recording its own.
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
    warehouse = WarehouseFile(path=warehouse_path or defaults["warehouse"])
    folder = stop_requests.requests_folder(warehouse.path)
    version = version or current.version_hash
    mode = mode or run_mode()
    if folder is None:  # an in-memory warehouse: no other process can hold it
        return _recorded(warehouse, current, version, decision, decided_by, note, mode, now)
    if decision in approvals.DECISIONS and decision not in approvals.STANDING:
        # Refused before it is announced: a name or version the record would refuse stops nothing.
        person = approvals.checked_decision(current, version, decision, decided_by, [], mode)
        with stop_requests.announced(folder, play, decision, person, now or clock.now(),
                                     refusals=(approvals.ApprovalError,)):
            try:
                return _recorded(warehouse, current, version, decision, decided_by, note, mode, now)
            except WarehouseUnavailable as exc:
                raise type(exc)(f"{exc} The request to {decision} '{play}' stays and stops its sends until "
                                "the decision is recorded: run this command again.") from exc
    earlier = set(stop_requests.request_files(folder, play))  # an approval lifts only what was there before it
    decision_id = _recorded(warehouse, current, version, decision, decided_by, note, mode, now)
    if decision == "approve":
        stop_requests.clear_leftovers(folder, play, among=earlier)
    return decision_id


def _recorded(warehouse: WarehouseFile, play: Play, version: str, decision: str, decided_by: str, note: str,
              mode: str, now: datetime | None) -> int:
    with warehouse.connect() as con:
        return records.record_decision(con, play, version, decision, decided_by, note, mode=mode, now=now)
