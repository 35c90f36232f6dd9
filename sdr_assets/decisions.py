"""Recording a decision on a play: one function behind the CLI, the Launchpad job and notebooks."""

from enum import Enum
from pathlib import Path

import dagster as dg

from resources.settings import PipelinePaths, resolve_paths, run_mode
from resources.warehouse import Warehouse
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
) -> int:
    """Append a decision for the play's current version (``version`` must match it when given).

    The decision records the mode it was taken in (default: ``SDR_MODE``), so that an approval
    given in the demo never opens the gate outside it.
    """
    defaults = resolve_paths()
    book = load_plays(Path(plays_dir or defaults["plays_dir"]))
    current = book.plays.get(play)
    if current is None and (problem := book.problem_of(play)):
        raise approvals.ApprovalError(f"play '{play}' is invalid and cannot be decided on: {problem}")
    if current is None:
        known = ", ".join(sorted(book.plays)) or "none"
        raise approvals.ApprovalError(f"no play named '{play}' (known plays: {known})")
    with Warehouse(path=warehouse_path or defaults["warehouse"]).connect() as con:
        return approvals.record_decision(con, current, version or current.version_hash, decision, decided_by, note,
                                         mode=mode or run_mode())


class Decision(str, Enum):
    approve = "approve"
    reject = "reject"
    revoke = "revoke"
    resume = "resume"


class PlayDecisionConfig(dg.Config):
    play: str
    version_hash: str
    decision: Decision
    decided_by: str
    note: str = ""


@dg.op(description="Record an approve, reject, revoke or resume decision on a play version by a named person.")
def record_decision_op(context: dg.OpExecutionContext, config: PlayDecisionConfig, warehouse: Warehouse,
                       paths: PipelinePaths) -> None:
    decision_id = decide(config.play, config.decision.value, config.decided_by, config.note,
                         config.version_hash, warehouse_path=warehouse.path, plays_dir=paths.plays_dir,
                         mode=paths.mode)
    context.log.info(f"decision {decision_id}: {config.decided_by} {config.decision.value}d "
                     f"{config.play}@{config.version_hash}")
    # The approvals table changed: show it on the play_approvals asset in the lineage.
    context.log_event(dg.AssetMaterialization(
        asset_key="play_approvals",
        description=f"{config.decided_by}: {config.decision.value} {config.play}",
        metadata={"decision_id": decision_id, "play": config.play, "version_hash": config.version_hash,
                  "decision": config.decision.value, "decided_by": config.decided_by, "note": config.note},
    ))


@dg.job(description="Approve, reject, revoke or resume (after a monitor pause) a play version. Fill in the form "
                    "on the Launchpad.")
def record_play_decision():
    record_decision_op()
