"""Notice new clicks in the opt-out log written by `sdr serve`."""

import dagster as dg

from resources.damage import WarehouseLocked
from resources.settings import PipelinePaths
from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.line_log import Cursor
from sensors import cursors, recorded
from sdr_assets.jobs import optouts_job


@dg.sensor(job=optouts_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def optout_log_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths, warehouse: Warehouse):
    """One ingestion run whenever the log grew; the cursor is the byte offset already requested."""
    try:
        seen = cursors.read(context, cursors.byte_offset, lambda: recorded.optout_offset(warehouse))
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the opt-out log is read from its offset at the next tick")
    read = optout_log.read(paths.data_dir, Cursor(seen))
    end = read.end
    if end == seen:
        return dg.SkipReason(f"No new opt-outs in {optout_log.log_path(paths.data_dir)}")
    if end < seen:  # the log was replaced: ingestion starts it over (events are keyed, so nothing doubles)
        seen = 0
    # The key names the file too: the same byte range of a log that replaced another is new work.
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"optouts:{read.cursor.head}:{seen}-{end}",
                                    tags={"sdr/optout_log_bytes": f"{seen}-{end}"})],
        cursor=str(end),
    )
