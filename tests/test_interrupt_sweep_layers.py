"""The drafts and enrichment merges and the LinkedIn task decisions survive an interrupt at any of
their statements (``tests/interrupt_sweep.py``)."""

import csv
import shutil
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from resources.defaults import build_resources
from sdr_assets import cli_tasks, task_records
from sdr_assets.drafts import write_drafts
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.incremental import LayerConfig
from sdr_assets.suppression import log_entry
from sdr_assets.task_records import CSV_NAME
from sdr_assets.tasks import write_tasks
from tests.conftest import RUN_NOW, environ_for
from tests.interrupt_sweep import held_as_in_a_step, sweep, warehouse_of
from tests.openings import REVOPS, SERIES_B, series_b_noted, signals_ran
from tests.send_world import _body


@pytest.fixture(scope="module")
def drafted(openings, tmp_path_factory) -> Path:
    """Every play drafted and waiting at its gate, one of revops-hiring's grounded first emails since
    changed by hand: the next drafts run writes the play's drafts again, from the model's cached answers."""
    root = openings.copy(signals_ran, tmp_path_factory.mktemp("drafted"))
    with warehouse_of(root).connect() as con:
        con.execute("update message_drafts set body = 'Hi, wire the deposit to our new account today.' where "
                    "draft_id = (select min(draft_id) from message_drafts where play = ? and step = 1 and grounded)",
                    [REVOPS])
    return root


def test_the_drafts_merge(drafted, tmp_path):
    def draft(root: Path) -> None:
        resources = build_resources(environ_for(root))
        write_drafts(REVOPS, resources["warehouse"], resources["paths"], resources["model"])

    # The drafts' mark is stamped by the wall clock.
    sweep(drafted, draft, tmp_path, step_past_reads=True, volatile={"layer_marks": "marked_at"})


@pytest.fixture(scope="module")
def requalified(openings, tmp_path_factory) -> Path:
    """Every play drafted and waiting at its gate, two of revops-hiring's qualified signals since
    qualifying for series-b-funding instead: the next enrichment run merges again, from the cache."""
    root = openings.copy(signals_ran, tmp_path_factory.mktemp("requalified"))
    with warehouse_of(root).connect() as con:
        con.execute("update qualified_signals set play = ? where signal_id in (select signal_id from "
                    "qualified_signals where play = ? order by signal_id limit 2)", [SERIES_B, REVOPS])
    return root


def test_the_enrichment_merge(requalified, tmp_path):
    def enrich(root: Path) -> None:
        resources = build_resources(environ_for(root))
        with held_as_in_a_step(resources["warehouse"]):
            _body(enriched_accounts)(config=LayerConfig(), warehouse=resources["warehouse"], paths=resources["paths"],
                                     policy=resources["policy"], enrichment=resources["enrichment"],
                                     address_checks=resources["address_checks"])

    sweep(requalified, enrich, tmp_path, step_past_reads=True, volatile={"layer_marks": "marked_at"},
          per_copy=("file_digests",))


TASKS_DUE = (datetime.fromisoformat(RUN_NOW) + timedelta(days=3)).isoformat()


@pytest.fixture(scope="module")
def tasks_open(openings, tmp_path_factory) -> tuple[Path, str]:
    """series-b-funding's LinkedIn notes open as tasks, the contact of one of them since suppressed by
    hand: the next `sdr tasks` command withdraws that task first. Returns the folder and another task."""
    root = openings.copy(series_b_noted, tmp_path_factory.mktemp("tasks_open"))
    resources = build_resources(environ_for(root, SDR_NOW=TASKS_DUE))
    write_tasks(SERIES_B, resources["warehouse"], resources["policy"], resources["paths"])
    with warehouse_of(root).connect() as con:
        (suppressed, _), (_, task) = con.execute(
            "select contact_email, task_id from linkedin_tasks where status = 'open' order by task_id limit 2").fetchall()
    log_entry(root, suppressed, "Dana Whitfield", "asked by phone", datetime.fromisoformat(TASKS_DUE))
    return root, task


def _done(root: Path, task: str) -> None:
    """`sdr tasks done TASK --by "Dana Whitfield"` in the folder ``root``."""
    with pytest.MonkeyPatch.context() as settings:
        for name, value in environ_for(root, SDR_NOW=TASKS_DUE).items():
            settings.setenv(name, value)
        cli_tasks.done(task, "Dana Whitfield")


def _sheet_and_table(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each task's status in the CSV export people work from, and in the warehouse."""
    with (root / "exports" / CSV_NAME).open(newline="", encoding="utf-8") as fh:
        sheet = {r["task_id"]: r["status"] for r in csv.DictReader(fh)}
    with warehouse_of(root).connect(read_only=True) as con:
        return sheet, dict(con.execute("select task_id, status from linkedin_tasks").fetchall())


def test_a_task_decision(tasks_open, tmp_path):
    """`sdr tasks done`; `sdr tasks skip` runs the same statements with another decision and a reason."""
    world, task = tasks_open
    sweep(world, partial(_done, task=task), tmp_path, repeatable=False, step_past_reads=True)


def test_the_export_shows_a_task_decision_and_the_withdrawals_before_it(tasks_open, tmp_path):
    world, task = tasks_open
    root = shutil.copytree(world, tmp_path / "world")
    _done(root, task)
    sheet, table = _sheet_and_table(root)
    assert table[task] == "done" and "withdrawn" in table.values()
    assert sheet == table, "whoever works from the spreadsheet does not do the step again"


def test_a_decision_that_fails_leaves_the_export_and_the_warehouse_as_they_were(tasks_open, tmp_path, capsys):
    world, task = tasks_open
    root = shutil.copytree(world, tmp_path / "world")
    before = _sheet_and_table(root)

    def disk_full(*args, **kwargs) -> dict:
        raise OSError("No space left on device")

    with pytest.MonkeyPatch.context() as failing, pytest.raises(OSError):
        failing.setattr(task_records, "record_task_decision", disk_full)
        _done(root, task)
    assert _sheet_and_table(root) == before and before[0] == before[1], "the withdrawals rolled back, unexported"
    assert "withdrawn" not in capsys.readouterr().err, "nor said"
