"""Pipeline benchmark: a seeded world in a temporary folder, every stage timed, figures printed.

    python -m sdr_assets.bench [--companies 5000] [--signals 20000]

All plays are approved by the named reviewer "benchmark" inside the temporary warehouse, and the
mailbox warm-up and daily caps are lifted there, so that the send stage carries real volume. Mail goes to a
temporary maildir; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from resources.settings import SendPolicy
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.demo.market import simulate_replies
from sdr_assets.demo.world import generate_world
from sdr_assets.demo_run import sent_messages
from sdr_assets.playbook import load_plays
from sdr_assets.runner import RunReport, run_outreach, run_replies, run_signals
from sdr_assets.status import collect_status

REPO_PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
_headers = BytesHeaderParser()


def bench(companies: int, signals: int, plays_dir: Path = REPO_PLAYS) -> tuple[list[tuple[str, float, int, str]], tuple[int, int]]:
    """Timed stages (name, seconds, rows, unit) and triage agreement with the simulator (right, total)."""
    rows: list[tuple[str, float, int, str]] = []
    with tempfile.TemporaryDirectory() as tmp, dg.instance_for_test() as instance:
        root = Path(tmp)
        (root / "plays").mkdir()
        for path in plays_dir.glob("*.yaml"):
            text = re.sub(r"(?m)^daily_cap: \d+", "daily_cap: 1000000", path.read_text())
            (root / "plays" / path.name).write_text(text)
        now = datetime.now(UTC)
        resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": now.isoformat()})
        resources["policy"] = SendPolicy(now_override=now.isoformat(), warmup_start=10**6, mailbox_daily_cap=10**6,
                                         postal_address="Benchmark Ltd, 1 Example Street, Springfield")
        defs = build_definitions(resources)
        report = RunReport(log_level="CRITICAL")
        counts = lambda: collect_status(resources["warehouse"], resources["paths"])["tables"]  # noqa: E731

        started = time.perf_counter()
        world = generate_world(root, seed=3, n_companies=companies, n_signals=signals, now=now)
        rows.append(("generate world", time.perf_counter() - started, world.signal_rows, "signal rows written"))

        started = time.perf_counter()
        run_signals(defs, instance, report)
        rows.append(("signals → research", time.perf_counter() - started, counts()["raw_signals"], "signals read"))

        for name in load_plays(resources["paths"].plays).plays:
            decide(name, "approve", "benchmark", warehouse_path=resources["warehouse"].path,
                   plays_dir=resources["paths"].plays_dir)
        started = time.perf_counter()
        run_outreach(defs, instance, report)
        table = counts()
        rows.append(("drafts → gate → sends", time.perf_counter() - started, table["message_drafts"],
                     f"drafts; {table['send_ledger']} ledger rows"))

        simulation = simulate_replies(sent_messages(resources["warehouse"]), Path(resources["mailbox"].path),
                                      seed=3, now=now)
        started = time.perf_counter()
        run_replies(defs, instance, report)
        rows.append(("replies → analytics", time.perf_counter() - started, simulation.files_written,
                     "replies triaged"))
        if report.failed:
            raise SystemExit(f"benchmark runs failed: {report.failed}")
        agreement = triage_agreement(resources["warehouse"])
    return rows, agreement


def triage_agreement(warehouse) -> tuple[int, int]:
    """How many simulated replies triage labelled as the simulator meant them (its outcome header).

    The simulator's wording was written apart from the labeller's training set, so this is an
    out-of-sample check; triage itself never reads that header.
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--signals", type=int, default=20000)
    args = parser.parse_args(argv)
    print(f"Pipeline benchmark: {args.companies:,} companies, {args.signals:,} signals")
    print(f"{'stage':<24}{'seconds':>9}{'rows':>9}{'rows/s':>10}  unit")
    stages, (right, total) = bench(args.companies, args.signals)
    for stage, seconds, rows, unit in stages:
        print(f"{stage:<24}{seconds:>9.2f}{rows:>9,}{rows / seconds:>10,.0f}  {unit}")
    print(f"triage agrees with the simulator on {right} of {total} replies ({right / max(1, total):.1%})")


if __name__ == "__main__":
    main()
