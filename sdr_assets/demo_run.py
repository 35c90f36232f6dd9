"""The demo: a seeded world, the real pipeline, a human approval step and a simulated market.

The demo runs in demo mode (``SDR_MODE=demo``): in its own data folder (``data/demo``), with its
own Dagster run history, its local outbox and reply maildir, and approvals recorded as demo
approvals, which never open the gate outside demo mode.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from resources.config import DEMO_MARKER
from resources.defaults import build_resources
from resources.dkim import create_key
from resources.settings import resolve_paths, run_mode
from resources.store import approvals as records
from resources.warehouse import Warehouse, read_table
from sdr_assets.assembly import build_definitions
from sdr_assets.cli_output import cli_console
from sdr_assets.decisions import decide
from sdr_assets.demo.market import SentMessage, simulate_replies
from sdr_assets.demo.world import generate_world
from sdr_assets.domain import approvals
from sdr_assets.playbook import load_plays
from sdr_assets.instance import dagster_instance
from sdr_assets.runner import RunReport, run_outreach, run_replies, run_signals
from sdr_assets.status import collect_status

DEMO_REVIEWER = approvals.DEMO_REVIEWER
DEMO_APPROVED_PLAYS = ("revops-hiring", "series-b-funding")
SHIPPED_PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


class DemoBoundaryError(RuntimeError):
    """The demo was asked to run somewhere it must not."""


def prepare_demo_folder(data_dir: Path, plays_dir: Path) -> None:
    """Mark the folder as the demo's and give it the shipped plays; refuse a folder holding real data."""
    marker = data_dir / DEMO_MARKER
    if (data_dir / "warehouse.duckdb").exists() and not marker.exists():
        raise DemoBoundaryError(f"{data_dir} holds a warehouse that the demo did not create; the demo runs only "
                                "in its own folder (SDR_DEMO_DIR, default data/demo)")
    data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("This folder belongs to `sdr demo`: made-up companies, people and approvals.\n")
    plays_dir.mkdir(parents=True, exist_ok=True)
    for play in SHIPPED_PLAYS.glob("*.yaml"):
        target = plays_dir / play.name
        if not target.exists() or target.read_bytes() != play.read_bytes():
            shutil.copyfile(play, target)


def sent_messages(warehouse: Warehouse) -> list[SentMessage]:
    """What the ledger says went out, in the simulator's terms."""
    with warehouse.connect() as con:
        ledger = read_table(con, "send_ledger", "where status = 'sent'")
        drafts = read_table(con, "message_drafts")
    if ledger.is_empty():
        return []
    names = {r["draft_id"]: r for r in drafts.iter_rows(named=True)}
    return [
        SentMessage(
            send_key=r["send_key"], message_id=r["message_id"], to_addr=r["contact_email"],
            to_name=names.get(r["draft_id"], {}).get("contact_name", ""), from_addr=r["mailbox"],
            subject=r["subject"], play=r["play"], signal_type=r["signal_type"], fit=float(r["fit"] or 0),
            sent_at=r["sent_at"], body=names.get(r["draft_id"], {}).get("body", ""),
        )
        for r in ledger.iter_rows(named=True)
    ]


def approve_demo_plays(warehouse: Warehouse, plays_dir: Path) -> list[str]:
    """Approve the demo plays as the user ``demo`` unless their current version already is."""
    approved = []
    with warehouse.connect() as con:
        book = load_plays(plays_dir)
        pending = [n for n in DEMO_APPROVED_PLAYS if n in book.plays
                   and not records.approval_status(con, book.plays[n], approvals.DEMO_MODE).approved]
    for name in pending:
        decide(name, "approve", DEMO_REVIEWER, "approved in the demo after reading the sample drafts",
               book.plays[name].version_hash, warehouse_path=warehouse.path, plays_dir=plays_dir, mode="demo")
        approved.append(name)
    return approved


def run_demo(seed: int = 7, companies: int = 1200, signals: int = 1800, console: Console | None = None,
             smtp: bool = False) -> dict:
    """The whole demo, in demo mode: ``SDR_MODE`` is set to ``demo`` for this process."""
    console = console or cli_console()
    os.environ["SDR_MODE"] = "demo"
    if run_mode() != "demo":
        raise DemoBoundaryError("the demo runs in demo mode only")
    data_dir = Path(resolve_paths()["data_dir"])
    resources = build_resources(demo_smtp=smtp)
    warehouse: Warehouse = resources["warehouse"]
    paths = resources["paths"]
    prepare_demo_folder(data_dir, paths.plays)
    create_key(Path(str(resources["mail"].dkim_key_path)))
    today = resources["policy"].now().replace(hour=0, minute=0, second=0, microsecond=0)
    instance = dagster_instance()
    defs = build_definitions(resources)
    report = RunReport(log_level="CRITICAL")
    steps = ["world", "signals", "drafts + gate", "approve", "sends", "market", "replies"]
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        task = progress.add_task("demo", total=len(steps))

        def step(label: str) -> None:
            progress.update(task, description=label)

        step("generating the seeded demo world")
        world = generate_world(data_dir, seed=seed, n_companies=companies, n_signals=signals, now=today)
        progress.advance(task)
        step("signals → enrichment → research")
        run_signals(defs, instance, report)
        progress.advance(task)
        run_outreach(defs, instance, report, lambda p: step(f"drafts and gate: {p}"))
        progress.advance(task)
        step(f"approving {', '.join(DEMO_APPROVED_PLAYS)} as '{DEMO_REVIEWER}'")
        approve_demo_plays(warehouse, paths.plays)
        progress.advance(task)
        report.gate_closed.clear()
        # The replies run below counts the analytics once, as `sdr run` does.
        run_outreach(defs, instance, report, lambda p: step(f"sending: {p}"), analytics=False)
        progress.advance(task)
        step("market simulator answers (demo only, marked simulated)")
        simulation = simulate_replies(sent_messages(warehouse), Path(resources["mailbox"].path), seed=seed,
                                      now=resources["policy"].now())
        progress.advance(task)
        step("triage replies → suppressions, holds, escalations, analytics")
        run_replies(defs, instance, report)
        progress.advance(task)
    return {"world": world, "simulation": simulation, "report": report, "status": collect_status(
        warehouse, paths, resources["policy"].now(), resources["escalation_policy"])}
