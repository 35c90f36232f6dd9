"""An action on an escalation is the person's who launches it, when she launches it: a re-execution of
a `work_escalation` run (the UI's "Re-execute", a run retry) records nothing, so a conversation the
contact opened again since is never closed, claimed or snoozed in someone's name by whoever clicked."""

from datetime import timedelta

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from tests.escalation_desk import ASKS_TO_STOP_AT, Desk, reply

READ_AT = ASKS_TO_STOP_AT
HANDLED_AT = READ_AT.replace(hour=11)
AGAIN_AT = READ_AT + timedelta(days=1)


def escalation_job() -> dg.JobDefinition:
    """The Launchpad's escalation job on the data folder the environment names, as the UI loads it."""
    return build_definitions(build_resources(), play_list=[]).resolve_job_def("work_escalation")


def test_a_reexecuted_hand_off_closes_no_conversation_opened_again(tmp_path, instance, monkeypatch):
    desk = Desk(tmp_path / "data")
    first_reply = reply("<r1@acme.example>", "What does it cost for a team of five?", "question", READ_AT)
    desk.replies([first_reply])
    desk.run_escalations(READ_AT.replace(hour=10))
    (escalation,) = desk.queue(HANDLED_AT)
    for key, value in {"SDR_DATA_DIR": str(desk.root), "SDR_NOW": HANDLED_AT.isoformat(),
                       "SDR_POSTAL_ADDRESS": "Outreach Example Ltd, 1 Test Street, Springfield"}.items():
        monkeypatch.setenv(key, value)
    config = {"ops": {"escalation_action_op": {"config": {
        "escalation_id": escalation["escalation_id"], "action": "handled", "by": "Sam Lee", "outcome": "other",
        "note": "sent her the price list"}}}}
    first = escalation_job().execute_in_process(run_config=config, instance=instance)
    assert first.success
    # She answers the next morning: the conversation opens again, waiting for a person.
    desk.replies([first_reply, reply("<r2@acme.example>", "Thanks. Could we talk on Thursday?", "interested",
                                     AGAIN_AT)])
    desk.run_escalations(AGAIN_AT.replace(hour=10))
    monkeypatch.setenv("SDR_NOW", AGAIN_AT.replace(hour=11).isoformat())

    again = dg.execute_job(dg.reconstructable(escalation_job), instance,
                           run_config={**config, "execution": {"config": {"in_process": {}}}},
                           reexecution_options=dg.ReexecutionOptions(parent_run_id=first.run_id))

    assert not again.success
    failure = next(e for e in again.all_events if e.is_step_failure)
    assert "re-execution" in failure.step_failure_data.error.message
    (now,) = desk.queue(AGAIN_AT.replace(hour=11))
    assert (now["status"], now["reopened"], now["label"]) == ("open", True, "interested")
