"""Every path that records a person's decision refuses a name that names nobody, not only the CLI.

The CLI's ``--by`` held the gate's rule, but the functions that record a suppression, a lift, a task
decision, a resolved send or a meetings import, and the Launchpad's forms, took any name not blank:
"bot", "system" or "Your Name" pasted as printed was recorded as the person who decided. Each now
refuses it in one line, and a Launchpad run fails with that line, recording nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from resources.config import WarehouseFile
from sdr_assets import entry_log
from sdr_assets.crm import import_meetings
from sdr_assets.domain.approvals import DEMO_REVIEWER
from sdr_assets.domain.suppression import SuppressionError
from sdr_assets.domain.tasks import TaskError, decide_task
from sdr_assets.playbook import load_plays
from sdr_assets.reconcile import ResolveError, resolve
from sdr_assets.suppression import lift_entry, log_entry
from tests.conftest import RUN_NOW

NOW = datetime.fromisoformat(RUN_NOW)
NOBODY = ["bot", "system", "Your Name"]
RULE = "names nobody: --by needs the name of the person taking the decision"
OPEN_TASK = {"task_id": "3f9a1c2b7d4e", "status": "open", "decided_by": None, "reason": None}


def _failure(result) -> str:
    """The one line a failed Launchpad run shows: Dagster's Failure, with no chained exception."""
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    error = failure.step_failure_data.error
    assert error.cls_name == "Failure" and error.cause is None and error.context is None, error
    (line,) = error.message.strip().splitlines()
    return line


@pytest.mark.parametrize("name", NOBODY)
def test_the_suppression_form_refuses_a_name_that_names_nobody(tmp_path, name):
    from resources.defaults import build_resources
    from sdr_assets.assembly import build_definitions

    job = build_definitions(build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW})) \
        .resolve_job_def("record_suppression")
    result = job.execute_in_process(raise_on_error=False, run_config={"ops": {"add_suppression_op": {"config": {
        "target": "jane@acme.example", "recorded_by": name, "reason": "asked by phone"}}}})
    assert f"'{name}' {RULE}" in _failure(result)
    assert not entry_log.log_path(tmp_path).exists(), "nothing logged"


@pytest.mark.parametrize("name", NOBODY)
def test_the_decision_form_refuses_a_name_that_names_nobody(defs, instance, resources, data_dir, name):
    version = load_plays(data_dir / "plays").plays["revops-hiring"].version_hash
    result = defs.resolve_job_def("record_play_decision").execute_in_process(
        run_config={"ops": {"record_decision_op": {"config": {
            "play": "revops-hiring", "version_hash": version, "decision": "approve", "decided_by": name}}}},
        instance=instance, raise_on_error=False)
    line = _failure(result)
    assert line.endswith(f"Nothing recorded: '{name}' is a placeholder or a machine's name: a decision needs the "
                         "name of the person who takes it, the reviewer's own name (--by \"Dana Whitfield\")"), line
    with resources["warehouse"].connect() as con:
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        assert "play_approvals" not in tables or not con.execute("select count(*) from play_approvals").fetchone()[0]


@pytest.mark.parametrize("name", NOBODY)
def test_the_escalation_form_refuses_a_name_that_names_nobody(defs, instance, name):
    result = defs.resolve_job_def("work_escalation").execute_in_process(
        run_config={"ops": {"escalation_action_op": {"config": {
            "escalation_id": "k3v9qa", "action": "claim", "by": name}}}}, instance=instance, raise_on_error=False)
    assert f"Nothing recorded: '{name}' names nobody" in _failure(result)
    assert not result.get_asset_materialization_events()


@pytest.mark.parametrize("name", NOBODY)
def test_a_suppression_entry_or_lift_by_nobody_is_refused_where_it_is_recorded(tmp_path, name):
    with pytest.raises(SuppressionError, match=f"^'{name}' {RULE}"):
        log_entry(tmp_path, "jane@acme.example", name, "asked by phone", NOW)
    assert not entry_log.log_path(tmp_path).exists()
    log_entry(tmp_path, "jane@acme.example", "Dana Whitfield", "asked by phone", NOW)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(SuppressionError, match=f"^'{name}' {RULE}"):
        lift_entry(con, tmp_path, "jane@acme.example", name, "entered by mistake", NOW)
    assert lift_entry(con, tmp_path, "jane@acme.example", "Dana Whitfield", "entered by mistake", NOW) == ["manual"]


def test_the_demo_records_its_own_reviewer_only_in_the_demo(tmp_path):
    assert log_entry(tmp_path, "jane@acme.example", DEMO_REVIEWER, "a demo entry", NOW, "demo").recorded_by \
        == DEMO_REVIEWER
    with pytest.raises(SuppressionError, match="names nobody"):
        log_entry(tmp_path, "jane@acme.example", DEMO_REVIEWER, "a demo entry", NOW)


@pytest.mark.parametrize("name", NOBODY)
def test_a_task_decision_by_nobody_is_refused(name):
    with pytest.raises(TaskError, match=f"^'{name}' {RULE}"):
        decide_task(OPEN_TASK, "done", name)
    assert decide_task(OPEN_TASK, "done", " Dana Whitfield ")["decided_by"] == "Dana Whitfield"


@pytest.mark.parametrize("name", NOBODY)
def test_a_send_resolved_or_meetings_imported_by_nobody_is_refused(tmp_path, name):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(ResolveError, match=f"^'{name}' {RULE}"):
        resolve(con, "KEY", False, name, NOW, mail=None, warehouse_path=str(tmp_path / "w.duckdb"))
    meetings = Path(tmp_path / "meetings.csv")
    meetings.write_text("Invitee Email,Start Date & Time,Canceled\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"^'{name}' {RULE}"):
        import_meetings(WarehouseFile(path=str(tmp_path / "m.duckdb")), meetings, name, NOW)
    assert not (tmp_path / "m.duckdb").exists(), "refused before the warehouse was opened"
