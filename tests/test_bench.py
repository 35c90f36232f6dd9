"""`sdr bench` at a smoke size: every stage and the floor are measured and written as JSON."""

import gc
import json
import os
import subprocess
import sys
import time
import weakref
from functools import partial
from pathlib import Path

import pytest

from sdr_assets.bench import FRESH_SHARE, STAGES, MemorySampler, child_pids, peak_at
from sdr_assets.cli import app
from sdr_assets.machine_speed import SIZE, reference_seconds
from tests.command_line import CommandLine
from tests.signal_hashes import SHORT_RACY_NS, short_racy_window



class _Cycle:
    """An object in a reference cycle with itself: only the cyclic collector frees it."""


def _garbage_only_a_full_collection_frees() -> weakref.ref:
    cycle = _Cycle()
    cycle.itself = cycle
    gc.collect(1)  # still referenced: it moves to the oldest generation, which only a full collection walks
    return weakref.ref(cycle)


def test_sdr_bench_writes_every_stage_the_floor_and_a_quiet_second_run(tmp_path, monkeypatch):
    # The machine's reference is timed once over a tenth of its workload: this test checks where the
    # figure goes, tests/test_machine_speed.py what it measures.
    monkeypatch.setattr("sdr_assets.machine_speed.reference_seconds", partial(reference_seconds, 1, SIZE // 10))
    short_racy_window(monkeypatch)
    # Each run is timed as a process of its own would run: without the garbage of what ran before it.
    from sdr_assets import runner

    left, started = [], []

    def signals_first(*args, **kwargs):
        started.append([ref for ref in left if ref() is not None])
        return run_signals(*args, **kwargs)

    def replies_last(*args, **kwargs):
        run_replies(*args, **kwargs)
        left.append(_garbage_only_a_full_collection_frees())

    run_signals, run_replies = runner.run_signals, runner.run_replies
    monkeypatch.setattr(runner, "run_signals", signals_first)
    monkeypatch.setattr(runner, "run_replies", replies_last)
    path = tmp_path / "bench.json"
    # Sampled every 100 ms, not the default 20: the sampler's thread costs CPU at every sample, and no figure
    # asserted here needs more than a few samples a run.
    result = CommandLine().invoke(app, ["bench", "--accounts", "200", "--no-extras", "--sample-ms", "100",
                                      "--json", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(path.read_text())
    stages = {s["name"]: s for s in out["pipeline"]["stages"]}
    assert list(stages) == list(STAGES)
    assert not out["pipeline"]["failed"]
    for name in ("signals", "qualified", "enriched", "angles", "drafts", "sends", "triage"):
        assert stages[name]["rows"] > 0 and stages[name]["seconds"] > 0, name
    floor = {s["name"]: s for s in out["floor"]["stages"]}
    assert set(floor) == set(STAGES) - {"simulated replies"}
    assert floor["signals"]["rows"] > 0 and floor["sends"]["rows"] > 0 and floor["triage"]["rows"] > 0
    assert len(out["floor"]["passes"]) == 3 and out["floor"]["seconds"] == min(out["floor"]["passes"])
    assert sum(s["seconds"] for s in floor.values()) <= out["floor"]["seconds"] + 0.001, "the fastest pass's stages"
    # The seconds are printed rounded to the millisecond; the ratio is taken before rounding.
    assert out["ratio_to_floor"] == pytest.approx(out["pipeline"]["seconds"] / out["floor"]["seconds"], rel=0.02)
    assert out["pipeline"]["peak_rss_mb"] > 0 and "sampled every 100 ms" in out["memory"]
    at = out["pipeline"]["peak_at"]
    assert 0 <= at["seconds_from_start"] and ("during" in at or "after" in at), at
    assert "peak memory: " in result.output
    assert out["machine"]["reference_s"] > 0 and "reference workload took" in result.output
    assert out["machine"]["reference_at_end_s"] > 0
    assert f"{out['machine']['reference_at_end_s']:.3f} s at the end" in result.output
    second = out["second_run"]
    assert not second["failed"] and second["ratio_to_first"] > 0
    # No new input: the second run adds no rows to the layers (a soft bounce may still earn a send).
    again = {s["name"]: s for s in second["stages"]}
    for name in ("signals", "qualified", "enriched", "angles", "drafts", "triage"):
        assert again[name]["rows"] == stages[name]["rows"], name
    fresh = out["fresh_run"]
    assert not fresh["failed"] and fresh["new_signals"] == max(1, round(stages["signals"]["rows"] * FRESH_SHARE))
    assert "raw_signals" in fresh["steps"] and "raw_signals" not in second["steps"], "new files are read, and only then"
    assert fresh["ratio_to_first"] == pytest.approx(fresh["seconds"] / out["pipeline"]["seconds"], rel=0.02)
    assert f"run after new signals ({fresh['new_signals']}, 0.1% of the signal rows)" in result.output
    replies = out["replies_run"]
    assert not replies["failed"] and replies["new_replies"] == max(1, round(stages["triage"]["rows"] * 0.01))
    triaged = {s["name"]: s for s in replies["stages"]}["triage"]["rows"]
    assert triaged == stages["triage"]["rows"] + replies["new_replies"], "each follow-up is triaged"
    assert "escalations" in replies["steps"] and "raw_signals" not in replies["steps"]
    assert f"run after new replies ({replies['new_replies']}, 1% of the replies triaged)" in result.output
    assert {g["goal"] for g in out["goals"]} >= {"end to end seconds", "pipeline / DuckDB floor"}
    assert "× floor" in result.output and "second run on unchanged data" in result.output
    assert started == [[], [], [], []], "each run starts once what the runs before left is collected"



@pytest.mark.parametrize("accounts", ["0", "-3"])
def test_sdr_bench_refuses_a_world_without_accounts_in_one_line(accounts):
    """Before, `sdr bench --accounts 0` generated the world and stopped on a stack trace from `random`."""
    result = CommandLine().invoke(app, ["bench", "--accounts", accounts, "--no-extras"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [f"error: --accounts must be at least 1: the seeded world draws its "
                                          f"signals from its accounts, and {accounts} gives it none"]

def test_the_peak_is_placed_in_its_step_or_between_the_steps_around_it():
    timeline = [("raw_signals", 10.0, 12.0), ("enriched_accounts", 13.0, 15.0), ("a_check", 14.0, 14.5)]
    assert peak_at(None, 10.0, timeline) == {}
    assert peak_at(14.2, 10.0, timeline) == {"seconds_from_start": 4.2, "during": ["enriched_accounts", "a_check"]}
    assert peak_at(12.5, 10.0, timeline) == {"seconds_from_start": 2.5, "after": "raw_signals",
                                             "before": "enriched_accounts"}
    assert peak_at(9.0, 8.0, timeline) == {"seconds_from_start": 1.0, "after": None, "before": "raw_signals"}
    assert peak_at(16.0, 10.0, timeline) == {"seconds_from_start": 6.0, "after": "enriched_accounts", "before": None}


def test_the_sensor_tick_figure_is_taken_over_new_then_unchanged_files():
    from sdr_assets.bench_extras import sensor_tick

    figure = sensor_tick(files=30)
    assert figure["files"] == 30
    assert figure["first_tick_s"] > 0 and figure["unchanged_tick_s"] > 0


def _python(source: str) -> subprocess.CompletedProcess:
    """``source`` run by a fresh interpreter in the project's folder: a heap of its own to measure."""
    return subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])


GROW_THEN_FREE = """
import gc, sys, time, psutil
from sdr_assets.bench import MemorySampler
process = psutil.Process()
before = process.memory_info().rss
with MemorySampler(interval=0.002) as sampler:
    grown = []
    for _ in range(1000):
        grown += [[str(j) for j in range(1000)], {j: (j,) for j in range(300)}]
        time.sleep(0.0005)
    del grown
gc.collect()
print(len(sampler.samples), (process.memory_info().rss - before) / 2**20)
"""


def test_sampling_a_growing_heap_keeps_none_of_it_resident_once_freed():
    """The sampler must not hold up the peak it measures: samples taken while the heap grows, were they
    Python objects, would each keep an arena of it (1 MB) resident after the rest is freed."""
    out = _python(GROW_THEN_FREE)
    samples, kept_mb = out.stdout.split()
    assert int(samples) > 100, "the sampler sampled while the heap grew"
    assert float(kept_mb) < 40, f"{kept_mb} MB stayed resident"


FORK_WRITING = """
import os, sys
from sdr_assets.bench import MemorySampler
block = bytearray(400 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
sampler = MemorySampler()
sampler._sample()
written, sampled = os.pipe(), os.pipe()
child = os.fork()
if child == 0:  # still the parent's program: a fork, which then writes 200 MB of pages of its own
    for i in range(0, 200 * 2**20, 4096):
        block[i] = 2
    os.write(written[1], b"x")
    os.read(sampled[0], 1)
    os._exit(0)
os.read(written[0], 1)
sampler._sample()
sampler._sample()
os.write(sampled[1], b"x")
os.waitpid(child, 0)
print(*(rss / 2**20 for _, rss, _ in sampler.samples))
"""


def test_a_fork_of_this_process_counts_only_the_pages_it_stopped_sharing_and_none_at_first_sight():
    """Found once, a fork is taken for one about to run a program of its own (Dagster forks each run
    to capture its output); found again, its own pages count, never the ones it shares."""
    out = _python(FORK_WRITING)
    alone, first_sight, again = map(float, out.stdout.split())
    assert alone > 400
    assert first_sight < alone + 50, "a fork found for the first time counts nothing"
    assert alone + 150 < again < alone + 300, "found again, its 200 MB of its own count, not the 400 it shares"


def test_memory_and_cpu_count_the_worker_processes_too():
    """The signal readers run in worker processes: their memory and CPU time are the pipeline's."""
    child = ("import sys, time\nblock = bytearray(300 * 2**20)\nfor i in range(0, len(block), 4096): block[i] = 1\n"
             "end = time.process_time() + 0.3\nwhile time.process_time() < end: pass\nprint('held', flush=True)\n"
             "sys.stdin.read()")
    with MemorySampler() as sampler:
        time.sleep(0.1)
        started = time.time()
        holder = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True)
        assert holder.stdout.readline() == "held\n"
        held = time.time()
        deadline = time.monotonic() + 30
        while sum(t > held for t, _, _ in sampler.samples) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # the child keeps its memory until the sampler has looked twice
        holder.communicate("")
        ended = time.time()
    alone = sampler.peak_mb(0, started)
    assert sampler.peak_mb(started, ended) > alone + 250
    assert sampler.cpu_seconds(started, time.time()) >= 0.3


def test_child_pids_lists_children_and_their_children_and_nothing_for_an_ended_process():
    script = ("import subprocess, sys\nkid = subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'],"
              " stdin=subprocess.PIPE)\nprint(kid.pid, flush=True)\nsys.stdin.read()\nkid.communicate('')")
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        grandchild = int(parent.stdout.readline())
        assert parent.pid in child_pids(os.getpid())  # with whatever else this test process started
        assert child_pids(parent.pid) == [grandchild]
        assert {parent.pid, grandchild} <= {p.pid for p in MemorySampler()._descendants()}
    finally:
        parent.communicate("")
    assert child_pids(parent.pid) == []


def test_without_the_kernels_list_the_sampler_asks_psutil(monkeypatch):
    monkeypatch.setattr("sdr_assets.bench.child_pids", lambda pid: None)
    holder = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE, text=True)
    try:
        assert holder.pid in [p.pid for p in MemorySampler()._descendants()]
    finally:
        holder.communicate("")


def test_triage_throughput_reads_the_messages_the_corpus_index_lists_and_nothing_else(tmp_path):
    from sdr_assets.bench_extras import classifier_throughput

    source = Path(__file__).parent / "fixtures" / "mail" / "sisimai" / "emails" / "bsd"
    for name in ("arf-01.eml", "lhost-dragonfly-07.eml"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "rfc3464-01.msg").write_bytes((source / "arf-01.eml").read_bytes())
    (tmp_path / "LICENSE").write_text("BSD 2-Clause License\n")
    (tmp_path / "unlisted.eml").write_bytes((source / "arf-01.eml").read_bytes())
    (tmp_path / "index.jsonl").write_text("".join(
        json.dumps({"path": p}) + "\n" for p in ("arf-01.eml", "lhost-dragonfly-07.eml", "nested/rfc3464-01.msg")))

    figures = classifier_throughput(tmp_path, rounds=1)

    assert figures["messages"] == 3
    assert figures["messages_per_s"] > 0


def test_the_first_run_starts_once_the_signal_files_hashes_can_be_trusted(tmp_path, monkeypatch):
    """With no settle interval the bench waits out the racy window, so its second run does not hash
    every signal file again, as no run does where files settle first; old files need no wait."""
    from sdr_assets.bench import _past_racy_window
    from sdr_assets.domain.file_clock import racy

    short_racy_window(monkeypatch)

    old = tmp_path / "old.csv"
    old.write_text("signal_id\n")
    os.utime(old, ns=(time.time_ns() - 3 * SHORT_RACY_NS, time.time_ns() - 3 * SHORT_RACY_NS))
    started = time.monotonic()
    _past_racy_window(tmp_path)
    assert time.monotonic() - started < SHORT_RACY_NS / 1e9 / 2
    new = tmp_path / "new.jsonl"
    new.write_text("{}\n")
    _past_racy_window(tmp_path)
    assert not racy(time.time_ns(), new.stat().st_mtime_ns)


def test_the_model_stage_is_measured_in_a_fresh_process_against_its_bound():
    """Its calls and bound come back from the interpreter that made them; one that fails there raises
    here (``measure_all`` reports it), instead of a figure."""
    from sdr_assets import bench_extras

    figures = bench_extras.model_stage(drafts=4, concurrency=2, latency=0.02)
    assert (figures["calls"], figures["bound_seconds"], figures["second_run_calls"]) == (4, 0.04, 0)
    assert 0 < figures["share_of_bound"] <= 1 and figures["seconds"] >= 0.04
    with pytest.raises(subprocess.CalledProcessError, match="model_stage_here"):
        bench_extras.model_stage(drafts=1, latency=0)  # no bound at no latency: the child divides by zero
