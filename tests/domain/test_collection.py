"""Keeping the cyclic collector off objects that cannot be garbage, without walking them on the way out."""

import gc

import dagster as dg
import pytest

from sdr_assets.collection_bench import CollectionLog
from sdr_assets.domain.collection import RUN_THRESHOLDS, heap_frozen, no_cycle_collection, run_collection
from sdr_assets.runner import RunReport, _execute
from tests.memory_instance import memory_instance


def _generation_of(obj) -> int | None:
    return next((g for g in range(3) if any(o is obj for o in gc.get_objects(generation=g))), None)


def test_what_a_block_keeps_joins_the_oldest_generation_unwalked(unfrozen_heap):
    walked = []

    def record(phase, info):
        if phase == "start":
            walked.append(info["generation"])

    with no_cycle_collection():
        assert not gc.isenabled()
        kept = [[n] for n in range(20_000)]
    gc.callbacks.append(record)
    try:
        more = [[n] for n in range(500)]  # fewer than a young collection waits for
    finally:
        gc.callbacks.remove(record)
    assert gc.isenabled()
    assert walked == [], "leaving the block set off no collection"
    assert _generation_of(kept[0]) == 2 and _generation_of(kept[-1]) == 2
    assert _generation_of(more[0]) == 0, "later objects start young, as usual"
    assert gc.get_freeze_count() == 0, "nothing stays frozen"


def test_inside_a_freeze_held_by_someone_else_the_block_leaves_it_held(unfrozen_heap):
    before = [0]  # the freeze count falls whenever a frozen object dies, so follow one object instead
    with heap_frozen():
        assert _generation_of(before) is None
        with no_cycle_collection():
            kept = [[n] for n in range(1000)]
        assert _generation_of(before) is None, "the outer freeze is not thawed"
        assert _generation_of(kept[0]) is not None, "the block's objects are not frozen with it"
    assert gc.get_freeze_count() == 0
    assert _generation_of(before) == 2


def test_a_collector_turned_off_by_someone_else_stays_off(unfrozen_heap):
    gc.disable()
    try:
        with no_cycle_collection():
            kept = [[n] for n in range(1000)]
        assert not gc.isenabled()
        assert _generation_of(kept[0]) == 0, "nothing was moved"
    finally:
        gc.enable()


def test_a_run_collects_at_the_run_thresholds_and_restores_the_ones_before():
    before = gc.get_threshold()
    assert before != RUN_THRESHOLDS
    seen = []

    @dg.asset
    def probe() -> None:
        seen.append(gc.get_threshold())

    defs = dg.Definitions(assets=[probe], jobs=[dg.define_asset_job("probe_job")])
    with memory_instance() as instance:
        _execute(defs, "probe_job", instance, RunReport())
    assert seen == [RUN_THRESHOLDS]
    assert gc.get_threshold() == before

    with pytest.raises(RuntimeError), run_collection():
        raise RuntimeError("a run that fails")
    assert gc.get_threshold() == before


def test_the_collection_log_counts_and_times_each_generation_while_installed():
    with CollectionLog() as log:
        gc.collect(0)
        gc.collect()
    gc.collect()
    assert log.count[0] == 1 and log.count[2] == 1 and log.count[1] == 0, "only while installed"
    assert log.seconds[2] > 0
    assert log.lines()[-1].split() == ["all:", "2", "collections,", f"{sum(log.seconds.values()):.2f}", "s"]
