"""A play's trigger keywords match whole words of a signal's detail and attributes, as the play
schema says ("any of these words"): "AI" is in "AI Engineer", not in "Email Marketing Manager";
"CTO" is in "new CTO", not in "Director". Both the set-based path and the per-row path agree."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dataclasses
import polars as pl

from sdr_assets.domain.targeting import trigger_matches
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
TRIGGER = {"signal_type": "hiring", "max_age_days": 30, "match": {"keywords": ["AI", "CTO", "sales ops"]}}


def _signal(n: int, detail: str, role: str) -> dict:
    return {"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n}.example", "signal_type": "hiring",
            "detail": detail, "evidence_url": "", "observed_at": NOW - timedelta(days=1), "source": "feed",
            "attributes": f'{{"role": "{role}"}}', "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}


ROWS = [
    (_signal(1, "Hiring an AI Engineer", "AI Engineer"), True),
    (_signal(2, "Hiring an Email Marketing Manager", "Email Marketing Manager"), False),
    (_signal(3, "Hiring a Director of Maintenance", "Director of Maintenance"), False),
    (_signal(4, "Search for a new CTO", "CTO"), True),
    (_signal(5, "Hiring: Sales Ops lead", "Sales Ops Lead"), True),
    (_signal(6, "Hiring: Sales Opsec analyst", "Sales Opsec Analyst"), False),
    # Text that is not ASCII is judged row by row: the same words, the same answers.
    (_signal(7, "Recrutement : ingénieur AI", "Ingénieur AI"), True),
    (_signal(8, "Recrutement : responsable maintenance à Genève", "Responsable maintenance"), False),
]


def test_trigger_keywords_match_whole_words_only():
    play = dataclasses.replace(load_play(PLAYS / "revops-hiring.yaml"), triggers=[TRIGGER])
    raw = pl.DataFrame([row for row, _ in ROWS], schema=RAW_SIGNAL_SCHEMA)
    expected = [row["signal_id"] for row, hit in ROWS if hit]
    assert [row["signal_id"] for row, _ in ROWS if trigger_matches(TRIGGER, row, NOW)] == expected
    frame, _ = qualify(raw, [play], NOW)
    assert frame["signal_id"].to_list() == expected
