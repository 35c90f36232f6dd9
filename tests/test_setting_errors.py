"""A setting that cannot be used is refused by name, and `sdr` says so in one line, without a traceback."""

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from resources import clock
from resources.config import WarehouseFile, settings_from_env
from resources.defaults import build_resources
from resources.service_config import check_settings
from resources.setting import SettingError, number
from resources.tables import one, table_exists
from sdr_assets import cli
from tests.approving import current_version
from tests.conftest import PLAYS
from tests.crash_harness import SDR

# Each numeric setting, with what makes the resource that reads it part of the build.
NUMBERS = {
    "SDR_MAILBOX_DAILY_CAP": {}, "SDR_WARMUP_MAX_IDLE_DAYS": {}, "SDR_DELIVERABILITY_WINDOW_DAYS": {},
    "SDR_COMPLAINT_BURST_HOURS": {}, "SDR_COMPLAINT_BURST_MIN": {}, "SDR_MAX_BOUNCE_RATE": {},
    "SDR_MAX_COMPLAINT_RATE": {}, "SDR_WARN_COMPLAINT_RATE": {}, "SDR_MONITOR_BASELINE": {},
    "SDR_MONITOR_ARRIVAL_HALF_LIFE_HOURS": {}, "SDR_MONITOR_ARRIVAL_PRIOR_REPLIES": {},
    "SDR_SEND_LOCK_TIMEOUT": {}, "SDR_REPLY_MAX_LAG_MINUTES": {}, "SDR_ESCALATION_SLA_HOURS": {},
    "SDR_WAREHOUSE_WAIT_MINUTES": {}, "SDR_SERVE_MAX_SILENCE_MINUTES": {}, "SDR_SIGNAL_FILE_SETTLE_SECONDS": {},
    "SDR_SIGNAL_FILE_MAX_MB": {}, "SDR_MX_TTL_HOURS": {},
    "SDR_SMTP_PORT": {"SDR_SMTP_HOST": "127.0.0.1"}, "SDR_SMTP_TIMEOUT": {"SDR_SMTP_HOST": "127.0.0.1"},
    "SDR_IMAP_PORT": {"SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PASSWORD": "secret"},
    "SDR_IMAP_TIMEOUT": {"SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PASSWORD": "secret"},
    "SDR_SIGNAL_FEED_PAGE_SIZE": {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"},
    "SDR_SIGNAL_FEED_LIMIT": {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"},
    "SDR_SIGNAL_FEED_MAX_REQUESTS": {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"},
    "SDR_ENRICHMENT_CONCURRENCY": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"},
    "SDR_ENRICHMENT_TIMEOUT": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"}, "SDR_ENRICHMENT_TTL_DAYS": {},
    "SDR_ENRICHMENT_MAX_PAGES": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"},
    "SDR_ENRICHMENT_STOP_AFTER": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"},
    **{name: {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"} for name in (
        "SDR_MODEL_TIMEOUT", "SDR_MODEL_CONCURRENCY", "SDR_MODEL_RPM", "SDR_MODEL_TPM", "SDR_MODEL_BUDGET")},
}


def test_a_number_is_read_its_default_stands_for_blank_and_anything_else_is_refused_by_name():
    assert number({"N": " 12 "}, "N", "5") == 12 and number({}, "N", "5") == 5 and number({"N": ""}, "N", "5") == 5
    assert number({"R": "0.5"}, "R", "1", float) == 0.5 and number({}, "R", None, float) is None
    for kind, bad in ((int, "abc"), (int, "2.5"), (float, "nan"), (float, "inf"), (float, "1,5")):
        with pytest.raises(SettingError, match=rf"^N must be a (whole )?number, not '{bad}'$"):
            number({"N": bad}, "N", "1", kind)


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_every_numeric_setting_is_refused_by_name(tmp_path, name):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street", **NUMBERS[name]}
    build_resources(env)  # the companions alone build
    with pytest.raises(SettingError, match=f"^{name} must be a"):
        build_resources({**env, name: "many"})


@pytest.mark.parametrize("zone", ["Mars/Olympus", "US", "Europe", "Etc", "../etc"])
def test_a_business_time_zone_that_is_no_zone_is_refused_by_name(tmp_path, zone):
    """A region's folder (US, Europe) is no zone: the lookup fails on the folder, not on a name."""
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_BUSINESS_TIMEZONE": zone}
    with pytest.raises(SettingError, match=r"^SDR_BUSINESS_TIMEZONE must be an IANA time zone"):
        build_resources(env)
    assert settings_from_env({**env, "SDR_BUSINESS_TIMEZONE": "America/New_York"})


def test_an_unsubscribe_url_no_link_could_be_built_on_is_refused_by_name(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street"}
    assert build_resources({**env, "SDR_UNSUBSCRIBE_URL": "https://mail.acme.example/u/"})["policy"].unsubscribe_url \
        == "https://mail.acme.example/u/"
    for bad in ("https://mail.acme.example/u?src=email", "https://mail.acme.example/u#x", "http://mail.acme.example/u",
                "https://mail.acme.example/a b"):
        with pytest.raises(SettingError, match=r"^SDR_UNSUBSCRIBE_URL must "):
            build_resources({**env, "SDR_UNSUBSCRIBE_URL": bad})


@pytest.mark.parametrize("setting", [("SDR_MAILBOX_DAILY_CAP", "abc"), ("SDR_MODE", "xyz"),
                                     ("SDR_DUCKDB_THREADS", "0"),
                                     ("SDR_UNSUBSCRIBE_URL", "https://outreach.example/unsubscribe?src=email")])
def test_sdr_prints_the_refusal_as_an_error_line_and_exits_1(tmp_path, monkeypatch, capsys, setting):
    name, value = setting
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(name, value)
    monkeypatch.setattr("resources.attachments.ATTACHMENTS._db", None)  # the process's DuckDB, opened anew
    with pytest.raises(SystemExit) as exited:
        cli.main(["status"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith(f"error: {name} must be") and value in out.err and out.out == "", out
    assert "Traceback" not in out.out + out.err


def _env(tmp_path, **settings) -> dict[str, str]:
    return {"SDR_DATA_DIR": str(tmp_path), "SDR_DEMO_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street",
            **settings}


@pytest.mark.parametrize("bad", ["abc", "2026-13-01", "0001-01-01T00:00:00+05:00", "yesterday 9am"])
def test_sdr_now_that_is_no_iso_timestamp_is_refused_by_name(tmp_path, monkeypatch, bad):
    message = rf"^SDR_NOW must be an ISO timestamp such as 2026-11-20T09:00:00\+00:00, not '{re.escape(bad)}'$"
    with pytest.raises(SettingError, match=message):
        settings_from_env(_env(tmp_path, SDR_NOW=bad))
    monkeypatch.setenv("SDR_NOW", bad)
    with pytest.raises(SettingError, match=message):  # what reads the clock directly (a decision, a referral)
        clock.now()
    monkeypatch.setenv("SDR_NOW", " 2026-11-20T09:00:00Z ")
    assert clock.now() == datetime(2026, 11, 20, 9, tzinfo=UTC)
    assert settings_from_env(_env(tmp_path, SDR_NOW=" "))["policy"].now_override is None


def _one_error_line(out, name: str, value: str) -> None:
    assert out.err.startswith(f"error: {name} must be") and value in out.err and out.out == "", out
    assert out.err.count("\n") == 1 and "Traceback" not in out.out + out.err, out


@pytest.mark.parametrize("command", [["status"], ["inbox"], ["plays", "list"],
                                     ["approve", "revops-hiring", "--version", current_version("revops-hiring", PLAYS),
                                      "--by", "Dana Whitfield"]])
def test_every_quick_command_refuses_a_bad_sdr_now_and_records_nothing(tmp_path, monkeypatch, capsys, command):
    shutil.copytree(PLAYS, tmp_path / "plays")
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SDR_NOW", "abc")
    with pytest.raises(SystemExit) as exited:
        cli.main(command)
    assert exited.value.code == 1
    _one_error_line(capsys.readouterr(), "SDR_NOW", "'abc'")
    if (tmp_path / "warehouse.duckdb").exists():
        with WarehouseFile(path=str(tmp_path / "warehouse.duckdb")).connect() as con:
            assert not table_exists(con, "play_approvals") or not one(con, "select count(*) from play_approvals")[0]


# In each setting, the one refused last.
@pytest.mark.parametrize("setting", [
    {"SDR_NOW": "abc"}, {"SDR_ENRICHMENT_ORDER": "abc"}, {"SDR_REFUSE_DISPOSABLE": "treu"},
    {"SDR_MAILBOX_DAILY_CAP": "-5"},
    {"SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PASSWORD": "x", "SDR_IMAP_SECURITY": "abc"},
    {"SDR_IMAP_HOST": "127.0.0.1"}, {"SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_SECURITY": "abc"},
    {"SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": "99999"}, {"SDR_DUCKDB_THREADS": "0"},
], ids=lambda setting: ",".join(f"{k}={v}" for k, v in setting.items()))
def test_sdr_run_refuses_a_bad_setting_in_one_line_before_any_dagster_run(tmp_path, monkeypatch, capsys, setting):
    """In this process, as the quick commands are: what `sdr run` imports before it refuses is
    ``test_sdr_run_and_demo_refuse_a_bad_setting_before_they_import_the_pipeline``'s, in its own."""
    shutil.copytree(PLAYS, tmp_path / "plays")
    for key, value in {"SDR_DATA_DIR": str(tmp_path), "DAGSTER_HOME": str(tmp_path / "dagster_home"),
                       **setting}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(cli, "_import_pipeline", lambda: pytest.fail("the pipeline was imported before the refusal"))
    with pytest.raises(SystemExit) as exited:
        cli.main(["run"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.err.startswith("error: SDR_") and out.err.count("\n") == 1, out.err
    assert list(setting)[-1] in out.err, out.err
    assert out.out == "", out.out
    assert "Traceback" not in out.out + out.err and "STEP_FAILURE" not in out.out + out.err
    assert not (tmp_path / "dagster_home").exists(), "no Dagster run was started"
    assert not (tmp_path / "warehouse.duckdb").exists(), "nothing ran"


# `sdr` as its script runs it, each command of argv[1] in turn in the environment given, saying on
# stdout what it wrote and which of the pipeline's packages were imported by the time it ended.
SDR_REPORTING_IMPORTS = """
import contextlib, io, json, os, sys
from sdr_assets.cli import main
heavy = ("dagster", "great_expectations", "polars")
caller = dict(os.environ)
for command, env in json.loads(sys.argv[1]):
    os.environ.clear()
    os.environ.update({**caller, **env})
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(command)
            code = 0
        except SystemExit as exc:
            code = exc.code
    print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                      "imported": [name for name in heavy if name in sys.modules]}))
"""
REFUSED = [
    (["run"], {"SDR_MAILBOX_DAILY_CAP": "abc"}), (["run"], {"SDR_IMAP_HOST": "127.0.0.1"}),
    (["run"], {"SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_PORT": "99999"}), (["run"], {"SDR_DUCKDB_THREADS": "0"}),
    (["run"], {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "SDR_MODEL_RPM": "-60"}),
    (["demo"], {"SDR_NOW": "abc"}), (["demo"], {"SDR_ENRICHMENT_ORDER": "abc"}),
    (["demo", "--smtp"], {"SDR_SMTP_HOST": "127.0.0.1", "SDR_SMTP_SECURITY": "abc"}),
]  # in each setting, the one refused last


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> list[dict]:
    """What each of ``REFUSED`` did, run in turn in one fresh interpreter, each with its own folders:
    no package is imported by the time a command ended only if no command before it imported it."""
    root = tmp_path_factory.mktemp("refusals")
    cases = [(command, {"SDR_DATA_DIR": str(root / str(n)), "SDR_DEMO_DIR": str(root / str(n) / "demo"),
                        "DAGSTER_HOME": str(root / str(n) / "dagster_home"), **setting})
             for n, (command, setting) in enumerate(REFUSED)]
    result = subprocess.run([sys.executable, "-c", SDR_REPORTING_IMPORTS, json.dumps(cases)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0 and result.stderr == "", result.stdout + result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(reports) == len(REFUSED), result.stdout
    return reports


@pytest.mark.parametrize("case", range(len(REFUSED)), ids=[
    " ".join(command) + "-" + ",".join(f"{k}={v}" for k, v in setting.items()) for command, setting in REFUSED])
def test_sdr_run_and_demo_refuse_a_bad_setting_before_they_import_the_pipeline(refusals, case):
    report = refusals[case]
    assert report["code"] == 1, report
    assert report["out"] == "", report
    assert report["err"].startswith("error: SDR_") and report["err"].count("\n") == 1, report
    assert list(REFUSED[case][1])[-1] in report["err"], report
    assert report["imported"] == [], report


def test_sdr_demo_refuses_a_bad_sdr_now_before_it_makes_its_world(tmp_path):
    env = {**os.environ, "SDR_DEMO_DIR": str(tmp_path / "demo"), "SDR_NOW": "abc"}
    result = subprocess.run([str(SDR), "demo"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("error: SDR_NOW must be an ISO timestamp"), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "demo").exists(), "no world generated, no run"


# A value each numeric setting refuses although it is a number, with the rest of its message.
OUT_OF_RANGE = {
    "SDR_MAILBOX_DAILY_CAP": ("-5", "0 or more"), "SDR_DELIVERABILITY_WINDOW_DAYS": ("0", "1 or more"),
    "SDR_WARMUP_MAX_IDLE_DAYS": ("0", "1 or more"),
    # The burst is read inside the window: at most its 14 days of hours.
    "SDR_COMPLAINT_BURST_HOURS": ("337", "from 1 to 336"), "SDR_COMPLAINT_BURST_MIN": ("0", "1 or more"),
    # A rate is a share of sends: 2 meant as 2 % would never be reached.
    "SDR_MAX_BOUNCE_RATE": ("2", "from 0 to 1"), "SDR_MAX_COMPLAINT_RATE": ("0", "more than 0 and at most 1"),
    "SDR_WARN_COMPLAINT_RATE": ("-1", "more than 0 and at most 1"), "SDR_MONITOR_BASELINE": ("1.5", "from 0 to 1"),
    "SDR_MONITOR_ARRIVAL_HALF_LIFE_HOURS": ("0", "more than 0"),
    "SDR_MONITOR_ARRIVAL_PRIOR_REPLIES": ("-1", "0 or more"),
    "SDR_SEND_LOCK_TIMEOUT": ("-1", "0 or more"), "SDR_REPLY_MAX_LAG_MINUTES": ("1e12", "from 0 to 1440"),
    "SDR_WAREHOUSE_WAIT_MINUTES": ("-5", "0 or more"), "SDR_SIGNAL_FILE_SETTLE_SECONDS": ("-1", "from 0 to 3600"),
    "SDR_SIGNAL_FILE_MAX_MB": ("0", "1 or more"), "SDR_MX_TTL_HOURS": ("9000", "from 0 to 8760"),
    # `sdr serve` beats every half minute: under a minute would stop sending between two beats.
    "SDR_SERVE_MAX_SILENCE_MINUTES": ("0.5", "from 1 to 1440"),
    "SDR_ESCALATION_SLA_HOURS": ("-4", "0 or more"), "SDR_SMTP_PORT": ("99999", "from 1 to 65535"),
    "SDR_SMTP_TIMEOUT": ("0", "more than 0"),
    "SDR_IMAP_PORT": ("0", "from 1 to 65535"), "SDR_IMAP_TIMEOUT": ("0", "more than 0"), "SDR_SIGNAL_FEED_PAGE_SIZE": ("0", "1 or more"),
    "SDR_SIGNAL_FEED_LIMIT": ("-1", "1 or more"), "SDR_SIGNAL_FEED_MAX_REQUESTS": ("0", "1 or more"),
    "SDR_ENRICHMENT_CONCURRENCY": ("0", "1 or more"),
    "SDR_ENRICHMENT_TIMEOUT": ("0", "more than 0"), "SDR_ENRICHMENT_TTL_DAYS": ("1e12", "from 0 to 36500"),
    "SDR_ENRICHMENT_MAX_PAGES": ("0", "1 or more"), "SDR_ENRICHMENT_STOP_AFTER": ("0", "1 or more"),
    "SDR_MODEL_TIMEOUT": ("-3", "more than 0"), "SDR_MODEL_CONCURRENCY": ("0", "1 or more"),
    "SDR_MODEL_RPM": ("-60", "0 or more"), "SDR_MODEL_TPM": ("-1", "0 or more"),
    "SDR_MODEL_BUDGET": ("-1", "0 or more"),
}
# The settings of the services, with what makes each service part of the build.
SMTP, IMAP = {"SDR_SMTP_HOST": "127.0.0.1"}, {"SDR_IMAP_HOST": "127.0.0.1", "SDR_IMAP_PASSWORD": "secret"}
FEED = {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"}
SWITCHES = ("SDR_ALLOW_ROLE_ADDRESSES", "SDR_REFUSE_DISPOSABLE", "SDR_CHECK_MX")


def test_every_numeric_setting_has_a_range():
    assert sorted(OUT_OF_RANGE) == sorted(NUMBERS)


@pytest.mark.parametrize("name", sorted(OUT_OF_RANGE))
def test_every_numeric_setting_refuses_a_number_out_of_its_range(tmp_path, name):
    bad, what = OUT_OF_RANGE[name]
    with pytest.raises(SettingError, match=rf"^{name} must be {what}, not '{bad}'$"):
        build_resources(_env(tmp_path, **NUMBERS[name], **{name: bad}))


def test_the_burst_lines_are_settings_of_the_guard(tmp_path):
    limits = build_resources(_env(tmp_path, SDR_COMPLAINT_BURST_HOURS="6",
                                  SDR_COMPLAINT_BURST_MIN="5"))["policy"].deliverability_limits()
    assert (limits.burst_hours, limits.burst_min_complaints) == (6, 5)


def test_a_warm_up_that_would_begin_again_inside_the_guards_window_is_refused_by_name(tmp_path):
    """The guard reads a mailbox's ramp from where it stood when the window opened: a warm-up begun
    again inside the window is not modelled, so the idle days may not be fewer than the window's."""
    with pytest.raises(SettingError, match=r"^SDR_WARMUP_MAX_IDLE_DAYS must be at least "
                                           r"SDR_DELIVERABILITY_WINDOW_DAYS \(14\), not '7'$"):
        build_resources(_env(tmp_path, SDR_WARMUP_MAX_IDLE_DAYS="7"))
    assert build_resources(_env(tmp_path, SDR_WARMUP_MAX_IDLE_DAYS="14"))["policy"].warmup_max_idle_days == 14
    longer = build_resources(_env(tmp_path, SDR_DELIVERABILITY_WINDOW_DAYS="45"))["policy"]
    assert longer.warmup_max_idle_days == 45, "the default of 30 gives way to a longer window"


def test_a_complaint_warning_above_the_rate_that_pauses_is_refused_by_name(tmp_path):
    built = build_resources(_env(tmp_path, SDR_MAX_COMPLAINT_RATE="0.005", SDR_WARN_COMPLAINT_RATE="0.005"))
    assert built["policy"].deliverability_limits().warn_complaint_rate == 0.005
    with pytest.raises(SettingError, match=r"^SDR_WARN_COMPLAINT_RATE must be at most SDR_MAX_COMPLAINT_RATE "
                                           r"\(0.003\), not '0.5'$"):
        build_resources(_env(tmp_path, SDR_WARN_COMPLAINT_RATE="0.5"))


def test_the_ends_of_a_range_are_taken(tmp_path):
    built = build_resources(_env(tmp_path, **SMTP, **IMAP, SDR_SMTP_PORT="65535", SDR_MAILBOX_DAILY_CAP="0",
                                 SDR_SMTP_TIMEOUT="0.5", SDR_IMAP_TIMEOUT="0.25"))
    assert built["mail"].port == 65535 and built["policy"].mailbox_daily_cap == 0
    assert built["mail"].timeout_seconds == 0.5 and built["mailbox"].timeout_seconds == 0.25


@pytest.mark.parametrize("name", SWITCHES)
def test_a_switch_takes_true_or_false_and_refuses_any_other_spelling(tmp_path, name):
    field = {"SDR_ALLOW_ROLE_ADDRESSES": "allow_role_addresses", "SDR_REFUSE_DISPOSABLE": "refuse_disposable",
             "SDR_CHECK_MX": "check_mx"}[name]
    for spelling, meant in (("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
                            ("false", False), ("False", False), ("0", False), ("no", False), ("off", False)):
        assert getattr(build_resources(_env(tmp_path, **{name: spelling}))["address_checks"], field) is meant
    for bad in ("treu", "2", "enabled"):
        with pytest.raises(SettingError, match=rf"^{name} must be true or false, not '{bad}'$"):
            build_resources(_env(tmp_path, **{name: bad}))


@pytest.mark.parametrize("name, companions, allowed", [
    ("SDR_SMTP_SECURITY", SMTP, "starttls, ssl, none"), ("SDR_IMAP_SECURITY", IMAP, "ssl, starttls, none"),
    ("SDR_SIGNAL_FEED_PAGINATION", FEED, "cursor, page"), ("SDR_MODE", {}, "live, demo")])
def test_a_choice_outside_its_list_is_refused_with_the_list(tmp_path, name, companions, allowed):
    build_resources(_env(tmp_path, **companions, **{name: allowed.split(", ")[-1].upper()}))  # any case
    with pytest.raises(SettingError, match=rf"^{name} must be one of {allowed}, not 'abc'$"):
        build_resources(_env(tmp_path, **companions, **{name: "abc"}))


def test_the_enrichment_order_names_known_providers_once_each(tmp_path):
    order = build_resources(_env(tmp_path, SDR_ENRICHMENT_ORDER=" HTTP , local "))["enrichment"].order
    assert order == ["http", "local"]
    assert build_resources(_env(tmp_path, SDR_ENRICHMENT_ORDER=""))["enrichment"].order == ["local", "http"]
    for bad in ("abc", "local,clearbit", "local,local", ","):
        with pytest.raises(SettingError, match=rf"^SDR_ENRICHMENT_ORDER must be a comma-separated list of "
                                               rf"local, http, each at most once, not '{bad}'$"):
            build_resources(_env(tmp_path, SDR_ENRICHMENT_ORDER=bad))


def test_an_imap_host_without_a_password_is_refused_before_any_run(tmp_path):
    with pytest.raises(SettingError, match="^SDR_IMAP_PASSWORD must be set when SDR_IMAP_HOST is$"):
        build_resources(_env(tmp_path, SDR_IMAP_HOST="127.0.0.1"))


def test_nameservers_must_be_addresses(tmp_path):
    assert build_resources(_env(tmp_path, SDR_DNS_NAMESERVERS="127.0.0.1, ::1"))["address_checks"].nameservers \
        == ["127.0.0.1", "::1"]
    with pytest.raises(SettingError, match="^SDR_DNS_NAMESERVERS must be IP addresses"):
        build_resources(_env(tmp_path, SDR_DNS_NAMESERVERS="127.0.0.1,resolver.local"))


@pytest.mark.parametrize("name", ["OPENAI_BASE_URL", "SDR_SIGNAL_FEED_URL", "SDR_ENRICHMENT_URL", "SDR_BOOKING_URL"])
def test_every_link_setting_is_refused_by_name_unless_it_is_an_http_link_to_a_host(tmp_path, name):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street"}
    built = build_resources({**env, name: "http://127.0.0.1:8000/v1"})
    assert "http://127.0.0.1:8000/v1" in repr(built)
    for bad in ("localhost:8000", "ftp://files.example/x", "https://", "http://host:port/v1", "http://[::1/v1",
                "https://api.example/a b"):
        with pytest.raises(SettingError, match=rf"^{name} must be an http:// or https:// link to a host, not "):
            build_resources({**env, name: bad})


ENRICHMENT = {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"}


@pytest.mark.parametrize("name, companions", [("SDR_ENRICHMENT_API_KEY", ENRICHMENT), ("SDR_SIGNAL_FEED_AUTH", FEED),
                                              ("OPENAI_API_KEY", {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})])
def test_a_secret_with_a_line_break_is_refused_by_name_without_showing_it(tmp_path, name, companions):
    # `echo key > file` leaves a line break at the end; an HTTP error about the header would quote the key.
    build_resources(_env(tmp_path, **companions, **{name: "sk-live-7f3a"}))
    for bad in ("sk-live-7f3a\n", "sk-live-7f3a\r\n", "sk-live\x007f3a", "sk-live-7f3a\u2028"):
        with pytest.raises(SettingError, match=rf"^{name} must be printable ASCII on one line, without a line "
                                               r"break or other control character \(its value is not shown\)$") as no:
            build_resources(_env(tmp_path, **companions, **{name: bad}))
        assert "live" not in str(no.value)


@pytest.mark.parametrize("name, companions", [("SDR_ENRICHMENT_AUTH_HEADER", ENRICHMENT),
                                              ("SDR_ENRICHMENT_AUTH_PREFIX", ENRICHMENT),
                                              ("SDR_SIGNAL_FEED_AUTH_HEADER", FEED)])
def test_a_header_setting_with_a_line_break_is_refused_by_name(tmp_path, name, companions):
    with pytest.raises(SettingError, match=rf"^{name} must be printable ASCII on one line, .* \(not 'X-Key\\n'\)$"):
        build_resources(_env(tmp_path, **companions, **{name: "X-Key\n"}))


def test_the_feed_takes_its_request_limit_from_the_environment(tmp_path):
    feed = build_resources(_env(tmp_path, **FEED, SDR_SIGNAL_FEED_MAX_REQUESTS="7"))["signal_feed"]
    assert feed.max_requests_per_run == 7
    assert build_resources(_env(tmp_path, **FEED))["signal_feed"].max_requests_per_run == 1000


@pytest.mark.parametrize("setting", [
    {"SDR_MAILBOX_DAILY_CAP": "abc"}, {"SDR_NOW": "abc"}, {"SDR_MODE": "xyz"}, {"SDR_BOOKING_URL": "localhost:8000"},
    {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9", "SDR_ENRICHMENT_FIELD_MAP": "employees"},
    {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9", "SDR_ENRICHMENT_API_KEY": "k3y\n"},
    {"SDR_DNS_NAMESERVERS": "resolver.local"}, {"SDR_CHECK_MX": "treu"}, {"SDR_IMAP_HOST": "127.0.0.1"},
    {"SDR_UNSUBSCRIBE_URL": "https://outreach.example/unsubscribe?src=email"},
    *({name: bad, **NUMBERS[name]} for name, (bad, _) in OUT_OF_RANGE.items()),
    *({**companions, name: "abc"} for name, companions in (("SDR_SMTP_SECURITY", SMTP), ("SDR_IMAP_SECURITY", IMAP),
                                                           ("SDR_SIGNAL_FEED_PAGINATION", FEED))),
], ids=lambda setting: ",".join(f"{k}={v}" for k, v in setting.items()))
def test_the_settings_check_before_the_pipeline_refuses_what_the_resources_refuse_in_the_same_words(
        tmp_path, monkeypatch, setting):
    env = {"SDR_DATA_DIR": str(tmp_path), **setting}
    with pytest.raises(SettingError) as building:
        build_resources(env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingError) as checking:
        check_settings()
    assert str(checking.value) == str(building.value)


@pytest.mark.parametrize("name", ["SDR_NOTIFY_ADDRESS", "SDR_NOTIFY_FROM"])
def test_a_pause_notice_address_that_is_none_is_refused_by_name(tmp_path, name):
    env = {"SDR_DATA_DIR": str(tmp_path), "SDR_POSTAL_ADDRESS": "1 Test Street"}
    policy = build_resources({**env, name: " dana@team.example "})["policy"]
    assert "dana@team.example" in (policy.notify_address, policy.notify_from)
    with pytest.raises(SettingError, match=f"^{name} must be an email address, not 'dana at team'"):
        build_resources({**env, name: "dana at team"})


POSTAL_REFUSED = r"^SDR_POSTAL_ADDRESS must be lines of text without a carriage return, tab or other control character"


def test_a_postal_address_no_footer_can_hold_is_refused_once_by_name(tmp_path):
    # A .env saved with CRLF line ends: every draft of every play would be held, one by one, for it.
    lines = "Acme Ltd\n1 Main Street\nSpringfield"
    assert build_resources(_env(tmp_path, SDR_POSTAL_ADDRESS=lines))["policy"].postal_address == lines
    for bad in ("Acme Ltd\r\n1 Main Street", "1 Main Street\r", "Acme Ltd\t1 Main Street", "x" * 301):
        with pytest.raises(SettingError, match=POSTAL_REFUSED):
            build_resources(_env(tmp_path, SDR_POSTAL_ADDRESS=bad))


def test_sdr_refuses_a_postal_address_with_a_carriage_return_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SDR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SDR_POSTAL_ADDRESS", "Acme Ltd\r\n1 Main Street")
    monkeypatch.setattr("resources.attachments.ATTACHMENTS._db", None)
    with pytest.raises(SystemExit) as exited:
        cli.main(["status"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert re.match(POSTAL_REFUSED.replace("^", "^error: "), out.err), out
    assert r"'Acme Ltd\r\n1 Main Street'" in out.err and "U+000D" in out.err, out
    assert out.err.count("\n") == 1 and out.out == "" and "Traceback" not in out.err, out


def test_the_send_policy_resource_refuses_a_postal_address_no_footer_can_hold():
    from pydantic import ValidationError

    from resources.settings import SendPolicy

    assert SendPolicy(postal_address="1 Main Street\nSpringfield").postal_address == "1 Main Street\nSpringfield"
    with pytest.raises(ValidationError, match=r"postal_address \(SDR_POSTAL_ADDRESS\) must be lines of text "
                                              r"without a carriage return.*U\+000D"):
        SendPolicy(postal_address="1 Main Street\r\nSpringfield")


def test_the_sending_domain_is_used_as_dns_names_it_and_a_leading_at_is_refused(tmp_path):
    """The unsubscribe mailto, the probe's To and Message-IDs are built on the sending domain: a padded,
    capitalised or dotted spelling is taken in its DNS form, an address's ``@`` is refused."""
    def policy(domain: str):
        return settings_from_env({"SDR_DATA_DIR": str(tmp_path), "SDR_SENDING_DOMAIN": domain})["policy"]

    assert policy(" Mail.Northwind-Sales.com. ").sending_domain == "mail.northwind-sales.com"
    assert policy("Bücher.example").sending_domain == "xn--bcher-kva.example"
    with pytest.raises(SettingError, match=r"^SDR_SENDING_DOMAIN: '@northwind-sales\.com' is not a domain"):
        policy("@northwind-sales.com")


@pytest.mark.parametrize(("bounds", "said"), [({"least": 1}, "1 or more"), ({}, "a number of ordinary size")])
def test_an_integer_too_large_for_any_float_is_refused_by_name(bounds, said):
    """A setting of hundreds of digits is refused as out of range, not an OverflowError's traceback."""
    with pytest.raises(SettingError, match=f"SDR_X must be {said}"):
        number({"SDR_X": "9" * 400}, "SDR_X", None, **bounds)
