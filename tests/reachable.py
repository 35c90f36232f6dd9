"""Opt-out endpoints for the tests' mail that goes out over SMTP, and the service that answers them.

Mail that reaches recipients must carry a one-click link and a mailto they can reach, so the
placeholder outreach.example is refused for it. These name the tests' own company instead; nothing
resolves them, since the tests' SMTP servers listen on 127.0.0.1. Replies to it must be read from
somewhere a person named: the tests' maildir, under their data folder. And its links must be
answered: `sdr serve`'s heartbeat must be fresh in the data folder, written here by the service's
own ``Beat``, which the send step reads as it reads the running service's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sdr_assets.serve_heartbeat import BEAT_SECONDS, Beat

REACHABLE_OPTOUTS = {"SDR_UNSUBSCRIBE_URL": "https://optout.northwind-sales.com/unsubscribe",
                     "SDR_SENDING_DOMAIN": "northwind-sales.com",
                     "SDR_REPLIES_MAILDIR": "{data_dir}/inbox/replies"}
SERVED_AT = "http://127.0.0.1:8080/unsubscribe"  # where the service would listen behind the HTTPS proxy


def service_beat(data_dir: str | Path, seconds: float = BEAT_SECONDS) -> Beat:
    """A fresh heartbeat of `sdr serve` for ``data_dir``, as the service writes when it starts."""
    beat = Beat(data_dir, SERVED_AT, seconds)
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
