"""A setting that cannot be used is refused by name, and `sdr` says so in one line, without a traceback."""

import pytest

from resources.defaults import build_resources
from resources.setting import SettingError, number
from sdr_assets import cli

# Each numeric setting, with what makes the resource that reads it part of the build.
NUMBERS = {
    "SDR_MAILBOX_DAILY_CAP": {}, "SDR_DELIVERABILITY_WINDOW_DAYS": {}, "SDR_MAX_BOUNCE_RATE": {},
    "SDR_MAX_COMPLAINT_RATE": {}, "SDR_WARN_COMPLAINT_RATE": {}, "SDR_MONITOR_BASELINE": {},
    "SDR_SEND_LOCK_TIMEOUT": {}, "SDR_REPLY_MAX_LAG_MINUTES": {}, "SDR_ESCALATION_SLA_HOURS": {},
    "SDR_SMTP_PORT": {"SDR_SMTP_HOST": "127.0.0.1"}, "SDR_IMAP_PORT": {"SDR_IMAP_HOST": "127.0.0.1"},
    "SDR_SIGNAL_FEED_PAGE_SIZE": {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"},
    "SDR_SIGNAL_FEED_LIMIT": {"SDR_SIGNAL_FEED_URL": "http://127.0.0.1:9/feed"},
    "SDR_ENRICHMENT_CONCURRENCY": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"},
    "SDR_ENRICHMENT_TIMEOUT": {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9"}, "SDR_ENRICHMENT_TTL_DAYS": {},
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
    assert out.out.startswith(f"error: {name} must be") and value in out.out, out
    assert "Traceback" not in out.out + out.err
