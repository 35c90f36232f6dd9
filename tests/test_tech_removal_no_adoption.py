"""A tech_adoption signal that reports a technology removed is no adoption: no play's adoption trigger
takes it, so no mail tells the account "your team is adopting" what it just dropped."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from sdr_assets.domain.signals import validate_signal
from sdr_assets.domain.targeting import trigger_matches
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _row(n: int, change: str, detail: str = "") -> dict:
    clean = validate_signal({"signal_id": f"s{n}", "company_domain": f"d{n}.example", "signal_type": "tech_adoption",
                             "detail": detail, "observed_at": (NOW - timedelta(days=2)).isoformat(), "source": "feed",
                             "attributes": {"technology": "Snowflake", "change": change}}, NOW)
    return {**clean, "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}


def test_a_removed_technology_qualifies_for_no_adoption_play():
    play = load_play(PLAYS / "data-stack-adopters.yaml")
    # The third row's detail is not ASCII: its keywords are judged in Python, the others' in polars.
    raw = pl.DataFrame([_row(1, "added"), _row(2, "removed"), _row(3, "removed", "Migré de Snowflake")],
                       schema=RAW_SIGNAL_SCHEMA)
    frame, _ = qualify(raw, [play], NOW)
    assert frame["signal_id"].to_list() == ["s1"]
    removed = raw.row(1, named=True)
    assert not trigger_matches(play.triggers[0], removed, NOW)
    assert not trigger_matches({"signal_type": "tech_adoption"}, removed, NOW)


def test_research_of_a_removed_technology_words_no_adoption():
    """Research of a removal (a signal corrected after its conversation began, say) gives no why-now
    that calls it an adoption; an adoption's still does."""
    from sdr_assets.domain.facts import build_facts, template_values

    def why_now(change: str) -> str | None:
        signal = {"signal_id": "s1", "signal_type": "tech_adoption",
                  "attributes": {"technology": "Snowflake", "change": change}}
        return template_values(build_facts(signal, {"name": "Acme"}, {"first_name": "Dana"}, age_days=2)[0]).get(
            "why_now")

    assert why_now("added") == "your team is adopting Snowflake"
    assert why_now("removed") is None
