"""Keeping Python's cyclic garbage collector off objects that cannot be garbage: a file's many small,
acyclic objects while they are made, what a batch finds alive when it starts, and the millions of
short-lived rows a pipeline run makes."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading a file makes a few small dicts and lists per row, none in a cycle: a collection they
    set off would walk every object the process holds, for nothing. Reference counting still frees
    them; a collector someone else turned off stays off.

    What the block made and kept joins the oldest generation on the way out (a freeze and a thaw
    move the collector's lists, not the objects): left in the youngest, the first allocation after
    the block would have the collector walk all of it at once.
    Inside a freeze someone else holds (``heap_frozen``), the thaw would undo theirs: there the block's
    objects stay young.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not _Freeze.held:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class _Freeze:
    """Whether the process's survivors are frozen for good (``freeze_survivors``). Asking the
    interpreter instead (``gc.get_freeze_count``) walks every frozen object: near a million of them
    in a long test run, 0.16 s a question."""

    held = False


def freeze_survivors() -> None:
    """Collect, then freeze what survives for the rest of the process (``thaw`` undoes it): later
    collections walk only the objects made since, and ``heap_frozen`` leaves this freeze as it is."""
    gc.collect()
    gc.freeze()
    _Freeze.held = True


def thaw() -> None:
    gc.unfreeze()
    _Freeze.held = False


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Keep the collector off the objects alive before the block (Dagster, the plan, the ledger)
    while it runs: what the block allocates is collected as usual, but a collection it sets off no
    longer walks the whole process. Inside ``freeze_survivors`` or another such block, nothing changes."""
    if _Freeze.held:
        yield
        return
    gc.freeze()
    _Freeze.held = True
    try:
        yield
    finally:
        thaw()


# The collector's thresholds while a pipeline run executes (CPython's are 700, 10, 10). A run makes
# and drops millions of acyclic rows that outlive a young collection while their step holds them:
# at CPython's thresholds, full collections walk the whole heap again and again and find almost
# nothing (`python -m sdr_assets.collection_bench` counts them). Young collections still run, and
# still free the cycles a run makes and drops.
RUN_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def run_collection() -> Iterator[None]:
    """The collector at ``RUN_THRESHOLDS`` for the block; the thresholds before it afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
