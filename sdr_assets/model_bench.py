"""Model-stage benchmark: throughput against its bound, and what a second run costs.

    python -m sdr_assets.model_bench [--drafts 256] [--concurrency 16] [--latency 2] [--rpm 0]

A local OpenAI-compatible server (``sdr_assets.model_server``) answers with a fixed latency. The
bound is calls ÷ min(concurrency ÷ latency, rate limit): no stage can beat it. The benchmark then
materialises the same drafts again (every answer comes from the cache: 0 calls) and a new play
version that changes one of two variants (only the changed half is asked for).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from resources.model import OpenAICompatibleModel
from resources.model_stage import ResponseCache
from resources.warehouse import Warehouse
from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact

SUBJECTS = ("{role} at {company_name}", "Before your new {role} starts")
BODY = ("Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps at around {employees} "
        "people usually spend the new hire's first quarter untangling routing and reporting.\n\nWe help that person "
        "start with a clean pipeline instead. Worth a 20-minute look before they join?\n\n{sender_name}\n")


def requests(n: int, edited_variant: bool = False, warm_up: bool = False) -> list[DraftRequest]:
    out = []
    for i in range(n):
        values = {"first_name": "Warm" if warm_up else f"Contact{i}", "company_name": f"Company{i}", "role": "Head of Revenue Operations",
                  "employees": f"{100 + i:,}", "sender_name": "Sam Carter"}
        facts = tuple(Fact(f"bench.{k}", k, v, "text", "bench") for k, v in values.items())
        variant = i % 2
        body = BODY.replace("Worth a 20-minute look", "Open to a 20-minute look") if edited_variant and variant else BODY
        out.append(DraftRequest("bench", f"v{variant}", SUBJECTS[variant], body, facts))
    return out


class ServerProcess:
    """The local model server in its own process, as a real endpoint would be."""

    def __init__(self, latency: float):
        self.latency = latency

    def __enter__(self) -> ServerProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sdr_assets.model_server", "--latency", str(self.latency)],
            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
        self.base_url = (self.process.stdout.readline().strip().split("=", 1) + [""])[1]
        if not self.base_url:
            raise SystemExit("the local model server did not start")
        return self

    @property
    def requests(self) -> int:
        with urllib.request.urlopen(self.base_url + "/requests", timeout=5) as response:
            return int(response.read())

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a loaded machine can be slow to stop it: stop it hard
            self.process.kill()
            self.process.wait()


def run(drafts: int, concurrency: int, latency: float, rpm: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, ServerProcess(latency) as server:
        cache = ResponseCache(Warehouse(path=str(Path(tmp) / "bench.duckdb")).connect)
        model = OpenAICompatibleModel(base_url=server.base_url, model="bench", concurrency=concurrency,
                                      requests_per_minute=rpm, timeout_seconds=30)
        # One warm-up call outside the timing: the SDK loads its modules and response types lazily,
        # and the warehouse file and its cache table are created, as they are long before a run's drafts.
        model.write_drafts(requests(1, warm_up=True), cache)
        warm = server.requests
        started = time.perf_counter()
        texts = model.write_drafts(requests(drafts), cache)
        elapsed = time.perf_counter() - started
        calls = server.requests - warm
        rate = min(concurrency / latency, rpm / 60 if rpm else float("inf"))
        model.write_drafts(requests(drafts), cache)
        second = server.requests - warm - calls
        model.write_drafts(requests(drafts, edited_variant=True), cache)
        changed = server.requests - warm - calls - second
        model.close()
    return {"calls": calls, "seconds": elapsed, "bound_seconds": calls / rate, "bound_rate": rate,
            "written": sum(t is not None and t.verdict == "written" for t in texts), "second_run_calls": second,
            "changed_version_calls": changed}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=256)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--latency", type=float, default=2.0, help="seconds the local server takes per answer")
    parser.add_argument("--rpm", type=float, default=0, help="requests-per-minute limit (0: none)")
    args = parser.parse_args(argv)
    r = run(args.drafts, args.concurrency, args.latency, args.rpm)
    print(f"Model stage: {args.drafts} drafts, concurrency {args.concurrency}, latency {args.latency:g} s, "
          f"rate limit {args.rpm:g}/min" if args.rpm else
          f"Model stage: {args.drafts} drafts, concurrency {args.concurrency}, latency {args.latency:g} s, no rate limit")
    print(f"calls {r['calls']:.0f} in {r['seconds']:.2f} s ({r['calls'] / r['seconds']:.1f}/s); "
          f"bound {r['bound_seconds']:.2f} s ({r['bound_rate']:.1f}/s): {r['bound_seconds'] / r['seconds']:.1%} of the bound")
    print(f"drafts written as the model wrote them: {r['written']:.0f} of {args.drafts}")
    print(f"second materialisation: {r['second_run_calls']:.0f} calls")
    print(f"new version changing one of two variants: {r['changed_version_calls']:.0f} calls")


if __name__ == "__main__":
    main()
