"""The run config every incremental layer takes: ``full_refresh: true`` rebuilds it from everything stored."""

from __future__ import annotations

import dagster as dg
from pydantic import Field


class LayerConfig(dg.Config):
    full_refresh: bool = Field(default=False, description="Rebuild the layer from everything stored (a new "
                               "model, labeller or rule), not only what is new since the last run.")
