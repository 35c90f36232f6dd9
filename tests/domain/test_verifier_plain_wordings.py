"""Wordings that state nothing the facts lack, which the verifier stopped, and their near twins
that do state something and still are stopped: a verb or idiom opening a sentence is no name, a
title of the sender's own side is no claim about the prospect, and "today" in a clause about the
present dates no event."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from tests.domain.claim_people import HIRING, reasons_with

SUBJECT = "{role} at {company_name}"
BODY = ("Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps usually spend the new "
        "hire's first quarter untangling routing.\n\nWorth a look?\n\n{sender_name}\n")


def _reasons(sentence: str, **extra: str) -> tuple[str, ...]:
    """The verifier's reasons for the hiring template with ``sentence`` as its own paragraph."""
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in {**HIRING, **extra}.items())
    return reasons_with(DraftRequest("p", "a", SUBJECT, BODY, facts), sentence)


@pytest.mark.parametrize("sentence", [
    "Fancy a chat about routing?",
    "Fancy a short call next week?",
    "Fancy the idea of a cleaner pipeline?",
    "Reckon your team would like a demo?",
    "Keen to hear how routing works for you.",
    "Mind if I send over a short example?",
])
def test_a_verb_or_idiom_opening_a_sentence_is_no_name(sentence):
    assert _reasons(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Initech uses us for routing.",
    "Fancy works with us on routing.",
    "We work with Fancy on routing.",
    "Quedo a la espera de su respuesta.",
    "Initech your peer runs routing on us.",
    "Acme this spring moved routing onto us.",
    "Globex the market leader uses us for routing.",
    "Gartner this year ranked us first for routing.",
])
def test_a_capitalised_word_that_is_a_subject_or_inside_a_sentence_is_still_a_name(sentence):
    assert any(r.startswith(("name not in the facts", "sentence not in English")) for r in _reasons(sentence))


@pytest.mark.parametrize("sentence", [
    "Our CEO is joining the call too.",
    "My co-founder will sit in as well.",
    "Our CTO can walk you through the setup.",
    "Our VP Sales will be on the call too.",
    "Our Head of Customer Success can walk you through onboarding.",
    "Our Chief Revenue Officer will join.",
    "Our Head of Data Science can join.",
    "Our VP Demand Generation will join.",
    "Our VP Sales Enablement will join.",
])
def test_a_title_of_the_senders_own_side_claims_nothing_of_the_prospect(sentence):
    assert _reasons(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Our CEO Dana Smith is joining the call too.",
    "Our CEO Bill Gates will join.",
    "My co-founder Grant will sit in as well.",
    "Our VP Sales Mark Jones will join.",
    "Our Chief Revenue Officer Bill Gates will join.",
    "Your new CFO will want to see this.",
    "Your CFO Jane will want to see this.",
    "Your CFO Jane Smith would like this.",
    "Your CFO told me about it.",
    "Your CFO joined last month.",
    "Your VP Sales Grant will want to see this.",
    "Your CEO probably met our team at the conference.",
    "Your CFO likely approved the budget already.",
    "Your CTO must have mentioned us.",
    "Your CTO may have mentioned us.",
    "Your CTO could've mentioned us.",
    "Your CTO might not have seen it.",
    "Your CEO would have met our team at the conference.",
])
def test_a_name_after_our_title_or_a_title_of_the_prospect_is_still_read(sentence):
    assert _reasons(sentence)


@pytest.mark.parametrize("sentence", [
    "Your CFO will want to see this.",
    "Your CFO'll want to see this.",
    "Your Head of Sales might ask about it.",
    "I think your VP Sales would like this.",
    "Your Chief Revenue Officer could use these numbers.",
    "Your CFO will probably want to see this.",
    "Your CFO probably will want to see this.",
    "Your CFO will have questions.",
    "Your CFO would have to sign off.",
])
def test_a_title_of_the_prospects_side_with_a_verb_to_come_names_no_person_or_hire(sentence):
    assert _reasons(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Happy to show how routing works today.",
    "Curious how your reps split leads today?",
    "Are you free to talk today?",
    "I can show you where your pipeline stands today, in a few minutes.",
    "Where does your routing live today?",
    "How your data lives today is worth a look.",
    "How the pipeline pressure looks today is worth a look.",
    "Happy to chat today or tomorrow.",
    "I am free today if that suits.",
    "Happy to call today.",
    "Happy to jump on a call today.",
    "Let's talk today.",
    "Could we meet today?",
    "Are you free for a quick chat today?",
    "How do your reps call leads today?",
    "How does your team talk to leads today?",
    "Happy to set up a meeting today.",
    "Happy to give you a quick demo today.",
    "Who handles your calls today?",
    "How's your call volume today?",
    "How do you run your meetings today?",
    "Is there a live demo slot free today?",
    "Are you free for a live walkthrough today?",
    "Is a live demo possible today?",
    "Hope we can hop on a call today.",
    "Hope you're free for a call today.",
    "Hope to catch you for a quick call today.",
    "Could we grab a quick call today?",
    "Happy to book a demo today.",
    "Hope you can join our demo today.",
    "Can you make a quick call today?",
    "Hope you can join us for a call today.",
    "Is a live-chat widget on your site today?",
    "Are your reps live on chat today?",
    "Is someone live on the phone today?",
    "Is live or on-demand support better for you today?",
    "Are you live on the phones today?",
    "Is the team live on video today?",
    "Do you make the call on tooling today?",
    "Do you make the final call for the team today?",
    "Happy to show you on the call today.",
])
def test_today_in_a_clause_about_the_present_is_no_time_claim(sentence):
    assert _reasons(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Larkspur Analytics posted the role today.",
    "Saw the role went up today.",
    "Congrats on today's news.",
    "The role you posted earlier today caught my eye.",
    "Larkspur Analytics goes live today.",
    "Larkspur Analytics is in the news today.",
    "Congrats on the launch today!",
    "Great to see the team growing today.",
    "Is Larkspur Analytics in the news today?",
    "Does the new pricing go live today?",
    "Is the press release out today?",
    "Are you announcing the funding today?",
    "Good luck with your earnings call today.",
    "Hope your talk goes well today.",
    "Good luck with Larkspur's call today.",
    "Is your earnings call today?",
    "Hope the town hall call goes well today.",
    "Happy to join your call today.",
    "Is the page live today?",
    "Are the new features live today?",
    "Is it live today?",
    "Good luck with your investor meeting today.",
    "Hope your team's call goes well today.",
    "Best of luck with the analyst call today!",
    "Will the new site be live today?",
    "Have a great meeting today.",
    "Congrats on a great demo today.",
    "Best of luck with a big pitch meeting today.",
    "Good luck on a big call today.",
    "Good luck with the big call today!",
    "Hope the call goes well today.",
    "Hope you have a great talk today.",
    "Break a leg at the panel today!",
    "Is the site live yet today?",
    "Hope you can make the call today.",
    "Will you be at the summit today?",
    "Are you on the call today?",
    "Hope you can make the meeting today.",
    "Is the chat widget live today?",
    "Is the widget live on the site today?",
    "Is your live chat live today?",
    "Is the new hotline live on the phones today?",
    "Can you check if the hotline is live on the phones today?",
    "Is the team's new hotline live on the phones today?",
    "Is the checkout live with video today?",
    "Is the beta live or on-demand today?",
    "Is the new feature live-ish today?",
    "Will you be on the call about pricing today?",
    "Will you make the call on time today?",
])
def test_today_dating_an_event_is_still_a_time_claim(sentence):
    assert any(r.startswith("time claim") for r in _reasons(sentence))


@pytest.mark.parametrize(("why_now", "sentence"), [
    ("your earnings call is today", "Good luck with your earnings call today."),
    ("the new pricing page goes live today", "Is the page live today?"),
])
def test_today_dating_an_event_the_facts_date_is_no_claim(why_now, sentence):
    assert _reasons(sentence, why_now=why_now) == ()


@pytest.mark.parametrize(("country", "sentence"), [
    ("DE", "We work with a German logistics team much like yours."),
    ("DE", "Plenty of German teams route leads this way."),
    ("Germany", "We work with a German logistics team much like yours."),
    ("NL", "Dutch teams often route leads this way."),
    ("GB", "We help British software teams route leads."),
    ("US", "We help American software teams route leads."),
    ("LB", "We help Lebanese software teams route leads."),
    ("CI", "Ivorian teams often route leads this way."),
    ("Ivory Coast", "We work with an Ivorian logistics team much like yours."),
    ("KZ", "Kazakh teams often route leads this way."),
])
def test_the_adjective_of_the_companys_country_is_grounded_by_its_country_fact(country, sentence):
    assert _reasons(sentence, country=country) == ()


@pytest.mark.parametrize(("country", "sentence"), [
    ("DE", "We work with a French logistics team much like yours."),
    ("FR", "German teams often route leads this way."),
    ("FR", "We work with a German logistics team much like yours."),
    ("", "We help British software teams route leads."),
    ("DE", "We help Lebanese software teams route leads."),
    ("CI", "Kazakh teams often route leads this way."),
])
def test_an_adjective_of_another_country_is_still_a_name_not_in_the_facts(country, sentence):
    extra = {"country": country} if country else {}
    assert any(r.startswith("name not in the facts") for r in _reasons(sentence, **extra))


@pytest.mark.parametrize("sentence", [
    "Car dealers often route leads this way.",
    "Jersey orders spike before the season.",
    "Guinea pigs for a new routing setup are easy to find.",
    "Reunion season is busy for event teams.",
])
def test_an_everyday_word_or_an_abbreviation_of_a_country_opening_a_sentence_is_the_word(sentence):
    assert _reasons(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Georgian teams like yours route leads this way.",
    "Kiwi teams often route leads this way.",
    "Chad will join the call.",
    "CAR teams route leads this way.",
])
def test_a_country_word_opening_a_sentence_without_a_country_fact_is_still_a_name(sentence):
    assert any(r.startswith("name not in the facts") for r in _reasons(sentence))


@pytest.mark.parametrize(("field", "value", "sentence"), [
    ("industry", "IT", "We work with an Italian services team much like yours."),
    ("industry", "HR", "Croatian teams often route leads this way."),
    ("title", "IN", "We help Indian software teams route leads."),
])
def test_a_fact_other_than_the_country_that_reads_as_a_code_grounds_no_country(field, value, sentence):
    assert any(r.startswith("name not in the facts") for r in _reasons(sentence, **{field: value}))
