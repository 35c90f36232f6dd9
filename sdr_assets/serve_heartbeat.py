"""The heartbeat of `sdr serve`: a small file beside the opt-out log, rewritten while the service runs.

A one-click link that nothing answers loses the click (Gmail and Yahoo do not fall back to the
mailto), so mail that reaches recipients goes out only while the heartbeat is fresh (the send
step), and `sdr status` shows it. The service rewrites it every ``BEAT_SECONDS`` from its event
loop, so a service that hangs goes silent too, and removes it when it stops. Ages are read by the
wall clock, whatever ``SDR_NOW`` pins: a process answers now or it does not.

A service killed without a word (``kill -9``) leaves a fresh heartbeat behind: on the machine
that wrote it, its pid must still run and its address answer ``/healthz``. And it must have been
started for the links the mail carries (the heartbeat names the base URL it answers for), with a
secret that verifies them (it names the fingerprints of the secrets it verifies with).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import socket
import threading
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from resources.whole_files import replace_whole
from sdr_assets.domain.unsubscribe import answers_links_of
from sdr_assets.processes import running

HEARTBEAT_RELATIVE = Path("optouts") / "service.alive"
BEAT_SECONDS = 30.0
SETTING = "SDR_SERVE_MAX_SILENCE_MINUTES"
HEALTH_SECONDS = 5.0  # how long the send step waits for the service's /healthz answer
# A service listening on every address answers on the loopback one.
LOOPBACK = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}


def wall_clock() -> datetime:
    return datetime.now(UTC)


def this_machine() -> str:
    """This host's name and this process's pid and network namespaces: where a pid and a loopback
    address mean what they meant to the process that wrote them (another container's do not)."""
    spaces = []
    for kind in ("pid", "net"):
        try:
            spaces.append(os.readlink(f"/proc/self/ns/{kind}"))
        except OSError:
            pass
    return " ".join([socket.gethostname(), *spaces])


@dataclass(frozen=True)
class Heartbeat:
    """Which process serves the links, where it listens, since when, and when it last said so; the
    base URL of the links it answers (its ``SDR_UNSUBSCRIBE_URL``, "" from an `sdr serve` that did
    not say), the machine it runs on (``this_machine``) and the fingerprints of the secrets its links
    verify with, space-separated ("" from an `sdr serve` that did not say)."""

    pid: int
    url: str
    started_at: str
    beat_at: str
    answers: str = ""
    machine: str = ""
    verifies: str = ""

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or wall_clock()) - datetime.fromisoformat(self.beat_at)


def heartbeat_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / HEARTBEAT_RELATIVE


def write(data_dir: str | Path, heartbeat: Heartbeat) -> None:
    """Put ``heartbeat`` in place whole (written beside it, then renamed): a reader never sees half of it."""
    path = heartbeat_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_whole(path, json.dumps(asdict(heartbeat), sort_keys=True).encode("utf-8"))


def read(data_dir: str | Path) -> Heartbeat | None:
    """The last heartbeat written; None when there is none, or none that can be read (no service counts)."""
    try:
        fields = json.loads(heartbeat_path(data_dir).read_text(encoding="utf-8"))
        heartbeat = Heartbeat(int(fields["pid"]), str(fields["url"]), str(fields["started_at"]),
                              str(fields["beat_at"]), str(fields.get("answers", "")), str(fields.get("machine", "")),
                              str(fields.get("verifies", "")))
        heartbeat.age()  # a time that cannot be read, or has no zone, is no heartbeat
        if any(ord(c) < 32 or ord(c) == 127 for c in heartbeat.url + heartbeat.answers + heartbeat.machine
               + heartbeat.verifies):
            return None  # `sdr serve` writes none: an edit would split the one line it is shown in
        return heartbeat
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def unanswered(data_dir: str | Path, max_minutes: float, links: str, now: datetime | None = None,
               signed_by: str = "") -> str | None:
    """Why no `sdr serve` counts as answering the links of ``data_dir``'s mail, built on the base URL
    ``links`` and signed with the secret whose fingerprint is ``signed_by``; None while one does.

    A beat older than ``max_minutes``, or as far in the future (a clock ahead, a file written by
    hand), does not count. On the machine that wrote it, neither does one whose pid no longer runs
    (killed, so it could not remove it) or whose address does not answer ``/healthz``. Nor one
    started for links on another base URL: the scheme, host, port and path of the public links are
    compared, never the address it listens on, which a proxy stands in front of. Nor one whose
    secrets (where it names them) do not verify what ``signed_by`` signs: it would refuse every click."""
    path = heartbeat_path(data_dir)
    heartbeat = read(data_dir)
    if heartbeat is None:
        return f"it has written no heartbeat ({path} is missing or unreadable)"
    if abs(heartbeat.age(now)) > timedelta(minutes=max_minutes):
        return (f"its last heartbeat ({path}, pid {heartbeat.pid}) is {_minutes(heartbeat.age(now))} old, "
                f"more than {SETTING} ({max_minutes:g}) allows")
    if heartbeat.machine == this_machine():
        if not running(heartbeat.pid):
            return (f"its heartbeat ({path}) names pid {heartbeat.pid}, which no longer runs: the service was "
                    "stopped without removing it (killed?)")
        if problem := health_problem(heartbeat.url):
            return f"pid {heartbeat.pid} does not answer on {heartbeat.url} ({problem})"
    if not heartbeat.answers:
        return (f"the one running (pid {heartbeat.pid}) does not say which links it answers (its heartbeat "
                f"{path} is from an older `sdr serve`): restart it")
    if not answers_links_of(heartbeat.answers, links):
        return (f"the one running (pid {heartbeat.pid}) answers links at {heartbeat.answers}, not at {links}, "
                "the SDR_UNSUBSCRIBE_URL of this mail: restart it with the same SDR_UNSUBSCRIBE_URL")
    if signed_by and heartbeat.verifies and signed_by not in heartbeat.verifies.split():
        verifying = ", ".join(heartbeat.verifies.split())
        return (f"the one running (pid {heartbeat.pid}) verifies links with secret {verifying}, not with secret "
                f"{signed_by}, which signs this mail's links: restart it with the same SDR_SECRET")
    return None


def health_problem(url: str, timeout: float = HEALTH_SECONDS) -> str | None:
    """Why the service listening at ``url`` (an address on this machine) does not answer ``GET
    /healthz`` with ``ok``; None when it does."""
    try:
        parts = urlsplit(url)
        host, port = LOOPBACK.get(parts.hostname or "", parts.hostname), parts.port
    except ValueError:
        return f"no address: {url!r}"
    if port is None:
        return f"no port in {url!r}"
    connection = None
    try:  # a hand-edited host with a control character is refused here (InvalidURL), not raised
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        body = answer.read(64)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return f"GET /healthz: {getattr(exc, 'strerror', None) or str(exc) or type(exc).__name__}"
    finally:
        if connection is not None:
            connection.close()
    if answer.status != 200 or body.strip() != b"ok":
        return f"GET /healthz answered {answer.status}, not ok"
    return None


def silence(data_dir: str | Path, max_minutes: float, links: str, now: datetime | None = None,
            signed_by: str = "") -> str | None:
    """The send step's refusal while no `sdr serve` answers the links on ``links`` signed by ``signed_by``
    (``unanswered``); None while one does."""
    state = unanswered(data_dir, max_minutes, links, now, signed_by)
    if state is None:
        return None
    return (f"no `sdr serve` answers the one-click unsubscribe links: {state}, so every click on this mail "
            "would be lost; start `sdr serve` for this data folder and keep it running")


def service_state(data_dir: str | Path, max_minutes: float, links: str, now: datetime | None = None,
                  signed_by: str = "") -> dict:
    """What `sdr status` shows: the last heartbeat, its age in seconds, and why it does not count."""
    heartbeat = read(data_dir)
    return {"heartbeat": asdict(heartbeat) if heartbeat else None,
            "seconds_since_beat": round(heartbeat.age(now).total_seconds()) if heartbeat else None,
            "max_silence_minutes": max_minutes,
            "unanswered": unanswered(data_dir, max_minutes, links, now, signed_by)}


def _minutes(age: timedelta) -> str:
    minutes = abs(age.total_seconds()) / 60
    return f"{minutes:.0f} minute(s)" if minutes < 120 else f"{minutes / 60:.1f} hour(s)"


class Beat:
    """The service's side: its heartbeat written now, rewritten every ``seconds`` until ``stop``, then
    removed. ``url`` is where it listens, ``answers`` the base URL of the links it answers, ``verifies``
    the fingerprints of the secrets they verify with."""

    def __init__(self, data_dir: str | Path, url: str, answers: str, seconds: float = BEAT_SECONDS,
                 verifies: tuple[str, ...] = ()) -> None:
        started = wall_clock().isoformat(timespec="seconds")
        self.data_dir, self.seconds = data_dir, seconds
        self.heartbeat = Heartbeat(os.getpid(), url, started, started, answers, this_machine(), " ".join(verifies))
        self._lock, self._stopped = threading.Lock(), False

    def beat(self) -> None:
        """Write a fresh heartbeat (none once stopped: a beat in flight does not outlive ``stop``);
        raises OSError when it cannot."""
        with self._lock:
            if self._stopped:
                return
            self.heartbeat = replace(self.heartbeat, beat_at=wall_clock().isoformat(timespec="seconds"))
            write(self.data_dir, self.heartbeat)

    async def keep_beating(self) -> None:
        """Beat every ``seconds`` until cancelled; a beat the disk refuses is logged and tried again."""
        while True:
            await asyncio.sleep(self.seconds)
            try:
                await asyncio.to_thread(self.beat)
            except OSError as exc:
                logging.getLogger(__name__).error("heartbeat not written (sending stops once it is stale): %s", exc)

    def stop(self) -> None:
        """Remove the heartbeat if it is still this process's (another service may have taken over)."""
        with self._lock:
            self._stopped = True
            current = read(self.data_dir)
            if current is not None and current.pid == self.heartbeat.pid:
                heartbeat_path(self.data_dir).unlink(missing_ok=True)
