"""`sdr suppress add/list/lift` and the Launchpad job, with domains and every spelling of an address."""

import json
import unicodedata
from datetime import datetime, timedelta


from resources.defaults import build_resources
from sdr_assets import optout_log
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from sdr_assets.suppression import current_suppressions
from tests.command_line import CommandLine
from tests.suppression_folds import fold_suppressions

RUN_NOW = "2026-11-20T09:00:00+00:00"
runner = CommandLine()


def _sdr(env, *args):
    return runner.invoke(app, list(args), env=env)


def _listed(env) -> dict[str, str]:
    result = _sdr(env, "suppress", "list", "--json")
    assert result.exit_code == 0, result.output
    return {r["email"]: r["reasons"] for r in json.loads(result.output)}


def test_add_list_and_lift_with_domains_and_spellings(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    nfd = unicodedata.normalize("NFD", "José@Bücher.example")
    assert _sdr(env, "suppress", "add", nfd, "--by", "Dana", "--reason", "asked at a fair").exit_code == 0
    assert _sdr(env, "suppress", "add", "@XN--Mller-kva.example", "--by", "Dana", "--reason", "customer").exit_code == 0
    assert _sdr(env, "suppress", "add", "not an address", "--by", "Dana", "--reason", "x").exit_code == 1
    assert _sdr(env, "suppress", "add", "a@b.example", "--by", " ", "--reason", "x").exit_code == 1
    optout_log.append(tmp_path, "k1", "ann@acme.example", datetime.fromisoformat(RUN_NOW))
    assert _listed(env) == {"josé@xn--bcher-kva.example": "manual", "@xn--mller-kva.example": "manual",
                            "ann@acme.example": "unsubscribe_link"}, "clicks not yet ingested are listed too"
    status = _sdr(env, "status", "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["optouts_not_ingested"] == 1
    table = _sdr(env, "suppress", "list")
    assert "josé@xn--bcher-kva.example" in table.output and "Dana" in table.output

    resources = build_resources(env)
    with resources["warehouse"].connect() as con:
        current = current_suppressions(con, tmp_path)
    assert current.reason_for("jose\u0301+promo@xn--bcher-kva.example") == "manual"
    assert current.reason_for("x@eu.müller.example") == "manual (domain @xn--mller-kva.example)"
    assert current.reason_for("x@mueller.example") is None

    lifted = _sdr(env, "suppress", "lift", "JOSÉ@bücher.example", "--by", "Dana", "--reason", "wants to hear from us")
    assert lifted.exit_code == 0 and "manual" in lifted.output
    refused = _sdr(env, "suppress", "lift", "josé@bücher.example", "--by", "Dana", "--reason", "again")
    assert refused.exit_code == 1 and "no entry" in refused.output
    assert _sdr(env, "suppress", "lift", "@müller.example", "--by", "Dana", "--reason", "").exit_code == 1
    assert "@xn--mller-kva.example" in _listed(env)
    assert "josé@xn--bcher-kva.example" not in _listed(env)


def test_an_unsubscribe_cannot_be_lifted_from_the_command_line(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    optout_log.append(tmp_path, "k1", "ann@acme.example", datetime.fromisoformat(RUN_NOW))
    fold_suppressions(build_resources(env))
    result = _sdr(env, "suppress", "lift", "Ann@ACME.example", "--by", "Dana", "--reason", "she called")
    assert result.exit_code == 1 and "unsubscribe_link cannot be lifted" in result.output
    assert _listed(env) == {"ann@acme.example": "unsubscribe_link"}


def test_lifting_a_gmail_spelling_lifts_the_mailbox_and_says_what_stays(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    assert _sdr(env, "suppress", "add", "jane.doe@gmail.com", "--by", "Dana", "--reason", "by phone").exit_code == 0
    optout_log.append(tmp_path, "k1", "janedoe@googlemail.com", datetime.fromisoformat(RUN_NOW))
    fold_suppressions(build_resources(env))
    result = _sdr(env, "suppress", "lift", "JaneDoe@gmail.com", "--by", "Dana", "--reason", "entered twice")
    assert result.exit_code == 0, result.output
    assert "lifted manual on JaneDoe@gmail.com. It stays suppressed: unsubscribe_link." in result.output
    assert _listed(env) == {"janedoe@googlemail.com": "unsubscribe_link"}


def test_the_launchpad_job_adds_an_entry_under_a_name(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    defs = build_definitions(build_resources(env))
    job = defs.resolve_job_def("record_suppression")

    def launch(target, by):
        return job.execute_in_process(raise_on_error=False, run_config={"ops": {"add_suppression_op": {"config": {
            "target": target, "recorded_by": by, "reason": "do-not-contact list from legal"}}}})

    assert launch("@Rival.example", "Dana Whitfield").success
    failed = launch("@", "Dana Whitfield")
    assert not failed.success
    assert _listed(env) == {"@rival.example": "manual"}
    assert not launch("x@rival.example", " ").success


def test_an_entry_the_warehouse_cannot_take_stands_and_the_next_ingestion_records_it(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    warehouse = tmp_path / "warehouse.duckdb"
    warehouse.write_bytes(b"a restore that went wrong")
    result = _sdr(env, "suppress", "add", "Sam@acme.example", "--by", "Dana", "--reason", "said no")
    assert result.exit_code == 0, result.output
    assert "Every send honours it from now on" in result.stderr and "not a DuckDB database file" in result.stderr
    assert "Traceback" not in result.output
    warehouse.unlink()
    assert _listed(env) == {"sam@acme.example": "manual"}, "honoured before the warehouse records it"
    resources = build_resources(env)
    fold_suppressions(resources)
    with resources["warehouse"].connect() as con:
        assert con.execute("select email, reason, recorded_by from suppression_list").fetchall() == [
            ("sam@acme.example", "manual", "Dana")]


def test_the_launchpad_job_keeps_an_entry_the_warehouse_cannot_take(tmp_path, capfd):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": RUN_NOW}
    (tmp_path / "warehouse.duckdb").write_bytes(b"a restore that went wrong")
    job = build_definitions(build_resources(env)).resolve_job_def("record_suppression")
    result = job.execute_in_process(run_config={"ops": {"add_suppression_op": {"config": {
        "target": "@rival.example", "recorded_by": "Dana Whitfield", "reason": "do-not-contact list from legal"}}}})
    assert result.success and "WARNING" in (err := capfd.readouterr().err) and "the next run records it there" in err
    (tmp_path / "warehouse.duckdb").unlink()
    assert _listed(env) == {"@rival.example": "manual"}


def test_a_lifted_mailbox_is_not_suppressed_again_by_undated_bounces_read_before_the_lift(tmp_path):
    """Soft bounces without a readable Date count as of when they were read, on every run: after a lift,
    one more bounce does not make them the third again."""
    import polars as pl

    from resources.warehouse import replace_rows
    from sdr_assets.replies import CLASSIFICATION_SCHEMA, RAW_REPLY_DDL

    start = datetime.fromisoformat(RUN_NOW)
    base = {name: None for name in CLASSIFICATION_SCHEMA} | {
        "recipients": '["full@acme.example"]', "optout_targets": "[]", "kind": "bounce", "hard": False}
    bounces: list[tuple[dict, datetime]] = []

    def bounce(day: int, dated: bool) -> None:
        at = start + timedelta(days=day)
        bounces.append(({**base, "message_id": f"<s{day}@mx>", "received_at": at if dated else None}, at))

    def run(day: int) -> dict[str, str]:
        env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": (start + timedelta(days=day)).isoformat()}
        resources = build_resources(env)
        with resources["warehouse"].connect() as con:
            con.execute(RAW_REPLY_DDL)
            con.execute("delete from raw_replies")
            con.executemany("insert into raw_replies values (?, 'k', ''::blob, ?)",
                            [[row["message_id"], at] for row, at in bounces])
            replace_rows(con, "reply_classifications",
                         pl.DataFrame([row for row, _ in bounces], schema=CLASSIFICATION_SCHEMA))
        fold_suppressions(resources)
        return _listed(env)

    for day in range(3):
        bounce(day, dated=False)
    assert run(3) == {"full@acme.example": "repeated_soft_bounce"}
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": (start + timedelta(days=4)).isoformat()}
    lifted = _sdr(env, "suppress", "lift", "full@acme.example", "--by", "Dana", "--reason", "mailbox has room")
    assert lifted.exit_code == 0, lifted.output
    bounce(5, dated=True)
    assert run(6) == {} and run(9) == {}, "one bounce since the lift"
    bounce(10, dated=False)
    bounce(11, dated=True)
    assert run(12) == {"full@acme.example": "repeated_soft_bounce"}, "the third since the lift"
