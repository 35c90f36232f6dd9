"""The enrichment figures command runs on a small world and finds no call within the TTL."""

import re
import sys

from sdr_assets import enrichment_bench


def test_the_bench_prints_calls_per_run(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["enrichment_bench", "--companies", "20", "--latency", "0"])
    enrichment_bench.main()
    out = capsys.readouterr().out
    calls = {label: int(n) for label, n in re.findall(r"^(.+?): (\d+) requests", out, re.M)}
    assert calls["repeated within the TTL"] == 0
    assert calls["first run"] == calls["after the TTL (31 days)"] >= 22  # a company call per domain at least
