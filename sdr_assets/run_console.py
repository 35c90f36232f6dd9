"""The runs' console log: a step's refusal is one line, not a stack trace.

A step refuses for a known misconfiguration by raising ``dg.Failure`` with a description, as the
send step does for a play with no postal address (``sends._sender_identity``): "Nothing sent. ..."
is all a person needs. Dagster's console logger prints it with the failure's stack frames, again
with the run's failure, and once more for each step left unexecuted behind it. This logger prints
the refusal's own line and leaves its echoes out; any other failure is printed as Dagster prints
it, stack trace and all.

It writes to standard error as the run found it. While steps run, an instance on disk (`sdr run`'s)
points standard error at its compute log file and a ``tail`` process copies the file back to the
terminal; that copy is stopped when the run ends, so the run's last lines, such as a refusal,
could be lost from the terminal. They are still in the UI's event log.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import weakref
from typing import TextIO

import dagster as dg

# The steps a "Dependencies for step ... failed: ['a', 'b']. Not executing." line names.
QUOTED = re.compile(r"'([^']+)'")


def refusal(event: dg.DagsterEvent | None) -> str | None:
    """What a step's refusal says (the description of the ``dg.Failure`` it raised); None for any
    other event."""
    if event is None or event.event_type != dg.DagsterEventType.STEP_FAILURE:
        return None
    failure = event.step_failure_data.user_failure_data
    return failure.description if failure is not None and failure.description else None


class RefusalsInOneLine(logging.Filter):
    """Each refusal as one line, and nothing that only echoes one.

    Dagster logs a run's own failure through a logger of its own, and each process of the
    multiprocess executor its steps through another: what an echo repeats is read from the record
    itself, and a step left unexecuted behind a refusal is known where that refusal was seen.
    """

    def __init__(self) -> None:
        super().__init__()
        self.quiet: set[str] = set()  # the refused steps, and the steps left unexecuted behind them

    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        named = set(QUOTED.findall(str(meta.get("orig_message", ""))))
        if (reason := refusal(event)) is not None:
            self.quiet.add(event.step_key)
            _one_line(record, meta, "STEP_FAILURE", reason)
        elif event is None and record.levelno >= logging.ERROR and named and named <= self.quiet:
            self.quiet.add(meta.get("step_key") or "")  # "Dependencies for step ... failed: [...]. Not executing."
            return False
        elif event is not None and event.event_type == dg.DagsterEventType.RUN_FAILURE:
            first = event.event_specific_data.first_step_failure_event
            if refusal(first) is not None:
                if named == {first.step_key}:
                    return False  # the refusal, again
                _one_line(record, meta, "RUN_FAILURE", meta.get("orig_message"))  # the others print their own
        return True


def _one_line(record: logging.LogRecord, meta: dict, kind: str, text: str | None) -> None:
    """The record as the first line Dagster prints for it, ending with ``text``: no error, no stack."""
    parts = (meta.get("job_name"), meta.get("run_id"), meta["dagster_event"].step_key, kind, text)
    record.msg, record.args, record.exc_info = " - ".join(filter(None, parts)), (), None


@dg.logger(dg.colored_console_logger.config_schema,
           description="Dagster's colored console logger, printing a step's refusal (dg.Failure) as one line.")
def console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = dg.colored_console_logger.logger_fn(init_context)
    logger.addFilter(RefusalsInOneLine())
    _write_past_capture(logger)
    return logger


def _write_past_capture(logger: logging.Logger) -> None:
    """The logger's handlers of standard error write to a copy of its file descriptor as it is now,
    before a run's compute log capture points the descriptor elsewhere (module docstring). Where
    standard error has no descriptor (a test capturing ``sys.stderr``) they are left as they are."""
    olds = [h for h in logger.handlers if isinstance(h, logging.StreamHandler) and h.stream is sys.stderr]
    stream = _stderr_copy() if olds else None
    if stream is None:
        return
    for old in olds:
        new = logging.StreamHandler(stream)
        new.setLevel(old.level)
        new.setFormatter(old.formatter)
        for kept in old.filters:
            new.addFilter(kept)
        logger.removeHandler(old)
        logger.addHandler(new)
    weakref.finalize(logger, stream.close)


def _stderr_copy() -> TextIO | None:
    try:
        descriptor = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return os.fdopen(os.dup(descriptor), "w", buffering=1, encoding=sys.stderr.encoding or "utf-8",
                     errors="backslashreplace")
