"""The stop flag the signal handlers raise (resources/stop_flag.py).

It replaces a ``threading.Event``, which a handler may not set: where the main thread is inside
``Event.wait`` holding the lock that ``Event.set`` takes, the handler waits for its own thread.
That race is rare (a storm of signals does not replay it reliably), so these tests hold what the
flag must do, and the module says why it takes no lock.
"""

from __future__ import annotations

import signal

from resources.stop_flag import StopFlag


def test_a_wait_ends_early_once_the_flag_is_raised_and_runs_its_time_otherwise():
    flag = StopFlag()
    assert flag.wait(0.01) is False
    flag.set(signal.SIGTERM, None)  # as a signal handler is called
    assert flag.is_set() and flag.wait(60) is True
    flag.clear()
    assert not flag.is_set()


def test_a_signal_that_raises_the_flag_during_a_wait_ends_the_wait():
    flag = StopFlag()
    previous = signal.signal(signal.SIGALRM, flag.set)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        assert flag.wait(30) is True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
