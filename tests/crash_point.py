"""`sdr` that stops itself (SIGSTOP) once the send step has logged its first messages handed over.

The moment a crash test needs and a random kill rarely hits: the transport took the messages and
the log of messages handed over (``sdr_assets.sent_log``) holds them, while their ledger rows are
still ``sending``, their outcomes not yet committed. The process waits there, stopped, for the test
to kill it (``tests.crash_harness.kill_when_stopped``). Nothing else differs from `sdr`.

    python -m tests.crash_point run
"""

import os
import signal

from sdr_assets import sent_log
from sdr_assets.cli import main

_record = sent_log.record


def _record_then_stop(path, rows) -> None:
    _record(path, rows)
    if rows:
        os.kill(os.getpid(), signal.SIGSTOP)


if __name__ == "__main__":
    sent_log.record = _record_then_stop
    main()
