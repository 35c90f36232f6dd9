"""Qualification asks each signal only of the plays with a trigger of its type, and keeps the order and rows
that asking every play gives."""

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.targeting import matching_trigger
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import QUALIFIED_SCHEMA, qualify

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _every_play(raw: pl.DataFrame, plays: list, expiries: list | None = None) -> pl.DataFrame:
    """The reference: every signal asked of every play; the expiries of the matches go into ``expiries``."""
    rows = []
    for signal in raw.iter_rows(named=True):
        for play in plays:
            trigger = matching_trigger(play, signal, NOW)
            if trigger is not None:
                rows.append({**{k: signal[k] for k in QUALIFIED_SCHEMA if k in signal}, "play": play.name,
                             "trigger": trigger["signal_type"]})
                if expiries is not None and trigger.get("max_age_days") is not None:
                    expiries.append(signal["observed_at"] + timedelta(days=int(trigger["max_age_days"])))
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
        # "sales ops" across the detail and an attribute value; then a keyword in text that is not ASCII.
        signal(12, "hiring", 2, "Sales", attributes='{"role": "Ops lead"}'),
        signal(13, "hiring", 2, "Sales", attributes='{"role": "Ops", "openings": 2}'),
        signal(14, "hiring", 2, "SALES OPERATIONS in İstanbul"),
    ], schema=RAW_SIGNAL_SCHEMA)
    frame, expiries = qualify(raw, plays, NOW)
    assert frame.equals(_every_play(raw, plays))
    assert frame.select("signal_id", "play").rows() == [
        ("s1", "revops-hiring"), ("s1", "ops-hiring"), ("s2", "ops-hiring"), ("s3", "series-b-funding"),
        ("s3", "ops-hiring"), ("s6", "ops-hiring"), ("s7", "series-b-funding"), ("s7", "ops-hiring"),
        ("s8", "ops-hiring"), ("s9", "ops-hiring"), ("s10", "revops-hiring"), ("s10", "ops-hiring"),
        ("s11", "revops-hiring"), ("s11", "ops-hiring"), ("s12", "revops-hiring"), ("s12", "ops-hiring"),
        ("s13", "revops-hiring"), ("s13", "ops-hiring"), ("s14", "revops-hiring"), ("s14", "ops-hiring")]
    assert min(expiries) == NOW - timedelta(days=2) + timedelta(days=5)
    empty, none = qualify(raw.clear(), plays, NOW)
    assert empty.schema == pl.Schema(QUALIFIED_SCHEMA) and empty.height == 0 and none == []
    no_plays, none = qualify(raw, [], NOW)
    assert no_plays.schema == pl.Schema(QUALIFIED_SCHEMA) and no_plays.height == 0 and none == []


# Few contents at many ages, as real feeds repeat themselves; one attributes text under two details.
CONTENTS = [("hiring", "Hiring a Head of RevOps", "{}"), ("hiring", "Accountant", "{}"),
            ("hiring", "Accountant", '{"role": "RevOps Analyst"}'), ("hiring", "Sales ops", None),
            ("funding", "", '{"round": "Series B", "amount_usd": 20000000.0}'),
            ("funding", "", '{"round": "Seed", "amount_usd": 900000}'), ("funding", "", "not JSON"),
            ("intent", "", '{"topic": "crm", "score": 90}'), ("intent", "", '{"topic": "crm", "score": "40"}'),
            ("tech_adoption", "", '{"technology": "Snowflake"}'), ("tech_adoption", "", '{"technology": "dbt"}'),
            # A keyword across the detail and an attribute value; text whose lower case only Python gives.
            ("hiring", "Sales", '{"role": "Ops lead"}'), ("hiring", "İSTANBUL SALES OPS", "{}"),
            ("hiring", "Head of Revenue Operations", '{"role": "Ünternehmen", "openings": 2}'),
            ("funding", "", '{"round": "Series B", "amount_usd": 2e7, "investors": ["Ä Capital"]}'),
            ("intent", "", "")]
CONDITIONS = [{}, {"keywords": []}, {"keywords": ["revops", "sales ops"]}, {"keywords": ["analyst"]}, {"rounds": ["Series B"]},
              {"keywords": ["i̇stanbul", "ünternehmen", "2", "ä capital"]},
              {"min_amount_usd": 1000000}, {"min_score": 60}, {"technologies": ["snowflake", "DBT"]}]
TRIGGERS = st.fixed_dictionaries(
    {"signal_type": st.sampled_from(sorted({c[0] for c in CONTENTS})), "match": st.sampled_from(CONDITIONS)},
    optional={"max_age_days": st.integers(0, 40)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signals=st.lists(st.tuples(st.sampled_from(CONTENTS), st.integers(-2, 45)), max_size=40),
       plays=st.lists(st.lists(TRIGGERS, min_size=1, max_size=4), min_size=1, max_size=3))
def test_any_plays_triggers_qualify_what_asking_every_play_qualifies(signals, plays):
    """Plays with several triggers of one type, at different ages and conditions, in any order."""
    base = load_play(PLAYS / "revops-hiring.yaml")
    book = [dataclasses.replace(base, name=f"p{i}", triggers=triggers) for i, triggers in enumerate(plays)]
    raw = pl.DataFrame([{"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n}.example",
                         "signal_type": kind, "detail": detail, "evidence_url": "",
                         "observed_at": NOW - timedelta(days=days, hours=n % 7), "source": "feed",
                         "attributes": text, "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}
                        for n, ((kind, detail, text), days) in enumerate(signals)], schema=RAW_SIGNAL_SCHEMA)
    expected_expiries: list = []
    frame, expiries = qualify(raw, book, NOW)
    assert frame.equals(_every_play(raw, book, expected_expiries))
    assert expiries == expected_expiries
