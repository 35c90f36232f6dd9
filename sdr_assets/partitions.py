"""Drafts and everything downstream of them are partitioned per play."""

import warnings

import dagster as dg

play_partitions = dg.DynamicPartitionsDefinition(name="plays")


def play_partitioned_check(**kwargs):
    """``dg.asset_check`` with one result per play partition.

    Partitioned checks are a preview in Dagster 1.13; without them a gate result from one play
    would stand for every play in the UI and in automation conditions.
    """

    def decorate(fn):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dg.PreviewWarning)
            return dg.asset_check(partitions_def=play_partitions, **kwargs)(fn)

    return decorate
