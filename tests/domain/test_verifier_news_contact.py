"""A draft calls a signal news only while research does and claims no earlier contact with the
prospect that its template does not; ordinary "just", "fresh" and invitations to meet pass."""

import pytest

from sdr_assets.domain.facts import JUST_DAYS, NEWS, build_facts, signal_is_news
from sdr_assets.domain.recency import recency_claims
from sdr_assets.domain.suggestions import suggestion_reasons
from sdr_assets.domain.verifier import Bounds, verify_draft

SUBJECT = "Congrats on the Series B, Dana"
GROUNDS = ("Congrats on the Series B, Dana\nHi Dana, congratulations on Acme's $25M Series B. We help Logistics "
           "teams answer with outbound. Worth 20 minutes?\nJordan Lee\nDana\nOrtiz\nAcme\nLogistics\n$25M\n"
           "Series B\nyou raised a Series B")
OPENING = "Hi Dana, congratulations on Acme's $25M Series B."


def _reasons(sentence: str, grounds: str = GROUNDS, news: bool | None = None) -> tuple[str, ...]:
    return verify_draft(SUBJECT, f"{OPENING} {sentence}\n\nJordan Lee", grounds, first_touch=True,
                        bounds=Bounds(min_words=3), news=news)


def _signal(**attributes):
    return {"signal_id": "s1", "signal_type": "funding", "attributes": {"round": "Series B", **attributes}}


@pytest.mark.parametrize("age, news", [(0, True), (JUST_DAYS, True), (JUST_DAYS + 0.5, False), (None, None)])
def test_research_records_whether_the_signal_is_news(age, news):
    facts, _ = build_facts(_signal(), {"name": "Acme"}, {"first_name": "Dana"}, age_days=age)
    assert signal_is_news(facts) is news
    assert all(not f.usable for f in facts if f.id == NEWS)  # evidence, never text for a prospect


def test_a_feed_attribute_cannot_say_the_signal_is_news():
    facts, _ = build_facts(_signal(news="yes"), {"name": "Acme"}, {"first_name": "Dana"}, age_days=60)
    assert signal_is_news(facts) is False


@pytest.mark.parametrize("sentence, phrase", [
    ("Since you just raised, plans are being set.", "just raised"),
    ("You recently closed the round.", "recently"),
    ("The fresh $25M will need pipeline.", "fresh"),
    ("Your newly funded team has targets.", "newly"),
    ("Hot off the round, targets follow.", "hot off"),
    ("The just-announced round sets targets.", "just-announced"),
])
def test_a_signal_research_does_not_find_news_is_not_called_news(sentence, phrase):
    old = f"recency claim of a signal older than {JUST_DAYS} days: '{phrase}'"
    assert old in _reasons(sentence, news=False)
    assert not any("recency" in r for r in _reasons(sentence, news=True))
    assert f"recency claim not in the facts: '{phrase}'" in _reasons(sentence)  # age unknown: the grounds decide
    assert not any("recency" in r for r in _reasons(sentence, GROUNDS + "\nyou just raised a Series B"))


@pytest.mark.parametrize("sentence", [
    "I just wanted to share one idea.",
    "It takes just 20 minutes.",
    "Just a quick note on pipeline.",
    "A fresh look at pipeline may help.",
    "We help fill the quarter with fresh pipeline.",
    "If not, just say so.",
])
def test_ordinary_just_and_fresh_call_nothing_news(sentence):
    assert recency_claims(sentence) == []
    assert not any("recency" in r for r in _reasons(sentence, news=False))


@pytest.mark.parametrize("sentence, phrase", [
    ("Thanks for the call on Tuesday.", "thanks for the call"),
    ("We met at the summit.", "we met"),
    ("Ana referred me to you.", "referred me"),
    ("Thanks for signing up for our guide.", "for signing up"),
])
def test_an_earlier_contact_is_a_claim_the_template_may_make(sentence, phrase):
    assert f"earlier contact claim not in the facts: '{phrase}'" in _reasons(sentence)
    assert not any("earlier contact" in r for r in _reasons(sentence, f"{GROUNDS}\n{sentence}"))


@pytest.mark.parametrize("sentence", [
    "Open to a short call next week?",
    "Would be great to meet you next week.",
    "Looking forward to meeting you.",
    "Happy to talk to your team.",
])
def test_an_invitation_to_meet_claims_no_earlier_contact(sentence):
    assert not any("earlier contact" in r for r in _reasons(sentence))


def test_a_reply_the_prospect_never_sent_is_a_reason_in_a_draft_and_none_in_an_answer_to_them():
    sentence = "Thanks for getting back to me."
    assert "earlier contact claim not in the facts: 'for getting back'" in _reasons(sentence)
    thread = "Hi Jordan, what does it cost?\n\nDana"
    assert suggestion_reasons(f"Hi Dana, {sentence} It depends on volume.", thread, "", "lexicon") == []
