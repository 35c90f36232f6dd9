"""The escalation queue on the Launchpad: the same actions as `sdr claim/note/snooze/handled`."""

from enum import Enum

import dagster as dg
from pydantic import Field

from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.domain.escalations import OUTCOMES, EscalationError, parse_when
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


@dg.op(description="Record one person's action on an escalation in the append-only escalation_events log.")
def escalation_action_op(context: dg.OpExecutionContext, config: EscalationActionConfig, warehouse: Warehouse,
                         policy: SendPolicy) -> None:
    action = "handle" if config.action == Action.handled else config.action.value
    outcome = None if config.outcome == Outcome.none else config.outcome.value
    try:
        until = parse_when(config.until) if config.action == Action.snooze else None
        row = record_action(warehouse, config.escalation_id, action, config.by, policy.now(), outcome=outcome,
                            until=until, note=config.note)
    except EscalationError as exc:  # the form's answer, refused with its reason: nothing was recorded
        raise dg.Failure(description=f"Nothing recorded: {exc}") from None
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


@dg.job(description="Claim, note, snooze or hand off an escalation. Fill in the form on the Launchpad; "
                    "`sdr inbox` shows the ids.")
def work_escalation():
    escalation_action_op()
