"""The code location: assets, the approval gate, jobs and sensors, with resources from the environment."""

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.assembly import build_definitions


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(build_resources())
