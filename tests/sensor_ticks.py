"""The resources a sensor's tick gets, as the daemon gives them."""

from collections.abc import Mapping

import dagster as dg


def declared_resources(sensor: dg.SensorDefinition, resources: Mapping) -> dict:
    """Of ``resources``, those ``sensor`` declares: Dagster's code server builds no other for a tick,
    and building every resource of the pipeline for each one cost more than many ticks do."""
    return {key: resources[key] for key in sensor.required_resource_keys}
