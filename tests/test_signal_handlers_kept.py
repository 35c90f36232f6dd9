"""A test worker gets its signal handlers back after a run in its own process: a Dagster run in the
main thread leaves SIGTERM mapped to SIGINT's handler, which a worker whose crash template another
worker built (and so ran no Dagster before) would otherwise keep into its next test."""

import signal

import dagster as dg

from tests.crash_harness import signal_handlers_kept


@dg.asset
def one() -> int:
    return 1


def test_a_dagster_run_maps_sigterm_and_the_block_gives_it_back():
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with signal_handlers_kept():
            assert dg.materialize([one]).success
            assert signal.getsignal(signal.SIGTERM) is signal.getsignal(signal.SIGINT)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        for signo, handler in before.items():
            signal.signal(signo, handler)
