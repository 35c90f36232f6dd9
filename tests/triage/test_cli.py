"""The ``sdr triage`` command, mounted on a throwaway Typer app."""

import json

import pytest
import typer

from sdr_assets.triage.cli import triage
from tests.command_line import CommandLine

from .helpers import make_message


@pytest.fixture()
def app():
    app = typer.Typer()
    app.command()(triage)
    return app


@pytest.fixture()
def messages(tmp_path, mail_dir):
    (tmp_path / "reply.eml").write_bytes(make_message("Please unsubscribe me."))
    sub = tmp_path / "nested"
    sub.mkdir()
    (sub / "bounce.eml").write_bytes((mail_dir / "sisimai/emails/bsd/lhost-postfix-01.eml").read_bytes())
    return tmp_path


def test_json_lines(app, messages):
    result = CommandLine().invoke(app, [str(messages), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 2
    by_name = {row["path"].rsplit("/", 1)[-1]: row for row in rows}
    assert by_name["reply.eml"]["kind"] == "human" and by_name["reply.eml"]["label"] == "unsubscribe"
    assert by_name["bounce.eml"]["kind"] == "bounce" and by_name["bounce.eml"]["recipients"]
    for row in rows:
        assert {"path", "kind", "label", "sub_reason", "hard", "recipients", "return_date", "referrals",
                "confidence"} <= set(row)


def test_unreadable_file_prints_error_and_continues(app, messages, tmp_path):
    missing = tmp_path / "missing.eml"
    result = CommandLine().invoke(app, [str(missing), str(messages / "reply.eml"), "--json"])
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["path"] == str(missing) and "error" in first
    assert second["kind"] == "human"


def test_table_output(app, messages):
    result = CommandLine().invoke(app, [str(messages)])
    assert result.exit_code == 0
    assert "unsubscribe" in result.output and "bounce" in result.output
