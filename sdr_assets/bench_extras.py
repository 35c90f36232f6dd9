"""The figures ``sdr bench`` takes beside the pipeline: triage, the model stage, Dagster, the CLI."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
MAIL_CORPUS = REPO / "tests" / "fixtures" / "mail"
INBOX_FILES = 10_000


def machine() -> dict:
    """The machine, with its speed now: ``reference_s`` is ``sdr_assets.machine_speed``'s workload."""
    from sdr_assets.machine_speed import reference_seconds

    return {"machine": {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                        "python": platform.python_version(), "platform": platform.platform(terse=True),
                        "reference_s": reference_seconds()}}


def _in_fresh_process(call: str) -> dict:
    """What ``call``, a call of a function of this module, returns, computed in a fresh interpreter,
    as definitions load and CLI start-up are: in the benchmark's own process the figure would carry
    whatever the run before it left in memory."""
    code = f"import json, pathlib; from sdr_assets import bench_extras; print(json.dumps(bench_extras.{call}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def triage_throughput(corpus: Path = MAIL_CORPUS, rounds: int = 3) -> dict:
    """Messages per second through ``classify_message`` over the mail corpus (best of ``rounds``), in a
    fresh interpreter."""
    return _in_fresh_process(f"classifier_throughput(pathlib.Path({str(corpus)!r}), {int(rounds)})")


def mail_corpus(corpus: Path = MAIL_CORPUS) -> list[tuple[dict, bytes]]:
    """Each message the corpus's ``index.jsonl`` lists (not its licences): its row and its bytes."""
    with open(corpus / "index.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [(row, (corpus / row["path"]).read_bytes()) for row in rows]


def classifier_throughput(corpus: Path = MAIL_CORPUS, rounds: int = 3) -> dict:
    """Messages per second through ``classify_message`` over the mail corpus, in this process: the
    messages ``mail_corpus`` reads, as the triage evaluation does."""
    raws = [raw for _, raw in mail_corpus(corpus)] if (corpus / "index.jsonl").is_file() else []
    if not raws:
        return {"messages": 0, "messages_per_s": 0.0, "note": f"no messages under {corpus}"}
    return {"messages": len(raws), "messages_per_s": round(messages_per_second(raws, rounds), 1),
            "corpus": str(corpus.relative_to(REPO) if corpus.is_relative_to(REPO) else corpus)}


def messages_per_second(raws: list[bytes], rounds: int = 3) -> float:
    """The best of ``rounds`` passes of ``classify_message`` over ``raws``, after one warm-up pass."""
    from sdr_assets.triage import classify_message

    for raw in raws:  # the labeller and the regexes load on first use
        classify_message(raw)
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        for raw in raws:
            classify_message(raw)
        best = max(best, len(raws) / (time.perf_counter() - started))
    return best


def model_stage(drafts: int = 128, concurrency: int = 16, latency: float = 0.5) -> dict:
    """The model stage against its bound, with the local server at a fixed latency (small size), in a
    fresh interpreter: in the benchmark's own process, after a 100k run, the same 128 calls took from
    94.7 to 87.2 % of their bound from one run to the next."""
    return _in_fresh_process(f"model_stage_here({int(drafts)}, {int(concurrency)}, {float(latency)!r})")


def model_stage_here(drafts: int, concurrency: int, latency: float) -> dict:
    """``model_stage`` in this process."""
    from sdr_assets.model_bench import run

    r = run(drafts, concurrency, latency, 0)
    return {"drafts": drafts, "concurrency": concurrency, "latency_s": latency, "calls": int(r["calls"]),
            "seconds": round(r["seconds"], 3), "bound_seconds": round(r["bound_seconds"], 3),
            "share_of_bound": round(r["bound_seconds"] / r["seconds"], 3),
            "second_run_calls": int(r["second_run_calls"])}


def _subprocess_seconds(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def definitions_load(runs: int = 3) -> float:
    """Median seconds for a fresh interpreter to import and build the code location's Definitions."""
    code = ("import time; t = time.perf_counter(); from sdr_assets.definitions import defs; "
            "d = defs(); d.get_repository_def(); print(time.perf_counter() - t)")
    return statistics.median(_subprocess_seconds(code) for _ in range(runs))


def sensor_tick(files: int = INBOX_FILES) -> dict:
    """One evaluation of ``signal_files_sensor`` over an inbox of ``files`` files, all new."""
    import dagster as dg

    from resources.defaults import build_resources
    from sensors.signal_files import signal_files_sensor

    with tempfile.TemporaryDirectory() as tmp, dg.instance_for_test() as instance:
        resources = build_resources({"SDR_DATA_DIR": tmp, "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})  # written whole
        resources = {name: resources[name] for name in ("paths", "warehouse", "policy")}
        paths = resources["paths"]
        paths.signals.mkdir(parents=True, exist_ok=True)
        for i in range(files):
            (paths.signals / f"signals_{i:05d}.jsonl").write_text("{}\n")
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            started = time.perf_counter()
            result = signal_files_sensor(context)
            first = time.perf_counter() - started
        cursor = json.dumps(json.loads(result.cursor))
        with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
            started = time.perf_counter()
            signal_files_sensor(context)
            unchanged = time.perf_counter() - started
    return {"files": files, "first_tick_s": round(first, 4), "unchanged_tick_s": round(unchanged, 4)}


def cli_startup(runs: int = 3) -> float:
    """Median seconds for ``sdr --help`` in a fresh process."""
    sdr = Path(sys.executable).with_name("sdr")
    command = [str(sdr), "--help"] if sdr.exists() else [sys.executable, "-m", "sdr_assets.cli", "--help"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=REPO)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_all(progress: Callable[[str], None] = lambda _: None) -> dict:
    """Every extra figure; one that fails is reported with its error and the others are still taken."""
    measures = {
        "triage": ("triage throughput on the mail corpus", triage_throughput),
        "model": ("model stage against its bound", model_stage),
        "dagster": ("Dagster overhead",
                    lambda: {"definitions_load_s": round(definitions_load(), 3), "sensor_tick": sensor_tick()}),
        "cli_startup_s": ("CLI start-up", lambda: round(cli_startup(), 3)),
    }
    out, errors = {}, {}
    for key, (label, measure) in measures.items():
        progress(label)
        try:
            out[key] = measure()
        except Exception as exc:  # a figure that could not be taken must not lose the others
            errors[key] = f"{type(exc).__name__}: {exc}"[:300]
    return {**out, "extras_failed": errors} if errors else out
