"""Every way to send respects the approval gate: each test tries one path and finds no mail sent.

Each test also shows the path *would* send once a named person approves (or did before the
decision), so a "nothing was sent" assertion cannot pass just because there was nothing to send.
"""

import dataclasses
import csv
import json
import mailbox
import shlex
from email.utils import parseaddr
from pathlib import Path

import dagster as dg
import pytest

from resources.store import approvals
from sdr_assets.assembly import ASSET_MODULES
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.domain.gate import how_to_resume
from tests.approving import current_version
from sdr_assets.instance import EARLIER_YAML, SETTINGS_YAML
from sdr_assets.playbook import load_plays
from sdr_assets.jobs import SIGNAL_ASSETS
from sdr_assets.play_graph import job_name, play_graph, whole_tables
from sdr_assets.plays import play_approvals_spec
from sdr_assets.runner import run_due
from tests.command_line import CommandLine
from tests.sensor_ticks import declared_resources

REVOPS, SERIES_B, DATA_STACK = "revops-hiring", "series-b-funding", "data-stack-adopters"
PLAYS = (REVOPS, SERIES_B, DATA_STACK)
REFUSAL = "nothing is sent until a named person approves it"
GATE = "play_approval_gate"
GRAPHS = {play: play_graph(play) for play in PLAYS}  # each play's own drafts, checks, sends and tasks


def _gate_key(play: str) -> dg.AssetCheckKey:
    """Each play's gate is a check of its own, on its own drafts."""
    return GRAPHS[play].gate_key


def _outreach_assets(play: str) -> list:
    """What the play's outreach job runs up to the sends, for dg.materialize."""
    return [GRAPHS[play].drafts, GRAPHS[play].gate, GRAPHS[play].sends]
OLD_SUBJECT, NEW_SUBJECT = '"{role} at {company_name}"', '"{role} opening at {company_name}"'


@pytest.fixture
def env(data_dir, resources) -> dict[str, str]:
    """What the CLI sees: this test's data folder and clock, as tests/conftest.py set them."""
    return {"SDR_DATA_DIR": str(data_dir), "SDR_NOW": resources["policy"].now_override,
            "SDR_POSTAL_ADDRESS": resources["policy"].postal_address, "DAGSTER_HOME": str(data_dir / "dagster_home"),
            "SDR_SIGNAL_FILE_SETTLE_SECONDS": str(resources["paths"].signal_settle_seconds)}


# --- what left, and what the ledger says -----------------------------------------------------


@pytest.fixture(autouse=True)
def _no_real_mail(resources):
    """Every test here must use the local maildir outbox, never a real transport."""
    assert type(resources["mail"]).__name__ == "MaildirOutbox"


def _outbox(resources) -> list[str]:
    root = Path(resources["mail"].path)
    if not (root / "cur").exists():
        return []
    return [parseaddr(m["To"])[1].lower() for m in mailbox.Maildir(root, create=False)]


def _query(resources, sql: str, params: list | None = None) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params or []).fetchall()


def _sent(resources, play: str | None = None) -> int:
    if not _query(resources, "select 1 from information_schema.tables where table_name = 'send_ledger'"):
        return 0
    where = "status = 'sent'" + (" and play = ?" if play else "")
    return _query(resources, f"select count(*) from send_ledger where {where}", [play] if play else [])[0][0]


def _sent_to(resources, email: str) -> bool:
    """Both records agree: the message is in the outbox and the ledger says sent."""
    in_ledger = bool(_query(resources, "select 1 from send_ledger where contact_email = ? and status = 'sent'",
                            [email]))
    assert in_ledger == (email in _outbox(resources)), email
    return in_ledger


def _drafted(resources, play: str, email: str | None = None) -> int:
    extra = " and contact_email = ?" if email else ""
    return _query(resources, f"select count(*) from message_drafts where play = ? and channel = 'email'{extra}",
                  [play, email] if email else [play])[0][0]


def _nothing_sent(resources) -> None:
    assert _outbox(resources) == []
    assert _sent(resources) == 0


# --- acting on the pipeline ------------------------------------------------------------------


def _decide(resources, play: str, decision: str, by: str = "Dana Whitfield") -> None:
    plays_dir = resources["paths"].plays_dir
    decide(play, decision, by, f"{decision} in a test", current_version(play, plays_dir),
           warehouse_path=resources["warehouse"].path, plays_dir=plays_dir)


def _upstream(defs, instance, *jobs: str) -> None:
    """Signals (and optionally replies) as their jobs would run them; the signals run drafts every play."""
    for job in jobs or ("signals_job",):
        assert defs.resolve_job_def(job).execute_in_process(instance=instance).success


def _outreach(defs, instance, play: str) -> dg.ExecuteInProcessResult:
    return defs.resolve_job_def(job_name(play)).execute_in_process(instance=instance, raise_on_error=False)


def _send_alone(resources, instance, play: str) -> dg.ExecuteInProcessResult:
    """The play's send asset materialised on its own, in a run of its own."""
    return dg.materialize([GRAPHS[play].sends], resources=resources, instance=instance, raise_on_error=False)


def _failures(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events
                     if e.event_type_value == "STEP_FAILURE")


def _started(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}


def _gate_evaluation(result: dg.ExecuteInProcessResult):
    return next(e.event_specific_data for e in result.all_events
                if e.event_type_value == "ASSET_CHECK_EVALUATION"
                and e.event_specific_data.check_name == GATE)


def _version(data_dir: Path, play: str) -> str:
    return load_plays(data_dir / "plays").plays[play].version_hash


def _change_template(data_dir: Path) -> None:
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    text = path.read_text()
    assert OLD_SUBJECT in text
    path.write_text(text.replace(OLD_SUBJECT, NEW_SUBJECT))


NEW_ACCOUNTS = {
    REVOPS: ("Software", "VP Sales", "Sales", "hiring", "Acme Ledger posted 1 opening(s) for Revenue Operations "
             "Manager (RevOps)", {"role": "Revenue Operations Manager", "department": "RevOps", "openings": 1}),
    DATA_STACK: ("Software", "VP Data", "Data", "tech_adoption", "Acme Ledger started using Snowflake",
                 {"technology": "Snowflake"}),
}


def _new_account(data_dir: Path, play: str, tag: str) -> str:
    """A company, a matching contact and a fresh signal for ``play``: new work. Returns the address."""
    industry, title, department, signal_type, detail, attributes = NEW_ACCOUNTS[play]
    domain = f"{tag}-ledger.example"
    email = f"pat.{tag}@{domain}"
    reference = data_dir / "reference"
    with (reference / "companies.csv").open("a", newline="") as f:
        csv.writer(f).writerow([domain, f"Acme {tag.title()}", industry, 400, "US", 2015, "Snowflake",
                                "A company added by a test."])
    with (reference / "contacts.csv").open("a", newline="") as f:
        csv.writer(f).writerow([f"ct_{tag}", domain, "Pat", tag.title(), title, "vp", department, email,
                                f"https://linkedin.example/in/pat-{tag}"])
    signal = {"signal_id": f"sig_{tag}", "company_domain": domain, "signal_type": signal_type, "detail": detail,
              "observed_at": "2026-11-19T08:00:00Z", "source": "test", "attributes": attributes}
    (data_dir / "inbox" / "signals" / f"late_{tag}.jsonl").write_text(json.dumps(signal) + "\n")
    return email


# --- 1. the send asset on its own ------------------------------------------------------------


@pytest.mark.opening("signals_ran")
def test_send_asset_alone_refuses_rejected_revoked_and_paused_plays(defs, resources, instance, data_dir):
    _decide(resources, REVOPS, "approve")
    _decide(resources, REVOPS, "revoke", by="Lee Ops")
    _decide(resources, SERIES_B, "reject")
    _decide(resources, DATA_STACK, "approve")
    path = data_dir / "plays" / f"{DATA_STACK}.yaml"
    path.write_text(path.read_text() + "paused: true\n")
    for play in PLAYS:
        _outreach(defs, instance, play)
        assert _drafted(resources, play) > 0, "there is work waiting for each play"

    for play, state in ((REVOPS, "revoked"), (SERIES_B, "rejected"), (DATA_STACK, "paused")):
        result = _send_alone(resources, instance, play)
        assert not result.success
        text = _failures(result)
        assert f"is {state}: {REFUSAL}" in text
        assert _version(data_dir, play) in text and f"sdr approve {play}" in text
    _nothing_sent(resources)

    path.write_text(path.read_text().replace("paused: true\n", ""))
    assert _send_alone(resources, instance, DATA_STACK).success
    assert _sent(resources) == _sent(resources, DATA_STACK) > 0, "unpaused and approved, it sends; nothing else"


# --- 2. the outreach job ---------------------------------------------------------------------


def _printed_command(text: str, reviewer: str) -> list[str]:
    """The sdr command a gate's text prints, as typed with ``reviewer`` in place of the placeholder."""
    command = shlex.split(text[text.index("sdr "):].split(", or ")[0])
    assert command[0] == "sdr" and "Your Name" in command, text
    return [reviewer if word == "Your Name" else word for word in command[1:]]


def _accepted_as_printed(resources, env: dict, text: str, play: str) -> None:
    """Pasted unchanged, the command is refused for its placeholder; with a name it records the decision."""
    runner = CommandLine()
    unchanged = runner.invoke(app, _printed_command(text, "Your Name"), env=env)
    assert unchanged.exit_code == 1 and "'Your Name' names nobody" in unchanged.output, unchanged.output
    command = _printed_command(text, "Dana Whitfield")
    named = runner.invoke(app, command, env=env)
    assert named.exit_code == 0, named.output
    with resources["warehouse"].connect() as con:
        last = approvals.history(con, play)[-1]
    assert (last["decision"], last["decided_by"], last["version_hash"]) == (
        command[0], "Dana Whitfield", current_version(play, resources["paths"].plays_dir))


def test_the_printed_resume_command_is_accepted_as_printed(resources, env):
    from sdr_assets.monitor_data import append_pauses

    _decide(resources, REVOPS, "approve", by="Marco Li")
    version = current_version(REVOPS, resources["paths"].plays_dir)
    with resources["warehouse"].connect() as con:  # a pause of the monitor's, which the resume answers
        append_pauses(con, [{"event": "pause", "scope": "play", "play": REVOPS, "play_version": version,
                             "scope_value": REVOPS, "recorded_at": resources["policy"].now(),
                             "after_decision_id": 1, "reason": "8 negative verdicts."}])
    _accepted_as_printed(resources, env, how_to_resume(REVOPS, current_version(REVOPS, resources["paths"].plays_dir)),
                         REVOPS)


@pytest.mark.opening("signals_ran")
def test_outreach_job_writes_drafts_then_stops_at_the_gate(defs, resources, instance, env):
    result = _outreach(defs, instance, REVOPS)

    assert not result.success
    assert _drafted(resources, REVOPS) > 0, "drafts are written for review"
    gate = _gate_evaluation(result)
    assert not gate.passed and gate.blocking
    assert gate.metadata["status"].value == "pending"
    assert "sdr approve revops-hiring" in gate.metadata["how_to_approve"].value
    assert "**To:**" in gate.metadata["sample_drafts"].value
    _accepted_as_printed(resources, env, gate.metadata["how_to_approve"].value, REVOPS)
    graph = GRAPHS[REVOPS]
    assert _gate_evaluation(result).asset_key == graph.drafts.key, "the gate's evaluation is this play's"
    assert graph.sends.op.name not in _started(result) and graph.tasks.op.name not in _started(result)
    assert "send_ledger" not in _started(result)
    assert not result.asset_materializations_for_node(graph.sends.op.name)
    _nothing_sent(resources)


# --- 3. the UI's "Report evaluation" button --------------------------------------------------


@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_a_reported_pass_does_not_open_the_gate(defs, resources, instance):
    gate = _gate_key(REVOPS)
    assert instance.get_latest_asset_check_evaluation_record(gate).status.value == "FAILED"

    # What the button does: record a passing evaluation without running the check.
    instance.report_runless_asset_event(
        dg.AssetCheckEvaluation(asset_key=gate.asset_key, check_name=gate.name, passed=True))
    assert instance.get_latest_asset_check_evaluation_record(gate).status.value == "SUCCEEDED"

    result = _send_alone(resources, instance, REVOPS)
    assert not result.success
    assert f"play '{REVOPS}' version" in _failures(result) and f"is pending: {REFUSAL}" in _failures(result)
    _nothing_sent(resources)


# --- 4. a run the outreach sensor requests ---------------------------------------------------


def _sensor_tick(defs, resources, instance, cursor: str | None) -> tuple[list[dg.RunRequest], list, str | None]:
    """One tick: the runs it requests, the closed gates it records (held plays get no run), its cursor."""
    sensor = defs.resolve_sensor_def("outreach_sensor")
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=declared_resources(sensor, resources),
                                 definitions=defs) as context:
        result = sensor(context)
    assert not isinstance(result, dg.SkipReason), result
    for event in result.asset_events:
        instance.report_runless_asset_event(event)  # what the daemon does with them
    return list(result.run_requests), list(result.asset_events), result.cursor


def _play_of(request: dg.RunRequest) -> str:
    return request.tags["sdr/play"]


@pytest.mark.opening("signals_ran")
def test_runs_requested_by_the_outreach_sensor_stop_at_the_gate(defs, resources, instance, data_dir, env):
    requests, held, _ = _sensor_tick(defs, resources, instance, None)
    assert requests == [], "no run for a play that waits for a decision"
    assert sorted(e.asset_key.path[0] for e in held) == sorted(PLAYS), "each held play's own gate is recorded"
    for evaluation in held:
        play = evaluation.asset_key.path[0]
        assert evaluation.check_name == GATE and not evaluation.passed
        assert evaluation.severity == dg.AssetCheckSeverity.WARN, "waiting is a state: amber, not red"
        assert f"sdr approve {play}" in evaluation.description
        assert instance.get_latest_asset_check_evaluation_record(_gate_key(play)).status.value == "FAILED"
        shown = {key: getattr(value, "value", value) for key, value in evaluation.metadata.items()}
        assert shown["status"] == "pending" and shown["version_hash"] == current_version(play, data_dir / "plays")
        assert "**To:**" in shown["sample_drafts"] and "written" in shown["draft_verifier"]
        assert shown["decisions"] == "_no decisions yet_" and shown["diff_since_last_approval"] == "_none_"
    assert all(_drafted(resources, p) > 0 for p in PLAYS)
    _nothing_sent(resources)
    for evaluation in held:
        _accepted_as_printed(resources, env, evaluation.metadata["how_to_approve"].value, evaluation.asset_key.path[0])


@pytest.mark.opening("signals_ran")
def test_the_sensor_reads_a_held_plays_drafts_only_for_a_gate_it_records(defs, resources, instance, monkeypatch):
    import sdr_assets.play_state as play_state

    built = []
    monkeypatch.setattr(play_state, "gate_metadata", lambda con, play, mode, _made=play_state.gate_metadata:
                        built.append(play.name) or _made(con, play, mode))
    _, held, cursor = _sensor_tick(defs, resources, instance, None)
    assert sorted(built) == sorted(PLAYS) == sorted(e.asset_key.path[0] for e in held)
    built.clear()
    _, held, _ = _sensor_tick(defs, resources, instance, cursor)
    assert (held, built) == ([], []), "the same states again: nothing recorded, no drafts read"


# --- 5. the CLI ------------------------------------------------------------------------------


@pytest.mark.opening("signals_ran")  # every play drafted: `sdr run` finds work waiting for each
def test_sdr_run_sends_nothing_for_unapproved_plays(resources, env):
    """In a home an earlier version of the project set up with a storage of its own: `sdr run` writes
    its ``dagster.yaml`` again for Dagster's own storage, which reads the same files."""
    home = Path(env["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(EARLIER_YAML)
    runner = CommandLine()
    version = current_version(REVOPS, resources["paths"].plays_dir)
    approving = ["approve", REVOPS, "--version", version, "--by", "Dana Whitfield"]
    assert runner.invoke(app, approving, env=env).exit_code == 0

    result = runner.invoke(app, ["run"], env=env)

    assert result.exit_code == 0, result.output
    assert (home / "dagster.yaml").read_text() == SETTINGS_YAML
    assert f"pending: 2 ({DATA_STACK}, {SERIES_B})" in result.output
    assert _drafted(resources, SERIES_B) > 0 and _drafted(resources, DATA_STACK) > 0, "work was waiting"
    assert _sent(resources, SERIES_B) == _sent(resources, DATA_STACK) == 0
    revops_contacts = {r[0] for r in _query(resources, "select contact_email from message_drafts where play = ?",
                                            [REVOPS])}
    assert _sent(resources) == _sent(resources, REVOPS) == len(_outbox(resources)) > 0, "the approved play sent"
    assert set(_outbox(resources)) <= revops_contacts


# --- 6. declarative automation ---------------------------------------------------------------


def _defs_sending_on(condition: dg.AutomationCondition, resources) -> dg.Definitions:
    graphs = list(GRAPHS.values())
    sends = [g.sends.with_attributes(automation_condition={g.sends.key: condition}) for g in graphs]
    return dg.Definitions(assets=[*dg.load_assets_from_modules(ASSET_MODULES), *(g.drafts for g in graphs), *sends,
                                  *(g.tasks for g in graphs), *whole_tables(graphs), play_approvals_spec],
                          asset_checks=[g.gate for g in graphs], resources=resources)


class _Automation:
    """Successive evaluations of one condition on every play's sends, as the daemon's ticks would."""

    def __init__(self, condition: dg.AutomationCondition, resources, instance):
        self.defs = _defs_sending_on(condition, resources)
        self.instance = instance
        self.cursor = None

    def tick(self) -> set[str]:
        keys = [g.sends.key for g in GRAPHS.values()]
        result = dg.evaluate_automation_conditions(
            defs=self.defs, instance=self.instance, asset_selection=dg.AssetSelection.assets(*keys), cursor=self.cursor)
        self.cursor = result.cursor
        return {key.path[0] for key in keys if result.get_num_requested(key)}


def _draft_and_gate(resources, instance, play: str) -> bool:
    """Drafts and their gate in a run without the sends, e.g. a refresh or another automation."""
    result = dg.materialize([GRAPHS[play].drafts, GRAPHS[play].gate], resources=resources, instance=instance,
                            raise_on_error=False)
    return _gate_evaluation(result).passed


def test_eager_alone_would_send_past_a_failed_gate_and_the_combined_condition_does_not(
        defs, resources, instance):
    # Signals through research and the replies, without the drafts the signals job also writes.
    signals = [dg.AssetKey(name) for name in SIGNAL_ASSETS]
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance, asset_selection=signals).success
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    eager = _Automation(dg.AutomationCondition.eager(), resources, instance)
    gated = _Automation(
        dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed(), resources, instance)
    assert eager.tick() == set() and gated.tick() == set(), "drafts are missing: nothing to do yet"

    assert not _draft_and_gate(resources, instance, REVOPS)
    requested = eager.tick()
    assert requested == {REVOPS}, "eager() ignores the failed blocking check"
    assert gated.tick() == set()
    for play in requested:
        result = _send_alone(resources, instance, play)  # the run eager() would launch
        assert not result.success and REFUSAL in _failures(result)
    _nothing_sent(resources)

    _decide(resources, REVOPS, "approve")
    assert not _draft_and_gate(resources, instance, SERIES_B)
    assert _draft_and_gate(resources, instance, REVOPS)
    requested = gated.tick()
    assert REVOPS in requested, "the combined condition releases the approved play"
    assert SERIES_B not in requested, "each play has its own gate: the approved play's pass stands for no other"
    for play in requested:
        _send_alone(resources, instance, play)
    assert _sent(resources) == _sent(resources, REVOPS) > 0
    assert _sent(resources, SERIES_B) == 0


# --- 7. a play that changes after approval ---------------------------------------------------


@pytest.mark.opening("signals_ran")
def test_a_changed_play_stops_at_the_gate_while_others_keep_sending(defs, resources, instance, data_dir, env):
    _decide(resources, REVOPS, "approve")
    _decide(resources, DATA_STACK, "approve")
    for play in (REVOPS, DATA_STACK):
        assert dg.materialize(_outreach_assets(play), resources=resources, instance=instance).success
    revops_sent, data_sent = _sent(resources, REVOPS), _sent(resources, DATA_STACK)
    assert revops_sent > 0 and data_sent > 0

    _change_template(data_dir)
    revops_new = _new_account(data_dir, REVOPS, "alpha")
    data_new = _new_account(data_dir, DATA_STACK, "beta")
    report = run_due(defs, instance)

    assert not report.failed
    assert REVOPS in report.gate_closed and DATA_STACK not in report.gate_closed
    with resources["warehouse"].connect() as con:
        play = load_plays(data_dir / "plays").plays[REVOPS]
        assert approvals.approval_status(con, play).status == "changed_since_approval"
    assert _drafted(resources, REVOPS, revops_new) > 0, "the changed play drafted its new work"
    assert _query(resources, "select distinct play_version from message_drafts where play = ?", [REVOPS]) == [
        (_version(data_dir, REVOPS),)]
    assert _sent(resources, REVOPS) == revops_sent and not _sent_to(resources, revops_new)
    assert _sent(resources, DATA_STACK) == data_sent + 1 and _sent_to(resources, data_new), "the other play sends"

    shown = CommandLine().invoke(app, ["plays", "show", REVOPS], env=env)
    assert shown.exit_code == 0, shown.output
    assert "changed_since_approval" in shown.output
    lines = shown.output.splitlines()
    assert any(line.startswith("-") and "subject: '{role} at {company_name}'" in line for line in lines)
    assert any(line.startswith("+") and "subject: '{role} opening at {company_name}'" in line for line in lines)

    held = dg.materialize(_outreach_assets(REVOPS), resources=resources, instance=instance, raise_on_error=False)
    assert not held.success and _sent(resources, REVOPS) == revops_sent
    gate = _gate_evaluation(held).metadata
    assert gate["status"].value == "changed_since_approval"
    assert "+  subject: '{role} opening at {company_name}'" in gate["diff_since_last_approval"].value

    _decide(resources, REVOPS, "approve", by="Marco Li")
    assert dg.materialize(_outreach_assets(REVOPS), resources=resources, instance=instance).success
    assert _sent(resources, REVOPS) == revops_sent + 1 and _sent_to(resources, revops_new)


# --- 8. revocation, end to end with dg.materialize -------------------------------------------


@pytest.mark.opening("signals_ran")
def test_revoking_stops_new_sends_even_with_new_work(defs, resources, instance, data_dir):
    _decide(resources, REVOPS, "approve")
    assert dg.materialize(_outreach_assets(REVOPS), resources=resources, instance=instance).success
    sent = _sent(resources, REVOPS)
    assert sent == len(_outbox(resources)) > 0

    _decide(resources, REVOPS, "revoke", by="Lee Ops")
    newcomer = _new_account(data_dir, REVOPS, "gamma")
    _upstream(defs, instance)
    result = dg.materialize(_outreach_assets(REVOPS), resources=resources, instance=instance, raise_on_error=False)

    assert not result.success
    assert _gate_evaluation(result).metadata["status"].value == "revoked"
    assert "| Lee Ops | revoke |" in _gate_evaluation(result).metadata["decisions"].value
    assert _drafted(resources, REVOPS, newcomer) > 0, "there was new work to send"
    assert _sent(resources, REVOPS) == sent == len(_outbox(resources))
    assert not _sent_to(resources, newcomer)
    alone = _send_alone(resources, instance, REVOPS)
    assert not alone.success and f"is revoked: {REFUSAL}" in _failures(alone)
    assert _sent(resources) == sent


# --- 9. a removed play -----------------------------------------------------------------------


@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_a_removed_play_cannot_send_and_keeps_its_history(defs, resources, instance, data_dir):
    _decide(resources, REVOPS, "approve")
    waiting = _drafted(resources, REVOPS)
    assert waiting > 0, "approved drafts are waiting"

    (data_dir / "plays" / f"{REVOPS}.yaml").unlink()
    alone = _send_alone(resources, instance, REVOPS)
    assert not alone.success and f"play '{REVOPS}' cannot send: the play file is gone" in _failures(alone)
    assert _drafted(resources, REVOPS) == waiting
    job = _outreach(defs, instance, REVOPS)
    assert not job.success and _gate_evaluation(job).metadata["status"].value == "play file missing or invalid"
    requests, held, _ = _sensor_tick(defs, resources, instance, None)
    assert REVOPS not in {_play_of(r) for r in requests}, "the sensor stops asking for it"
    assert REVOPS not in {e.asset_key.path[0] for e in held}, "a play without a file has no gate to record"

    (data_dir / "plays" / f"{REVOPS}.yaml").write_text("name: [unclosed\n")
    broken = _send_alone(resources, instance, REVOPS)
    assert not broken.success and "invalid YAML" in _failures(broken)
    _nothing_sent(resources)

    assert instance.fetch_materializations(GRAPHS[REVOPS].drafts.key, limit=1).records, "its history stays"
    with resources["warehouse"].connect() as con:
        trail = approvals.history(con, REVOPS)
        assert [r["decision"] for r in trail] == ["approve"]
        assert approvals.version_content(con, REVOPS, trail[0]["version_hash"]) is not None, "what was approved"


# --- 10. two files claiming one play's name ---------------------------------------------------


def _outbox_text(resources) -> str:
    root = Path(resources["mail"].path)
    return "\n".join(m.as_string() for m in mailbox.Maildir(root, create=False)) if (root / "cur").exists() else ""


@pytest.mark.opening("signals_ran")
@pytest.mark.parametrize("copy", ["aa-copy.yaml", "zz-copy.yaml"])
def test_a_second_file_claiming_a_plays_name_holds_it_until_removed(defs, resources, instance, data_dir, env, copy):
    """Whichever file sorts first, the play sends nothing while two files claim it, says why in amber,
    and sends the approved version again, with no new decision, once the copy is removed."""
    _decide(resources, REVOPS, "approve")
    original = (data_dir / "plays" / f"{REVOPS}.yaml").read_text()
    (data_dir / "plays" / copy).write_text(original.replace(OLD_SUBJECT, '"UNAPPROVED {role}"'))
    files = ", ".join(sorted([copy, f"{REVOPS}.yaml"]))
    reason = f"2 files claim the name '{REVOPS}' ({files}); it sends nothing until a person removes all but one"
    versions = {p.source: p.version_hash for p in load_plays(data_dir / "plays").claimants[REVOPS]}
    said = {copy: f"{copy}: version {versions[copy]}, not approved",
            f"{REVOPS}.yaml": f"{REVOPS}.yaml: version {versions[f'{REVOPS}.yaml']}, the approved version"}
    which = reason.replace(files, "; ".join(said[f] for f in sorted(said)))  # what a person reads, with versions

    report = run_due(defs, instance)
    assert not report.failed and report.held[REVOPS] == f"{REVOPS}: held: {which}"
    alone = _send_alone(resources, instance, REVOPS)
    assert not alone.success and f"play '{REVOPS}' cannot send: held: {reason}" in _failures(alone)
    _nothing_sent(resources)
    requests, held, _ = _sensor_tick(defs, resources, instance, None)
    assert REVOPS not in {_play_of(r) for r in requests}
    gate = next(e for e in held if e.asset_key.path[0] == REVOPS)
    assert gate.severity == dg.AssetCheckSeverity.WARN and gate.description == f"{REVOPS}: held: {which}"
    assert gate.passed is False, "amber: a warning, never an error"
    status = CommandLine().invoke(app, ["status"], env=env)
    assert status.exit_code == 0 and f"Play held: {REVOPS}: {which}" in status.output, status.output
    assert "Invalid play file" not in status.output
    shown = CommandLine().invoke(app, ["plays", "show", REVOPS], env=env)
    assert shown.exit_code == 0 and shown.output == f"held: {which}\n", shown.output  # a wait, not an error
    listed = CommandLine().invoke(app, ["plays", "list", "--json"], env=env)
    assert listed.exit_code == 0 and json.loads(listed.output)["held"] == {REVOPS: which}
    with pytest.raises(ValueError) as refused:
        decide(REVOPS, "approve", "Dana Whitfield", "which file?", "0" * 16,
               warehouse_path=resources["warehouse"].path, plays_dir=resources["paths"].plays_dir)
    assert str(refused.value) == (f"play '{REVOPS}' is held and cannot be approved: {which}; {REVOPS}.yaml is the "
                                  "approved version: keep it (remove the other files) and it sends again without "
                                  "a new approval")

    (data_dir / "plays" / copy).unlink()
    report = run_due(defs, instance)
    assert REVOPS not in report.held and _sent(resources, REVOPS) > 0, "the approved file sends again"
    assert "UNAPPROVED" not in _outbox_text(resources)
    with resources["warehouse"].connect() as con:
        assert [r["decision"] for r in approvals.history(con, REVOPS)] == ["approve"], "no new decision"


@pytest.mark.opening("signals_ran")
@pytest.mark.parametrize("how", ["cli", "job"])
def test_a_revoke_while_a_play_is_held_stands_once_the_copy_is_removed(defs, resources, instance, data_dir, env,
                                                                      how):
    """A person who revokes a held play is heard: when the copy goes, the approved file stays stopped."""
    _decide(resources, REVOPS, "approve")
    approved = current_version(REVOPS, resources["paths"].plays_dir)
    original = (data_dir / "plays" / f"{REVOPS}.yaml").read_text()
    (data_dir / "plays" / "zz-copy.yaml").write_text(original.replace(OLD_SUBJECT, '"UNAPPROVED {role}"'))

    if how == "cli":
        revoked = CommandLine().invoke(app, ["revoke", REVOPS, "--by", "Lee Ops", "--note", "stop it"], env=env)
        assert revoked.exit_code == 0 and "Lee Ops → revoke" in revoked.output, revoked.output
    else:  # the Launchpad form, loaded before the copy came, naming the version it shows
        job = defs.resolve_job_def("record_play_decision").execute_in_process(run_config={"ops": {
            "record_decision_op": {"config": {"play": REVOPS, "version_hash": approved, "decision": "revoke",
                                              "decided_by": "Lee Ops", "note": "stop it"}}}},
            instance=instance, raise_on_error=False)
        assert job.success, _failures(job)
    refused = CommandLine().invoke(app, ["approve", REVOPS, "--version", approved, "--by", "Dana Whitfield"], env=env)
    assert refused.exit_code == 1 and f"play '{REVOPS}' is held and cannot be approved" in refused.output

    (data_dir / "plays" / "zz-copy.yaml").unlink()
    report = run_due(defs, instance)
    assert not report.failed and REVOPS in report.held and "revoked" in report.held[REVOPS]
    _nothing_sent(resources)
    with resources["warehouse"].connect() as con:
        trail = [(r["decision"], r["decided_by"], r["version_hash"]) for r in approvals.history(con, REVOPS)]
    assert trail[0] == ("approve", "Dana Whitfield", approved)
    assert ("revoke", "Lee Ops", approved) in trail[1:] and {d for d, _, _ in trail[1:]} == {"revoke"}
    assert not list((Path(f"{resources['warehouse'].path}.stop-requests")).glob("*.json")), "no request left"


# --- approval, revocation and change through the sensor --------------------------------------


class _Daemon:
    """The outreach sensor and the run queue: a run key already seen is never launched again.

    A tick answers, per play it acted on, whether the play was released: True for a run that
    succeeded, False for a run that failed or for a held play whose new state the tick recorded as
    a closed gate (such a play gets no run at all: ``held_runs`` counts any that did).
    """

    def __init__(self, defs, resources, instance):
        self.defs, self.resources, self.instance = defs, resources, instance
        self.cursor: str | None = None
        self.seen: set[str] = set()
        self.held_runs = 0

    def tick(self) -> dict[str, bool]:
        requests, held, self.cursor = _sensor_tick(self.defs, self.resources, self.instance, self.cursor)
        launched = {e.asset_key.path[0]: False for e in held}
        for request in requests:
            if request.run_key in self.seen:
                continue
            self.seen.add(request.run_key)
            play = _play_of(request)
            self.held_runs += play in launched
            result = self.defs.resolve_job_def(request.job_name).execute_in_process(
                instance=self.instance, tags=request.tags, raise_on_error=False)
            launched[play] = result.success
        return launched


@pytest.mark.opening("signals_ran")
def test_the_sensor_releases_stops_and_re_releases_a_play_as_decisions_change(defs, resources, instance, data_dir):
    (data_dir / "plays" / f"{DATA_STACK}.yaml").unlink()  # two plays are enough here, and quicker
    daemon = _Daemon(defs, resources, instance)
    assert daemon.tick() == {REVOPS: False, SERIES_B: False}
    assert daemon.tick() == {}, "nothing new, nothing launched"
    _nothing_sent(resources)

    # Approval: a new run key for that play only, and the run sends.
    _decide(resources, REVOPS, "approve")
    assert daemon.tick() == {REVOPS: True}
    sent = _sent(resources, REVOPS)
    assert sent == _sent(resources) == len(_outbox(resources)) > 0

    # Revocation: a new run key, and neither it nor the runs for new work send anything.
    _decide(resources, REVOPS, "revoke", by="Lee Ops")
    assert daemon.tick() == {REVOPS: False}
    first_new = _new_account(data_dir, REVOPS, "delta")
    _upstream(defs, instance)
    assert daemon.tick()[REVOPS] is False
    assert _drafted(resources, REVOPS, first_new) > 0
    assert _sent(resources) == sent and not _sent_to(resources, first_new)

    _decide(resources, REVOPS, "approve", by="Marco Li")
    assert daemon.tick() == {REVOPS: True}
    assert _sent_to(resources, first_new) and _sent(resources) == sent + 1

    # Change after approval: the new version's run stops at the gate until it is approved.
    _change_template(data_dir)
    assert daemon.tick() == {REVOPS: False}
    second_new = _new_account(data_dir, REVOPS, "epsilon")
    _upstream(defs, instance)
    assert daemon.tick()[REVOPS] is False
    assert _drafted(resources, REVOPS, second_new) > 0
    assert _sent(resources) == sent + 1 and not _sent_to(resources, second_new)

    _decide(resources, REVOPS, "approve", by="Dana Whitfield")
    assert daemon.tick() == {REVOPS: True}
    assert _sent_to(resources, second_new) and _sent(resources) == sent + 2
    assert daemon.held_runs == 0, "a held play never got a run"


@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_a_revocation_during_a_batch_stops_the_remaining_sends(defs, resources, instance):
    """The transport itself records a revocation after the first message; nothing else goes out."""
    from resources.mail import MaildirOutbox

    assert _drafted(resources, REVOPS) > 1 and _sent(resources, REVOPS) == 0
    _decide(resources, REVOPS, "approve")

    class RevokingOutbox(MaildirOutbox):
        def send(self, message):
            transport_id = super().send(message)
            _decide(resources, REVOPS, "revoke", by="Lee Ops")
            return transport_id

    revoking = {**resources, "mail": RevokingOutbox(path=resources["mail"].path)}
    result = dg.materialize([GRAPHS[REVOPS].sends], resources=revoking, instance=instance)
    assert result.success
    assert _sent(resources, REVOPS) == 1


@pytest.mark.parametrize("edit", ["template", "paused", "daily cap", "same short hash",
                                  "another file takes its name"])
@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_an_edit_of_the_play_file_during_a_batch_stops_the_remaining_sends(defs, resources, instance, data_dir,
                                                                          monkeypatch, edit):
    """The batch's drafts are of the version it began with: an edit (or a pause) of the file after the
    first message ends it, though no decision was recorded; so does a lowered daily cap, outside the
    version hash, which the batch was planned under. So does other content under the same short
    hash (two files crafted to share 64 bits, which no test can craft: the file's loader stands in), and
    another file that comes to declare the play's name (an edit in place: a new claim holds the play)."""
    from types import SimpleNamespace

    from resources.mail import MaildirOutbox
    from sdr_assets import send_loop

    assert _drafted(resources, REVOPS) > 1
    _decide(resources, REVOPS, "approve")
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    other = data_dir / "plays" / "a-revops-v2.yaml"  # a colleague's copy, under a name of its own
    other.write_text(path.read_text().replace(f"name: {REVOPS}", "name: a-revops-v2"))

    class EditingOutbox(MaildirOutbox):
        def send(self, message):
            transport_id = super().send(message)
            if edit == "another file takes its name" and f"name: {REVOPS}" not in other.read_text():
                text = other.read_text().replace("name: a-revops-v2", f"name: {REVOPS}")
                with open(other, "r+") as fh:  # in place: the folder's entries stay as they were
                    fh.write(text.replace('"{role} at {company_name}"', '"{role} opening at {company_name}"'))
                    fh.truncate()
            elif edit == "template" and NEW_SUBJECT not in path.read_text():
                _change_template(data_dir)
            elif edit == "paused" and "paused: true" not in path.read_text():
                path.write_text(path.read_text() + "paused: true\n")
            elif edit == "daily cap" and "daily_cap: 40" in path.read_text():
                path.write_text(path.read_text().replace("daily_cap: 40", "daily_cap: 1"))
            elif edit == "same short hash" and "# touched" not in path.read_text():
                path.write_text(path.read_text() + "# touched\n")  # a comment: the hash stays
                loaded = send_loop.load_plays

                def forged(plays_dir):
                    book = loaded(plays_dir)
                    play = dataclasses.replace(book.plays[REVOPS], content_sha256="0" * 64)
                    return SimpleNamespace(plays={**book.plays, REVOPS: play})

                monkeypatch.setattr(send_loop, "load_plays", forged)
            return transport_id

    editing = {**resources, "mail": EditingOutbox(path=resources["mail"].path)}
    result = dg.materialize([GRAPHS[REVOPS].sends], resources=editing, instance=instance)
    assert _sent(resources, REVOPS) == 1
    (event,) = result.get_asset_materialization_events()
    halted = event.materialization.metadata["halted"].value
    assert {"paused": "paused in its file", "daily cap": "daily_cap changed"}.get(edit, "file changed") in halted


@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_a_revocation_taken_where_the_play_hashes_otherwise_stops_it(defs, resources, instance, monkeypatch):
    """A shell with another model configured hashes the play otherwise: the revocation it records
    names a version the pipeline never sends, and still stops the play until a new approval."""
    _decide(resources, REVOPS, "approve")
    with monkeypatch.context() as shell:
        shell.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
        _decide(resources, REVOPS, "revoke", by="Lee Ops")
    with resources["warehouse"].connect() as con:
        assert len({d["version_hash"] for d in approvals.history(con, REVOPS)}) == 2
    blocked = _send_alone(resources, instance, REVOPS)
    assert not blocked.success and "revoked" in _failures(blocked)
    _nothing_sent(resources)
    _decide(resources, REVOPS, "approve", by="Sam Reyes")
    assert _send_alone(resources, instance, REVOPS).success and _sent(resources, REVOPS) > 0


@pytest.mark.parametrize("edit", ["template", "paused"])
@pytest.mark.opening("revops_gated")  # revops-hiring's outreach run stopped at its gate
def test_an_edit_of_the_play_file_before_the_batch_begins_sends_nothing(defs, resources, instance, data_dir,
                                                                        monkeypatch, edit):
    """An edit (or a pause) made after the send step read the file and opened the gate, while it plans
    the batch, is seen by the batch's first check: nothing of the version it read goes out."""
    from sdr_assets import sends

    _decide(resources, REVOPS, "approve")
    path = data_dir / "plays" / f"{REVOPS}.yaml"
    planned = sends.plan_sends
    plans = []

    def planned_then_edited(*args, **kwargs):
        plans.append(planned(*args, **kwargs))
        if edit == "template":
            _change_template(data_dir)
        else:
            path.write_text(path.read_text() + "paused: true\n")
        return plans[-1]

    monkeypatch.setattr(sends, "plan_sends", planned_then_edited)
    result = dg.materialize([GRAPHS[REVOPS].sends], resources=resources, instance=instance)
    assert plans[0].send, "the batch had messages to send"
    _nothing_sent(resources)
    (event,) = result.get_asset_materialization_events()
    halted = event.materialization.metadata["halted"].value
    assert ("paused in its file" if edit == "paused" else "file changed") in halted


EVIL = '"URGENT: wire the deposit for {company_name} today"'


@pytest.mark.opening("signals_ran")
def test_drafts_of_other_content_under_the_same_short_hash_are_never_sent(defs, resources, instance, data_dir,
                                                                         monkeypatch):
    """Drafts written while another file with the approved version's short hash stood in its place
    (two files crafted to share 64 bits: the loader stands in) are not the approved content's."""
    from sdr_assets.domain import plays as play_model

    path = data_dir / "plays" / f"{REVOPS}.yaml"
    approved_text = path.read_text()
    approved = load_plays(data_dir / "plays").plays[REVOPS]
    _decide(resources, REVOPS, "approve")
    written_by = play_model.Play.written_by

    def colliding(self, writer):
        play = written_by(self, writer)
        if play.content_sha256 != approved.content_sha256:
            return play_model.Play(**{**play.__dict__, "version_hash": approved.version_hash})
        return play

    monkeypatch.setattr(play_model.Play, "written_by", colliding)
    path.write_text(approved_text.replace(OLD_SUBJECT, EVIL))
    _new_account(data_dir, REVOPS, "zed")
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success  # drafts it
    monkeypatch.undo()
    path.write_text(approved_text)
    _outreach(defs, instance, REVOPS)
    assert _sent(resources, REVOPS) == 0, "the research too was of the other content: nothing is drafted from it"
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    _outreach(defs, instance, REVOPS)
    subjects = [str(m["Subject"]) for m in mailbox.Maildir(resources["mail"].path, create=False)]
    assert _sent(resources, REVOPS) > 0 and not [s for s in subjects if s.startswith("URGENT")], subjects
