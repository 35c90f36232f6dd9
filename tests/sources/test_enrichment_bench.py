"""The enrichment figures command runs on a small world and finds no call within the TTL; the layer
redoes only the accounts with a fresher signal, then nothing, then every account past the TTL, over
the HTTP provider and with MX checks alike."""

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
    http, mx = out.split("enriched_accounts, ")[1:]
    layer = dict(re.findall(r"^  (.+?): [0-9.]+ s, (\d+ requests; rebuilt \w+)", http, re.M))
    assert layer == {"first run": f"{calls['first run']} requests; rebuilt yes",
                     "after fresher signals for 1 of them": "0 requests; rebuilt in",
                     "unchanged": "0 requests; rebuilt no",
                     "after the TTL (31 days)": f"{calls['first run']} requests; rebuilt in"}
    questions = {label: (n, word) for label, n, word in
                 re.findall(r"^  (.+?): [0-9.]+ s, (\d+) DNS questions; rebuilt (\w+)", mx, re.M)}
    assert list(questions) == ["first run", "after fresher signals for 1 of them", "unchanged",
                               "after the TTL (25 hours)"]
    first = int(questions["first run"][0])
    assert first >= 10 and questions["after the TTL (25 hours)"] == (str(first), "in")
    assert questions["after fresher signals for 1 of them"] == ("0", "in") and questions["unchanged"] == ("0", "no")
