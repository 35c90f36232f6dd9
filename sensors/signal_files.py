"""Notice new or changed signal files in the inbox folder."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from resources.settings import PipelinePaths
from resources.warehouse import Warehouse
from sensors import recorded


def scan_signal_files(directory: Path) -> dict[str, str]:
    """File name to "size:mtime_ns" for every visible file in the folder.

    The run compares content hashes, so a file touched without a change is not read again.
    """
    if not directory.exists():
        return {}
    return {p.name: f"{s.st_size}:{s.st_mtime_ns}" for p in directory.iterdir()
            if p.is_file() and not p.name.startswith(".") and (s := p.stat())}


@dg.sensor(job_name="signals_job", minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def signal_files_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths, warehouse: Warehouse):
    """One run for each batch of new or changed signal files; the cursor remembers what was seen."""
    seen = json.loads(context.cursor) if context.cursor else recorded.signal_files(warehouse)
    current = scan_signal_files(paths.signals)
    changed = sorted(f"{name}@{mtime}" for name, mtime in current.items() if seen.get(name) != mtime)
    if not changed:
        return dg.SkipReason(f"No new signal files in {paths.signals}")
    run_key = "signals:" + hashlib.sha256("|".join(changed).encode()).hexdigest()[:16]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags={"sdr/signal_files": ",".join(changed)[:1000]})],
        cursor=json.dumps(current, sort_keys=True),
    )
