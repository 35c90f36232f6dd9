"""Two families of claims about the prospect, each beside its fair twin: how their data, numbers, people
or product stand ("your routing rules are out of date"), and their pace made a trend ("congrats on the
momentum", "things are busy at your end"). Judged through ``settle``, as the drafts asset judges a
model's draft."""

import pytest

from sdr_assets.domain.how_things_stand import standing_reasons
from sdr_assets.domain.momentum_claims import momentum_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

STANDING = [
    ("funding", "Your CRM is a mess."),
    ("funding", "Your win rate has fallen."),
    ("funding", "Kestrel Pay's churn has been low."),
    ("funding", "You have a lean sales team."),
    ("funding", "Your reps are already at capacity."),
    ("hiring", "Your reporting is unreliable."),
    ("hiring", "Larkspur Analytics has been struggling with churn."),
    ("hiring", "Your forecasting still happens in spreadsheets."),
    ("tech", "Your data stack is dated."),
    ("tech", "Northwind's deliveries slipped this year."),
    ("leadership", "Maria spent a decade at a big bank."),
    ("leadership", "You've been at Ferrum Robotics for years, so you know the pain."),
    ("launch", "GridSense is off to a slow start."),
    ("launch", "Your launch went badly."),
    ("launch", "GridSense is selling well in Spain."),
]

STANDING_FAIR = [
    ("funding", "Kestrel Pay has raised a $25.6M Series B."),
    ("funding", "Your Series B was led by Index Ventures."),
    ("funding", "Kestrel Pay uses HubSpot and Stripe."),
    ("funding", "Your team has HubSpot in place."),
    ("funding", "Your team will want a clear plan for pipeline."),
    ("funding", "Your reps can spend more time selling."),
    ("funding", "If your reps are at capacity, we can help."),
    ("funding", "Is your CRM data holding up after the raise?"),
    ("funding", "Curious how you're thinking about pipeline after the round."),
    ("funding", "Your next board meeting is a good moment to show pipeline."),
    ("funding", "As VP Sales, you're probably close to every forecast."),
    ("hiring", "Larkspur Analytics is looking for a Head of Revenue Operations."),
    ("hiring", "Larkspur Analytics has two openings for a Head of Revenue Operations."),
    ("hiring", "Your sales org is around 1,200 people."),
    ("leadership", "Ferrum Robotics is a Manufacturing company in France."),
    ("leadership", "Maria Lopez is the new Chief Revenue Officer."),
    ("launch", "GridSense is live."),
    ("launch", "GridSense is Helio Energy's new product."),
    ("tech", "Your team is moving to Snowflake."),
    ("tech", "Your team has been bringing in Snowflake."),
    ("tech", "The sales process at Northwind Freight is something we could help with."),
]

PACE = [
    ("funding", "Congrats on the momentum."),
    ("funding", "Things are busy at your end, I imagine."),
    ("funding", "You've been growing fast."),
    ("funding", "It's impressive how fast the team has grown this year."),
    ("funding", "The team at Kestrel Pay is on fire."),
    ("funding", "Congrats on the great quarter."),
    ("hiring", "Larkspur Analytics is scaling quickly."),
    ("tech", "Your data team must be slammed."),
    ("leadership", "Ferrum Robotics is really taking off."),
    ("launch", "Helio Energy is booming."),
]

PACE_FAIR = [
    ("funding", "If things are busy at your end, a short reply is fine."),
    ("funding", "We help teams keep momentum after a raise."),
    ("funding", "How busy is your team after the round?"),
    ("tech", "Busy data teams are the ones we help most."),
    ("tech", "In logistics, buyers are busy, so your team needs short emails."),
    ("launch", "Launches bring a busy few weeks for most sales teams."),
    ("leadership", "A new Chief Revenue Officer often wants momentum in the first quarter."),
    ("hiring", "Growing companies usually hire RevOps early."),
    ("hiring", "Whether your team is growing or not, routing needs an owner."),
    ("funding_old", "Growth after a Series A is seldom even."),
    ("tech", "If you're growing, clean account data matters more."),
]

GROWTH_OF_THEIRS = [
    ("funding", "Your growing team needs pipeline."),
    ("funding", "Growth is strong at Kestrel Pay."),
    ("funding", "Kestrel Pay is one of the growing companies in fintech."),
]


STOPPED = [*((c, s, "state of the prospect not in the facts") for c, s in STANDING),
           *((c, s, "not in the facts") for c, s in PACE),
           *((c, s, "growth claim not in the facts") for c, s in GROWTH_OF_THEIRS)]


@pytest.mark.parametrize("context, claim, why", STOPPED)
def test_how_their_things_stand_their_pace_and_their_growth_are_stopped_unless_the_facts_say_it(context, claim, why):
    assert_stopped(context, claim, why)


@pytest.mark.parametrize("context, claim", [*STANDING_FAIR, *PACE_FAIR])
def test_the_facts_restated_the_same_words_of_no_one_a_question_or_a_condition_pass(context, claim):
    assert_written(context, claim)


def test_the_checks_name_what_they_found():
    assert standing_reasons("Your routing rules are out of date.", "routing") == [
        "state of the prospect not in the facts (date): Your routing rules are out of date."]
    assert standing_reasons("Acme missed its targets.", "Acme", ("Acme",)) == [
        "state of the prospect not in the facts (missed, targets): Acme missed its targets."]
    assert momentum_reasons("Congrats on all the momentum.", "") == [
        "pace of the prospect not in the facts (momentum): Congrats on all the momentum."]


def test_the_grounds_holding_the_words_ground_them():
    assert standing_reasons("Your routing rules are out of date.", "the routing rules are out of date") == []
    assert momentum_reasons("Congrats on the momentum.", "the momentum of the Series B") == []


@pytest.mark.parametrize(("text", "word"), [
    ("Your team is cutting-edge.", "cutting-edge"),
    ("Your team is going up-front about it.", "up-front"),
    ("Your team keeps growing’s pains.", "growing’s"),
])
def test_a_word_joined_by_a_hyphen_or_an_apostrophe_is_read_whole(text, word):
    """"cutting-edge" is no activity under way ("cutting") with its object ("edge"): grounds that hold the
    word ground it, grounds that hold only its parts do not."""
    assert standing_reasons(text, f"{text}\nAcme raised a Series B") == []
    [reason] = standing_reasons(text, "edge front pains about it keeps")
    assert f"not in the facts ({word}" in reason


@pytest.mark.parametrize(("text", "names", "said"), [
    ("Acme Corp's data is a mess.", ("Acme", "Acme Corp"), "Acme Corp's data is a mess."),
    ("YourCo has had a rough quarter.", ("YourCo",), "YourCo has had a rough quarter."),
    ("Your team at Acme is small.", ("Acme",), "Your team at Acme is small."),
    ("Müller GmbH is behind on its targets.", ("Müller GmbH", "Müller"), "Müller GmbH is behind on its targets."),
    ("We saw the news at Acme. Acme is behind on its targets.", ("Acme",), "Acme is behind on its targets."),
])
def test_a_name_of_the_prospects_is_a_subject_however_it_is_spelled_and_whatever_it_holds(text, names, said):
    [reason] = standing_reasons(text, "Acme raised a Series B", names)
    assert reason.endswith(said[:80])


def test_an_accounts_names_compile_no_pattern_of_their_own(monkeypatch):
    """A world has an account's names per draft or two: a pattern per account cost each draft 4 ms to compile."""
    import re

    standing_reasons("Your data is a mess.", "Acme raised a Series B", ("Acme",))
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *args, **kwargs: compiled.append(args) or real(*args, **kwargs))
    for n in range(40):
        standing_reasons(f"Company{n} has had a rough quarter. Your data is a mess.", "a Series B", (f"Company{n}",))
    assert not compiled
