"""Pausing Python's cyclic garbage collector while a file's many small, acyclic objects are made."""

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
