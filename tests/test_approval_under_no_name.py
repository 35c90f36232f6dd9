"""A stored approval whose approver names no person ('Sales Team', recorded before such names were
refused) opens no gate, and `sdr plays show` and `sdr plays list` say so in one line, with the command
a named person approves it again with."""

from sdr_assets.cli import app
from tests.approving import approved_by_a_team
from tests.command_line import CommandLine

PLAY = "revops-hiring"


def test_an_approval_by_a_team_is_shown_as_not_counted_with_the_command_to_approve_again(tmp_path):
    env, version = approved_by_a_team(tmp_path, PLAY)
    runner = CommandLine()
    shown = runner.invoke(app, ["plays", "show", PLAY], env=env)
    assert shown.exit_code == 0, shown.output
    assert f"{PLAY} version {version}: pending" in shown.output
    said = " ".join(shown.output.split())
    assert f"the approval of version {version} by 'Sales Team' (decision 1) does not count" in said, shown.output
    assert f"sdr approve {PLAY} --version {version}" in said
    listed = runner.invoke(app, ["plays", "list"], env=env)
    assert "by 'Sales Team' (decision 1) does not count" in " ".join(listed.output.split()), listed.output
