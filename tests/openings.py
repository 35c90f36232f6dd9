"""Openings several tests share: a test marked ``@pytest.mark.opening("revops_sent")`` starts from the
data folder and Dagster history the opening left (``tests.conftest.Openings``), run once per test run.

Each is a module-level function of the data folder and an empty ephemeral instance, as a test
would begin on the seeded world; what it asserts holds for every test that starts from it.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions
from tests.approving import approve
from sdr_assets.runner import run_due
from tests.conftest import environ_for

REVOPS, SERIES_B = "revops-hiring", "series-b-funding"


def _approve(resources: dict, *plays: str) -> None:
    for play in plays:
        approve(resources, play)


def signals_ran(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job, nothing decided: every play drafted and waiting at its gate."""
    defs = build_definitions(build_resources(environ_for(root)))
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success


def revops_ready(root: Path, instance: dg.DagsterInstance) -> None:
    """The signals job, revops-hiring's drafts, then its approval: its first emails are due."""
    from sdr_assets.play_graph import play_graph

    resources = build_resources(environ_for(root))
    defs = build_definitions(resources)
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    dg.materialize([play_graph(REVOPS).drafts], resources=resources, instance=instance)
    _approve(resources, REVOPS)


def first_run(root: Path, instance: dg.DagsterInstance) -> None:
    """`run_due` with nothing decided: every play waits at its gate."""
    report = run_due(build_definitions(build_resources(environ_for(root))), instance)
    assert not report.failed


def revops_sent(root: Path, instance: dg.DagsterInstance) -> None:
    """revops-hiring approved, then `run_due`: its first emails went out."""
    resources = build_resources(environ_for(root))
    _approve(resources, REVOPS)
    assert not run_due(build_definitions(resources), instance).failed


def two_plays_sent(root: Path, instance: dg.DagsterInstance) -> None:
    """revops-hiring and series-b-funding approved, then `run_due`: both plays' first emails went out."""
    resources = build_resources(environ_for(root))
    _approve(resources, REVOPS, SERIES_B)
    assert not run_due(build_definitions(resources), instance).failed
