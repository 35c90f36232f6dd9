"""The abandoned-runs sensor reads a cursor it did not write (set by hand in the UI, cut short, of
another shape) as none, with a warning, and still marks failed a run whose process is gone: a cursor
without the machine it was written on raised on every tick, so no dead run was marked again and the
run queue stayed held."""

from pathlib import Path

import dagster as dg
import pytest

from sdr_assets.instance import SETTINGS_YAML
from sensors.abandoned_runs import abandoned_runs_sensor
from tests.launched_runs import ago, dead_pid, started_by


@pytest.mark.parametrize("cursor", ['{"runs": {}}', "null", "[1]", '{"system": 5, "runs": {}}', '{"system": "x"}',
                                    '{"system": "x", "runs": {"a:1": 2}}', '{"system": "x", "runs": {}, "clock": "x"}',
                                    '{"system": "x", "runs": {}, "clock": ["b", "x"]}', "not json"])
def test_a_cursor_it_did_not_write_reads_as_none(tmp_path: Path, cursor: str):
    (tmp_path / "dagster.yaml").write_text(SETTINGS_YAML)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        run = started_by(instance, dead_pid(), ago(60))
        with dg.build_sensor_context(instance=instance, cursor=cursor) as context:
            abandoned_runs_sensor(context)
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE, \
            "a run whose process is gone stayed started"
