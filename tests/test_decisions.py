"""The three ways to decide on a play (Launchpad job, CLI, notebook) write one approvals table."""

import json
import shlex
from datetime import UTC, datetime

import dagster as dg
import duckdb
import pytest
import yaml

from resources.store.approvals import approval_status as approvals_status
from resources.store.approvals import history as approvals_history
from sdr_assets.cli import app
from sdr_assets.decisions import decide
from sdr_assets.domain.approvals import ApprovalError, StaleVersionError
from sdr_assets.monitor_data import append_pauses, latest_decision_id
from sdr_assets.playbook import load_plays
from tests.command_line import CommandLine

PLAY = "revops-hiring"


def _hash(data_dir, play: str = PLAY) -> str:
    return load_plays(data_dir / "plays").plays[play].version_hash


@pytest.fixture
def env(data_dir, resources) -> dict[str, str]:
    """What the CLI sees: this test's data folder and clock, as tests/conftest.py set them."""
    return {"SDR_DATA_DIR": str(data_dir), "SDR_NOW": resources["policy"].now_override,
            "SDR_POSTAL_ADDRESS": resources["policy"].postal_address}


def _cli(env: dict[str, str], *args: str):
    result = CommandLine().invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _launchpad(defs, instance, **config):
    return defs.resolve_job_def("record_play_decision").execute_in_process(
        run_config={"ops": {"record_decision_op": {"config": config}}}, instance=instance, raise_on_error=False)


def _history(env: dict[str, str], play: str = PLAY) -> list[dict]:
    result = _cli(env, "plays", "history", play, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_job_cli_and_notebook_append_to_the_same_trail(defs, instance, resources, data_dir, env):
    version = _hash(data_dir)
    job = _launchpad(defs, instance, play=PLAY, version_hash=version, decision="approve",
                     decided_by="Dana Whitfield", note="samples read")
    assert job.success
    recorded = job.asset_materializations_for_node("record_decision_op")
    assert [m.asset_key.to_user_string() for m in recorded] == ["play_approvals"]
    assert recorded[0].metadata["decided_by"].value == "Dana Whitfield"
    cli = _cli(env, "revoke", PLAY, "--by", "Lee Ops", "--note", "pausing for the holidays")
    assert cli.exit_code == 0, cli.output
    assert "Lee Ops" in cli.output
    decide(PLAY, "approve", "Marco Li", "back on", version, warehouse_path=resources["warehouse"].path,
           plays_dir=resources["paths"].plays_dir)
    rejected = _cli(env, "reject", "series-b-funding", "--by", "Dana Whitfield")
    assert rejected.exit_code == 0, rejected.output

    trail = _history(env)
    assert [(r["decision"], r["decided_by"], r["note"], r["version_hash"]) for r in trail] == [
        ("approve", "Dana Whitfield", "samples read", version),
        ("revoke", "Lee Ops", "pausing for the holidays", version),
        ("approve", "Marco Li", "back on", version),
    ]
    assert [r["decision_id"] for r in trail] == sorted(r["decision_id"] for r in trail)
    assert [r["decision"] for r in _history(env, "series-b-funding")] == ["reject"]
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from play_approvals").fetchall()[0][0] == 4


def test_a_stale_hash_is_refused_everywhere_with_the_current_hash(defs, instance, resources, data_dir, env):
    current = _hash(data_dir)
    stale = "0123456789abcdef"

    job = _launchpad(defs, instance, play=PLAY, version_hash=stale, decision="approve", decided_by="Dana")
    assert not job.success
    failure = next(e for e in job.all_events if e.event_type_value == "STEP_FAILURE")
    assert current in str(failure.event_specific_data.error)

    cli = _cli(env, "approve", PLAY, "--by", "Dana", "--version", stale)
    assert cli.exit_code == 1
    assert current in cli.output and "not its current version" in cli.output

    with pytest.raises(StaleVersionError, match=current):
        decide(PLAY, "approve", "Dana", version=stale, warehouse_path=resources["warehouse"].path,
               plays_dir=resources["paths"].plays_dir)
    assert _history(env) == []


def test_a_decision_needs_a_name_and_a_known_play(defs, instance, resources, data_dir, env):
    cli = _cli(env, "approve", PLAY, "--version", _hash(data_dir), "--by", "  ")
    assert cli.exit_code == 1 and "name of the person" in cli.output
    missing_by = _cli(env, "approve", PLAY)
    assert missing_by.exit_code != 0, "--by is required"
    job = _launchpad(defs, instance, play=PLAY, version_hash=_hash(data_dir), decision="approve", decided_by="")
    assert not job.success
    unknown = _cli(env, "approve", "no-such-play", "--by", "Dana")
    assert unknown.exit_code == 1 and "revops-hiring" in unknown.output, "lists the known plays"
    with pytest.raises(ApprovalError):
        decide(PLAY, "approve", "", _hash(data_dir), warehouse_path=resources["warehouse"].path,
               plays_dir=resources["paths"].plays_dir)
    assert _history(env) == []


def test_an_approval_or_a_resume_names_the_version_reviewed_and_a_withdrawal_need_not(resources, data_dir, env):
    for decision, version in (("approve", []), ("resume", []), ("approve", ["--version", ""]),
                              ("approve", ["--version", "  "])):
        cli = _cli(env, decision, PLAY, *version, "--by", "Dana Whitfield")
        assert cli.exit_code == 1, cli.output
        assert f"name the version you reviewed: `sdr plays show {PLAY}` prints it" in " ".join(cli.output.split())
        assert _hash(data_dir) not in cli.output, "the refusal does not hand over a hash to paste unread"
        with pytest.raises(ApprovalError, match="version=HASH"):
            decide(PLAY, decision, "Dana Whitfield", version=version[-1] if version else None,
                   warehouse_path=resources["warehouse"].path, plays_dir=resources["paths"].plays_dir)
    assert _history(env) == []
    revoked = _cli(env, "revoke", PLAY, "--by", "Lee Ops")
    assert revoked.exit_code == 0, revoked.output
    assert [(r["decision"], r["version_hash"]) for r in _history(env)] == [("revoke", _hash(data_dir))]


def test_the_launchpad_approves_an_edit_of_paused_copy_only_over_the_pause(defs, instance, resources, data_dir,
                                                                            env):
    """The refusal names the pause in the run's failure; the form's over_pause field then records it."""
    paused = _hash(data_dir)
    assert _cli(env, "approve", PLAY, "--version", paused, "--by", "Dana Whitfield").exit_code == 0
    with resources["warehouse"].connect() as con:
        append_pauses(con, [{"event": "pause", "scope": "play", "play": PLAY, "play_version": paused,
                             "scope_value": PLAY, "recorded_at": datetime(2026, 11, 20, tzinfo=UTC),
                             "after_decision_id": latest_decision_id(con), "reason": "negative replies"}])
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace("following up once on my note", "following up once about my note"))
    edit = _hash(data_dir)
    form = {"play": PLAY, "version_hash": edit, "decision": "approve", "decided_by": "Lee Ops", "note": "reworded"}

    refused = _launchpad(defs, instance, **form)
    failure = next(e for e in refused.all_events if e.event_type_value == "STEP_FAILURE")
    assert not refused.success and f"the monitor paused version {paused}" in str(failure.event_specific_data.error)
    assert _launchpad(defs, instance, **form, over_pause=paused).success
    assert _history(env)[-1]["note"] == f"reworded (approved over the monitor's pause 1 of version {paused})"


def test_the_launchpad_form_is_typed(defs, instance, data_dir):
    with pytest.raises(dg.DagsterInvalidConfigError):
        _launchpad(defs, instance, play=PLAY, version_hash=_hash(data_dir), decision="approved", decided_by="Dana")
    with pytest.raises(dg.DagsterInvalidConfigError):
        _launchpad(defs, instance, play=PLAY, decision="approve", decided_by="Dana")


def test_the_launchpad_offers_the_plays_and_decisions_as_choices_with_the_current_versions(defs, data_dir):
    job = defs.resolve_job_def("record_play_decision")
    fields = job.run_config_schema.config_type.fields["ops"].config_type.fields["record_decision_op"] \
        .config_type.fields["config"].config_type.fields
    assert {v.config_value for v in fields["play"].config_type.enum_values} == {
        "data-stack-adopters", "revops-hiring", "series-b-funding"}
    assert {v.config_value for v in fields["decision"].config_type.enum_values} == {
        "approve", "reject", "revoke", "resume"}
    assert all(field.description for field in fields.values()), "every field is described"
    assert f"{PLAY}: {_hash(data_dir)}" in fields["version_hash"].description
    filled = job.run_config["ops"]["record_decision_op"]["config"]
    assert f"{filled['play']}: {filled['version_hash']}" in fields["version_hash"].description, "filled in, current"
    assert "fill in the form" not in job.description


def test_the_launchpad_loaded_while_a_play_is_held_still_revokes_it(resources, instance, data_dir):
    """Definitions loaded while two files claim a play still offer it, for a reject or revoke."""
    from sdr_assets.decision_job import record_play_decision_job

    version = _hash(data_dir)
    decide(PLAY, "approve", "Dana Whitfield", "read", version, warehouse_path=resources["warehouse"].path,
           plays_dir=data_dir / "plays")
    (data_dir / "plays" / "zz-copy.yaml").write_text((data_dir / "plays" / f"{PLAY}.yaml").read_text())
    job = record_play_decision_job(data_dir / "plays")
    fields = job.run_config_schema.config_type.fields["ops"].config_type.fields["record_decision_op"] \
        .config_type.fields["config"].config_type.fields
    assert f"{PLAY}: {version} ({PLAY}.yaml) or {version} (zz-copy.yaml)" in fields["version_hash"].description

    run = dg.Definitions(jobs=[job], resources=resources).resolve_job_def("record_play_decision").execute_in_process(
        run_config={"ops": {"record_decision_op": {"config": {
            "play": PLAY, "version_hash": version, "decision": "revoke", "decided_by": "Lee Ops"}}}},
        instance=instance, raise_on_error=False)

    assert run.success
    (data_dir / "plays" / "zz-copy.yaml").unlink()
    with resources["warehouse"].connect() as con:
        assert approvals_status(con, load_plays(data_dir / "plays").plays[PLAY]).status == "revoked"


@pytest.mark.parametrize("how", ["cli", "job"])
def test_a_held_play_none_of_whose_files_is_valid_is_revoked_against_its_approved_version(
        defs, instance, resources, data_dir, env, how):
    """A person can stop a play at any time: with every claiming file broken, the revoke is recorded
    against the version last approved, so restoring that file later does not send."""
    version = _hash(data_dir)
    assert _cli(env, "approve", PLAY, "--version", version, "--by", "Dana Whitfield").exit_code == 0
    path = data_dir / "plays" / f"{PLAY}.yaml"
    original = path.read_text()
    (data_dir / "plays" / "zz-copy.yaml").write_text(f"name: {PLAY}\nowner: [unclosed\n")
    path.write_text(original + "owner: [unclosed\n")
    assert load_plays(data_dir / "plays").claimants[PLAY] == ()

    if how == "cli":
        revoked = _cli(env, "revoke", PLAY, "--by", "Lee Ops", "--note", "stop it")
        assert revoked.exit_code == 0 and "Recorded decision" in revoked.output, revoked.output
    else:  # the form, loaded while held, with the version field left empty
        from sdr_assets.decision_job import record_play_decision_job

        job = record_play_decision_job(data_dir / "plays")
        run = dg.Definitions(jobs=[job], resources=resources).resolve_job_def(
            "record_play_decision").execute_in_process(run_config={"ops": {"record_decision_op": {"config": {
                "play": PLAY, "version_hash": "", "decision": "revoke", "decided_by": "Lee Ops",
                "note": "stop it"}}}}, instance=instance, raise_on_error=False)
        assert run.success, run.all_events

    trail = [(d["decision"], d["version_hash"]) for d in _history(env)]
    assert trail == [("approve", version), ("revoke", version)]
    assert "recorded against the version last approved" in _history(env)[-1]["note"]
    (data_dir / "plays" / "zz-copy.yaml").unlink()
    path.write_text(original)
    with resources["warehouse"].connect() as con:
        assert approvals_status(con, load_plays(data_dir / "plays").plays[PLAY]).status == "revoked"


def test_a_held_play_with_no_valid_file_is_withdrawn_at_the_version_named(resources, data_dir):
    (data_dir / "plays" / "zz-copy.yaml").write_text(f"name: {PLAY}\nowner: [unclosed\n")
    path = data_dir / "plays" / f"{PLAY}.yaml"
    original = path.read_text()
    path.write_text(original + "owner: [unclosed\n")
    where = {"warehouse_path": resources["warehouse"].path, "plays_dir": data_dir / "plays"}
    with pytest.raises(ApprovalError, match="no version of it was ever approved, so it sends nothing"):
        decide(PLAY, "reject", "Lee Ops", **where)

    decide(PLAY, "reject", "Lee Ops", "", "abcdef0123456789", **where)

    with resources["warehouse"].connect() as con:
        assert [(d["decision"], d["version_hash"]) for d in approvals_history(con, PLAY)] == [
            ("reject", "abcdef0123456789")]
    path.write_text(original)
    (data_dir / "plays" / "zz-copy.yaml").unlink()
    with resources["warehouse"].connect() as con:
        state = approvals_status(con, load_plays(data_dir / "plays").plays[PLAY])
    assert state.status == "pending" and state.approved_by is None


def test_a_held_play_is_withdrawn_once_per_claiming_version_and_the_cli_says_how_many(data_dir, env):
    version = _hash(data_dir)
    assert _cli(env, "approve", PLAY, "--version", version, "--by", "Dana Whitfield").exit_code == 0
    original = (data_dir / "plays" / f"{PLAY}.yaml").read_text()
    (data_dir / "plays" / "zz-copy.yaml").write_text(original.replace("Hi {first_name},", "Hello {first_name},", 1))
    copy = load_plays(data_dir / "plays").claimants[PLAY][-1].version_hash
    assert copy != version

    revoked = _cli(env, "revoke", PLAY, "--by", "Lee Ops")
    refused = _cli(env, "approve", PLAY, "--version", version, "--by", "Dana Whitfield")

    assert revoked.exit_code == 0 and "Recorded 2 decisions" in revoked.output, revoked.output
    assert "Recorded 2 decisions" in revoked.output and "one per claiming version: Lee Ops → revoke" in revoked.output
    assert {(d["decision"], d["version_hash"]) for d in _history(env)[1:]} == {("revoke", version), ("revoke", copy)}
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "keep the file you mean, then approve its version" in said, said
    assert "is the approved version:" not in said, "revoked: neither file is approved"


def test_a_held_play_whose_approved_file_is_kept_is_told_it_needs_no_new_approval(data_dir, env):
    version = _hash(data_dir)
    assert _cli(env, "approve", PLAY, "--version", version, "--by", "Dana Whitfield").exit_code == 0
    original = (data_dir / "plays" / f"{PLAY}.yaml").read_text()
    (data_dir / "plays" / "zz-copy.yaml").write_text(original.replace("Hi {first_name},", "Hello {first_name},", 1))

    refused = _cli(env, "approve", PLAY, "--version", version, "--by", "Dana Whitfield")

    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "then approve its version" not in said, said
    assert (f"{PLAY}.yaml is the approved version: keep it (remove the other files) and it sends again without a "
            "new approval") in said


def test_a_held_plays_pending_stop_request_is_shown_under_its_held_line(resources, data_dir, env):
    """A revoke whose command ended before recording it leaves a request that stops the kept file:
    `sdr plays list`, `sdr plays show` and `sdr status` say so under the held line."""
    from sdr_assets import stop_requests

    (data_dir / "plays" / "zz-copy.yaml").write_text((data_dir / "plays" / f"{PLAY}.yaml").read_text())
    folder = stop_requests.requests_folder(resources["warehouse"].path)
    with pytest.raises(RuntimeError), stop_requests.announced(folder, PLAY, "revoke", "Lee Ops",
                                                              datetime(2026, 11, 20, tzinfo=UTC)):
        raise RuntimeError("the command ended before recording it")
    said = "sends nothing: Lee Ops asked to revoke the play at 2026-11-20T00:00:00+00:00"

    listed, shown, status = (_cli(env, *args) for args in (["plays", "list"], ["plays", "show", PLAY], ["status"]))
    payload = json.loads(_cli(env, "plays", "list", "--json").output)
    summary = json.loads(_cli(env, "status", "--json").output)

    for result in (listed, shown, status):
        lines = result.output.splitlines()
        held = next(i for i, line in enumerate(lines) if line.startswith(("held:", "Play held:")))
        assert result.exit_code == 0 and f"{PLAY} {said}" in lines[held + 1], result.output
    asked = said.removeprefix("sends nothing: ")
    assert payload["held_stop_requests"][PLAY].startswith(asked)
    assert summary["held_stop_requests"][PLAY].startswith(asked)


def _copy_play(data_dir, source: str, name: str, **changes) -> None:
    doc = yaml.safe_load((data_dir / "plays" / f"{source}.yaml").read_text())
    (data_dir / "plays" / f"{name}.yaml").write_text(yaml.safe_dump({**doc, "name": name, **changes}))


def test_plays_list_and_status_show_every_state(data_dir, env):
    _copy_play(data_dir, PLAY, "revops-paused", paused=True)
    # Edited, so it is a play of its own: a copy with no edit is the same play, and its rejection would
    # stop revops-hiring too (tests/test_revoke_across_a_rename.py).
    variants = yaml.safe_load((data_dir / "plays" / f"{PLAY}.yaml").read_text())["variants"]
    _copy_play(data_dir, PLAY, "revops-rejected", variants=[{**v, "subject": f"{v['subject']}?"} for v in variants])
    assert _cli(env, "approve", PLAY, "--version", _hash(data_dir), "--by", "Dana").exit_code == 0
    paused = _hash(data_dir, "revops-paused")
    assert _cli(env, "approve", "revops-paused", "--version", paused, "--by", "Dana").exit_code == 0
    assert _cli(env, "reject", "revops-rejected", "--by", "Dana", "--note", "too pushy").exit_code == 0
    stack = _hash(data_dir, "data-stack-adopters")
    assert _cli(env, "approve", "data-stack-adopters", "--version", stack, "--by", "Marco").exit_code == 0
    path = data_dir / "plays" / "data-stack-adopters.yaml"
    path.write_text(path.read_text().replace("and clean account data", "and tidy account data"))
    (data_dir / "plays" / "broken.yaml").write_text("name: [unclosed\n")

    listed = _cli(env, "plays", "list", "--json")
    assert listed.exit_code == 0, listed.output
    payload = json.loads(listed.output)
    statuses = {p["play"]: p["status"] for p in payload["plays"]}
    assert statuses == {
        "revops-hiring": "approved", "series-b-funding": "pending", "data-stack-adopters": "changed_since_approval",
        "revops-rejected": "rejected", "revops-paused": "paused",
    }
    rows = {p["play"]: p for p in payload["plays"]}
    assert rows["revops-hiring"]["version"] == _hash(data_dir) and rows["revops-hiring"]["approved_by"] == "Dana"
    assert rows["data-stack-adopters"]["version"] == _hash(data_dir, "data-stack-adopters")
    assert rows["data-stack-adopters"]["last_approved_version"] != rows["data-stack-adopters"]["version"]
    assert "broken.yaml" in payload["invalid_files"]

    status = _cli(env, "status", "--json")
    assert status.exit_code == 0, status.output
    summary = json.loads(status.output)
    assert summary["tables"]["play_approvals"] == 4
    assert sorted(summary["pending_plays"]) == ["data-stack-adopters", "revops-rejected", "series-b-funding"]
    assert summary["paused_plays"] == ["revops-paused"]
    assert summary["escalations"] == 0
    assert "broken.yaml" in summary["invalid_play_files"]


def _held_lines(output: str, play: str) -> str:
    """What `sdr status` says of a held play: its line and the command printed under it."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {play} is "))
    return "\n".join(lines[start:start + 2])


def test_status_tells_each_held_play_the_step_that_lets_it_send(data_dir, env, resources):
    """A pause in the file is lifted by editing it, a monitor pause by a resume; neither counts as pending."""
    _copy_play(data_dir, PLAY, "revops-paused", paused=True)
    _copy_play(data_dir, PLAY, "revops-paused-new", paused=True)
    for play in (PLAY, "revops-paused"):
        assert _cli(env, "approve", play, "--version", _hash(data_dir, play), "--by", "Dana Whitfield").exit_code == 0
    with resources["warehouse"].connect() as con:
        append_pauses(con, [{"event": "pause", "scope": "play", "play": PLAY, "play_version": _hash(data_dir),
                             "scope_value": PLAY, "recorded_at": datetime(2026, 11, 20, tzinfo=UTC),
                             "after_decision_id": latest_decision_id(con), "reason": "negative replies"}])

    summary = json.loads(_cli(env, "status", "--json").output)
    assert summary["pending_plays"] == ["data-stack-adopters", "series-b-funding"]
    assert sorted(summary["paused_plays"]) == [PLAY, "revops-paused", "revops-paused-new"]
    output = _cli(env, "status").output
    assert f"paused: 3 ({', '.join(p['play'] for p in summary['plays'] if p['play'] in summary['paused_plays'])})" \
        in output
    assert "sdr approve" not in output.replace("sdr approve data-stack-adopters", "").replace(
        "sdr approve series-b-funding", ""), "no paused play is told to approve"
    assert "remove that line" in _held_lines(output, "revops-paused") and "then approve" not in \
        _held_lines(output, "revops-paused")
    assert "remove that line" in _held_lines(output, "revops-paused-new") and "then approve" in \
        _held_lines(output, "revops-paused-new")
    resume = _held_lines(output, PLAY).splitlines()[1].split()
    assert resume[:2] == ["sdr", "resume"]
    resumed = _cli(env, *shlex.split(" ".join(resume[1:]).replace('"Your Name"', '"Dana Whitfield"')))
    assert resumed.exit_code == 0, resumed.output
    assert PLAY not in json.loads(_cli(env, "status", "--json").output)["paused_plays"]


def test_history_reads_no_decisions_without_a_table_and_a_legacy_tables_modes_from_its_reviewers():
    con = duckdb.connect()
    assert approvals_history(con, "p") == []
    con.execute("create view play_approvals as select 1 as decision_id, 'p' as play, 'v1' as version_hash, "
                "'approve' as decision, 'demo' as decided_by, now() as decided_at, '' as note")
    [legacy] = approvals_history(con, "p")
    assert (legacy["decided_by"], legacy["mode"], legacy["content_sha256"]) == ("demo", "demo", None)
    assert approvals_history(con, "q") == []
