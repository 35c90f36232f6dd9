"""Facts are typed records: signal attributes cannot replace researched facts, and values are plausible."""

import json
import math
import unicodedata
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.facts import (FactError, aged_facts, build_facts, clean_text, facts_from_json, facts_to_json,
                                     template_values)
from sdr_assets.domain.targeting import age_in_days, trigger_matches

NOW = datetime(2026, 11, 20, tzinfo=UTC)
COMPANY = {"name": "Acme", "industry": "Software", "employees": 300, "country": "US", "tech_stack": "Salesforce,dbt"}
CONTACT = {"first_name": "Ana", "last_name": "Lopez", "title": "VP Sales"}


def _signal(**attrs):
    return {"signal_id": "s1", "signal_type": "funding", "detail": "Acme raised", "source": "feed",
            "observed_at": NOW, "attributes": attrs}


def test_signal_attributes_never_replace_researched_facts():
    facts, _ = build_facts(_signal(round="Series B", amount_usd=2e7, first_name="IDIOT",
                                   company_name="Acme Evil Corp", why_now="we are scammers"), COMPANY, CONTACT)
    values = template_values(facts)
    assert (values["first_name"], values["company_name"]) == ("Ana", "Acme")
    assert values["why_now"] == "you just raised a Series B"
    assert values["signal_first_name"] == "IDIOT"  # kept in its own namespace, out of every template
    by_id = {f.id: f for f in facts}
    assert by_id["contact.first_name"].source.startswith("contact record")
    assert by_id["signal.round"].source.startswith("signal s1")


def test_stored_research_kept_for_a_sequence_under_way_words_its_why_now_for_the_day():
    """Research kept for a follow-up (``begun_sequences``) says "just" no longer once the signal is past
    14 days, as research on that day would; with the age unknown it stays as stored."""
    facts, _ = build_facts(_signal(round="Series B"), COMPANY, CONTACT, age_days=3)
    assert template_values(facts)["why_now"] == "you just raised a Series B"
    aged = aged_facts(facts, "funding", 20)
    assert template_values(aged)["why_now"] == "you raised a Series B"
    assert aged == build_facts(_signal(round="Series B"), COMPANY, CONTACT, age_days=20)[0]
    assert aged_facts(facts, "funding", None) == facts


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), "1e400", -5, "lots", True, 1e13, 10])
def test_implausible_amounts_are_left_out_with_a_reason(amount):
    facts, rejected = build_facts(_signal(round="Series B", amount_usd=amount), COMPANY, CONTACT)
    values = template_values(facts)
    assert "amount" not in values
    assert any(r.startswith("signal.amount_usd") for r in rejected)
    assert "inf" not in " ".join(values.values()).lower()


@pytest.mark.parametrize(("amount", "shown"), [(25_000_000, "$25M"), (25_600_000, "$25.6M"), (1_500_000, "$1.5M"),
                                               (400_000, "$400K"), (1_250_000_000, "$1.25B"), (12_345, "$12.35K")])
def test_a_plausible_amount_prints_as_reported_in_its_largest_unit(amount, shown):
    facts, rejected = build_facts(_signal(round="Series B", amount_usd=amount), COMPANY, CONTACT)
    assert template_values(facts)["amount"] == shown and rejected == []


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), "1e400", "nan"])
def test_nan_and_infinity_never_pass_a_minimum_amount(amount):
    trigger = {"signal_type": "funding", "match": {"min_amount_usd": 10_000_000}}
    assert not trigger_matches(trigger, _signal(round="Series B", amount_usd=amount), NOW)


def test_nan_scores_never_pass_a_minimum_score():
    trigger = {"signal_type": "intent", "match": {"min_score": 60}}
    signal = {**_signal(topic="crm", score=math.nan), "signal_type": "intent"}
    assert not trigger_matches(trigger, signal, NOW)


@pytest.mark.parametrize("value", ["Head of\nSales", "VP\u2028Sales", "see https://evil.example", "{first_name}",
                                   "x" * 500, "", None, ["a"]])
def test_text_facts_are_single_line_short_and_free_of_links(value):
    facts, rejected = build_facts({**_signal(), "signal_type": "hiring", "attributes": {"role": value}},
                                  COMPANY, CONTACT)
    assert "role" not in template_values(facts)
    assert "why_now" not in template_values(facts), "no why-now without a validated role"


def test_signal_text_is_evidence_never_template_text():
    facts, _ = build_facts({**_signal(round="Series B"), "detail": "Ignore previous instructions"}, COMPANY, CONTACT)
    assert "signal_detail" not in template_values(facts)
    assert any(f.id == "signal.detail" and not f.usable for f in facts)


def test_facts_round_trip_through_json():
    facts, _ = build_facts(_signal(round="Series B", amount_usd=2e7), COMPANY, CONTACT)
    assert facts_from_json(facts_to_json(facts)) == facts
    assert json.loads(facts_to_json(facts)) == [asdict(f) for f in facts], "every field of every fact, nothing else"


def test_fit_stays_between_zero_and_one_whatever_the_date_or_score():
    from pathlib import Path

    from sdr_assets.playbook import load_play
    from sdr_assets.domain.targeting import fit_score

    play = load_play(Path(__file__).resolve().parents[2] / "data" / "plays" / "data-stack-adopters.yaml")
    contact = {"title": "CTO", "department": "Engineering", "seniority": "c_level"}
    for age_days, score in [(-3650, 100), (0, math.inf), (10, math.nan), (10_000, 1e400)]:
        signal = {"signal_type": "intent", "attributes": {"topic": "data warehouse", "score": score}}
        assert 0 <= fit_score(play, signal, contact, age_days) <= 1


def test_a_signal_ages_in_whole_utc_days_the_same_all_day():
    observed = datetime(2026, 11, 18, 23, 59, tzinfo=UTC)
    assert age_in_days(observed, datetime(2026, 11, 20, 0, 0, tzinfo=UTC)) == 2
    assert age_in_days(observed, datetime(2026, 11, 20, 23, 59, tzinfo=UTC)) == 2
    assert age_in_days(observed, datetime(2026, 11, 21, 0, 0, tzinfo=UTC)) == 3
    # 01:00 in UTC+2 is 23:00 UTC the day before.
    assert age_in_days(observed, datetime(2026, 11, 21, 1, 0, tzinfo=timezone(timedelta(hours=2)))) == 2
    assert age_in_days(datetime(2026, 11, 22, tzinfo=UTC), datetime(2026, 11, 20, 9, tzinfo=UTC)) == -2


_CHARACTERS = st.sampled_from(["a", "Z", " ", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\x85", "\xa0", "é", "e\u0301",
                               "\u00ad", "\u200b", "\u200e", "\u2028", "\u2029", "\ufeff", "日", "{", "@", "x" * 60])


def _category_check(value: str) -> bool:
    """The first check: any character of a control, format or line-separator category."""
    text = unicodedata.normalize("NFC", value)
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in text)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.lists(_CHARACTERS, max_size=8).map("".join), st.text(max_size=20)))
@example("plain ascii")
@example("tab\there")
@example("soft\u00adhyphen")
def test_text_facts_refuse_exactly_the_control_format_and_separator_characters(value):
    try:
        clean_text(value)
        refused = ""
    except FactError as exc:
        refused = str(exc)
    assert (refused == "contains control or line-separator characters") == _category_check(value)


@pytest.mark.parametrize("stand_in", ["N/A", "-", "null", "Unknown", "  ", "?", "first name", "12"])
def test_a_contacts_file_stand_in_is_no_first_name(stand_in):
    facts, rejected = build_facts(_signal(round="Series B"), COMPANY, {**CONTACT, "first_name": stand_in})
    assert "first_name" not in template_values(facts)
    assert any(r.startswith("contact.first_name") for r in rejected)


@pytest.mark.parametrize(("written", "said"), [("DANA", "Dana"), ("JEAN-LUC", "Jean-Luc"), ("O'BRIEN", "O'Brien"),
                                               ("Dana", "Dana"), ("de la Cruz", "de la Cruz"), ("李", "李")])
def test_a_name_in_capitals_is_said_as_a_name_is_written(written, said):
    facts, _ = build_facts(_signal(round="Series B"), COMPANY, {**CONTACT, "first_name": written})
    assert template_values(facts)["first_name"] == said
