"""Calls the enrichment waterfall makes: `python -m sdr_assets.enrichment_bench [--companies N]`.

Serves a seeded world's companies and contacts as a JSON API on 127.0.0.1 (an ephemeral port,
with a fixed latency per request and contacts in pages), asks the waterfall about every domain
with the HTTP provider alone, then again within the TTL, then after it. Requests are counted by
the server. Then times the ``enriched_accounts`` step, a signal for each domain, over the same
API, and then over the local reference files with MX checks against a DNS zone on 127.0.0.1: its
first run, a run after fresher signals for a hundredth of the domains, a run on unchanged input,
and a run after the TTL (30 days for the answers, 24 hours for the MX verdicts). Questions are
counted by the DNS server.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dagster as dg
import duckdb
import polars as pl

from resources.address_checks import AddressChecks
from resources.enrichment import EnrichmentWaterfall, HttpEnrichment, LocalDirectoryEnrichment
from resources.settings import PipelinePaths, SendPolicy
from resources.warehouse import Warehouse
from sdr_assets.demo.world import generate_world
from sdr_assets.enrichment import enriched_accounts
from sdr_assets.enrichment_cache import run_waterfall
from sdr_assets.instance import temporary_instance
from sdr_assets.local_dns import ZoneServer
from sdr_assets.local_http import LocalHTTPServer
from sdr_assets.signals import QUALIFIED_SCHEMA

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PAGE = 5
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
PLAY = "data-stack-adopters"


class ProviderApi:
    """The world's reference files as ``/companies/{d}`` and paged ``/companies/{d}/contacts``."""

    def __init__(self, reference: Path, latency: float):
        self.companies = {r["domain"]: r for r in csv.DictReader((reference / "companies.csv").read_text(encoding="utf-8").splitlines())}
        self.contacts: dict[str, list[dict]] = {}
        for row in csv.DictReader((reference / "contacts.csv").read_text(encoding="utf-8").splitlines()):
            # Contacts without their company's domain, as many APIs answer.
            self.contacts.setdefault(row.pop("company_domain"), []).append(row)
        self.requests, self.lock = 0, threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server dispatches to
                with api.lock:
                    api.requests += 1
                time.sleep(latency)
                status, body = api.answer(self.path)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = LocalHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, raw_path: str) -> tuple[int, object]:
        parts = urlsplit(raw_path)
        segments = parts.path.strip("/").split("/")
        domain = segments[1] if len(segments) > 1 else ""
        if domain not in self.companies:
            return 404, {"error": "unknown domain"}
        if len(segments) == 2:
            return 200, self.companies[domain]
        start = int(parse_qs(parts.query).get("cursor", ["0"])[0])
        people = self.contacts.get(domain, [])
        nxt = start + PAGE if start + PAGE < len(people) else None
        return 200, {"data": people[start:start + PAGE], "next_cursor": nxt}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds the API takes per request")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_world(root, seed=11, n_companies=args.companies, now=NOW)
        api = ProviderApi(root / "reference", args.latency)
        waterfall = EnrichmentWaterfall(http=HttpEnrichment(base_url=api.url, concurrency=args.concurrency),
                                        order=["http"], ttl_days=30)
        domains = sorted(api.companies) + [f"unknown{n}.example" for n in range(args.companies // 10)]
        check = AddressChecks().checker()
        warehouse = Warehouse(path=str(root / "warehouse.duckdb"))
        print(f"{len(domains)} domains ({len(api.companies)} known), {args.latency * 1000:g} ms per request, "
              f"{args.concurrency} in flight")
        for label, now in [("first run", NOW), ("repeated within the TTL", NOW + timedelta(days=1)),
                           ("after the TTL (31 days)", NOW + timedelta(days=31))]:
            before, started = api.requests, time.perf_counter()
            accounts, stats = run_waterfall(waterfall, domains, warehouse, now, check)
            seconds = time.perf_counter() - started
            ready = sum(1 for a in accounts.values() if a.known and a.contacts)
            print(f"{label}: {api.requests - before} requests, {stats.cache_hits.get('http:http', 0)} cache hits, "
                  f"{seconds:.2f} s, {ready} accounts with a company and an accepted contact")
        http = EnrichmentWaterfall(http=HttpEnrichment(base_url=api.url, concurrency=args.concurrency),
                                   order=["http"], ttl_days=30)
        layer_runs(root / "http", domains, http, AddressChecks(), lambda: api.requests, "requests", timedelta(days=31))
        api.server.shutdown()
        api.server.server_close()
        mail_domains = {c["email"].rpartition("@")[2].lower() for people in api.contacts.values() for c in people}
        with ZoneServer({d: {"MX": [f"10 mx.{d}."]} for d in mail_domains}) as zone:
            local = EnrichmentWaterfall(local=LocalDirectoryEnrichment(directory=str(root / "reference")),
                                        order=["local"])
            checks = AddressChecks(check_mx=True, nameservers=["127.0.0.1"], dns_port=zone.port)
            layer_runs(root / "mx", sorted(api.companies), local, checks, lambda: len(zone.questions),
                       "DNS questions", timedelta(hours=25))


def _add_signals(path: Path, domains: list[str], at: datetime, prefix: str) -> None:
    """A qualified signal of one play for each of ``domains``."""
    rows = pl.DataFrame([{"play": PLAY, "signal_id": f"{prefix}{n}", "company_domain": d, "observed_at": at,
                          "signal_type": "tech_adoption", "detail": "adopted Snowflake", "trigger": "tech_adoption",
                          "attributes": json.dumps({"technology": "Snowflake"})} for n, d in enumerate(domains)],
                        schema=QUALIFIED_SCHEMA)
    with duckdb.connect(str(path)) as con:
        con.register("_signals", rows)
        con.execute("create table if not exists qualified_signals as select * from _signals limit 0")
        con.execute("insert into qualified_signals select * from _signals")


def layer_runs(root: Path, domains: list[str], enrichment: EnrichmentWaterfall, checks: AddressChecks,
               count: Callable[[], int], counted: str, past_ttl: timedelta) -> None:
    """Time ``enriched_accounts`` on a warehouse of its own: each run's seconds, what ``count`` counted
    in it, and what the step says it rebuilt."""
    root.mkdir()
    path, fresher = root / "layer.duckdb", domains[::100]
    _add_signals(path, domains, NOW, "s")
    runs = [("first run", NOW), (f"after fresher signals for {len(fresher)} of them", NOW + timedelta(hours=1)),
            ("unchanged", NOW + timedelta(hours=2)), (f"after the TTL ({_span(past_ttl)})", NOW + past_ttl)]
    print(f"enriched_accounts, {len(domains)} accounts of one play, {enrichment.order[0]} provider"
          f"{', MX checks' if checks.check_mx else ''}:")
    with temporary_instance() as instance:
        for label, now in runs:
            if label.startswith("after fresher"):
                _add_signals(path, fresher, now, "fresh")
            resources = {"warehouse": Warehouse(path=str(path)), "address_checks": checks, "enrichment": enrichment,
                         "paths": PipelinePaths(signals_inbox=str(root / "inbox"), plays_dir=str(PLAYS),
                                                reference_dir=str(root / "none"), exports_dir=str(root / "exports")),
                         "policy": SendPolicy(now_override=now.isoformat())}
            before, started = count(), time.perf_counter()
            result = dg.materialize([enriched_accounts], resources=resources, instance=instance, run_config={
                "loggers": {"console": {"config": {"log_level": "WARNING"}}}})
            seconds = time.perf_counter() - started
            rebuilt = result.asset_materializations_for_node("enriched_accounts")[0].metadata["rebuilt"].value
            print(f"  {label}: {seconds:.2f} s, {count() - before} {counted}; rebuilt {rebuilt}")


def _span(span: timedelta) -> str:
    return f"{span.days} days" if not span.seconds else f"{span / timedelta(hours=1):g} hours"


if __name__ == "__main__":
    main()
