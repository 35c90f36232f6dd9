"""Stop requests: a revocation or rejection announced before it waits for the warehouse.

A send batch holds the warehouse from its plan to its last message, so a decision taken in another
process (``sdr revoke``, the decision job) could be recorded only once the batch ended. The deciding
process therefore first writes a request file for the play into a folder next to the warehouse
(``<warehouse>.stop-requests/<play>.<pid>.<token>.json``, written whole then renamed into place);
a batch looks for one before every message and ends after the message in flight, which lets the
warehouse go, and the decision is recorded then. Its writer removes the file once the decision is
recorded or refused.

A pause the monitor records is announced the same way (decision ``pause``, by ``the monitor``).

The writer holds an exclusive ``flock`` on its file while it lives. A file whose writer died (killed
while it waited for the warehouse) is a *leftover*: someone asked to stop the play, so it goes on
stopping the play's batches until a person decides. A recorded reject or revoke removes every
leftover of the play, a resume or a recorded pause the leftover pauses; an approval first records
each leftover reject or revoke, marked as recovered from its request, against the version the
request names (the play's version when it was written, which may have been edited since), then
removes them all. A request only ever stops sends; it never opens anything.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sdr_assets.domain.commands import sdr_command

MONITOR_PAUSE = "pause"  # the decision of a request the monitor writes; the others are a person's
MONITOR = "the monitor"


def requests_folder(warehouse_path: str | Path | None) -> Path | None:
    """Where the requests of a warehouse file are kept; None for an in-memory one, which no other
    process can hold."""
    if warehouse_path in (None, "", ":memory:"):
        return None
    return Path(f"{os.path.realpath(warehouse_path)}.stop-requests")  # the file's, as the batch finds it


@dataclass(frozen=True)
class StopRequest:
    play: str
    decision: str
    decided_by: str
    requested_at: str
    file: str
    note: str = ""
    mode: str | None = None  # where the decision was taken; None in a request that did not say
    version: str | None = None  # the play's version the decision was taken on; None if the request did not say
    content_sha256: str | None = None  # that version's whole digest, when the request names one

    def reason(self) -> str:
        """Why a batch ended on this request, and how a leftover one is lifted."""
        def command(args: str) -> str:  # pasted as printed, it reaches the data the request was made on
            # a request that names no mode (the monitor's) is of the data this process reads
            return sdr_command(args, self.mode or os.environ.get("SDR_MODE") or "live",
                               os.environ.get("SDR_DEMO_DIR") or None)

        if self.decision == MONITOR_PAUSE:
            return (f"{self.decided_by} paused the play at {self.requested_at} (stop request {self.file}); if it "
                    "ended before recording the pause, the request keeps the play stopped: resume the play "
                    f"(`{command(f'resume {self.play} --version HASH --by NAME')}`) or approve it")
        return (f"{self.decided_by} asked to {self.decision} the play at {self.requested_at} (stop request "
                f"{self.file}); if that command ended before recording it, the request keeps the play stopped: "
                f"run `{command(f'{self.decision} {self.play} --by NAME')}` again to record it, or approve the play")


def pending(folder: Path, play: str) -> StopRequest | None:
    """The first request to stop ``play`` found in ``folder``, from a live writer or a leftover."""
    for path in request_files(folder, play):
        return _read(path, play)
    return None


def monitor_stop(folder: Path | None, play: str) -> StopRequest | None:
    """The monitor's request to pause ``play`` in ``folder`` (a leftover, or one being recorded), if any."""
    if folder is None:
        return None
    return next((r for path in request_files(folder, play) if (r := _read(path, play)).decision == MONITOR_PAUSE),
                None)


def pending_for(folder: Path, names: Iterable[str]) -> StopRequest | None:
    """The first request to stop a play under any of ``names`` (its name and those it went by: a revoke
    of its former name stops it too)."""
    return next((request for name in names if (request := pending(folder, name)) is not None), None)


@contextmanager
def announced(folder: Path, play: str, decision: str, decided_by: str, now: datetime,
              refusals: tuple[type[BaseException], ...] = (), note: str = "",
              mode: str | None = None, version: str | None = None,
              content_sha256: str | None = None) -> Iterator[None]:
    """A request to stop ``play`` for as long as the block runs, then removed, with the play's
    leftovers the recorded stop covers (a pause covers only pauses). If the block raises, the request
    stays, unless what it raised is one of ``refusals``: the stop stands until it is recorded.
    ``version`` and ``content_sha256`` name the play's version the decision is taken on, so that a
    leftover is recorded against it even once the file has changed."""
    content = {"play": play, "decision": decision, "decided_by": decided_by, "note": note, "mode": mode,
               "version": version, "content_sha256": content_sha256,
               "requested_at": now.isoformat(timespec="seconds"), "pid": os.getpid()}
    path, fd = _written(folder, play, json.dumps(content).encode())
    try:
        yield
        _remove(folder, path)
        clear_leftovers(folder, play, decisions={MONITOR_PAUSE} if decision == MONITOR_PAUSE else None)
    except refusals:
        _remove(folder, path)
        raise
    finally:
        os.close(fd)  # a request still in place is a leftover from here on


@contextmanager
def leftovers(folder: Path, play: str, among: set[Path] | None = None,
              decisions: set[str] | None = None) -> Iterator[list[StopRequest]]:
    """The requests to stop ``play`` whose writer is gone (those of ``among`` and of ``decisions``
    only, when given), locked while the block records what they asked, then removed. If the block
    raises they stay; a second caller meanwhile finds them locked, as if their writer still lived."""
    held: list[tuple[StopRequest, int]] = []
    try:
        for path in request_files(folder, play):
            if among is not None and path not in among:
                continue
            fd = _locked_if_gone(path)
            if fd is None:
                continue
            request = _read(path, play)
            if decisions is not None and request.decision not in decisions:
                os.close(fd)
                continue
            held.append((request, fd))
        yield [request for request, _ in held]
        for request, _ in held:
            _remove(folder, folder / request.file)
    finally:
        for _, fd in held:
            os.close(fd)


def clear_leftovers(folder: Path, play: str, among: set[Path] | None = None,
                    decisions: set[str] | None = None) -> list[Path]:
    """Remove the requests to stop ``play`` whose writer is gone (those of ``among`` and of
    ``decisions`` only, when given)."""
    with leftovers(folder, play, among, decisions) as found:
        pass
    return [folder / request.file for request in found]


def _locked_if_gone(path: Path) -> int | None:
    """A descriptor holding ``path``'s lock when its writer is gone; None while it lives, or once removed."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)  # its writer still waits to record it
        return None
    return fd


def request_files(folder: Path, play: str) -> list[Path]:
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in sorted(names) if name.startswith(f"{play}.") and name.endswith(".json")]


def _read(path: Path, play: str) -> StopRequest:
    """The request in ``path``; an unreadable one still stops the play, and says so."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        return StopRequest(play, str(content["decision"]), str(content["decided_by"]),
                           str(content["requested_at"]), path.name, str(content.get("note") or ""),
                           content.get("mode") and str(content["mode"]),
                           content.get("version") and str(content["version"]),
                           content.get("content_sha256") and str(content["content_sha256"]))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return StopRequest(play, "stop", "someone", "an unknown time (the file cannot be read)", path.name)


def _written(folder: Path, play: str, content: bytes) -> tuple[Path, int]:
    """The request file, renamed into place once whole and durable, and a descriptor holding its lock."""
    name = f"{play}.{os.getpid()}.{secrets.token_hex(4)}"
    for _ in range(10):  # the folder may be removed, empty, by another process between the two calls
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{name}.tmp"
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileNotFoundError:
            continue
    else:
        raise OSError(f"cannot write a stop request into {folder}")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, content)
        os.fsync(fd)
        path = folder / f"{name}.json"
        os.rename(temporary, path)
        _sync_folder(folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        os.close(fd)
        raise
    return path, fd


def _remove(folder: Path, path: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
    with suppress(OSError):
        os.rmdir(folder)  # only when empty: a batch then looks up one missing folder per message


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
