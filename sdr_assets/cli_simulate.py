"""`sdr simulate`: play the monitor and the deliverability guard against simulated prospects, many seeds."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

simulate_app = typer.Typer(help="Scenario runs over many seeds: how fast the monitor pauses a bad play, how "
                                "rarely it pauses a healthy one.", no_args_is_help=True)

Runs = Annotated[int, typer.Option("--runs", min=1, help="Seeded runs per scenario.")]
Seed = Annotated[int, typer.Option("--seed", help="First seed; run i uses seed + i.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Markdown = Annotated[bool, typer.Option("--markdown", help="A Markdown table, as the README shows it.")]


def _print(figures: list, started: float, as_json: bool, markdown: bool = False) -> None:
    from dataclasses import asdict

    from rich.table import Table

    from sdr_assets.cli_output import cli_console, print_table

    if as_json:
        typer.echo(json.dumps([asdict(f) for f in figures], indent=2))
        return
    if markdown:
        typer.echo("| scenario | runs | must show | measured | median to pause |\n|---|---|---|---|---|")
        for f in figures:
            median = f"{f.median:g} {f.unit}" if f.median is not None else "-"
            typer.echo(f"| {f.scenario} | {f.runs} | {f.requirement} | {f.success_rate:.1%} | {median} |")
        return
    table = Table(title="Scenario runs")
    for column in ("scenario", "runs", "must show", "measured", "median to pause"):
        table.add_column(column)
    for f in figures:
        median = f"{f.median:g} {f.unit}" if f.median is not None else "-"
        table.add_row(f.scenario, str(f.runs), f.requirement, f"{f.success_rate:.1%}", median)
    console = cli_console()
    print_table(console, table)
    console.print(f"{sum(f.runs for f in figures)} runs in {time.monotonic() - started:.1f}s")


@simulate_app.command("monitor")
def simulate_monitor(runs: Runs = 200, seed: Seed = 0, as_json: AsJson = False, markdown: Markdown = False) -> None:
    """A play at 3x the baseline, resumed unchanged after its pause too, a healthy play, a play
    offending one segment, its copy edited midway too, two plays offending one segment, one offending
    it beside a clean one, and two healthy plays, with the default settings."""
    from resources.defaults import build_resources
    from sdr_assets.demo import scenarios, split_scenarios

    started = time.monotonic()
    settings = build_resources()["policy"].monitor_settings()
    figures = [scenarios.offensive_play(runs, seed, settings), scenarios.resumed_play(runs, seed + 400_000, settings),
               scenarios.healthy_play(runs, seed + 100_000, settings),
               scenarios.offended_segment(runs, seed + 200_000, settings),
               scenarios.edited_segment(runs, seed + 300_000, settings),
               split_scenarios.split_segment(runs, seed + 500_000, settings),
               split_scenarios.split_with_clean(runs, seed + 600_000, settings),
               split_scenarios.split_healthy(runs, seed + 700_000, settings)]
    _print(figures, started, as_json, markdown)


@simulate_app.command("deliverability")
def simulate_deliverability(runs: Runs = 200, seed: Seed = 0, as_json: AsJson = False,
                           markdown: Markdown = False) -> None:
    """A complaint spike on one mailbox among three on the same sending domain."""
    from resources.defaults import build_resources
    from sdr_assets.demo import scenarios

    started = time.monotonic()
    limits = build_resources()["policy"].deliverability_limits()
    _print([scenarios.complaint_spike(runs, seed, limits)], started, as_json, markdown)
