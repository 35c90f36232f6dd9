"""A stop flag that a signal handler may raise.

``threading.Event`` cannot be that flag: a handler runs in the main thread between two bytecodes,
and where that thread is inside ``Event.wait`` (or ``clear``) it holds the lock that ``Event.set``
takes, so the handler waits for its own thread forever and the stop it carries is never seen.
Raising this flag takes no lock; waiting on it sleeps in short steps.
"""

from __future__ import annotations

import time

_STEP = 0.05  # how soon a wait sees the flag raised


class StopFlag:
    def __init__(self) -> None:
        self._raised = False

    def set(self, *_: object) -> None:
        """Raise the flag; the arguments a signal handler is called with are ignored."""
        self._raised = True

    def clear(self) -> None:
        self._raised = False

    def is_set(self) -> bool:
        return self._raised

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, less once the flag is raised; whether it is."""
        deadline = time.monotonic() + seconds
        while not self._raised and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, _STEP))
        return self._raised
