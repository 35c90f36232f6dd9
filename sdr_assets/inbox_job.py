"""The escalation queue on the Launchpad: the same actions as `sdr claim/note/snooze/handled`."""

from enum import Enum
from functools import partial

import dagster as dg
from pydantic import Field

from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.busy_warehouse import Busy, record_when_free
from sdr_assets.domain.escalations import OUTCOMES, EscalationError, QueueState, check_action, parse_when
from sdr_assets.handled_optouts import EXPORT, log_optout
from sdr_assets.inbox import record_action


class Action(str, Enum):
    claim = "claim"
    note = "note"
    snooze = "snooze"
    handled = "handled"


# "none" for an action that is not a hand-off; then the queue's own outcomes.
Outcome = Enum("Outcome", {name: name for name in ("none", *OUTCOMES)}, type=str)


class EscalationActionConfig(dg.Config):
    escalation_id: str = Field(description="The short id shown by `sdr inbox` (or in escalations.csv), e.g. 'k3v9qa'.")
    action: Action = Field(description="claim: take it; note: add a note; snooze: hide it until a date; "
                                       "handled: close it with an outcome.")
    by: str = Field(description="Your name: every action is recorded with who took it and when.")
    outcome: Outcome = Field(default=Outcome.none, description="Required when the action is 'handled': meeting, "
                                                               "disqualified, nurture, other or opted_out. A "
                                                               "meeting is counted in the meetings table; "
                                                               "opted_out suppresses the contact.")
    until: str = Field(default="", description="Required when the action is 'snooze': YYYY-MM-DD (start of that "
                                               "day, UTC) or an ISO timestamp.")
    note: str = Field(default="", description="What you did or why; required for 'note', optional otherwise.")


@dg.op(description="Record one person's action on an escalation in the append-only escalation_events log. "
                   "While a send batch holds the warehouse it waits (an opt-out stops sending at once).")
def escalation_action_op(context: dg.OpExecutionContext, config: EscalationActionConfig, warehouse: Warehouse,
                         policy: SendPolicy, paths: PipelinePaths) -> None:
    if context.run.parent_run_id:
        # A re-execution ("Re-execute", a run retry) repeats another run's form: the name in it is the
        # person who launched that one, and the conversation may have changed since (a new reply).
        raise dg.Failure(description=f"Nothing recorded: this run is a re-execution of run "
                                     f"{context.run.parent_run_id}, and an action is taken by the person who "
                                     "launches it. Launch the form from the Launchpad with your own name.")
    action = "handle" if config.action == Action.handled else config.action.value
    outcome = None if config.outcome == Outcome.none else config.outcome.value
    eid, now = config.escalation_id.strip().lower(), policy.now()
    optout = (partial(log_optout, paths.data_dir, paths.exports, config.escalation_id, config.by, config.note, now)
              if action == "handle" and outcome == "opted_out" else None)
    told: list[Busy] = []  # what the wait was told, if the warehouse was held

    def tell(busy: Busy) -> None:
        told.append(busy)
        context.log.info(_waiting(busy, config.action.value, eid, optout is not None))

    try:
        until = parse_when(config.until) if config.action == Action.snooze else None
        # What the queue refuses whatever it holds (no name, no outcome, a past date) is refused before any wait.
        check_action(QueueState(), action, config.by, outcome=outcome, until=until, now=now)
        act = partial(record_action, escalation_id=config.escalation_id, action=action, actor=config.by, now=now,
                      outcome=outcome, until=until, note=config.note)
        row = record_when_free(warehouse, act, policy.now, tell, optout=optout,
                               interrupted=dg.DagsterExecutionInterruptedError)
    except EscalationError as exc:  # the form's answer, refused with its reason: nothing was recorded
        logged = told[0].logged if told else None
        if logged is None:
            raise dg.Failure(description=f"Nothing recorded: {exc}") from None
        raise dg.Failure(description=f"The hand-off was refused: {exc}. {logged.target}'s opt-out was logged while "
                                     "the warehouse was busy and stands: every send honours it.") from None
    except dg.DagsterExecutionInterruptedError:
        logged = told[0].logged if told else None
        kept = f"{logged.target}'s opt-out stands and stops every send; " if logged else "Nothing was recorded; "
        context.log.warning(f"Stopped waiting for the warehouse. {kept}{eid} is unchanged in the queue until the "
                            "form is launched again from the Launchpad (a re-execution of this run records nothing).")
        raise
    context.log.info(f"{config.by}: {config.action.value} {row['escalation_id']} → {row['status']}")
    metadata = {"event_id": row["event_id"], "escalation_id": row["escalation_id"], "action": action,
                "by": config.by, "status": row["status"], "owner": row["owner"] or "", "outcome": outcome or "",
                "note": config.note}
    context.log_event(dg.AssetMaterialization(asset_key="escalation_events", metadata=metadata,
                                              description=f"{config.by}: {config.action.value} {row['escalation_id']}"))
    if action == "handle" and outcome == "meeting":
        context.log_event(dg.AssetMaterialization(asset_key="meetings", metadata=metadata,
                                                  description=f"meeting from {row['escalation_id']}"))
    if action == "handle" and outcome == "opted_out":
        context.log_event(dg.AssetMaterialization(asset_key="suppression_events", metadata=metadata,
                                                  description=f"opt-out read in {row['escalation_id']}"))


def _waiting(busy: Busy, action: str, eid: str, opting_out: bool) -> str:
    """The one line a waiting run logs: who holds the warehouse, and what waits for it."""
    held = (f"The warehouse is held by the send batch in {busy.holder}: " if busy.batch
            else f"The warehouse is held by {busy.holder} (a send batch perhaps): ")
    if busy.logged is not None:
        return (held + f"{busy.logged.target}'s opt-out is logged and already stops sending; the run waits for the "
                f"warehouse to close {eid} in the queue (terminating the run stops waiting; the opt-out stands).")
    if busy.unlogged is not None:
        why = f"the opt-out could not be logged ({busy.unlogged})"
    elif opting_out:
        why = f"{eid} is not in {EXPORT} yet"
    else:
        return (held + f"the run waits for it to record {action} of {eid} (terminating the run stops waiting, "
                "recording nothing).")
    return (held + f"{why}: the opt-out waits for the warehouse with the hand-off (terminating the run stops "
            "waiting, recording nothing).")


@dg.job(description="Claim, note, snooze or hand off an escalation. Fill in the form on the Launchpad; "
                    "`sdr inbox` shows the ids.")
def work_escalation():
    escalation_action_op()
