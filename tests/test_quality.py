"""The Great Expectations suite catches what the feed reader lets through."""

from datetime import UTC, datetime

import polars as pl

from sdr_assets.quality import validate_signals
from sdr_assets.signals import RAW_SIGNAL_SCHEMA


def _row(signal_id: str, domain: str, signal_type: str = "funding") -> dict:
    return {"signal_id": signal_id, "company_domain": domain, "signal_type": signal_type, "detail": "",
            "observed_at": datetime(2026, 11, 1, tzinfo=UTC), "source": "", "attributes": "{}",
            "source_file": "f.jsonl", "source_line": 1}


def test_clean_signals_pass_and_duplicates_or_bad_domains_fail():
    clean = pl.DataFrame([_row("a", "acme.example"), _row("b", "globex.example")], schema=RAW_SIGNAL_SCHEMA)
    assert all(o["success"] for o in validate_signals(clean).values())
    dirty = pl.DataFrame([_row("a", "acme.example"), _row("a", "not a domain")], schema=RAW_SIGNAL_SCHEMA)
    outcomes = validate_signals(dirty)
    assert outcomes["expect_column_values_to_be_unique(signal_id)"]["unexpected_count"] == 2
    assert not outcomes["expect_column_values_to_match_regex(company_domain)"]["success"]
