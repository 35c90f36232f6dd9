"""A decision is the person's who launches it, when she launches it: a re-execution of a decision run
(the UI's "Re-execute", a run retry) records nothing, so an approval withdrawn since is never taken
again in the approver's name by whoever clicked."""

import dagster as dg

from resources.defaults import build_resources
from resources.store.approvals import approval_status, history
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays
from tests.conftest import environ_for

PLAY = "revops-hiring"


def decision_job() -> dg.JobDefinition:
    """The Launchpad's decision job on the data folder the environment names, as the UI loads it."""
    return build_definitions(build_resources()).resolve_job_def("record_play_decision")


def test_a_reexecuted_approval_run_records_nothing(data_dir, instance, monkeypatch):
    for key, value in environ_for(data_dir).items():
        monkeypatch.setenv(key, value)
    plays, warehouse = data_dir / "plays", build_resources()["warehouse"]
    version = load_plays(plays).plays[PLAY].version_hash
    config = {"ops": {"record_decision_op": {"config": {
        "play": PLAY, "version_hash": version, "decision": "approve", "decided_by": "Dana Whitfield",
        "note": "samples read"}}}}
    first = decision_job().execute_in_process(run_config=config, instance=instance)
    assert first.success
    decide(PLAY, "revoke", "Lee Ops", "two prospects complained", warehouse_path=warehouse.path, plays_dir=plays)

    again = dg.execute_job(dg.reconstructable(decision_job), instance,
                           run_config={**config, "execution": {"config": {"in_process": {}}}},
                           reexecution_options=dg.ReexecutionOptions(parent_run_id=first.run_id))

    assert not again.success
    failure = next(e for e in again.all_events if e.is_step_failure)
    assert "re-execution" in failure.step_failure_data.error.message
    with warehouse.connect() as con:
        assert [(d["decision"], d["decided_by"]) for d in history(con, PLAY)] == [
            ("approve", "Dana Whitfield"), ("revoke", "Lee Ops")]
        assert approval_status(con, load_plays(plays).plays[PLAY]).status == "revoked"
