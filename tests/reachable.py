"""Opt-out endpoints for the tests' mail that goes out over SMTP, and the service that answers them.

Mail that reaches recipients must carry a one-click link and a mailto they can reach, so the
placeholder outreach.example is refused for it. These name the tests' own company instead; nothing
resolves them, since the tests' SMTP servers listen on 127.0.0.1. Replies to it must be read from
somewhere a person named: the tests' maildir, under their data folder. And its links must be
answered: `sdr serve`'s heartbeat must be fresh in the data folder, written here by the service's
own ``Beat`` for the links the mail carries, naming a running process (this one) whose address
answers ``/healthz`` (a server on 127.0.0.1, shared by the tests of this process), as the send step
reads the running service's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from sdr_assets.local_http import LocalHTTPServer
from sdr_assets.serve_heartbeat import BEAT_SECONDS, Beat

REACHABLE_OPTOUTS = {"SDR_UNSUBSCRIBE_URL": "https://optout.northwind-sales.com/unsubscribe",
                     "SDR_SENDING_DOMAIN": "northwind-sales.com",
                     "SDR_REPLIES_MAILDIR": "{data_dir}/inbox/replies"}


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        found = self.path == "/healthz"
        self.send_response(200 if found else 404)
        self.send_header("Content-Length", "2" if found else "0")
        self.end_headers()
        if found:
            self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@cache
def served_at() -> str:
    """Where the service would listen behind the HTTPS proxy: an address on 127.0.0.1 that answers
    ``/healthz`` as `sdr serve` does, for as long as this process runs."""
    server = LocalHTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/unsubscribe"


def service_beat(data_dir: str | Path, seconds: float = BEAT_SECONDS,
                 answers: str = REACHABLE_OPTOUTS["SDR_UNSUBSCRIBE_URL"]) -> Beat:
    """A fresh heartbeat of `sdr serve` for ``data_dir``, as the service writes when it starts,
    answering the links on ``answers``."""
    beat = Beat(data_dir, served_at(), answers, seconds)
    beat.beat()
    return beat


@contextmanager
def service_beating(data_dir: str | Path, seconds: float = BEAT_SECONDS) -> Iterator[Beat]:
    """`sdr serve`'s heartbeat for ``data_dir`` kept fresh every ``seconds`` (runs that may outlast the
    bound), and removed after, as the service does when it stops."""
    beat, stopped = service_beat(data_dir, seconds), threading.Event()

    def keep() -> None:
        while not stopped.wait(beat.seconds):
            beat.beat()

    thread = threading.Thread(target=keep, daemon=True)
    thread.start()
    try:
        yield beat
    finally:
        stopped.set()
        thread.join(10)
        beat.stop()
