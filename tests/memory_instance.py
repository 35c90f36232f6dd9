"""The tests' in-memory Dagster instance: Dagster's own ephemeral instance."""

from __future__ import annotations

import dagster as dg


def memory_instance() -> dg.DagsterInstance:
    """A new, empty in-memory instance."""
    return dg.DagsterInstance.ephemeral()
