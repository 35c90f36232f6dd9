"""Keeping Python's cyclic garbage collector off objects that cannot be garbage: a file's many small,
acyclic objects while they are made, and what a batch finds alive when it starts."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading a file makes a few small dicts and lists per row, none in a cycle: a collection they
    set off would walk every object the process holds, for nothing. Reference counting still frees
    them; a collector someone else turned off stays off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
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
