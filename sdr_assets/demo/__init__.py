"""Demo mode: a seeded fictional market (directory, signal feeds) and a simulator of its replies.

Plain Python with no Dagster imports, so it can be driven from a CLI, a notebook or a test.
"""

from sdr_assets.demo.market import SentMessage, SimulationSummary, simulate_replies
from sdr_assets.demo.world import WorldSummary, generate_world

__all__ = [
    "SentMessage",
    "SimulationSummary",
    "WorldSummary",
    "generate_world",
    "simulate_replies",
]
