"""One tick of the analytics freshness sensor, as the daemon evaluates it."""

import dagster as dg

from tests.sensor_ticks import declared_resources


def freshness_tick(defs: dg.Definitions, instance: dg.DagsterInstance, cursor: str | None = None):
    """A SkipReason or the sensor's SensorResult."""
    sensor = defs.resolve_sensor_def("analytics_freshness_sensor")
    with dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs,
                                 resources=declared_resources(sensor, defs.resources)) as context:
        return sensor(context)
