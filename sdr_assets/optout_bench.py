"""Opt-out figures: forged tokens accepted, and the time from a click to the send step refusing the address.

Run with ``python -m sdr_assets.optout_bench [--clicks N] [--forged N]`` (``make bench`` runs it).
It starts the unsubscribe service on 127.0.0.1 (a free port) over a scratch data folder, posts real
one-click requests, and times how long until the send step's own check refuses the address:
``refresh()`` before the next message of a running batch, and ``current_suppressions`` at the start
of the next send step (which also reads the warehouse).
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from resources import clock
from resources.warehouse import Warehouse
from sdr_assets.domain.unsubscribe import unsubscribe_link, unsubscribe_token
from sdr_assets.domain.suppression import ADD, Event
from sdr_assets.suppression import current_suppressions, ensure_schema, insert_events
from sdr_assets.unsubscribe_service import build_app

SECRET = b"bench-secret"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"


def _forgery(rng: random.Random, n: int) -> str:
    address = f"user{n}@acme.example"
    if n % 2:
        return unsubscribe_token(rng.randbytes(16), f"{rng.getrandbits(96):024x}", address)
    genuine = unsubscribe_token(SECRET, f"{rng.getrandbits(96):024x}", address)
    i = rng.randrange(len(genuine))
    return genuine[:i] + rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".replace(
        genuine[i], "")) + genuine[i + 1:]


def _idle_refresh(batch) -> float:
    """Seconds one ``refresh()`` takes when neither log grew: what every message of a batch pays."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20_000):
            batch.refresh()
        best = min(best, (time.perf_counter() - start) / 20_000)
    return best


def main(clicks: int, forged: int, existing: int) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="sdr-optout-bench-"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}/unsubscribe"
    server = uvicorn.Server(uvicorn.Config(build_app(data_dir, SECRET, clock.now), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    warehouse = Warehouse(path=str(data_dir / "warehouse.duckdb"))
    with warehouse.connect() as con:
        ensure_schema(con)
        insert_events(con, [Event(f"manual:{n}", f"old{n}@acme.example", ADD, "manual", None, "bench", "",
                                  clock.now()) for n in range(existing)])
    rng = random.Random(7)
    post, in_batch, next_step = [], [], []
    with httpx.Client(timeout=10) as http, warehouse.connect() as con:
        batch = current_suppressions(con, data_dir)
        for n in range(clicks):
            address = f"clicker{n}@acme.example"
            url = unsubscribe_link(base, unsubscribe_token(SECRET, f"{rng.getrandbits(96):024x}", address))
            start = time.perf_counter()
            assert http.post(url, data=ONE_CLICK).status_code == 200
            answered = time.perf_counter()
            assert batch.refresh().reason_for(address), "refused before the next message of a running batch"
            refused = time.perf_counter()
            assert current_suppressions(con, data_dir).reason_for(address), "refused by the next send step"
            post.append(answered - start)
            in_batch.append(refused - start)
            next_step.append((answered - start) + (time.perf_counter() - refused))
        accepted = sum(http.post(unsubscribe_link(base, _forgery(rng, n)), data=ONE_CLICK).status_code < 400
                       for n in range(forged))
        idle = _idle_refresh(batch)
    server.should_exit = True
    thread.join(10)
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"forged tokens accepted: {accepted} of {forged}")
    print(f"clicks: {clicks}, with {existing} entries already in the warehouse")
    print(f"POST answered (opt-out fsynced to the log): {_ms(post)}")
    print(f"click to refusal, running send batch (log re-read before each message): {_ms(in_batch)}")
    print(f"click to refusal, next send step (warehouse events + log): {_ms(next_step)}")
    print(f"the check before each message when nothing new was logged: {idle * 1e6:.2f} µs (best of 5 x 20,000)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=200)
    parser.add_argument("--forged", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=1_000)
    args = parser.parse_args()
    main(args.clicks, args.forged, args.existing)
