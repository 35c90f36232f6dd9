"""What Dagster's own storage costs a run: a job of assets that do nothing, timed on its SQLite
storage in a folder of this disk, in a memory-backed folder, and on its in-memory instance.

    python -m sdr_assets.dagster_overhead [STEPS] [--folder DIR]

The pipeline's unchanged re-run is mostly such steps: this says how much of it is Dagster writing
its event log (one SQLite commit, with its fsync, per event) rather than the steps' own work.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import dagster as dg

MEMORY_FOLDER = Path("/dev/shm")


def idle_job(steps: int) -> dg.JobDefinition:
    """A chain of ``steps`` assets, each doing nothing but report one row."""
    assets, previous = [], None
    for i in range(steps):
        @dg.asset(name=f"idle_{i}", deps=[previous] if previous else [])
        def idle() -> dg.MaterializeResult:
            return dg.MaterializeResult(metadata={"rows": 1})

        assets.append(idle)
        previous = idle
    return dg.Definitions(assets=assets, jobs=[dg.define_asset_job("idle", selection=dg.AssetSelection.all())]
                          ).resolve_job_def("idle")


def best_run(job: dg.JobDefinition, instance: dg.DagsterInstance, runs: int = 3) -> float:
    """The fastest of ``runs`` runs of ``job``, in seconds, after one run that warms the storage."""
    config = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    job.execute_in_process(instance=instance, run_config=config)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job.execute_in_process(instance=instance, run_config=config)
        times.append(time.perf_counter() - started)
    return min(times)


def on_disk(job: dg.JobDefinition, folder: Path | None, runs: int = 3) -> float:
    """``best_run`` on Dagster's SQLite storage in a new folder under ``folder``."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp, dg.instance_for_test(temp_dir=tmp) as instance:
        return best_run(job, instance, runs)


def measure(steps: int = 25, folder: Path | None = None, runs: int = 3) -> dict[str, float | None]:
    """Seconds for one run of ``steps`` idle steps: SQLite in ``folder`` (the system's temporary folder
    by default), SQLite in memory-backed ``/dev/shm`` (None where there is none), and in memory."""
    job = idle_job(steps)
    memory_folder = MEMORY_FOLDER if MEMORY_FOLDER.is_dir() else None
    with dg.DagsterInstance.ephemeral() as instance:
        in_memory = best_run(job, instance, runs)
    return {"steps": steps, "sqlite_on_disk_s": round(on_disk(job, folder, runs), 3),
            "sqlite_in_memory_folder_s": round(on_disk(job, memory_folder, runs), 3) if memory_folder else None,
            "in_memory_instance_s": round(in_memory, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="?", type=int, default=25)
    parser.add_argument("--folder", type=Path, default=None, help="where the on-disk storage goes")
    args = parser.parse_args()
    figures = measure(args.steps, args.folder)
    print(f"one run of {figures['steps']} idle steps (best of 3): Dagster's SQLite storage on disk "
          f"{figures['sqlite_on_disk_s']} s, in a memory-backed folder {figures['sqlite_in_memory_folder_s']} s, "
          f"its in-memory instance {figures['in_memory_instance_s']} s")


if __name__ == "__main__":
    main()
