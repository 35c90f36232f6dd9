"""Run what is due, in process, the way the sensors would: for cron or a team without the daemon."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg

from sdr_assets import run_liveness
from sdr_assets.domain.collection import run_collection
from sdr_assets.jobs import TRIAGE_ASSETS
from sdr_assets.playbook import load_plays
from sdr_assets.play_graph import job_name, sends_keys
from sdr_assets.play_state import PlayState, held_evaluation, holds, play_states
from sdr_assets.send_guard import clear_stop, request_stop, stop_requested
from sdr_assets.unchanged_outreach import PassInputs, remember_if_settled, settled_inputs
from sdr_assets.unchanged_replies import due_replies
from sdr_assets.unchanged_signals import due_signals


@dataclass
class RunReport:
    runs: list[tuple[str, str, bool]] = field(default_factory=list)  # (job, partition, success)
    gate_closed: list[str] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)  # play -> why nothing was sent for it (no run launched)
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # why a (job, partition) failed
    log_level: str = "WARNING"
    stopped: bool = False  # a termination signal arrived: the run stopped after the work in flight
    unchanged: list[str] = field(default_factory=list)  # jobs not launched: every step's inputs were unchanged

    @property
    def failed(self) -> list[tuple[str, str, bool]]:
        return [r for r in self.runs if not r[2]]


def _execute(defs: dg.Definitions, job: str, instance: dg.DagsterInstance, report: RunReport,
             assets: list[dg.AssetKey] | None = None):
    """Run ``job`` in process, or only ``assets`` of it with their checks."""
    with run_collection(), run_liveness.held(instance.root_directory) as lock:
        result = defs.resolve_job_def(job).execute_in_process(
            instance=instance, raise_on_error=False, tags={"sdr/launched_by": "sdr", **lock}, asset_selection=assets,
            run_id=lock.get(run_liveness.TAG),
            run_config={"loggers": {"console": {"config": {"log_level": report.log_level}}}},
        )
    if _interrupted(result):
        request_stop()
    report.stopped = stop_requested()
    return result


def _interrupted(result) -> bool:
    """Dagster turns SIGTERM/SIGINT during a step into an interrupted step."""
    return any(
        e.event_type_value == "STEP_FAILURE" and e.step_failure_data.error is not None
        and e.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError"
        for e in result.all_events
    )


# Dagster wraps an error raised in a step in one of its own, whose message names only the op.
_WRAPPERS = {"DagsterExecutionStepExecutionError", "DagsterUserCodeExecutionError"}


def _failure_reason(result) -> str:
    """What a failed step said: a refusal's description (dg.Failure), or the error it raised, such as
    ``PermissionError: [Errno 13] Permission denied: '...'``, rather than Dagster's wrapper of it."""
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            data = event.step_failure_data
            if data.user_failure_data and data.user_failure_data.description:
                return data.user_failure_data.description
            error = data.error
            while error is not None and error.cls_name in _WRAPPERS and error.cause is not None:
                error = error.cause
            return error.message.strip() if error else ""
    return ""


def _record(report: RunReport, job: str, partition: str, result, success: bool | None = None) -> None:
    """The run in ``report``, with what its first failed step said if it failed."""
    success = result.success if success is None else success
    report.runs.append((job, partition, success))
    if not success:
        report.reasons[(job, partition)] = _failure_reason(result)


def _gate_failed(result) -> bool:
    return any(
        holds(e.asset_check_evaluation_data) for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    )


def run_signals(defs: dg.Definitions, instance: dg.DagsterInstance, report: RunReport) -> None:
    """The signals run, of only the steps whose inputs changed when the others' are provably unchanged
    (``unchanged_signals``); none at all when no step's are."""
    due = due_signals(defs)
    if due == []:
        report.unchanged.append("signals_job")
        return
    _record(report, "signals_job", "", _execute(defs, "signals_job", instance, report, due))


def _play_states(defs: dg.Definitions, gates: bool = False) -> dict[str, PlayState]:
    """Every play's state as its send step would see it now, by name; with ``gates``, a held play's
    gate as the UI shows it."""
    paths = defs.resources["paths"]
    book = load_plays(paths.plays)
    names = sorted({*book.plays, *book.duplicates})  # a name two files claim is held, and said so
    with defs.resources["warehouse"].connect(read_only=True) as con:
        return play_states(con, paths.plays, paths.mode, names, lambda _: gates, defs.resources["policy"],
                           defs.resources["warehouse"].path)


def run_outreach(defs: dg.Definitions, instance: dg.DagsterInstance, report: RunReport,
                 progress: Callable[[str], None] = lambda _: None, analytics: bool = True) -> None:
    """One run per approved play: drafts, the blocking checks, sends, then the ledger and analytics;
    none for a play whose last run on the same inputs wrote nothing and left nothing due
    (``unchanged_outreach``; the inputs every play shares are read once, and again after a launched run).

    A held play (waiting for a decision, paused) gets no run: its closed gate is recorded on its
    drafts and the reason goes into ``report.held``. Its drafts come from the signals run. Without
    ``analytics`` the runs leave those tables to the caller's replies run after them, which counts
    every play's sends at once.
    """
    states = _play_states(defs, gates=True)
    shared = PassInputs(states)
    loaded = set(defs.get_repository_def().job_names)  # names only: resolving every job costs each run_due
    for name in states:
        if stop_requested():
            return
        progress(name)
        job = job_name(name)
        if job not in loaded:
            report.held[name] = f"{name}: its play file is newer than the definitions; run again to load it"
            continue
        state = states[name]
        if state.held:
            report.gate_closed.append(name)
            report.held[name] = state.held
            drafts = dg.AssetKey([name, "message_drafts"])
            instance.report_runless_asset_event(held_evaluation(state, drafts))
            continue
        before = settled_inputs(defs.resolve_job_def(job), defs.resources, name, shared)
        if before.settled:
            report.unchanged.append(job)
            progress(f"{name}: every input as its last run left it, nothing due, no run launched")
            continue
        result = _execute(defs, job, instance, report, None if analytics else sends_keys(name))
        shared.forget()
        gate_closed = _gate_failed(result)
        if gate_closed:
            report.gate_closed.append(name)
        _record(report, job, name, result, result.success or gate_closed)  # a closed gate is no failure
        remember_if_settled(defs, name, before, result, shared)


def run_replies(defs: dg.Definitions, instance: dg.DagsterInstance, report: RunReport,
                analytics: bool = True) -> None:
    """Triage, and the analytics unless a later run of the caller's counts them: only the analytics
    when triage's inputs are as it left them, and no run at all when every step's are
    (``unchanged_replies``)."""
    if stop_requested():
        return
    triage = None if analytics else [dg.AssetKey(name) for name in TRIAGE_ASSETS]
    due = due_replies(defs, triage)
    if due == []:
        report.unchanged.append("replies_job")
        return
    _record(report, "replies_job", "", _execute(defs, "replies_job", instance, report, triage if due is None else due))


def run_due(defs: dg.Definitions, instance: dg.DagsterInstance,
            progress: Callable[[str], None] = lambda _: None) -> RunReport:
    """Signals, replies, then each play's outreach, then replies again if a play was open to send:
    every write is idempotent. The analytics are counted once, in the last replies run: neither the
    plays' runs nor a replies run before them count them.

    A termination signal stops the whole run after the job in flight (the send step itself finishes
    and records the message in flight first); ``report.stopped`` says so.
    """
    clear_stop()
    report = RunReport()
    progress("signals")
    run_signals(defs, instance, report)
    if "signals_job" in report.unchanged:
        progress("signals: every step's inputs as it left them, no run launched")
    progress("replies")
    open_plays = any(not state.held for state in _play_states(defs).values())
    run_replies(defs, instance, report, analytics=not open_plays)
    if "replies_job" in report.unchanged:
        progress("replies: every step's inputs as it left them, no run launched")
    launched = len(report.runs)
    run_outreach(defs, instance, report, progress, analytics=False)
    # The second replies run counts what the plays sent and drafted. With every play held none ran,
    # and nothing has changed since the first, which counted the analytics itself.
    if len(report.runs) > launched or open_plays:
        if not stop_requested():
            progress("analytics")
        run_replies(defs, instance, report)
    report.stopped = stop_requested()
    return report
