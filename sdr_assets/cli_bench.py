"""`sdr bench`: the real pipeline on a seeded world, per stage, against the DuckDB floor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Benchmark the pipeline on a seeded world against the DuckDB floor.")


@app.callback(invoke_without_command=True)
def bench(
    accounts: Annotated[int, typer.Option(help="Accounts in the seeded world (about five signals each).")] = 10_000,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write every figure to this JSON file.")] = None,
    extras: Annotated[bool, typer.Option(help="Also measure triage, the model stage, Dagster and CLI start-up.")]
    = True,
    sample_ms: Annotated[float, typer.Option(help="Sample memory and CPU time this often (milliseconds): "
                                                  "finer catches shorter peaks and costs more CPU.", min=1)] = 20,
) -> None:
    """Run signals → drafts → sends → replies → analytics in a temporary folder and print each stage's figures.

    Wall time, rows per second and peak memory (resident set size, sampled by psutil) per stage;
    the same work as plain DuckDB SQL (the floor) and the ratio; a second run on unchanged data; a run
    after new signals on a thousandth of the signal rows; a run after follow-ups to a hundredth of the
    replies.
    """

    from sdr_assets.bench import BenchSizeError
    from rich.text import Text

    from sdr_assets.bench import bench as run_bench
    from sdr_assets.cli_output import cli_console

    console = cli_console()
    try:
        with console.status("starting") as status:
            out = run_bench(accounts, progress=lambda step: status.update(Text.assemble(("sdr bench", "bold"), f": {step}")),
                            extras=extras, sample_interval=sample_ms / 1000)
    except BenchSizeError as refusal:
        typer.echo(f"error: {refusal}", err=True)
        raise typer.Exit(code=2) from None
    print_report(out, console)
    if json_path:
        json_path.write_text(json.dumps(out, indent=1, default=str) + "\n")
        console.print(f"Figures written to {json_path}")


def print_report(out: dict, console) -> None:
    from rich.table import Table

    from sdr_assets.bench import FRESH_SHARE, REPLY_SHARE
    from sdr_assets.cli_output import labelled, print_table

    machine = out["machine"]
    console.print(f"sdr bench: {out['accounts']:,} accounts, {out['pipeline']['stages'][0]['rows']:,} signal rows; "
                  f"{machine['cpus']} cores, {machine['memory_gb']} GB, Python {machine['python']}; "
                  f"the reference workload took {machine['reference_s']:.3f} s (python -m sdr_assets.machine_speed)")
    table = Table("stage", "seconds", "CPU s", "rows", "rows/s", "peak MB", "floor s", "× floor")
    for s in out["pipeline"]["stages"]:
        table.add_row(s["name"], f"{s['seconds']:.2f}", f"{s['cpu_seconds']:.2f}", f"{s['rows']:,}",
                      f"{s['rows_per_s']:,.0f}", f"{s['peak_rss_mb']:,.0f}", _num(s.get("floor_seconds"), ".2f"),
                      _num(s.get("ratio_to_floor"), ".1f"))
    p, floor, second = out["pipeline"], out["floor"], out["second_run"]
    table.add_row("total (simulator excluded)", f"{p['seconds']:.2f}", f"{p['cpu_seconds']:.2f}", "", "",
                  f"{p['peak_rss_mb']:,.0f}", f"{floor['seconds']:.2f}", _num(out.get("ratio_to_floor"), ".1f"))
    print_table(console, table)
    console.print(f"load average {out['load_average_at_start']} at the start, {out['load_average_at_end']} at the end "
                  "(CPU s: the CPU time of the process and its workers, which other work on the machine moves less); "
                  f"the reference workload took {machine['reference_s']:.3f} s at the start, "
                  f"{machine['reference_at_end_s']:.3f} s at the end")
    console.print(f"outside any step (Dagster runs, event log): {p['outside_steps_seconds']:.2f} s")
    if p.get("peak_at"):
        console.print(f"peak memory: {_where(p['peak_at'])}")
    console.print(f"the floor: the fastest of {len(floor['passes'])} passes "
                  f"({', '.join(f'{t:.2f}' for t in floor['passes'])} s)")
    console.print(f"second run on unchanged data: {second['seconds']:.2f} s ({second['cpu_seconds']:.2f} CPU s), "
                  f"{second['ratio_to_first']:.1%} of the first ({second['cpu_ratio_to_first']:.1%} in CPU time)")
    fresh, replies = out["fresh_run"], out["replies_run"]
    console.print(_later_run(f"new signals ({fresh['new_signals']:,}, {FRESH_SHARE:.1%} of the signal rows)", fresh))
    console.print(_later_run(f"new replies ({replies['new_replies']:,}, {REPLY_SHARE:.0%} of the replies triaged)",
                             replies))
    agreement = out["triage_agrees_with_simulator"]
    if agreement["total"]:
        console.print(f"triage agrees with the simulator on {agreement['right']} of {agreement['total']} replies")
    if "triage" in out:
        console.print(f"triage: {out['triage']['messages_per_s']:,.0f} messages/s over {out['triage']['messages']} "
                      "messages of the mail corpus")
    if "model" in out:
        m = out["model"]
        console.print(f"model stage: {m['calls']} calls in {m['seconds']:.2f} s, bound {m['bound_seconds']:.2f} s "
                      f"({m['share_of_bound']:.1%} of the bound); a second run made {m['second_run_calls']} calls")
    if "dagster" in out:
        d = out["dagster"]
        tick = d["sensor_tick"]
        console.print(f"Dagster: definitions load {d['definitions_load_s']:.2f} s in a fresh process; "
                      f"signal sensor tick over {tick['files']:,} files {tick['first_tick_s']:.2f} s "
                      f"(unchanged: {tick['unchanged_tick_s']:.2f} s)")
    if "cli_startup_s" in out:
        console.print(f"CLI start-up (sdr --help): {out['cli_startup_s']:.2f} s")
    for key, error in out.get("extras_failed", {}).items():
        console.print(f"{key} not measured: {error}", markup=False)
    if failed := out["pipeline"]["failed"]:
        labelled(console, "failed runs:", ", ".join(failed))
    for goal in out["goals"]:
        mark = "not judged at this size" if goal["met"] is None else "met" if goal["met"] else "MISSED"
        console.print(f"goal {goal['goal']} {goal['target']}: {_num(goal['measured'], ',.3g')} {mark}")


def _later_run(after: str, run: dict) -> str:
    steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in
                      sorted(run["steps"].items(), key=lambda item: -item[1])[:5])
    return (f"run after {after}: {run['seconds']:.2f} s ({run['cpu_seconds']:.2f} CPU s), {run['ratio_to_first']:.1%} "
            f"of the first ({run['cpu_ratio_to_first']:.1%} in CPU time); its longest steps (s): {steps}")


def _num(value, spec: str) -> str:
    return "" if value is None else format(value, spec)


def _where(at: dict) -> str:
    """When the peak was sampled, and in which step, or between which steps."""
    when = f"{at['seconds_from_start']:.2f} s into the run"
    if "during" in at:
        return f"{when}, during {', '.join(at['during'])}"
    return f"{when}, between steps: after {at['after'] or 'the start'}, before {at['before'] or 'the end'}"
