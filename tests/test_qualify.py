"""Qualification asks each signal only of the plays with a trigger of its type, and keeps the order and rows
that asking every play gives."""

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from sdr_assets.domain.targeting import matching_trigger
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import QUALIFIED_SCHEMA, qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _every_play(raw: pl.DataFrame, plays: list) -> pl.DataFrame:
    """The reference: every signal asked of every play."""
    rows = []
    for signal in raw.iter_rows(named=True):
        for play in plays:
            trigger = matching_trigger(play, signal, NOW)
            if trigger is not None:
                rows.append({**{k: signal[k] for k in QUALIFIED_SCHEMA if k in signal}, "play": play.name,
                             "trigger": trigger["signal_type"]})
    return pl.DataFrame(rows, schema=QUALIFIED_SCHEMA)


def test_qualified_rows_match_asking_every_play_in_order():
    hiring = load_play(PLAYS / "revops-hiring.yaml")
    funding = load_play(PLAYS / "series-b-funding.yaml")
    # A second hiring play: one signal can qualify for two plays, in the plays' order.
    ops = dataclasses.replace(hiring, name="ops-hiring", triggers=[
        {"signal_type": "funding", "max_age_days": 5}, {"signal_type": "hiring", "max_age_days": 60}])
    plays = [hiring, funding, ops]

    def signal(n, signal_type, days, detail="", attributes="{}"):
        return {"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n}.example",
                "signal_type": signal_type, "detail": detail, "evidence_url": "",
                "observed_at": NOW - timedelta(days=days), "source": "feed", "attributes": attributes,
                "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}

    raw = pl.DataFrame([
        signal(1, "hiring", 3, "Hiring a Head of RevOps"),
        signal(2, "hiring", 45, "Sales Ops lead wanted"),                         # too old for revops-hiring
        signal(3, "funding", 2, attributes='{"round": "Series B", "amount_usd": 20000000.0}'),
        signal(4, "funding", 10, attributes='{"round": "Seed", "amount_usd": 20000000.0}'),
        signal(5, "intent", 1, attributes='{"topic": "crm", "score": 90}'),         # no play has an intent trigger
        signal(6, "hiring", 1, "Accountant"),
        # The same attributes text again (parsed once), then texts that are not an object.
        signal(7, "funding", 1, attributes='{"round": "Series B", "amount_usd": 20000000.0}'),
        signal(8, "funding", 1, attributes="not JSON"),
        signal(9, "funding", 1, attributes='["Series B"]'),
        signal(10, "hiring", 2, "Sales ops", attributes='{"role": "RevOps Analyst"}'),
        signal(11, "hiring", 2, "Analyst", attributes='{"role": "RevOps Analyst"}'),
    ], schema=RAW_SIGNAL_SCHEMA)
    frame, expiries = qualify(raw, plays, NOW)
    assert frame.equals(_every_play(raw, plays))
    assert frame.select("signal_id", "play").rows() == [
        ("s1", "revops-hiring"), ("s1", "ops-hiring"), ("s2", "ops-hiring"), ("s3", "series-b-funding"),
        ("s3", "ops-hiring"), ("s6", "ops-hiring"), ("s7", "series-b-funding"), ("s7", "ops-hiring"),
        ("s8", "ops-hiring"), ("s9", "ops-hiring"), ("s10", "revops-hiring"), ("s10", "ops-hiring"),
        ("s11", "revops-hiring"), ("s11", "ops-hiring")]
    assert min(expiries) == NOW - timedelta(days=2) + timedelta(days=5)
    empty, none = qualify(raw.clear(), plays, NOW)
    assert empty.schema == pl.Schema(QUALIFIED_SCHEMA) and empty.height == 0 and none == []
