"""A signals run the play files sensor asked for (a play edited, or a play's current version without
research) is asked for again after it fails: a new run key for each attempt, later each time (one
tick, then two, up to an hour), and `sdr status` says the play waits for that research."""

from datetime import datetime, timedelta

import dagster as dg
import pytest
from rich.console import Console

from resources.defaults import build_resources
from resources.warehouse import Warehouse
from sdr_assets.assembly import build_definitions
from sdr_assets.cli_summary import print_summary
from sdr_assets.status import collect_status
from sensors.plays import play_files_sensor
from tests.conftest import RUN_NOW
from tests.sensor_ticks import declared_resources

PLAY = "revops-hiring"
START = datetime.fromisoformat(RUN_NOW)


def _tick(instance, environ, at: datetime, cursor=None):
    resources = build_resources(environ(SDR_NOW=at.isoformat()))
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources=declared_resources(play_files_sensor, resources)) as context:
        return play_files_sensor(context)


def _requests(tick) -> list[dg.RunRequest]:
    return [] if isinstance(tick, dg.SkipReason) else list(tick.run_requests)


def _skip(tick) -> str:
    return tick.skip_message if isinstance(tick, dg.SkipReason) else tick.skip_reason.skip_message


def _run(defs, instance, request: dg.RunRequest) -> bool:
    """The run the daemon launches for ``request``: its tags and its run key."""
    return defs.resolve_job_def("signals_job").execute_in_process(
        instance=instance, tags={**request.tags, "dagster/run_key": request.run_key}, raise_on_error=False).success


def _unresearched(resources) -> None:
    """Research stored by the release before rows named their play version."""
    with resources["warehouse"].connect() as con:
        con.execute("alter table research_angles drop column play_content")


@pytest.mark.opening("revops_sent")
def test_a_failed_research_run_is_asked_for_again_later_each_time(resources, instance, environ, tmp_path):
    """A transient failure of the run leaves the play waiting only until the backoff ends."""
    _unresearched(resources)
    folder = tmp_path / "not-a-warehouse"
    folder.mkdir()
    crashing = build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})

    first = _tick(instance, environ, START)
    [request] = _requests(first)
    keys, asked, cursor = [request.run_key], START, first.cursor
    for failures, minutes in enumerate([1, 2, 4], start=1):
        assert not _run(crashing, instance, request)
        due = asked + timedelta(minutes=minutes)
        early = _tick(instance, environ, due - timedelta(seconds=1), cursor)
        assert _requests(early) == [], f"no run before the wait after {failures} failure(s) ends"
        said = _skip(early)
        assert PLAY in said and f"research of the current version failed {failures} time" in said, said
        assert f"asked for at {due:%Y-%m-%d %H:%M:%S} UTC, {minutes} min after the last" in said, said
        [request] = _requests(_tick(instance, environ, due, cursor))
        assert request.run_key not in keys, "a new key: the daemon launches a run key once"
        again = _tick(instance, environ, due, cursor)
        assert [r.run_key for r in _requests(again)] == [request.run_key], "the same key for the same attempt"
        keys.append(request.run_key)
        asked, cursor = due, again.cursor

    assert _run(build_definitions(resources), instance, request)
    done = _tick(instance, environ, asked + timedelta(hours=2), cursor)
    assert _requests(done) == [] and _skip(done).startswith("No new or changed plays"), "researched: nothing more"


def edited_without_research(data_dir, resources, instance, environ, tmp_path):
    """A play with no research yet, edited: the tick that asks for its signals run, that run's request,
    and definitions whose warehouse cannot be opened, under which the run fails."""
    with resources["warehouse"].connect() as con:
        con.execute("create table if not exists research_angles (play varchar)")
        con.execute("delete from research_angles where play = ?", [PLAY])
    cursor = _tick(instance, environ, START).cursor
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace("Worth a 20-minute look", "Worth a 15-minute look"))
    folder = tmp_path / "not-a-warehouse"
    folder.mkdir()
    first = _tick(instance, environ, START, cursor)
    [request] = _requests(first)
    return first, request, build_definitions({**resources, "warehouse": Warehouse(path=str(folder))})


def test_a_failed_run_for_an_edited_play_is_asked_for_again(data_dir, resources, instance, environ, tmp_path):
    """An edited play with no research yet (none of its signals qualified before the edit) is
    re-qualified after a passing failure of its run, not only once a new signal file comes in."""
    first, request, failing = edited_without_research(data_dir, resources, instance, environ, tmp_path)
    assert not _run(failing, instance, request)
    soon = _tick(instance, environ, START + timedelta(seconds=59), first.cursor)
    assert _requests(soon) == [], "asked for again after a tick, not at once"
    assert "failed 1 time in a row, so the next is asked for at 2026-11-20 09:01:00 UTC" in _skip(soon), _skip(soon)
    [again] = _requests(_tick(instance, environ, START + timedelta(minutes=1), first.cursor))
    assert again.run_key != request.run_key, "a new key: the daemon launches a run key once"
    assert again.tags["sdr/changed_plays"] == request.tags["sdr/changed_plays"]

    assert _run(build_definitions(resources), instance, again)
    done = _tick(instance, environ, START + timedelta(hours=2), first.cursor)
    assert _requests(done) == [] and _skip(done).startswith("No new or changed plays"), _skip(done)


@pytest.mark.opening("revops_sent")
def test_status_says_a_play_waits_for_research_of_its_version(resources, capsys):
    """`sdr status` names the play whose research is of another version, and what ends the wait."""
    status = collect_status(resources["warehouse"], resources["paths"], START, policy=resources["policy"])
    assert status["waiting_for_research"] == [], "research of the current version: nothing waits"
    with resources["warehouse"].connect() as con:  # researched under the version before an edit
        con.execute("update research_angles set play_content = 'an earlier version' where play = ?", [PLAY])
    status = collect_status(resources["warehouse"], resources["paths"], START, policy=resources["policy"])
    assert status["waiting_for_research"] == [PLAY]
    print_summary(Console(width=200), status, [])
    said = capsys.readouterr().out
    assert f"{PLAY} waits for research of its version" in said, said
