"""Recording a decision on a play: one function behind the CLI, the Launchpad job and notebooks."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from resources import clock
from resources.config import WarehouseFile, resolve_paths, run_mode
from resources.damage import WarehouseUnavailable
from resources.store import approvals as records
from resources.tables import table_exists
from sdr_assets import stop_requests
from sdr_assets.domain import approvals
from sdr_assets.domain.commands import sdr_command
from sdr_assets.domain.plays import Play, PlayBook
from sdr_assets.playbook import load_plays


def decide(play: str, decision: str, decided_by: str, note: str = "", version: str | None = None,
           **options) -> int:
    """Record the decision as :func:`decide_each` does, with its options; the id of the last decision
    recorded."""
    return decide_each(play, decision, decided_by, note, version, **options)[-1]


def decide_each(
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
    exports_dir: str | Path | None = None,
    over_pause: str | None = None,
) -> list[int]:
    """Append a decision for the play's current version; the ids of the decisions recorded (one, or
    one per claiming file's version of a held play).

    An approval or a resume names the ``version`` the person reviewed, which must be the current one,
    so that a file edited between reading and approving is never approved unread. A rejection or a
    revocation may leave it out: it stops the play whatever the version.

    The decision records the mode it was taken in (default: ``SDR_MODE``), so that an approval
    given in the demo never opens the gate outside it. It is taken at ``now`` (the project clock by default).

    A rejection or revocation is first announced as a stop request (:mod:`sdr_assets.stop_requests`),
    so a batch holding the warehouse ends after its message in flight and lets the decision in. An
    approval lifts the play's requests left by a command that ended before recording its own, and
    first records each rejection or revocation they asked for, so the trail reads it before the
    approval; a resume lifts the monitor's.

    A play two files claim is held: it may be rejected or revoked (every claiming file's version, or
    the one ``version`` names; when no claiming file is valid, the version last approved, or the one
    ``version`` names), never approved or resumed until one file is left.

    While the monitor's pause of a version an edit left behind is unanswered, an approval is refused
    with the pause (version, reason, figures) unless it names that version (``over_pause``): the
    edit would send with the monitor's count started afresh, so the approver reads the pause first,
    and the approval's note records it.
    """
    defaults = resolve_paths()
    plays = Path(plays_dir or defaults["plays_dir"])
    book = load_plays(plays)
    current = book.plays.get(play)
    if current is None and (held := book.held_reason(play)):
        if decision in approvals.STANDING:
            raise approvals.ApprovalError(_held_refusal(book, play, held, decision,
                                                        warehouse_path or defaults["warehouse"], mode or run_mode()))
        exports = exports_dir or (defaults["exports_dir"] if warehouse_path is None else None)
        return _withdrawn_while_held(book, play, decision, decided_by, note, version, warehouse_path, plays,
                                     mode or run_mode(), now, Path(exports) if exports else None)
    if current is None and decision in approvals.WITHDRAWALS:
        # Its file invalid or moved aside for now: the withdrawal is recorded against the version last
        # approved (or --version), so a file fixed or put back at that version sends nothing.
        exports = exports_dir or (defaults["exports_dir"] if warehouse_path is None else None)
        return _withdrawn_while_held(book, play, decision, decided_by, note, version, warehouse_path, plays,
                                     mode or run_mode(), now, Path(exports) if exports else None)
    if current is None and (problem := book.problem_of(play)):
        raise approvals.ApprovalError(f"play '{play}' is invalid and cannot be decided on: {problem}")
    if current is None:
        known = ", ".join(sorted(book.plays)) or "none"
        raise approvals.ApprovalError(f"no play named '{play}' (known plays: {known})")
    mode = mode or run_mode()
    version = (version or "").strip() or None  # --version "" names no version
    if version is None and decision in approvals.STANDING:
        raise approvals.ApprovalError(
            f"to {decision} '{play}', name the version you reviewed: `{sdr_command(f'plays show {play}', mode)}` "
            f"prints it, then add --version HASH (in Python, version=HASH)")
    version = version or current.version_hash
    # Refused before the warehouse is opened: a name or version the record would refuse neither makes
    # the warehouse nor stops anything. A resume is checked against the play's decisions, in it.
    person = None if decision == "resume" else approvals.checked_decision(current, version, decision, decided_by,
                                                                          [], mode)
    warehouse = WarehouseFile(path=warehouse_path or defaults["warehouse"])
    folder = stop_requests.requests_folder(warehouse.path)
    # The spreadsheet of LinkedIn tasks, where the defaults put it (a caller naming the warehouse names it too).
    exports = exports_dir or (defaults["exports_dir"] if warehouse_path is None else None)
    if folder is None:  # an in-memory warehouse: no other process can hold it
        return [_recorded(warehouse, current, version, decision, decided_by, note, mode, now, over_pause=over_pause)]
    if decision not in approvals.STANDING:
        with stop_requests.announced(folder, play, decision, person, now or clock.now(),
                                     refusals=(approvals.ApprovalError,), note=note, mode=mode,
                                     version=version, content_sha256=current.content_sha256 or None):
            try:
                decided = _recorded(warehouse, current, version, decision, decided_by, note, mode, now)
            except WarehouseUnavailable as exc:
                raise type(exc)(f"{exc} The request to {decision} '{play}' stays and stops its sends until "
                                "the decision is recorded: run this command again.") from exc
        _withdraw_tasks(warehouse, plays, mode, now or clock.now(), Path(exports) if exports else None)
        return [decided]
    earlier = set(stop_requests.request_files(folder, play))  # a decision lifts only what was there before it
    lifted = None if decision == "approve" else {stop_requests.MONITOR_PAUSE} if decision == "resume" else set()
    if mode == approvals.DEMO_MODE and not records.in_demo_folder(warehouse.path):
        lifted = set()  # a demo decision counts nowhere here: it lifts nothing either
    with stop_requests.leftovers(folder, play, among=earlier, decisions=lifted) as found:
        recovered = [r for r in found if r.decision in approvals.DECISIONS and r.decision not in approvals.STANDING]
        # a resume answers the monitor's stop request too, whether or not this resume counts here to lift it
        stopped = decision == "resume" and stop_requests.monitor_stop(folder, play) is not None
        decided = _recorded(warehouse, current, version, decision, decided_by, note, mode, now, recovered, over_pause,
                            stopped)
    if decision == "approve" and exports:
        _withdraw_edited_away(warehouse, plays, play, now or clock.now(), Path(exports))
    return [decided]


def recorded_text(ids: Sequence[int]) -> str:
    """What a person is told was recorded: the decision, or how many (one per claiming version)."""
    if len(ids) == 1:
        return f"Recorded decision {ids[0]}"
    return f"Recorded {len(ids)} decisions ({', '.join(map(str, ids))}), one per claiming version"


def pauses_still_open(play: str, *, warehouse_path: str | None = None, plays_dir: str | Path | None = None,
                      mode: str | None = None) -> list[dict]:
    """The monitor's pauses that hold the play's current version, the play's own and its segments':
    an approval keeps them (a pause lifts only by a resume; approving again after a revoke is how a
    withdrawn play comes back, and its pause stays), so the approver is told."""
    current, warehouse = _play_and_file(play, warehouse_path, plays_dir)
    if current is None:
        return []
    with warehouse.connect() as con:
        decisions = approvals.counted(current, records.history(con, play), records.counted_mode(con, mode or run_mode()))
        pauses = records.pauses_held(con, current, mode or run_mode())
        return [p for scope in ("play", "segment")
                for p in approvals.open_pauses(pauses, decisions, current.version_hash, scope)]


def pauses_left_behind(play: str, *, warehouse_path: str | None = None, plays_dir: str | Path | None = None,
                       mode: str | None = None) -> list[dict]:
    """The monitor's pauses of the play's earlier versions that nobody has answered (a resume, or an
    approval over them): an approval of the current version is refused unless it names one, so the
    approver is shown them."""
    current, warehouse = _play_and_file(play, warehouse_path, plays_dir)
    if current is None:
        return []
    with warehouse.connect() as con:
        return list(records.approval_status(con, current, mode or run_mode()).earlier_pauses)


def _play_and_file(play: str, warehouse_path: str | None,
                   plays_dir: str | Path | None) -> tuple[Play | None, WarehouseFile]:
    """The play as its file stands now (None if no file defines it) and the warehouse, each where
    given, else where the settings put them."""
    defaults = resolve_paths()
    current = load_plays(Path(plays_dir or defaults["plays_dir"])).plays.get(play)
    return current, WarehouseFile(path=warehouse_path or defaults["warehouse"])


def _held_refusal(book: PlayBook, play: str, held: str, decision: str, warehouse_path: str, mode: str) -> str:
    """Why a held play cannot be approved or resumed: with each claiming file's version and which is
    approved, read from the warehouse when it exists and opens at once (a batch holding it is not waited
    for), else the ``held`` reason alone. Where a file is the approved version, keeping it alone is the
    whole answer."""
    reason, kept = held, []
    if warehouse_path != ":memory:" and Path(warehouse_path).exists():
        try:
            with WarehouseFile(path=warehouse_path, lock_timeout_seconds=0).connect(read_only=True) as con:
                reason = records.held_reason(con, book, play, mode)
                kept = [p.source for p in book.claimants.get(play, ())
                        if records.approval_status(con, p, mode).approved_by]
        except WarehouseUnavailable:
            pass
    if kept:
        return (f"play '{play}' is held and cannot be {decision}d: {reason}; {kept[0]} is the approved version: "
                "keep it (remove the other files) and it sends again without a new approval")
    return (f"play '{play}' is held and cannot be {decision}d: {reason}; keep the file you mean, then {decision} "
            "its version")


def _withdrawn_while_held(book: PlayBook, play: str, decision: str, decided_by: str, note: str,
                          version: str | None, warehouse_path: str | None, plays: Path, mode: str,
                          now: datetime | None, exports: Path | None) -> list[int]:
    """Record a rejection or revocation of a held play against each claiming file's version (the one
    ``version`` names, when given), after announcing it as a stop request: whichever file is kept, the
    play stays stopped until a person approves it. When no claiming file is valid, against the version
    ``version`` names, else the one last approved, so a file restored to it does not send. The ids of
    the decisions recorded."""
    version = (version or "").strip() or None
    claimants = book.claimants.get(play, ())
    chosen = list({(p.version_hash, p.content_sha256): p for p in claimants
                   if version in (None, p.version_hash)}.values())
    if claimants and not chosen:
        versions = ", ".join(f"{p.source}: {p.version_hash}" for p in claimants)
        raise approvals.ApprovalError(f"play '{play}' is held and no file claiming it is at version {version} "
                                      f"(its files' versions: {versions}): {book.held_reason(play)}")
    person = approvals.checked_withdrawal(decision, decided_by, mode)
    warehouse = WarehouseFile(path=warehouse_path or resolve_paths()["warehouse"])
    now = now or clock.now()

    def recorded() -> list[int]:
        with warehouse.connect() as con:
            for p in chosen:
                records.remember_version(con, p, now)
            targets = ([(p.version_hash, p.content_sha256 or None, note) for p in chosen] if chosen
                       else [_withdrawn_without_a_valid_file(con, book, play, decision, version, note, mode)])
            return [records.record_withdrawal(con, play, target, digest, decision, decided_by, why, now=now,
                                              mode=mode) for target, digest, why in targets]

    folder = stop_requests.requests_folder(warehouse.path)
    if folder is None:
        return recorded()
    # Without a valid file and a version, the request names none: a leftover is recorded against the
    # version last approved before it, as this would have been.
    named = chosen[0] if chosen else None
    with stop_requests.announced(folder, play, decision, person, now, refusals=(approvals.ApprovalError,),
                                 note=note, mode=mode, version=named.version_hash if named else version,
                                 content_sha256=(named.content_sha256 or None) if named else None):
        try:
            decided = recorded()
        except WarehouseUnavailable as exc:
            raise type(exc)(f"{exc} The request to {decision} '{play}' stays and stops its sends until "
                            "the decision is recorded: run this command again.") from exc
    _withdraw_tasks(warehouse, plays, mode, now, exports)
    return decided


def _withdrawn_without_a_valid_file(con: duckdb.DuckDBPyConnection, book: PlayBook, play: str, decision: str,
                                    version: str | None, note: str, mode: str) -> tuple[str, str | None, str]:
    """The version a withdrawal of a held play none of whose files is valid is recorded against, its
    whole digest when known, and the note: the one ``version`` names, else the one last approved."""
    decisions = records.history(con, play)
    if version is not None and not decisions and not book.problem_of(play) and not _ever_seen(con, play):
        # No file declares it, no file claiming it is invalid, and the warehouse never knew it: a typo of
        # a play's name, whose withdrawal would stop nothing.
        raise approvals.ApprovalError(f"no play named '{play}' (known plays: {', '.join(sorted(book.plays)) or 'none'})")
    if version is not None:
        digest = next((d["content_sha256"] for d in reversed(decisions)
                       if d["version_hash"] == version and d["content_sha256"]), None)
        return version, digest, note
    approved = [d for d in approvals.effective(decisions, mode) if d["decision"] == "approve"]
    if not approved:
        why = (book.held_reason(play) or book.problem_of(play)
               or f"no file in the plays folder declares it (known plays: {', '.join(sorted(book.plays)) or 'none'})")
        raise approvals.ApprovalError(f"play '{play}' has no valid file and no version of it was ever approved, so "
                                      f"it sends nothing; to {decision} a version, name it with --version HASH: {why}")
    which = "no file claiming it is valid: recorded against the version last approved"
    return approved[-1]["version_hash"], approved[-1]["content_sha256"], f"{note} ({which})" if note else which


def _ever_seen(con: duckdb.DuckDBPyConnection, play: str) -> bool:
    """Whether the warehouse knows ``play``: a version of it remembered, or a message it sent."""
    return any(table_exists(con, table) and con.execute(f"select count(*) from {table} where play = ?",
                                                         [play]).fetchone()[0]
               for table in ("play_version_history", "send_ledger"))


def _withdraw_tasks(warehouse: WarehouseFile, plays_dir: Path, mode: str, now: datetime,
                    exports: Path | None) -> None:
    """Withdraw the stopped play's open LinkedIn tasks at once, in the table and in the spreadsheet
    people work from (in ``exports``), as a task command or the next outreach run would."""
    from sdr_assets import task_records

    with warehouse.connect() as con:
        if (table_exists(con, "linkedin_tasks")
                and task_records.withdraw_tasks_of_stopped_plays(con, plays_dir, mode, now) and exports is not None):
            task_records.write_csv(con, exports / task_records.CSV_NAME)


def _withdraw_edited_away(warehouse: WarehouseFile, plays_dir: Path, play: str, now: datetime,
                          exports: Path) -> None:
    """Withdraw at once the open LinkedIn tasks of the play's earlier versions whose note the approved
    version does not draft, in the table and in the spreadsheet people work from (in ``exports``), as
    a task command or the next outreach run would. Only where the spreadsheet is known: a caller that
    names no exports folder leaves both to them, so the two never disagree."""
    from sdr_assets import task_records

    with warehouse.connect() as con:
        if (table_exists(con, "linkedin_tasks")
                and task_records.withdraw_tasks_of_earlier_versions(con, plays_dir, now, {play})):
            task_records.write_csv(con, exports / task_records.CSV_NAME)


def _recorded(warehouse: WarehouseFile, play: Play, version: str, decision: str, decided_by: str, note: str,
              mode: str, now: datetime | None, recovered: Sequence[stop_requests.StopRequest] = (),
              over_pause: str | None = None, monitor_stop: bool = False) -> int:
    """Record the decision, after the ``recovered`` withdrawals that requests left behind asked for;
    ``monitor_stop``: a monitor's stop request holds the play, which a resume answers."""
    with warehouse.connect() as con:
        if recovered:
            approvals.checked_decision(play, version, decision, decided_by, records.history(con, play.name), mode)
            for request in recovered:
                recover_withdrawal(con, play, request, mode)
        return records.record_decision(con, play, version, decision, decided_by, note, mode=mode, now=now,
                                       over_pause=over_pause, monitor_stop=monitor_stop)


def recover_withdrawal(con: duckdb.DuckDBPyConnection, play: Play, request: stop_requests.StopRequest,
                       mode: str) -> int | None:
    """Record the rejection or revocation that a leftover ``request`` asked for, under its name, time
    and note, marked as recovered from it; its id. Once only (the request's file is named in the
    note), and never under a name the gate refuses (a request written by no ``decide``).

    It is recorded against the version the request names, the one its writer decided on, even when
    the file has been edited since: a withdrawal may name a past version (it stops the play whatever
    version it names), an approval never. A request written before requests named their version is
    recorded against the version last approved before it was written, the one it set out to stop,
    and when none is known (no such approval, or no readable time) against the current version; the
    note says which."""
    decisions = records.history(con, play.name)
    marker = f"recovered from stop request {request.file}"
    if any(marker in (d["note"] or "") for d in decisions):
        return None
    try:
        requested_at = datetime.fromisoformat(request.requested_at)
    except ValueError:
        requested_at = None
    version, digest, which = _version_withdrawn(play, request, requested_at, decisions)
    recovered = f"{marker}: the command that wrote it ended before recording it{which}"
    note = f"{request.note} ({recovered})" if request.note else recovered
    mode = request.mode or mode
    try:
        if version == play.version_hash and digest in (None, play.content_sha256 or None):
            return records.record_decision(con, play, version, request.decision, request.decided_by, note,
                                           mode=mode, now=requested_at)
        return records.record_withdrawal(con, play.name, version, digest, request.decision, request.decided_by,
                                         note, mode=mode, now=requested_at)
    except approvals.ApprovalError:
        return None


def _version_withdrawn(play: Play, request: stop_requests.StopRequest, requested_at: datetime | None,
                       decisions: list[dict]) -> tuple[str, str | None, str]:
    """The version a leftover ``request`` withdraws, its whole digest (None when unknown), and what the
    recovered decision's note says of it (nothing when the request names it)."""
    if request.version:
        return request.version, request.content_sha256, ""
    try:
        before = [d for d in decisions if d["decision"] == "approve" and requested_at is not None
                  and d["decided_at"] <= requested_at]
    except TypeError:  # a time without a zone, not comparable with the recorded ones
        before = []
    if before:
        return (before[-1]["version_hash"], before[-1]["content_sha256"],
                "; the request names no version: the one last approved before it")
    return (play.version_hash, None,
            "; the request names no version, nor was one approved before it: version unknown, recorded against the "
            "current one")
