"""Which plays may send now and why the others wait: read by the sensors, the schedules and `sdr run`.

A held play is a state, not a failure: nothing launches a send run for it, and the reason names
the play and the command that decides it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from resources.store import approvals
from sdr_assets.domain.approvals import uncounted_line
from sdr_assets.domain.gate import how_to_decide, how_to_resume, next_step
from sdr_assets import stop_requests
from sdr_assets.gate import gate_metadata
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.playbook import load_plays

FINGERPRINT = "sdr/outreach_fingerprint"
SENT_AT = "sdr/outreach_sent_at"  # when the send step ran, by the project clock
# What a send step that sent nothing as designed records instead, with why: another batch held the
# send lock, or it waits for a fresh replies run (``reply_wait``).
SKIPPED = "skipped"
# What a send step's refusal (``dg.Failure``) carries in its metadata when its cause passes without a
# person (replies not read yet and no fresh replies run to wait for, a clock behind the warehouse):
# the run is asked for again.
CLEARS_ITSELF = "sdr/clears_itself"
# Checks that hold a play back on purpose: a closed one is a state, not a failed run.
HOLDING_CHECKS = ("play_approval_gate", "play_monitor_check", "deliverability_guard")


def holds(evaluation: dg.AssetCheckEvaluation) -> bool:
    """Whether a check's evaluation in a run held the play back: a holding check that failed as an
    error. A warning (a paused segment, a mailbox near the line) blocks nothing: the run went on."""
    return (evaluation.check_name in HOLDING_CHECKS and not evaluation.passed
            and evaluation.severity == dg.AssetCheckSeverity.ERROR)


@dataclass(frozen=True)
class PlayState:
    play: str
    status: str  # approval status, or "missing" / "invalid" / "duplicate" for a play without one readable file
    fingerprint: str  # version and latest decision: a new one means a new outreach run
    held: str | None  # why nothing may be sent now, with the command that decides it; None when it may send
    gate: dict[str, Any] = field(default_factory=dict, compare=False)  # what the gate shows, for a held play
    holding_check: str = "play_approval_gate"  # the check that holds it: the gate, or the deliverability guard


def held_reason(name: str, status: str, version: str, problem: str = "", mode: str = "live",
                uncounted: str | None = None) -> str | None:
    """What a person reads in a sensor's tick or `sdr run` for a play that may not send in ``mode``;
    ``uncounted`` says why a stored approval of it does not count (``uncounted_line``)."""
    if status == "approved":
        return None
    if status == "missing":
        return f"{name}: the play file is gone; nothing is sent for it"
    if status == "invalid":
        return f"{name}: the play file is invalid ({problem}); fix it, then approve the new version"
    if status == "duplicate":
        return f"{name}: held: {problem}"
    if status == "paused":
        return f"{name}: paused in its file (paused: true); remove that line to send again"
    if status == "paused_by_monitor":
        return f"{name}: paused by the monitor. {how_to_resume(name, version, mode)}"
    if uncounted:
        return f"{uncounted} {how_to_decide(name, version, mode)}"
    return f"{name}: {status.replace('_', ' ')}, waits for a decision. {how_to_decide(name, version, mode)}"


def play_states(con: duckdb.DuckDBPyConnection, plays_dir: Path, mode: str, names: list[str],
                shown: Callable[[PlayState], bool] = lambda _: False, policy: Any = None,
                warehouse_path: str | None = None) -> dict[str, PlayState]:
    """Each named play's state as the send step would see it now; a held play's gate as the UI shows
    it (``PlayState.gate``, which reads its drafts) only where ``shown`` asks for it. An approved
    play is held too by a stop request beside ``warehouse_path`` (a decision or a monitor's pause
    whose command has not recorded it) and, with the send ``policy``, by the deliverability guard."""
    book = load_plays(plays_dir)
    requests = stop_requests.requests_folder(warehouse_path)
    states, sendable = {}, []
    for name in names:
        play = book.plays.get(name)
        if play is None:
            # A held play's reason gives each claiming file's version and which is approved: the file to keep.
            held, problem = approvals.held_reason(con, book, name, mode), book.problem_of(name)
            status = "duplicate" if held else "invalid" if problem else "missing"
            states[name] = PlayState(name, status, status, held_reason(name, status, "", held or str(problem or "")))
            continue
        decisions = approvals.history(con, name)
        status = approvals.approval_status(con, play, mode, decisions)
        last = decisions[-1]["decision_id"] if decisions else 0
        pause = (status.monitor_pause or {}).get("pause_id", "")
        state = PlayState(name, status.status, f"{play.version_hash}:{last}:{pause}",
                          held_reason(name, status.status, play.version_hash, mode=mode,
                                      uncounted=uncounted_line(status)))
        request = stop_requests.pending(requests, name) if requests and not state.held else None
        if request is not None:
            check = "play_monitor_check" if request.decision == stop_requests.MONITOR_PAUSE else "play_approval_gate"
            state = replace(state, held=f"{name}: stopped: {request.reason()}", holding_check=check,
                            fingerprint=f"{state.fingerprint}:{request.file}")
        elif not state.held:
            sendable.append(play)
        elif shown(state):
            state = replace(state, gate={**gate_metadata(con, play, mode)[2], "status": status.status,
                                         "how_to_approve": next_step(name, status.status, play.version_hash, mode)})
        states[name] = state
    # Only a play that may otherwise send has its sends counted: the guard holds no play held already.
    guard = guard_pauses(con, sendable, policy) if policy and sendable else {}
    for name, reading in guard.items():
        # A new state, so the sensor records the guard's hold once; the same one again once it lifts.
        states[name] = replace(states[name], held=f"{name}: {reading}", holding_check="deliverability_guard",
                               fingerprint=f"{states[name].fingerprint}:guard")
    return states


def research_mark(instance: dg.DagsterInstance) -> int:
    """The latest research materialisation: new research means new drafts to send."""
    records = instance.fetch_materializations(dg.AssetKey("research_angles"), limit=1).records
    return records[0].storage_id if records else 0


@dataclass(frozen=True)
class LastSend:
    """What the play's last send step recorded, whoever launched it (sensor, `sdr run`, the UI)."""

    fingerprint: str | None  # the state it sent on
    at: datetime | None  # when it ran, by the project clock


def last_send(instance: dg.DagsterInstance, play: str) -> LastSend:
    records = instance.fetch_materializations(dg.AssetKey([play, "send_ledger"]), limit=1).records
    metadata = records[0].asset_materialization.metadata if records else {}
    fingerprint, at = metadata.get(FINGERPRINT), metadata.get(SENT_AT)
    return LastSend(str(fingerprint.value) if fingerprint is not None else None,
                    datetime.fromtimestamp(at.value, UTC) if at is not None else None)


def held_evaluation(state: PlayState, drafts_key: dg.AssetKey) -> dg.AssetCheckEvaluation:
    """The check that holds the play, as closed, recorded without a run: it can only ever close it.

    For the approval gate it shows the approver what the gate shows inside a run (the version,
    sample drafts, the verifier's summary, the decisions, the diff and the command that decides),
    under the play's state; for the monitor or the deliverability guard, the reason. A warning, not
    an error: the play waits for a person, or for the guard's window, as designed, so the UI shows
    it in amber beside the green checks of running plays and keeps red for what broke. Inside a run the check
    still fails as an error, which is what blocks the sends; here no run is blocked.
    """
    shown = {"how_to_approve": state.held or "", **state.gate} if state.holding_check == "play_approval_gate" \
        else {"reason": state.held or ""}
    return dg.AssetCheckEvaluation(
        asset_key=drafts_key, check_name=state.holding_check, passed=False, blocking=True,
        severity=dg.AssetCheckSeverity.WARN, description=state.held,
        metadata={"status": state.status, **shown, "recorded_by": "outreach_sensor"},
    )
