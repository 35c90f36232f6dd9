"""The triggers' answers on each attributes text are kept for the next qualification: a rebuild asks only
the texts it has not asked under the same conditions, and leaves what asking all of them leaves."""

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.defaults import build_resources
from sdr_assets.domain.signal_triggers import attribute_verdicts
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import RAW_SIGNAL_SCHEMA
from sdr_assets.signals import play_triggers, qualified_signals, qualify, raw_signals
from sdr_assets.trigger_verdicts import TABLE, conditions_digest

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
TEXTS = [("hiring", '{"role": "RevOps Analyst"}'), ("hiring", "{}"), ("hiring", None),
         ("funding", '{"round": "Series B", "amount_usd": 20000000.0}'),
         ("funding", '{"round": "Seed", "amount_usd": 900000}'), ("funding", "not JSON"),
         ("funding", '{"round": "Series B", "amount_usd": 2e6}'), ("tech_adoption", '{"technology": "dbt"}'),
         ("intent", '{"topic": "crm", "score": 90}')]


def _raw(picked: list[tuple[int, int]]) -> pl.DataFrame:
    return pl.DataFrame([{"signal_id": f"s{n}", "event_key": f"e{n}", "company_domain": f"d{n}.example",
                          "signal_type": TEXTS[k][0], "detail": "Sales ops lead", "evidence_url": "",
                          "observed_at": NOW - timedelta(days=days), "source": "feed", "attributes": TEXTS[k][1],
                          "source_file": "f.jsonl", "source_line": n, "ingested_at": NOW}
                         for n, (k, days) in enumerate(picked)], schema=RAW_SIGNAL_SCHEMA)


def _book() -> list:
    return [load_play(PLAYS / name) for name in ("revops-hiring.yaml", "series-b-funding.yaml",
                                                 "data-stack-adopters.yaml")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picked=st.lists(st.tuples(st.integers(0, len(TEXTS) - 1), st.integers(0, 40)), max_size=30),
       kept=st.sets(st.integers(0, len(TEXTS) - 1)))
def test_answers_kept_for_some_texts_qualify_what_asking_all_qualifies(picked, kept):
    raw, book = _raw(picked), _book()
    triggers = play_triggers(book)
    whole = attribute_verdicts(raw, triggers)
    known = attribute_verdicts(_raw([(k, 0) for k in sorted(kept)]), triggers)
    again = attribute_verdicts(raw, triggers, known)
    assert again.sort("signal_type", "attributes").equals(whole.sort("signal_type", "attributes"))
    frame, expiries = qualify(raw, book, NOW, again)
    expected, expected_expiries = qualify(raw, book, NOW)
    assert frame.equals(expected) and expiries == expected_expiries


def test_a_kept_answer_is_not_asked_again():
    """Kept answers stand for their texts: one flipped by hand is what qualification then reads."""
    raw, book = _raw([(3, 1), (4, 1)]), _book()
    triggers = play_triggers(book)
    known = attribute_verdicts(raw, triggers).with_columns(verdicts=pl.col("verdicts").list.eval(~pl.element()))
    assert qualify(raw, book, NOW)[0]["signal_id"].to_list() == ["s0"]
    assert "s1" in qualify(raw, book, NOW, attribute_verdicts(raw, triggers, known))[0]["signal_id"].to_list()


def test_the_digest_moves_with_the_conditions_on_attributes_and_not_with_keywords_or_age():
    hiring, funding = (load_play(PLAYS / n) for n in ("revops-hiring.yaml", "series-b-funding.yaml"))
    triggers = play_triggers([hiring, funding])
    under = conditions_digest(triggers)
    aged = [{**t, "max_age_days": 99} for t in triggers]
    worded = [{**t, "match": {**(t.get("match") or {}), "keywords": ["other"]}} for t in triggers]
    assert conditions_digest(aged) == under and conditions_digest(worded) == under
    lowered = [{**t, "match": {**t["match"], "min_amount_usd": 1}} if t["signal_type"] == "funding" else t
               for t in triggers]
    assert conditions_digest(lowered) != under
    assert conditions_digest(list(reversed(triggers))) != under  # answers are kept in the triggers' order


def _signal(n: int, amount: float, days: int = 2) -> dict:
    """A Series B round: its attributes text is told apart by its amount alone (ingest keeps known fields)."""
    return {"signal_id": f"f{n}", "company_domain": f"fund{n}.example", "signal_type": "funding",
            "detail": "Raised a round", "observed_at": (NOW - timedelta(days=days)).isoformat(),
            "source": "news", "attributes": {"round": "Series B", "amount_usd": amount}}


def _run(root: Path, instance, full_refresh: bool = False) -> dict:
    resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": NOW.isoformat(),
                                 "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})
    config = {"ops": {"qualified_signals": {"config": {"full_refresh": True}}}} if full_refresh else None
    result = dg.materialize([raw_signals, qualified_signals], resources=resources, instance=instance,
                            run_config=config)
    event = next(e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "qualified_signals")
    with resources["warehouse"].connect() as con:
        rows = con.execute("select * from qualified_signals order by all").fetchall()
        kept = con.execute(f"select count(*), count(distinct conditions) from {TABLE}").fetchone()
    return {"meta": {k: v.value for k, v in event.materialization.metadata.items()}, "rows": rows, "kept": kept}


@pytest.fixture
def world(tmp_path: Path) -> Path:
    shutil.copytree(PLAYS, tmp_path / "plays")
    (tmp_path / "inbox" / "signals").mkdir(parents=True)
    return tmp_path


def _write(root: Path, name: str, signals: list[dict]) -> None:
    (root / "inbox" / "signals" / name).write_text("".join(json.dumps(s) + "\n" for s in signals))


def test_a_rebuild_asks_only_new_texts_and_a_changed_condition_asks_all_again(world, instance):
    _write(world, "a.jsonl", [_signal(n, 5e6 * (n + 1)) for n in range(4)])  # 5, 10, 15 and 20 million
    first = _run(world, instance)
    assert (first["meta"]["attribute_texts_asked"], first["meta"]["attribute_texts_kept"]) == (4, 0)
    assert len(first["rows"]) == 3 and first["kept"] == (4, 1)

    _write(world, "b.jsonl", [_signal(9, 3e7)])
    second = _run(world, instance)
    # Only the new file's row is read (``signals_read``): its one text is asked, none kept is read again.
    assert (second["meta"]["attribute_texts_asked"], second["meta"]["attribute_texts_kept"]) == (1, 0)
    assert second["meta"]["signals_read"] == 1
    assert len(second["rows"]) == 4 and second["kept"] == (5, 1)

    # A lower floor lets the 5 million round in: an answer kept under the old floor would keep it out.
    play = world / "plays" / "series-b-funding.yaml"
    play.write_text(play.read_text().replace("min_amount_usd: 10000000", "min_amount_usd: 1000000"))
    lowered = _run(world, instance)
    assert (lowered["meta"]["attribute_texts_asked"], lowered["meta"]["attribute_texts_kept"]) == (5, 0)
    assert "f0" in {r[1] for r in lowered["rows"]} and len(lowered["rows"]) == 5
    assert lowered["kept"] == (5, 1)  # the answers under the old conditions are gone

    refreshed = _run(world, instance, full_refresh=True)
    assert refreshed["rows"] == lowered["rows"] and refreshed["meta"]["attribute_texts_asked"] == 5


def test_the_kept_answers_are_pruned_once_they_hold_twice_the_texts_in_the_window(world, instance):
    _write(world, "old.jsonl", [_signal(n, 2e7 + n * 1e6, days=15) for n in range(4)])
    assert _run(world, instance)["kept"] == (4, 1)
    # Past revops-hiring's and series-b-funding's windows the old rounds are no longer read.
    for n, name in enumerate(("c.jsonl", "d.jsonl")):
        _write(world, name, [_signal(10 + n, 3e7 + n * 1e6, days=0)])
    later = NOW + timedelta(days=10)
    resources = build_resources({"SDR_DATA_DIR": str(world), "SDR_NOW": later.isoformat(),
                                 "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})
    dg.materialize([raw_signals, qualified_signals], resources=resources, instance=instance)
    with resources["warehouse"].connect() as con:
        read = con.execute("select count(*) from qualified_signals").fetchone()[0]
        kept = con.execute(f"select count(*) from {TABLE}").fetchone()[0]
    assert read == 2 and kept == 2
