"""A play's trigger keyword matches its plural as a whole word too ("data pipeline" in "Data Pipelines",
"SDR" in "hiring 5 SDRs"), never a longer word ("AI" in "Email"), and the set-based path, the per-row path
and the DuckDB floor's SQL agree; a keyword list with no word matches nothing on every path."""

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sdr_assets.bench_floor import trigger_sql
from sdr_assets.domain.targeting import trigger_matches
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
DETAILS = [
    ("Shows research intent on 'Data Pipelines' (score 80)", True),
    ("Hiring 5 SDRs in Austin", True),
    ("Hiring an Email Marketing Manager", False),
    ("Researching pipeline hygiene", False),
]


def _signal(n: int, detail: str) -> dict:
    return {"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n}.example", "signal_type": "intent",
            "detail": detail, "evidence_url": "", "observed_at": NOW - timedelta(days=1), "source": "feed",
            "attributes": json.dumps({"topic": "x", "score": 80}), "source_file": "f.jsonl", "source_line": n,
            "ingested_at": NOW}


def _sql_hits(trigger: dict, rows: list[dict]) -> list[str]:
    con = duckdb.connect()
    con.execute("create table raw(signal_id varchar, signal_type varchar, observed_at timestamptz, detail varchar, "
                "attributes json)")
    con.executemany("insert into raw values (?, ?, ?, ?, ?)",
                    [(r["signal_id"], r["signal_type"], r["observed_at"], r["detail"], r["attributes"]) for r in rows])
    return [r[0] for r in con.execute(f"select signal_id from raw where {trigger_sql(trigger, NOW)} "
                                      "order by signal_id").fetchall()]


@pytest.mark.parametrize("keywords", [["data pipeline", "SDR", "AI"], [], [" "]])
def test_trigger_keywords_match_plurals_alike_on_every_path(keywords):
    trigger = {"signal_type": "intent", "max_age_days": 30, "match": {"keywords": keywords}}
    rows = [_signal(n, detail) for n, (detail, _) in enumerate(DETAILS)]
    expected = [row["signal_id"] for row, (_, hit) in zip(rows, DETAILS) if hit and any(k.strip() for k in keywords)]
    assert [row["signal_id"] for row in rows if trigger_matches(trigger, row, NOW)] == expected
    play = dataclasses.replace(load_play(PLAYS / "revops-hiring.yaml"), triggers=[trigger])
    frame, _ = qualify(pl.DataFrame(rows, schema=RAW_SIGNAL_SCHEMA), [play], NOW)
    assert sorted(frame["signal_id"].to_list()) == expected
    assert _sql_hits(trigger, rows) == expected
