"""Pipeline benchmark: a seeded world run through the real pipeline, timed per stage.

Behind ``sdr bench`` (``sdr_assets/cli_bench.py``). All plays are approved by the named reviewer
"benchmark" inside a temporary warehouse, and the mailbox warm-up and daily caps are lifted
there, so that the send stage carries real volume. Mail goes to a temporary maildir; nothing
leaves the machine. Stage times come from Dagster's own step events; memory is the process's
resident set size, sampled by psutil every 20 ms.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import email.utils
import gc
import mailbox
import os
import re
import tempfile
import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.parser import BytesHeaderParser
from pathlib import Path

import psutil

REPO_PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
SIGNALS_PER_ACCOUNT = 5
# The new signals of the run after the first two, as a share of the world's signal rows.
FRESH_SHARE = 0.001
# The new replies of the run after that, as a share of the replies the first run triaged: follow-ups
# from people whose reply a person is to answer.
REPLY_SHARE = 0.01
MIN_ACCOUNTS = 1  # the seeded world draws its signals from its accounts: with none it has nothing to draw from


class BenchSizeError(ValueError):
    """A world too small to generate, refused before anything runs."""
_headers = BytesHeaderParser()

# Pipeline stages in order, and the Dagster steps (asset or check names) that make each one.
STAGES: dict[str, tuple[str, ...]] = {
    "signals": ("play_versions", "raw_signals", "raw_signals_quality"),
    "qualified": ("qualified_signals", "qualified_signals_quality"),
    "enriched": ("enriched_accounts", "enriched_accounts_quality"),
    "angles": ("research_angles",),
    "drafts": ("message_drafts",),
    "gate": ("play_approval_gate", "play_monitor_check", "deliverability_guard"),
    "sends": ("send_ledger", "linkedin_tasks"),
    "simulated replies": (),
    "triage": ("raw_replies", "reply_classifications", "suppression_events", "suppression_list",
               "sequence_holds", "escalations", "escalation_sla"),
    "analytics": ("play_monitor", "monitor_readings", "monitor_pauses", "pause_notices", "reply_rate_summary",
                  "reply_performance", "outreach_funnel", "analytics_snapshot"),
}
# What each stage's rows are: the table (or count) it produced.
STAGE_ROWS = {"signals": "raw_signals", "qualified": "qualified_signals", "enriched": "enriched_accounts",
              "angles": "research_angles", "drafts": "message_drafts", "gate": "message_drafts",
              "sends": "send_ledger", "triage": "raw_replies", "analytics": "send_ledger"}


@dataclass
class Stage:
    name: str
    seconds: float = 0.0
    rows: int = 0
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "rows_per_s": round(self.rows_per_s, 1)}


@dataclass
class PipelineRun:
    stages: list[Stage]
    seconds: float  # wall time of every job, Dagster's own work included
    peak_rss_mb: float
    failed: list[str] = field(default_factory=list)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per Dagster step, summed over runs
    cpu_seconds: float = 0.0
    peak_at: dict = field(default_factory=dict)  # when the peak was sampled, and in which step or between which

    @property
    def dagster_seconds(self) -> float:
        """Wall time outside any step: run launch, event log, step orchestration."""
        return max(0.0, self.seconds - sum(s.seconds for s in self.stages if s.name != "simulated replies"))

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 3), "cpu_seconds": self.cpu_seconds,
                "peak_rss_mb": round(self.peak_rss_mb, 1),
                "peak_at": self.peak_at,
                "outside_steps_seconds": round(self.dagster_seconds, 3), "failed": self.failed,
                "stages": [s.as_dict() for s in self.stages],
                "steps": {k: round(v, 3) for k, v in sorted(self.steps.items(), key=lambda kv: -kv[1])}}


def child_pids(pid: int) -> list[int] | None:
    """The processes whose parent is one of ``pid``'s threads, from ``/proc/<pid>/task/*/children``;
    None where the kernel does not list them (another system, or a kernel built without the list),
    and empty for a process that has ended."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return None if not os.path.isdir("/proc/self/task") else []
    except OSError:
        return None
    pids: list[int] = []
    for thread in threads:
        try:
            # Read as bytes: read as text at every sample, these files left more of the heap resident
            # once a 100k world was generated, by hundreds of MB (measured; why, not established).
            with open(f"/proc/{pid}/task/{thread}/children", "rb") as listed:
                pids += [int(child) for child in listed.read().split()]
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}/task/{thread}"):
                continue  # the thread ended while we read
            return None
        except OSError:
            return None
    return pids


class MemorySampler:
    """Resident set size and CPU time of this process and its children (the signal readers' worker
    processes) every ``interval`` seconds, in a daemon thread.

    Samples are stamped in epoch seconds (``time.time``), as Dagster stamps its step events, so a
    step's window selects its samples: a measure of elapsed time, never a date, so not the project clock.

    Samples are kept in arrays of machine numbers, never as Python objects: a sample's tuple and
    numbers would each live in one of Python's small-object arenas, among the objects the pipeline
    makes and frees meanwhile, and keep that arena (1 MB) resident for the rest of the run. Kept so,
    the samples taken while a 100k world was generated held hundreds of MB, all counted in the
    pipeline's peak (``tests/test_bench.py`` grows and frees a heap under the sampler). Readers take
    the samples complete so far: the thread appends to the columns in order, the CPU time last.
    """

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self._times, self._rss, self._cpu = array("d"), array("q"), array("d")
        self._stop = threading.Event()
        self._process = psutil.Process()
        self._children: dict[int, psutil.Process] = {}
        self._forks: set[int] = set()  # children found running their parent's program at the last sample

    def __enter__(self) -> MemorySampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def _sample(self) -> None:
        cpu = self._process.cpu_times()
        rss, spent = self._process.memory_info().rss, cpu.user + cpu.system + cpu.children_user + cpu.children_system
        forks: set[int] = set()
        for child in self._descendants():
            with contextlib.suppress(psutil.Error):  # a child may end between listing and asking
                rss += self._resident(child, forks)
                spent += sum(child.cpu_times()[:2])
        self._forks = forks
        self._times.append(time.time())
        self._rss.append(rss)
        self._cpu.append(spent)

    def _resident(self, child: psutil.Process, forks: set[int]) -> int:
        """The bytes ``child`` holds in memory. A child still running its parent's program (the same
        command line) is a fork: it shares the parent's pages, already counted, until it writes to
        them. Found so for the first time, it counts nothing: Dagster forks the run's process at every
        run to capture its output, and each fork ran ``tail`` a few milliseconds later (a vfork shares
        even the pages it writes). Where a sample fell in one, the peak was about twice the run's
        memory. Found so again, it counts only the pages it no longer shares (USS)."""
        parent = child.parent()
        if parent is None or child.cmdline() != parent.cmdline():
            return child.memory_info().rss
        forks.add(child.pid)
        return child.memory_full_info().uss if child.pid in self._forks else 0

    @property
    def samples(self) -> list[tuple[float, int, float]]:
        """(epoch seconds, resident bytes, CPU seconds) of each sample, in order."""
        return list(zip(*self._columns(), strict=True))

    def _columns(self) -> tuple[array, array, array]:
        taken = len(self._cpu)
        return self._times[:taken], self._rss[:taken], self._cpu[:taken]

    def _descendants(self) -> list[psutil.Process]:
        """This process's children, theirs, and so on. Linux lists each thread's children in /proc, a
        few small reads; psutil's ``children`` reads every process on the machine (about 1 ms with 65
        of them, at every sample), where the kernel does not list them."""
        pending = child_pids(self._process.pid)
        if pending is None:
            return self._process.children(recursive=True)
        found: dict[int, psutil.Process] = {}
        while pending:
            pid = pending.pop()
            with contextlib.suppress(psutil.Error):
                found[pid] = self._children.get(pid) or psutil.Process(pid)
                pending += child_pids(pid) or []
        self._children = found
        return list(found.values())

    def __exit__(self, *exc: object) -> None:
        """Stop sampling and take one last sample, which holds the CPU time of children already
        reaped even when a loaded machine kept the thread from sampling near the end."""
        self._stop.set()
        self._thread.join()
        self._sample()

    def peak_mb(self, start: float = 0.0, end: float = float("inf")) -> float:
        return self.peak(start, end)[1]

    def peak(self, start: float = 0.0, end: float = float("inf")) -> tuple[float | None, float]:
        """(when, MB) of the largest sample between two moments; (None, 0.0) when none was taken."""
        times, rss_bytes, _ = self._columns()
        inside = [(rss, t) for t, rss in zip(times, rss_bytes, strict=True) if start <= t <= end]
        rss, when = max(inside, default=(0, None))
        return when, rss / 2**20

    def cpu_seconds(self, start: float, end: float) -> float:
        """CPU time (user + system) the process used between two moments: on a shared machine this
        moves far less with other people's load than wall time does."""
        times, _, spent = self._columns()

        def at(moment: float) -> float:
            return next((cpu for t, cpu in zip(reversed(times), reversed(spent), strict=True) if t <= moment), 0.0)
        return max(0.0, at(end) - at(start))


@dataclass
class World:
    """A benchmark's data folder, resources, definitions and Dagster instance."""

    root: Path
    resources: dict
    defs: object
    instance: object
    now: datetime
    signal_rows: int = 0


def _step_windows(instance, run_id: str) -> list[tuple[str, float, float]]:
    """(step key, start, end) of every step of a run, from the event log's timestamps."""
    starts: dict[str, float] = {}
    windows = []
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not entry.step_key:
            continue
        if event.event_type_value == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
            windows.append((entry.step_key, starts.pop(entry.step_key), entry.timestamp))
    return windows


def stage_of(step_key: str) -> str | None:
    """The stage a Dagster step belongs to; a check step is named after its asset and check."""
    for stage, names in STAGES.items():
        if any(step_key == n or step_key.endswith("_" + n) for n in names):
            return stage
    return None


def _counts(world: World) -> dict[str, int]:
    from sdr_assets.status import collect_status

    return collect_status(world.resources["warehouse"], world.resources["paths"])["tables"]


def setup_world(root: Path, accounts: int, instance, now: datetime, plays_dir: Path = REPO_PLAYS) -> World:
    """Plays with their caps lifted, resources for the folder, the seeded world, every play approved."""
    from resources.defaults import build_resources
    from resources.dkim import create_key
    from resources.settings import SendPolicy
    from sdr_assets.assembly import build_definitions
    from sdr_assets.demo.world import generate_world
    from sdr_assets.domain.plays import MAX_DAILY_CAP

    (root / "plays").mkdir(parents=True, exist_ok=True)
    for path in sorted(plays_dir.glob("*.yaml")):
        text = re.sub(r"(?m)^daily_cap: \d+", f"daily_cap: {MAX_DAILY_CAP}", path.read_text())
        (root / "plays" / path.name).write_text(text)
    # The world's files are written whole before its runs: none waits to settle.
    resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": now.isoformat(),
                                 "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})
    resources["policy"] = SendPolicy(now_override=now.isoformat(), warmup_start=10**6, mailbox_daily_cap=10**6,
                                     postal_address="Benchmark Ltd, 1 Example Street, Springfield")
    # Messages are DKIM-signed as in production: the bench pays for the signature.
    create_key(Path(resources["mail"].dkim_key_path))
    summary = generate_world(root, seed=3, n_companies=accounts, n_signals=accounts * SIGNALS_PER_ACCOUNT, now=now)
    # The world's files reach the disk before anything is timed: the kernel's write-back of them
    # would otherwise land on whichever step fsyncs next (the send step), by however much was left.
    os.sync()
    world = World(root, resources, build_definitions(resources), instance, now, summary.signal_rows)
    return world


def _past_racy_window(inbox: Path) -> None:
    """Wait until the newest signal file is older than the file clock's racy window.

    With no settle interval, the first run would hash files written a moment before, and a hash
    taken that soon after a write is not trusted (``domain.file_clock.racy``): the second run would
    read and hash every file again, which no run does where files settle first (the settle interval
    is longer than the window)."""
    from sdr_assets.domain.file_clock import RACY_NS

    newest = max((p.stat().st_mtime_ns for p in inbox.iterdir() if p.is_file()), default=0)
    wait_ns = newest + RACY_NS - time.time_ns()
    if wait_ns > 0:
        time.sleep(wait_ns / 1e9 + 0.05)


def approve_all(world: World) -> None:
    from sdr_assets.decisions import decide
    from sdr_assets.playbook import load_plays

    paths = world.resources["paths"]
    for name, play in load_plays(paths.plays).plays.items():
        decide(name, "approve", "benchmark", version=play.version_hash,
               warehouse_path=world.resources["warehouse"].path, plays_dir=paths.plays_dir, mode=paths.mode)


def run_pipeline(world: World, sampler: MemorySampler, first: bool = True,
                 progress: Callable[[str], None] = lambda _: None) -> PipelineRun:
    """Signals, each play's outreach, simulated replies, triage and analytics; timed per stage.

    The first run approves every play after research and lets the simulated market answer the
    sends; a later run on the same folder finds nothing new.

    Before the clock starts, the cyclic garbage that the world's making, or the run and the readings
    before, left in this process is collected: each ``sdr run`` is a process of its own, which starts
    without it. Left, a full collection fell inside the next run (0.39 s of a 100k world's unchanged run).
    """
    from sdr_assets.demo.market import simulate_replies
    from sdr_assets.demo_run import sent_messages
    from sdr_assets.runner import RunReport, run_outreach, run_replies, run_signals

    report = RunReport(log_level="CRITICAL")
    stages = {name: Stage(name) for name in STAGES}
    gc.collect()
    started = time.time()
    known_runs = {r.run_id for r in world.instance.get_runs()}
    progress("signals → research")
    run_signals(world.defs, world.instance, report)
    if first:
        approve_all(world)
    # As `sdr run` does: the replies run below counts every play's sends in one refresh of the analytics.
    run_outreach(world.defs, world.instance, report, lambda play: progress(f"outreach: {play}"), analytics=False)
    simulated_window = None
    if first:
        progress("simulated replies")
        t0 = time.time()
        written = simulate_replies(sent_messages(world.resources["warehouse"]),
                                   Path(world.resources["mailbox"].path), seed=3, now=world.now)
        simulated_window = (t0, time.time())
    progress("triage → analytics")
    run_replies(world.defs, world.instance, report)
    ended = time.time()  # what follows is the bench's own reading of the run: neither timed nor counted
    # The simulator stands in for the prospects' mail servers: its time is shown, not counted.
    seconds = ended - started - (simulated_window[1] - simulated_window[0] if simulated_window else 0)
    windows: dict[str, list[tuple[float, float]]] = {name: [] for name in STAGES}
    steps: dict[str, float] = {}
    timeline: list[tuple[str, float, float]] = []
    for run in world.instance.get_runs():
        if run.run_id in known_runs:
            continue
        for step_key, start, end in _step_windows(world.instance, run.run_id):
            timeline.append((step_key, start, end))
            steps[step_key] = steps.get(step_key, 0.0) + end - start
            stage = stage_of(step_key)
            if stage:
                windows[stage].append((start, end))
    if simulated_window:
        windows["simulated replies"].append(simulated_window)
    for name, spans in windows.items():
        stages[name].seconds = sum(end - start for start, end in spans)
        stages[name].peak_rss_mb = max((sampler.peak_mb(s, e) for s, e in spans), default=0.0)
        stages[name].cpu_seconds = round(sum(sampler.cpu_seconds(s, e) for s, e in spans), 3)
    counts = _counts(world)
    for name, table in STAGE_ROWS.items():
        stages[name].rows = counts.get(table, 0)
    stages["signals"].rows = world.signal_rows
    stages["simulated replies"].rows = written.files_written if simulated_window else 0
    cpu = sampler.cpu_seconds(started, ended) - (sampler.cpu_seconds(*simulated_window) if simulated_window else 0)
    if simulated_window:
        timeline.append(("simulated replies", *simulated_window))
    when, peak = sampler.peak(started, ended)
    return PipelineRun(list(stages.values()), seconds, peak,
                       [f"{job} {partition}".strip() for job, partition, _ in report.failed], steps, round(cpu, 3),
                       peak_at(when, started, timeline))


def peak_at(when: float | None, started: float, timeline: list[tuple[str, float, float]]) -> dict:
    """Where the peak sample fell: seconds from the start, and the step it fell in, or the steps it fell
    between (``timeline`` holds each step's name, start and end)."""
    if when is None:
        return {}
    found = {"seconds_from_start": round(when - started, 2)}
    inside = [name for name, start, end in timeline if start <= when <= end]
    if inside:
        return found | {"during": inside}
    before = max((t for t in timeline if t[2] < when), key=lambda t: t[2], default=None)
    after = min((t for t in timeline if t[1] > when), key=lambda t: t[1], default=None)
    return found | {"after": before[0] if before else None, "before": after[0] if after else None}


def triage_agreement(warehouse) -> tuple[int, int]:
    """How many simulated replies triage labelled as the simulator meant them (its outcome header).

    The simulator's wording was written apart from the labeller's training set, so this is mostly an
    out-of-sample check: a short refusal ("Not interested, thanks.") is in both, and the labeller reads
    "timing is good" as interest because the tests ask it to. Triage itself never reads that header.
    """
    with warehouse.connect() as con:
        rows = con.execute(
            "select r.raw, c.kind, c.label from raw_replies r join reply_classifications c using (message_id)"
        ).fetchall()
    right = total = 0
    for raw, kind, label in rows:
        meant = _headers.parsebytes(bytes(raw)).get("X-SDR-Simulated-Outcome", "").split(";")[0].strip()
        if meant:
            total += 1
            right += meant == (label if kind == "human" else kind)
    return right, total


def bench(accounts: int, progress: Callable[[str], None] = lambda _: None, extras: bool = True,
          sample_interval: float = 0.02) -> dict:
    """The whole benchmark as one JSON-ready dict: pipeline, floor, second run and the extras."""
    if accounts < MIN_ACCOUNTS:
        raise BenchSizeError(f"--accounts must be at least {MIN_ACCOUNTS}: the seeded world draws its signals "
                             f"from its accounts, and {accounts} gives it none")
    from resources import clock
    from sdr_assets import bench_extras, bench_floor
    from sdr_assets.instance import temporary_instance
    from sdr_assets.machine_speed import reference_seconds

    now = clock.now().replace(microsecond=0)
    out: dict = {"accounts": accounts, "signals_per_account": SIGNALS_PER_ACCOUNT, **bench_extras.machine(),
                 "memory": "peak resident set size of the process and its worker processes together (psutil, sampled "
                           f"every {sample_interval * 1000:g} ms)"}
    out["load_average_at_start"] = round(os.getloadavg()[0], 2)
    with (tempfile.TemporaryDirectory() as tmp, temporary_instance() as instance,
          MemorySampler(sample_interval) as sampler):
        progress("generating the world")
        t0 = time.perf_counter()
        world = setup_world(Path(tmp) / "data", accounts, instance, now)
        out["world_seconds"] = round(time.perf_counter() - t0, 3)
        _past_racy_window(world.resources["paths"].signals)
        first = run_pipeline(world, sampler, progress=progress)
        out["pipeline"] = first.as_dict()
        right, total = triage_agreement(world.resources["warehouse"])
        out["triage_agrees_with_simulator"] = {"right": right, "total": total}
        progress("second run on unchanged data")
        second = run_pipeline(world, sampler, first=False, progress=lambda s: progress(f"second run: {s}"))
        out["second_run"] = {**second.as_dict(), "ratio_to_first": round(second.seconds / first.seconds, 4),
                             "cpu_ratio_to_first": round(second.cpu_seconds / max(first.cpu_seconds, 1e-9), 4)}
        progress("the DuckDB floor")
        floor = bench_floor.measure(world.root, world.resources["paths"].plays, now, sampler,
                                    Path(world.resources["mailbox"].path))
        out["floor"] = floor
        out["ratio_to_floor"] = round(first.seconds / floor["seconds"], 2) if floor["seconds"] else None
        for stage in out["pipeline"]["stages"]:
            f = next((s for s in floor["stages"] if s["name"] == stage["name"]), None)
            stage["floor_seconds"] = f["seconds"] if f else None
            stage["ratio_to_floor"] = round(stage["seconds"] / f["seconds"], 1) if f and f["seconds"] else None
        # After the floor, which reads the world's files: the new signals are in no figure above.
        progress("a run after new signals")
        out["fresh_run"] = fresh_run(world, sampler, first, progress)
        progress("a run after new replies")
        out["replies_run"] = replies_run(world, sampler, first, progress)
    out["load_average_at_end"] = round(os.getloadavg()[0], 2)
    if extras:
        out.update(bench_extras.measure_all(progress))
    # The machine's speed moves within minutes: taken again once every figure is, it says how far.
    out["machine"]["reference_at_end_s"] = reference_seconds()
    out["goals"] = goals(out)
    return out


def fresh_run(world: World, sampler: MemorySampler, first: PipelineRun,
              progress: Callable[[str], None] = lambda _: None) -> dict:
    """A run after a feed brought new signals on a small share of the world (``FRESH_SHARE`` of its signal
    rows): what a day's new input costs once the world has been run, against the first run."""
    from sdr_assets.demo.world import fresh_signals

    signals = max(1, round(world.signal_rows * FRESH_SHARE))
    fresh_signals(world.root, seed=5, n_signals=signals, now=world.now)
    _past_racy_window(world.resources["paths"].signals)
    run = run_pipeline(world, sampler, first=False, progress=lambda s: progress(f"run after new signals: {s}"))
    return {**run.as_dict(), "new_signals": signals, "ratio_to_first": round(run.seconds / first.seconds, 4),
            "cpu_ratio_to_first": round(run.cpu_seconds / max(first.cpu_seconds, 1e-9), 4)}


def replies_run(world: World, sampler: MemorySampler, first: PipelineRun,
                progress: Callable[[str], None] = lambda _: None) -> dict:
    """A run after people answered again (``REPLY_SHARE`` of the replies triaged): a follow-up to each of
    the first replies, in message-id order, that a person is to answer, under a Message-ID of its own.
    What replies arriving cost once the world has been run, against the first run."""
    from sdr_assets.domain.escalations import escalates

    with world.resources["warehouse"].connect() as con:
        triaged = con.execute("select message_id, kind, label, needs_review, reason from raw_replies "
                              "join reply_classifications using (message_id) order by message_id").fetchall()
        wanted = max(1, round(len(triaged) * REPLY_SHARE))
        chosen = [message_id for message_id, *read in triaged if escalates(*read)][:wanted]
        answered = [bytes(raw) for (raw,) in con.execute(
            "select raw from raw_replies where list_contains(?, message_id) order by message_id", [chosen]).fetchall()]
    box = mailbox.Maildir(world.resources["mailbox"].path, create=False)
    for i, raw in enumerate(answered):
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        message.replace_header("Message-ID", f"<follow-up-{i}@bench.example>")
        message.replace_header("Date", email.utils.format_datetime(world.now))
        box.add(message.as_bytes())
    run = run_pipeline(world, sampler, first=False, progress=lambda s: progress(f"run after new replies: {s}"))
    return {**run.as_dict(), "new_replies": len(answered), "ratio_to_first": round(run.seconds / first.seconds, 4),
            "cpu_ratio_to_first": round(run.cpu_seconds / max(first.cpu_seconds, 1e-9), 4)}


def goals(out: dict) -> list[dict]:
    """The targets for this machine, each with what was measured and whether it is met."""
    pipeline = out["pipeline"]
    rows = [
        ("end to end seconds", "<= 60 s at 100k accounts", pipeline["seconds"],
         pipeline["seconds"] <= 60 if out["accounts"] >= 100_000 else None),
        ("pipeline / DuckDB floor", "<= 3x", out.get("ratio_to_floor"), (out.get("ratio_to_floor") or 99) <= 3),
        ("peak memory MB", "<= 2048", pipeline["peak_rss_mb"], pipeline["peak_rss_mb"] <= 2048),
        ("unchanged re-run / first", "<= 5 %", out["second_run"]["ratio_to_first"],
         out["second_run"]["ratio_to_first"] <= 0.05),
    ]
    if "triage" in out:
        rows.append(("triage msg/s", ">= 2000", out["triage"]["messages_per_s"],
                     out["triage"]["messages_per_s"] >= 2000))
    if "model" in out:
        rows.append(("model stage / bound", ">= 90 %", out["model"]["share_of_bound"],
                     out["model"]["share_of_bound"] >= 0.9))
    return [{"goal": g, "target": t, "measured": m, "met": None if ok is None else bool(ok)} for g, t, m, ok in rows]
