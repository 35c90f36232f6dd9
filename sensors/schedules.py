"""The daily cadence: follow-up steps fall due with time, not with new data. One schedule per play."""

import dagster as dg
import duckdb

from resources.damage import WarehouseLocked
from resources.settings import PipelinePaths
from resources.warehouse import Warehouse
from sdr_assets.play_graph import PlayGraph
from sdr_assets.play_state import play_states


def daily_outreach_schedule_for(graph: PlayGraph) -> dg.ScheduleDefinition:
    play = graph.play

    @dg.schedule(name=f"daily_{graph.job_name}", job_name=graph.job_name, cron_schedule="0 8 * * 1-5",
                 execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.RUNNING,
                 description=f"{play}: weekday mornings, so due follow-ups go out. Skips while the play is held.")
    def daily(context: dg.ScheduleEvaluationContext, warehouse: Warehouse, paths: PipelinePaths):
        day = context.scheduled_execution_time.date().isoformat()
        try:
            with Warehouse(path=warehouse.path, lock_timeout_seconds=5).connect(read_only=True) as con:
                state = play_states(con, paths.plays, paths.mode, [play])[play]
        except (duckdb.IOException, WarehouseLocked) as exc:
            return dg.SkipReason(f"Warehouse busy on {day}: {exc}")
        if state.held:
            return dg.SkipReason(state.held)
        return dg.RunRequest(run_key=f"daily:{play}:{day}", tags={"sdr/play": play})

    return daily
