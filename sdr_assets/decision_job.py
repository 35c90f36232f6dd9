"""The `record_play_decision` job: the Launchpad's typed form for deciding on a play version.

The form is built from the play files when the definitions load: the play and the decision are
choices, each field says what it is for, the current version of every play is shown in the
version field, and the form opens filled in for the first play with its current version.
"""

from enum import Enum
from pathlib import Path

import dagster as dg
from pydantic import Field

from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.decisions import decide_each, recorded_text
from sdr_assets.domain.approvals import ApprovalError
from sdr_assets.playbook import load_plays


class Decision(str, Enum):
    approve = "approve"
    reject = "reject"
    revoke = "revoke"
    resume = "resume"


def _versions_text(current: dict[str, str]) -> str:
    return "; ".join(f"{name}: {version}" for name, version in current.items()) or "no plays"


def record_play_decision_job(plays_dir: Path) -> dg.JobDefinition:
    """The decision job, with the plays of ``plays_dir`` as the choices of its form."""
    book = load_plays(plays_dir)
    current = {name: play.version_hash for name, play in sorted(book.plays.items())}
    # A play two files claim may still be rejected or revoked, naming either file's version (none valid:
    # the version last approved, which an empty version field stands for).
    held = {name: " or ".join(f"{p.version_hash} ({p.source})" for p in book.claimants.get(name, ()))
            or "no valid file: leave it empty to withdraw the version last approved"
            for name in sorted(book.duplicates)}
    # A play file can be invalid or the folder empty: the form still loads, and deciding explains why not.
    play_choice = Enum("PlayName", {name: name for name in {**current, **held}} or {"no-valid-play": "no-valid-play"},
                       type=str)

    class PlayDecisionConfig(dg.Config):
        play: play_choice = Field(description="The play to decide on (the plays folder when the definitions loaded; "
                                              "reload them after adding a play).")
        version_hash: str = Field(description="The version you reviewed; a decision on any other version is refused "
                                              f"and names the current one. Current versions: {_versions_text(current)}"
                                              + (f". Held (two files claim it; reject or revoke only): "
                                                 f"{_versions_text(held)}" if held else ""))
        decision: Decision = Field(description="approve: its sends may go out; reject: not this version; revoke: "
                                               "stop an approved play; resume: lift a monitor pause.")
        decided_by: str = Field(description="Your name, as the audit trail shows it. Required.")
        note: str = Field(default="", description="Why: what you read, what you expect. Kept in the audit trail.")
        over_pause: str = Field(default="", description="Approving an edit of copy the monitor paused: the paused "
                                                        "version, which the refusal names with the pause's reason "
                                                        "and figures. Leave it empty otherwise.")

    @dg.op(name="record_decision_op",
           description="Record an approve, reject, revoke or resume decision on a play version by a named person.")
    def record_decision_op(context: dg.OpExecutionContext, config: PlayDecisionConfig, warehouse: Warehouse,
                           paths: PipelinePaths, policy: SendPolicy) -> None:
        play = config.play.value
        if context.run.parent_run_id:
            # A re-execution ("Re-execute", a run retry) repeats another run's form: the name in it is
            # the person who launched that one, and her decision may have been withdrawn since.
            raise dg.Failure(description=f"Nothing recorded: this run is a re-execution of run "
                                         f"{context.run.parent_run_id}, and a decision is taken by the person who "
                                         "launches it. Launch the form from the Launchpad with your own name.")
        try:
            decided = decide_each(play, config.decision.value, config.decided_by, config.note, config.version_hash,
                                  warehouse_path=warehouse.path, plays_dir=paths.plays_dir, mode=paths.mode,
                                  now=policy.now(), exports_dir=paths.exports_dir,
                                  over_pause=config.over_pause or None)
        except ApprovalError as exc:  # the form's answer, refused with its reason: nothing was recorded
            raise dg.Failure(description=f"Nothing recorded: {exc}") from None
        decision_id = decided[-1]
        context.log.info(f"{recorded_text(decided)}: {config.decided_by} {config.decision.value}d {play}@"
                         f"{config.version_hash}")
        # The approvals table changed: show it on the play_approvals asset in the lineage.
        context.log_event(dg.AssetMaterialization(
            asset_key="play_approvals", description=f"{config.decided_by}: {config.decision.value} {play}",
            metadata={"decision_id": decision_id, "play": play, "version_hash": config.version_hash,
                      "decision": config.decision.value, "decided_by": config.decided_by, "note": config.note},
        ))

    first = next(iter(current.items()), None)
    prefilled = dg.RunConfig(ops={"record_decision_op": PlayDecisionConfig(
        play=play_choice(first[0]), version_hash=first[1], decision=Decision.approve, decided_by="")}) if first else None

    @dg.job(name="record_play_decision", config=prefilled,
            description="Decide on a play version: pick the play and the decision, check the version hash (the "
                        "current one of each play is listed in its field), give your name and a note, and launch. "
                        "The same decision as `sdr approve|reject|revoke|resume`.")
    def record_play_decision():
        record_decision_op()

    return record_play_decision
