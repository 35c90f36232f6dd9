"""Each play is its own unit of the graph: its drafts, their checks, its sends and tasks, and its job.

The play files are read when the definitions load, so adding a play file adds its assets at the
next load (``sdr run`` loads them every time; the UI on "Reload definitions"). A play keyed by
name has checks of its own: one play's approval never stands for another's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from sdr_assets.playbook import load_plays
from sdr_assets.drafts import GROUNDED_CHECK, all_drafts, play_drafts
from sdr_assets.gate import play_gate
from sdr_assets.monitor_checks import play_monitor_checks
from sdr_assets.sends import play_sends, whole_ledger
from sdr_assets.tasks import play_tasks

# Refreshed after every play's sends, whatever launched them, so counts and notebooks never lag the ledger.
ANALYTICS = ("reply_rate_summary", "reply_performance", "outreach_funnel", "analytics_snapshot")
AFTER_SENDS = ("send_ledger", *ANALYTICS)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def play_names(plays_dir: Path) -> list[str]:
    """Every play the folder holds, valid or not: an invalid file still shows as its play, gate closed."""
    book = load_plays(plays_dir)
    return sorted(n for n in {*book.plays, *book.invalid_plays()} if _NAME.fullmatch(n))


def job_name(play: str) -> str:
    return "outreach_" + re.sub(r"\W", "_", play)


@dataclass(frozen=True)
class PlayGraph:
    """What one play adds to the graph."""

    play: str
    drafts: dg.AssetsDefinition
    sends: dg.AssetsDefinition
    tasks: dg.AssetsDefinition
    gate: dg.AssetChecksDefinition
    holds: list[dg.AssetChecksDefinition]  # the monitor's pause and the deliverability guard, blocking

    @property
    def assets(self) -> list[dg.AssetsDefinition]:
        return [self.drafts, self.sends, self.tasks]

    @property
    def checks(self) -> list[dg.AssetChecksDefinition]:
        """The checks of steps of their own; ``drafts_grounded`` is judged in the drafts' step."""
        return [self.gate, *self.holds]

    @property
    def gate_key(self) -> dg.AssetCheckKey:
        return dg.AssetCheckKey(self.drafts.key, "play_approval_gate")

    @property
    def grounded_key(self) -> dg.AssetCheckKey:
        return dg.AssetCheckKey(self.drafts.key, GROUNDED_CHECK)

    @property
    def job_name(self) -> str:
        return job_name(self.play)

    def outreach_job(self):
        """Drafts, the blocking checks, sends and tasks, then the ledger and analytics that count them."""
        return dg.define_asset_job(
            self.job_name,
            selection=dg.AssetSelection.assets(*self.assets, *AFTER_SENDS),
            executor_def=dg.in_process_executor, tags={"sdr/play": self.play},
            description=f"{self.play}: draft, pass the approval gate, the monitor and the deliverability guard, "
                        "send what is due, then refresh the ledger and the analytics.",
        )


def sends_keys(play: str) -> list[dg.AssetKey]:
    """The outreach job's assets but the analytics: for a caller that refreshes those once after
    every play has run (``run_due``), not once per play. Named, not read from the play's assets:
    building those cost each ``run_due`` about as much as a step."""
    return [dg.AssetKey([play, table]) for table in ("message_drafts", "send_ledger", "linkedin_tasks")] + [
        dg.AssetKey("send_ledger")]


@functools.cache
def play_graph(play: str) -> PlayGraph:
    """``play``'s part of the graph, which its name alone decides: made once per process however
    often the definitions are built (a reload of the code location, each test's)."""
    return PlayGraph(play=play, drafts=play_drafts(play), sends=play_sends(play), tasks=play_tasks(play),
                     gate=play_gate(play), holds=play_monitor_checks(play))


def whole_tables(graphs: list[PlayGraph]) -> list[dg.AssetsDefinition]:
    """``message_drafts`` and ``send_ledger`` across every play, as later layers read them."""
    return list(_whole_tables(tuple(g.play for g in graphs)))


@functools.cache
def _whole_tables(plays: tuple[str, ...]) -> tuple[dg.AssetsDefinition, ...]:
    """Made once per process for each list of plays, which alone decides them (as ``play_graph``)."""
    return all_drafts(list(plays)), whole_ledger(list(plays))


def review_selection(graphs: list[PlayGraph]) -> dg.AssetSelection:
    """Every play's drafts with the warning check only: material to review, never a closed gate."""
    drafts = dg.AssetSelection.assets(*(g.drafts for g in graphs), "message_drafts").without_checks()
    grounded = dg.AssetSelection.checks(*(g.grounded_key for g in graphs))
    return drafts | grounded
