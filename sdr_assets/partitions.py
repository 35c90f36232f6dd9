"""Drafts and everything downstream of them are partitioned per play."""

import dagster as dg

play_partitions = dg.DynamicPartitionsDefinition(name="plays")
