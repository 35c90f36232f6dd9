"""Every wording that calls a signal news is judged by the signal's date: the shipped templates and
the offline and faithful model drafts over a signal of each age, and wordings a model writes beyond
"just raised" and "recently" ("your latest round", "on the heels of", "just officially closed").
A time ("yesterday", "days ago") is a claim the lexicon holds at any age; "latest" of anything
but news and "just" of degree say nothing about the signal."""

import pytest

from sdr_assets.domain.facts import JUST_DAYS, build_facts
from sdr_assets.domain.recency import recency_claims
from sdr_assets.domain.verifier import Bounds, verify_draft
from tests.domain.shipped_drafts import email_requests, faithful, shipped_plays

SUBJECT = "Congrats on the Series B, Dana"
GROUNDS = ("Congrats on the Series B, Dana\nHi Dana, congratulations on Acme's $25M Series B. We help Logistics "
           "teams answer with outbound. Worth 20 minutes?\nJordan Lee\nDana\nOrtiz\nAcme\nLogistics\n$25M\n"
           "Series B\nyou raised a Series B")
OPENING = "Hi Dana, congratulations on Acme's $25M Series B."
SIGNALS = (
    ("funding", {"round": "Series B", "amount_usd": 25_000_000, "lead_investor": "Index Ventures"}),
    ("hiring", {"role": "Head of Revenue Operations", "openings": 2}),
    ("leadership_change", {"person": "Maria Lopez", "new_role": "VP Marketing"}),
    ("product_launch", {"product": "Acme Flow"}),
    ("tech_adoption", {"technology": "Snowflake"}),
    ("intent", {"topic": "data warehouse", "score": 87}),
)


def _reasons(sentence: str, news: bool | None) -> tuple[str, ...]:
    return verify_draft(SUBJECT, f"{OPENING} {sentence}\n\nJordan Lee", GROUNDS, first_touch=True,
                        bounds=Bounds(min_words=3), news=news)


@pytest.mark.parametrize("sentence", [
    "The round you just officially closed sets targets.",
    "Your latest round sets targets.",
    "The latest funding sets targets.",
    "Hot on the heels of the round, targets follow.",
    "On the heels of the Series B, targets follow.",
    "You just laid off part of the team, so pipeline matters.",
    "The team you have just shown the product to will ask.",
])
def test_a_recency_wording_is_judged_by_the_signals_date(sentence):
    old = f"recency claim of a signal older than {JUST_DAYS} days"
    assert any(r.startswith(old) for r in _reasons(sentence, False))
    assert not any("recency" in r for r in _reasons(sentence, True))


@pytest.mark.parametrize("sentence", [
    "You raised a Series B yesterday.", "You closed the round a few days ago.", "You announced it the other day.",
])
def test_a_time_is_held_at_any_age_unless_the_grounds_say_it(sentence):
    for news in (False, True):
        assert any(r.startswith("time claim not in the facts") for r in _reasons(sentence, news))


@pytest.mark.parametrize("sentence", [
    "Your latest numbers will show it.",
    "The latest idea in routing is simple.",
    "Our latest release makes routing simple.",
    "I just officially wanted to say hello.",
    "It is just one call.",
    "Our latest announcement makes routing simple.",
    "My latest news is a guide to routing.",
    "Routing matters, just given the size of your team.",
    "Routing is just done better with clean data.",
])
def test_latest_of_anything_else_and_just_of_degree_say_no_news(sentence):
    assert recency_claims(sentence) == []


@pytest.mark.parametrize(("kind", "attributes"), SIGNALS)
def test_every_shipped_draft_calls_the_signal_news_only_while_it_is(kind, attributes):
    """Over a fresh signal the why-now says "just" and the drafts go out; over an old one no draft of
    the shipped plays says it, offline or as the faithful model writes it."""
    company = {"name": "Acme", "industry": "Software", "employees": 120, "country": "US"}
    contact = {"first_name": "Dana", "last_name": "Ortiz", "title": "VP Sales"}
    signal = {"signal_id": "s1", "signal_type": kind, "attributes": attributes}
    seen = 0
    for age in (1, JUST_DAYS + 10):
        facts = build_facts(signal, company, contact, age_days=age)[0]
        for play in shipped_plays():
            for request in email_requests(play, facts):
                subject, body = request.rendered()
                draft = faithful(request)
                assert draft.verdict == "written", (age, draft.reasons)
                claims = recency_claims(f"{subject}\n{body}\n{draft.subject}\n{draft.body}")
                assert age <= JUST_DAYS or claims == [], (age, claims)
                seen += 1
    assert seen
