"""The tests' in-memory Dagster instance: the kept storages of ``tests/memory_storage.py`` while they
fit the installed Dagster, Dagster's own ephemeral instance when they do not, or when
``SDR_DAGSTER_STORAGE=dagster`` asks for Dagster's own storage, as it does of `sdr`."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import dagster as dg

from resources.config import dagster_storage_asked


def memory_storage_misfit() -> str | None:
    """Why the tests' instances run on Dagster's own ephemeral instance, or None when they do not."""
    return dagster_storage_asked() or kept_memory_storage_misfit()


@functools.cache
def kept_memory_storage_misfit() -> str | None:
    """Why ``tests/memory_storage.py`` cannot serve the installed Dagster, or None when it can.

    It subclasses Dagster's internal in-memory storages and reads their databases, which an upgrade
    may move: then its import, or building and saving one instance, fails here.
    """
    try:
        from tests.memory_storage import kept_memory_instance, save_instance
    except Exception as error:  # whatever an upgrade breaks in the import, the public instance still works
        return f"tests.memory_storage does not import with Dagster {dg.__version__}: {error}"
    try:
        with kept_memory_instance() as instance, tempfile.TemporaryDirectory() as folder:
            save_instance(instance, Path(folder) / "saved")
    except Exception as error:
        return f"tests.memory_storage does not work with Dagster {dg.__version__}: {error!r}"
    return None


def memory_instance() -> dg.DagsterInstance:
    """A new, empty in-memory instance: the kept one, or ``DagsterInstance.ephemeral()`` when it is not
    wanted or does not fit (``memory_storage_misfit``)."""
    if memory_storage_misfit():
        return dg.DagsterInstance.ephemeral()
    from tests.memory_storage import kept_memory_instance

    return kept_memory_instance()
