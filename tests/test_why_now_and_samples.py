"""What research says of a signal's moment, and what the approver is shown before a play goes out:
"just" only for a fresh signal, every step of the sampled contacts, and only this version's drafts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sdr_assets.domain.drafting import settle
from sdr_assets.domain.drafts import draft_rows
from sdr_assets.domain.facts import JUST_DAYS
from sdr_assets.domain.plays import parse_play_text, playbook
from sdr_assets.drafts import DRAFT_SCHEMA, sample_markdown
from sdr_assets.gate import gate_metadata
from sdr_assets.playbook import load_plays
from sdr_assets.research import _rows

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"
NOW = datetime(2026, 6, 2, 9, tzinfo=UTC)
WRITER = {"model": "offline-template"}


def _book(max_age: str):
    text = (PLAYS / "series-b-funding.yaml").read_text(encoding="utf-8").replace("    max_age_days: 21\n", max_age)
    return playbook({"series-b-funding.yaml": parse_play_text(text, "series-b-funding.yaml", WRITER)},
                    {"series-b-funding.yaml": text})


def _researched(book, age_days: int, names=("Dana", "Maya", "Tom", "Lena", "Omar", "Ines")) -> list[dict]:
    accounts = pl.DataFrame([{
        "play": "series-b-funding", "signal_id": "s1", "company_domain": "acme.example", "company_name": "Acme",
        "industry": "Logistics", "employees": 120, "country": "Germany", "tech_stack": "Salesforce",
        "email": f"{name.lower()}@acme.example", "linkedin_url": "", "first_name": name, "last_name": "Ortiz",
        "title": "VP Sales", "department": "Sales", "seniority": "vp", "enrichment_source": "local",
    } for name in names])
    signals = pl.DataFrame([{
        "play": "series-b-funding", "signal_id": "s1", "company_domain": "acme.example", "signal_type": "funding",
        "detail": "Acme raised a Series B", "observed_at": NOW - timedelta(days=age_days), "source": "feed",
        "attributes": json.dumps({"round": "Series B", "amount_usd": 25_600_000}),
    }])
    return _rows(book, accounts, signals, NOW)[0]


@pytest.mark.parametrize(("max_age", "age", "why_now"), [
    ("    max_age_days: 21\n", 2, "you just raised a Series B"),
    ("    max_age_days: 21\n", JUST_DAYS + 1, "you raised a Series B"),
    ("", 200, "you raised a Series B"),
])
def test_a_signal_is_news_only_while_it_is_fresh(max_age, age, why_now):
    book = _book(max_age)
    rows = _researched(book, age)
    assert {r["why_now"] for r in rows} == {why_now}
    drafted, _ = draft_rows(book.plays["series-b-funding"], rows, lambda asks: [settle(r) for r in asks])
    bodies = [d["body"] for d in drafted if d["channel"] == "email" and d["verdict"] != "held"]
    assert any("raised" in b for b in bodies), "the plan variant says the why-now"
    assert all(("just raised" in b) == (age <= JUST_DAYS) for b in bodies if "raised" in b)


def test_the_review_sample_shows_every_step_the_sampled_contacts_get():
    book = _book("    max_age_days: 21\n")
    play = book.plays["series-b-funding"]
    drafted, _ = draft_rows(play, _researched(book, 2, ("Dana", "Maya", "Tom")), lambda asks: [settle(r) for r in asks])
    shown = sample_markdown(pl.DataFrame(drafted, schema=DRAFT_SCHEMA))
    assert "**Step 1**" in shown and "**Step 2**" in shown
    assert "one more note" in shown, "the follow-up goes to every contact: the approver reads it first"


def test_the_gate_shows_no_sample_written_from_another_version():
    play = load_plays(PLAYS, writer=WRITER).plays["series-b-funding"]
    row = dict.fromkeys(DRAFT_SCHEMA)
    row.update(draft_id="old1", play=play.name, play_version="0123456789abcdef", play_content="0" * 64,
               company_domain="acme.example", contact_email="dana@acme.example", contact_name="Dana Ortiz",
               linkedin_url="", signal_type="funding", step=1, channel="email", delay_days=0, variant="congrats",
               subject="Subject of the OLD template", body="Body of the OLD template, before the edit.",
               grounded=True, verdict="written", fact_ids="[]", verifier_reasons="[]", missing_facts="",
               generated_by="offline-template", fit=0.9, is_review_sample=True)
    con = duckdb.connect()
    con.register("old", pl.DataFrame([row], schema=DRAFT_SCHEMA))
    con.execute("create table message_drafts as select * from old")
    _, stale, shown = gate_metadata(con, play, "live")
    assert stale == 1 and play.version_hash in shown["how_to_approve"]
    assert "OLD template" not in shown["sample_drafts"].value
    assert "no drafts of this version yet" in shown["sample_drafts"].value


def test_an_account_whose_every_draft_is_kept_has_its_facts_left_unread(monkeypatch):
    """Drafting again after new research reads the facts of the accounts with a draft to write alone: the
    others keep their stored drafts, which take today's research fields, row for row as before."""
    from sdr_assets.domain import drafts as module

    book = _book("    max_age_days: 21\n")
    play = book.plays["series-b-funding"]
    researched = _researched(book, 2, ("Dana", "Maya", "Tom"))
    first, _ = draft_rows(play, researched, lambda asks: [settle(r) for r in asks])
    read, facts_from_json = [], module.facts_from_json
    monkeypatch.setattr(module, "facts_from_json", lambda text: read.append(text) or facts_from_json(text))
    again = [{**r, "fit": 0.9} if r["contact_email"] == "maya@acme.example" else r for r in researched]
    again[0] = {**again[0], "facts": again[0]["facts"].replace("Series B", "Series C")}
    drafted, _ = draft_rows(play, again, lambda asks: [settle(r) for r in asks], {r["draft_id"]: r for r in first})
    assert read == [again[0]["facts"]]
    kept = [r for r in drafted if r["contact_email"] != again[0]["contact_email"]]
    assert kept == [{**r, "fit": 0.9} if r["contact_email"] == "maya@acme.example" else r
                    for r in first if r["contact_email"] != again[0]["contact_email"]]
