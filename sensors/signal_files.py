"""Ask for a signals run while the inbox holds files the warehouse has not recorded as read.

Each tick compares the folder with ``signal_files``, the files signals runs read, whoever launched
them: files a failed run left unread are asked for again, in a new run, as the run key names the
batch of files and how many of its runs failed. After runs of a batch failed in a row, the next
waits twice as long as the one before, up to an hour; the cursor keeps when it last asked
(``sensors/reply_backoff.py``). The cursor of earlier versions, the files seen, holds no wait.

A file whose size and modification time match its record is read, unless the record is racy (the
run hashed it within a coarse file clock's tick of its last change, ``sdr_assets.domain.file_clock``)
or its inode or status change time moved (a copy that kept its size and time): then its bytes are
hashed again, as the run would, and it is unread if they differ; if they do not, the cursor keeps
what the sensor saw, so the next tick does not hash it again while its size, time and status hold
(``sensors/signal_file_cursor.py``). An unread file
changed within the settle interval (``PipelinePaths.signal_settle_seconds``) is still being written:
it is not asked for until it has been still that long, and the skip says so. One dated ahead of
the clock waits for the clock, and the skip gives its date; one dated further ahead than the
settle interval is asked for, and the run reads it if it holds still while read. A file set aside
for its size (recorded unhashed) is unread again once it is within ``PipelinePaths.signal_file_max_mb``
(the limit raised): the run reads it whole then.
"""

import hashlib
import os
import time
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import dagster as dg

from resources.config import SIGNAL_FILE_MAX_MB
from resources.damage import WarehouseLocked
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.domain.file_clock import FileRecord, status, vouches, waiting_note
from sdr_assets.domain.file_names import stored_name
from sdr_assets.inbox_files import FileReplaced, limit_raised, own_digest
from sensors import cursors, recorded, reply_backoff, signal_file_cursor
from sensors.batch_runs import BatchRuns, ended_runs

BATCH_TAG = "sdr/signal_batch"


def _stats(directory: Path) -> dict[str, tuple[Path, os.stat_result]]:
    """Stored file name to (path, its own record) for every visible file in the folder."""
    if not directory.exists():
        return {}
    seen = {}
    for path in directory.iterdir():
        try:
            if path.is_file() and not path.name.startswith("."):
                stat = path.lstat()  # a link's own record, as a run keeps it
                seen[stored_name(path.name)] = (path, stat)
        except FileNotFoundError:  # taken away since the listing
            continue
    return seen


class InboxState(NamedTuple):
    """What a look at the inbox found (:func:`inbox_state`)."""
    unread: list[str]
    waiting: list[str]
    ahead: list[str]
    same_bytes: signal_file_cursor.SameBytes


def inbox_state(directory: Path, read: dict[str, tuple[str, FileRecord]], settle_seconds: float = 0.0,
                max_file_bytes: int = SIGNAL_FILE_MAX_MB * 2**20,
                same_bytes: signal_file_cursor.SameBytes | None = None) -> InboxState:
    """``name@size:mtime_ns`` of each file the warehouse has not recorded as read (``read``, as
    ``recorded.signal_files`` gives it), with a digest added for one rewritten under a racy record or
    a moved status and
    the limit for one set aside for its size and within ``max_file_bytes`` now; the names of the
    unread files changed within ``settle_seconds``, still being written; ``name (dated in the
    future: ...)`` of those dated ahead of the clock, waiting for it; and, of the files whose record
    does not vouch for them, those hashed (now, or as ``same_bytes`` from an earlier look says) and
    found as recorded."""
    unread, waiting, ahead, now_ns = [], [], [], time.time_ns()  # wall clock, as the files' own times
    known, same = same_bytes or {}, {}
    for name, (path, stat) in _stats(directory).items():
        size, mtime, ctime = stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns
        seen, (sha_read, record) = f"{size}:{mtime}", read.get(name, ("", None))
        changed = record is None or (record.size, record.mtime_ns) != (size, mtime)
        raised = not changed and limit_raised(sha_read, stat, max_file_bytes)
        doubtful = not changed and not vouches(record, stat)
        if (changed or raised or doubtful) and (note := waiting_note(name, mtime, ctime, now_ns, settle_seconds)):
            (ahead if note[0] else waiting).append(note[1])
        elif changed:
            unread.append(f"{name}@{seen}")
        elif raised:  # its batch, and run key, differ from those of the run that set it aside
            unread.append(f"{name}@{seen}:within {max_file_bytes} bytes")
        elif doubtful:
            if name in known and known[name][0] == sha_read and signal_file_cursor.still_vouches(known[name][1], stat):
                same[name] = known[name]
                continue
            hashed_ns = time.time_ns()
            try:
                sha = own_digest(path, stat)
            except FileReplaced:  # another file or a link put in its place: a run looks at it
                unread.append(f"{name}@{seen}")
                continue
            except FileNotFoundError:  # taken away since the listing
                continue
            except OSError:  # not this user's to read: the run sets it aside and says why
                unread.append(f"{name}@{seen}")
                continue
            if sha != sha_read:
                unread.append(f"{name}@{seen}:{sha[:16]}")
            else:
                same[name] = (sha, FileRecord(size, mtime, hashed_ns, *status(stat)))
    return InboxState(sorted(unread), sorted(waiting), sorted(ahead), same)


def _files(files: list[str]) -> str:
    return f"{len(files)} signal file{'' if len(files) == 1 else 's'}"


def _still_written(waiting: list[str], ahead: list[str], directory: Path, settle_seconds: float) -> str:
    said = [f"{_files(waiting)} in {directory} changed in the last {settle_seconds:g} s and may still be written "
            f"({', '.join(waiting[:3])}): read once still that long"] if waiting else []
    if ahead:
        said.append(f"{_files(ahead)} in {directory} {'is' if len(ahead) == 1 else 'are'} dated ahead of the clock "
                    f"({', '.join(ahead[:3])}): read once it passes that time by {settle_seconds:g} s")
    return "; ".join(said)


def _waiting(files: int, directory: Path, runs: BatchRuns, until: datetime) -> str:
    return (f"{files} signal file{'' if files == 1 else 's'} in {directory} wait: {runs.said('the signals run')}, "
            f"so the next is asked for at {until:%Y-%m-%d %H:%M:%S} UTC")


@dg.sensor(job_name="signals_job", minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def signal_files_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths, warehouse: Warehouse,
                        policy: SendPolicy):
    """One run for each batch of files not read yet, asked for again after each run of it that ended
    with some of them unread (``batch_runs``)."""
    try:
        read = recorded.signal_files(warehouse)
    except WarehouseLocked:
        return dg.SkipReason("The warehouse is busy; the signals inbox is compared with it at the next tick")
    last, known = cursors.read(context, signal_file_cursor.parse, signal_file_cursor.start)
    unread, waiting, ahead, same_bytes = inbox_state(paths.signals, read, paths.signal_settle_seconds,
                                                     paths.signal_file_max_mb * 2**20, known)
    if not unread:
        said = dg.SkipReason(_still_written(waiting, ahead, paths.signals, paths.signal_settle_seconds)
                             if waiting or ahead else f"No new signal files in {paths.signals}")
        return said if same_bytes == known else dg.SensorResult(skip_reason=said,
                                                                cursor=signal_file_cursor.text(last, same_bytes))
    batch = hashlib.sha256("|".join(unread).encode()).hexdigest()[:16]
    runs = ended_runs(context.instance, BATCH_TAG, batch)
    attempt = runs.ended
    asked, until = reply_backoff.next_ask(last, batch, attempt, policy.now())
    cursor = signal_file_cursor.text(asked, same_bytes)
    if until is not None:
        return dg.SensorResult(skip_reason=_waiting(len(unread), paths.signals, runs, until), cursor=cursor)
    return dg.SensorResult(run_requests=[dg.RunRequest(
        run_key=f"signals:{batch}:{attempt}",
        tags={BATCH_TAG: batch, "sdr/signal_files": ",".join(unread)[:1000], "sdr/attempt": str(attempt + 1)})],
        cursor=cursor)
