"""``CommandLine`` answers as Typer's own runner does, building the app's command once."""

import typer.main
import typer.testing

import tests.command_line as command_line
from sdr_assets.cli import app
from tests.command_line import CommandLine

INVOCATIONS = [[], ["--help"], ["plays", "--help"], ["approve", "--help"], ["approve"], ["no-such-command"],
               ["claim", "esc_1", "--by"], ["referrals", "accept", "--help"]]


def test_each_invocation_answers_as_typers_own_runner_does():
    ours, typers = CommandLine(), typer.testing.CliRunner()
    codes = set()
    for args in INVOCATIONS:
        mine, theirs = ours.invoke(app, args), typers.invoke(app, args)
        assert (mine.exit_code, mine.output) == (theirs.exit_code, theirs.output), args
        codes.add(mine.exit_code)
    assert codes == {0, 2}, "help pages and usage errors both"


def test_the_command_is_built_once_and_typers_runner_is_left_as_it_was(monkeypatch):
    built = []
    monkeypatch.setattr(command_line, "get_command", lambda a: built.append(a) or typer.main.get_command(a))
    command_line._command.cache_clear()
    runner = CommandLine()
    for args in (["--help"], ["plays", "--help"], ["approve"]):
        runner.invoke(app, args)
    assert built == [app]
    assert typer.testing._get_command is typer.main.get_command
