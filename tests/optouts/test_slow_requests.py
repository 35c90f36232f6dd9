"""Clients that send their requests slowly cannot keep a one-click opt-out out of `sdr serve`."""

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from functools import partial

import httpx
import uvicorn

from sdr_assets import optout_log
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from sdr_assets.slow_requests import guarded_protocol
from sdr_assets.unsubscribe_service import build_app
from tests.serve_process import SDR, read_line

SECRET = b"the-project-secret"
SEND_KEY = "0123456789abcdef01234567"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
# Run a command with at most this many open files, as a service manager may start it.
WITH_OPEN_FILES = "import os, resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]),) * 2); " \
                  "os.execv(sys.argv[2], sys.argv[2:])"


@contextmanager
def serving(data_dir, protocol):
    """The unsubscribe service under uvicorn with ``protocol``, in a thread; yields its links' base."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = build_app(data_dir, SECRET, lambda: datetime(2026, 11, 20, 9, tzinfo=UTC), "/unsubscribe")
    server = uvicorn.Server(uvicorn.Config(app, http=protocol, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/unsubscribe"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def link(base, address):
    return unsubscribe_link(base, unsubscribe_token(SECRET, SEND_KEY, address))


def slow_client(base: str, sent: bytes = b"POST /unsubscribe/x HTTP/1.1\r\nHost: a") -> socket.socket:
    """A connection that has sent ``sent`` of its request and nothing more yet."""
    host, port = httpx.URL(base).host, httpx.URL(base).port
    conn = socket.create_connection((host, port), timeout=10)
    conn.sendall(sent)
    return conn


def closed_by_the_server(conn: socket.socket, within: float) -> bool:
    """Whether the server closes ``conn`` within ``within`` seconds, while it trickles one byte at a time."""
    deadline = time.monotonic() + within
    conn.settimeout(0.2)
    while time.monotonic() < deadline:
        try:
            conn.sendall(b"a")
            if conn.recv(4096) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:  # reset while it wrote
            return True
    return False


def logged(data_dir) -> list[str]:
    return [r.address for r in optout_log.read(data_dir).records]


def test_a_request_whose_headers_trickle_is_closed_and_a_prompt_click_is_recorded(tmp_path):
    with serving(tmp_path, guarded_protocol(most_receiving=100, header_seconds=1.0)) as base, ExitStack() as held:
        opened = time.monotonic()
        trickling, silent = held.enter_context(slow_client(base)), held.enter_context(slow_client(base, b""))
        assert httpx.post(link(base, "ann@acme.example"), data=ONE_CLICK, timeout=10).status_code == 200
        assert closed_by_the_server(trickling, within=5) and time.monotonic() - opened > 0.95
        assert closed_by_the_server(silent, within=1), "a connection that sends nothing is closed as well"
        with slow_client(base, b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n") as kept:
            assert kept.recv(4096).startswith(b"HTTP/1.1 200 ")
            kept.sendall(b"GET /healthz HTTP/1.1\r\n")
            assert closed_by_the_server(kept, within=5), "a kept-alive connection's next request has as long"
        with slow_client(base, f"POST {httpx.URL(link(base, 'bob@acme.example')).raw_path.decode()} HTTP/1.1\r\n"
                               "Host: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                               "Content-Length: 26\r\n\r\nList-Un".encode()) as body_late:
            time.sleep(1.5)  # past the headers' time: a body has its own, longer one
            body_late.sendall(b"subscribe=One-Click")
            assert body_late.recv(4096).startswith(b"HTTP/1.1 200 ")
    assert logged(tmp_path) == ["ann@acme.example", "bob@acme.example"]


def test_past_the_bound_the_oldest_slow_request_makes_room_for_a_new_one(tmp_path):
    with serving(tmp_path, guarded_protocol(most_receiving=4, header_seconds=60)) as base, ExitStack() as held:
        slow = [held.enter_context(slow_client(base)) for _ in range(7)]
        time.sleep(0.3)
        with ThreadPoolExecutor(len(slow)) as watchers:  # each given its 0.5 s at the same time
            assert list(watchers.map(partial(closed_by_the_server, within=0.5), slow)) == [True] * 3 + [False] * 4
        assert httpx.post(link(base, "ann@acme.example"), data=ONE_CLICK, timeout=10).status_code == 200
    assert logged(tmp_path) == ["ann@acme.example"]


def test_more_slow_clients_than_sdr_serve_may_open_files_keep_no_click_out(tmp_path):
    """As many clients sending their headers a byte at a time as the process may open files: a
    one-click POST still gets its 200 at once, and its opt-out is in the log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDR_")}
    env.update(SDR_DATA_DIR=str(tmp_path), SDR_SERVE_PORT="0")
    server = subprocess.Popen([sys.executable, "-c", WITH_OPEN_FILES, "64", SDR, "serve"], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        base = read_line(server).split("listening on ")[1].split()[0]
        with ExitStack() as held:
            for _ in range(80):
                held.enter_context(slow_client(base))
            secret = (tmp_path / "secret.key").read_bytes().strip()
            url = unsubscribe_link(base, unsubscribe_token(secret, SEND_KEY, "ann@acme.example"))
            started = time.monotonic()
            assert httpx.post(url, data=ONE_CLICK, timeout=10).status_code == 200
            assert time.monotonic() - started < 5
    finally:
        server.terminate()
        server.wait(20)
        server.stdout.close()
    assert logged(tmp_path) == ["ann@acme.example"]
