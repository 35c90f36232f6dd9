"""A funding trigger's rounds match the round a feed reports whatever its case, as technologies do:
"series b" and "SERIES B" are the Series B a play asks for, and a Seed round is still not."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from sdr_assets.domain.signals import validate_signal
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _row(n: int, round_name: str) -> dict:
    clean = validate_signal({"signal_id": f"s{n}", "company_domain": f"d{n}.example", "signal_type": "funding",
                             "observed_at": (NOW - timedelta(days=2)).isoformat(), "source": "feed",
                             "attributes": {"round": round_name, "amount_usd": 20_000_000}}, NOW)
    return {**clean, "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}


def test_a_round_in_another_case_qualifies_for_the_play_that_names_it():
    play = load_play(PLAYS / "series-b-funding.yaml")
    raw = pl.DataFrame([_row(1, "Series B"), _row(2, "series b"), _row(3, "SERIES B"), _row(4, "seed")],
                       schema=RAW_SIGNAL_SCHEMA)
    frame, _ = qualify(raw, [play], NOW)
    assert frame["signal_id"].to_list() == ["s1", "s2", "s3"]
