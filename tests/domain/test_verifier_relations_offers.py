"""A draft invents no relation between us and a name of the facts, offers no term the approved template
does not, and tells of no attachment or work done for the prospect; the fair wordings beside them
pass. Each draft is judged through ``settle``, as the drafts asset judges a model's."""

import pytest

from sdr_assets.domain.offer_terms import offer_term_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    # A name of the facts (the signal's person, an investor, a tool of their stack) in a relation with us.
    ("leadership", "Maria asked me to reach out to you.", "relation"),
    ("leadership", "Maria Lopez and I worked together years ago.", "relation"),
    ("leadership", "Maria said her first priority is outbound.", "relation"),
    ("leadership", "I know Maria from her last company.", "relation"),
    ("funding", "Index Ventures asked me to reach out.", "relation"),
    ("funding", "Index Ventures told us you'd be a great fit.", "relation"),
    ("funding", "Our friends at Index Ventures speak highly of you.", "relation"),
    ("funding", "Stripe's sales team has used us for a while now.", "relation"),
    ("funding", "We run outbound for HubSpot's sales team.", "relation"),
    ("funding", "We integrate natively with HubSpot and Stripe.", "relation"),
    ("funding_old", "Accel's other portfolio companies run their outbound with us.", "relation"),
    ("hiring", "Larkspur Analytics was one of our first users.", "relation"),
    ("launch", "GridSense was built with our data.", "relation"),
    # Connections and meetings without a name.
    ("funding", "We have a few connections in common.", "relation"),
    ("hiring", "A former colleague of yours speaks very highly of you.", "relation"),
    ("funding", "One of your board members thought we should talk.", "relation"),
    ("launch", "We go way back, so I'll keep this short.", "relation"),
    # Prices, free periods, guarantees, refunds, deadlines.
    ("funding", "The first month is free.", "offer"),
    ("funding", "The first month is on us.", "offer"),
    ("funding", "We guarantee results.", "offer"),
    ("funding", "We'll book meetings for you or refund every penny.", "offer"),
    ("funding", "I can get you a special discount.", "offer"),
    ("hiring", "Last chance: our discount expires tonight.", "offer"),
    ("hiring", "I need an answer by tomorrow to hold the slot.", "offer"),
    ("hiring", "We'll fill your calendar within a month.", "offer"),
    ("funding", "This pricing is only available until the end of the month.", "offer"),
    ("funding", "Take 20% off your first quarter.", "offer"),
    ("hiring", "You save 15% on every seat.", "offer"),
    ("tech", "Our data is 100% accurate.", "offer"),
    # Attachments and work never done.
    ("funding", "I've attached a short case study.", "attachment"),
    ("funding", "See the attached deck for details.", "attachment"),
    ("funding", "I already built a list of your best-fit accounts.", "work never done"),
    ("funding", "I've put together a custom audit of your outbound.", "work never done"),
    ("launch", "I've mapped every utility that could buy GridSense.", "work never done"),
]

FAIR = [
    ("leadership", "Maria will likely review how pipeline is built."),
    ("funding", "Teams that run HubSpot and Stripe often want cleaner pipeline data."),
    ("funding", "With Index Ventures behind the round, the board will ask about pipeline."),
    ("tech", "Our tables load into Snowflake like any other share."),
    ("funding", "Feel free to forward this to whoever owns pipeline."),
    ("funding", "We built our drafting for teams that sign off every message."),
    ("hiring", "We could build a list of best-fit accounts for your new hire."),
    # A name of the facts that holds a term's word (the contact Owen Price) offers nothing.
    ("funding_old", "I will keep this short, Owen Price."),
]


@pytest.mark.parametrize("context, claim, why", UNTRUE, ids=[c for _, c, _ in UNTRUE])
def test_an_invented_relation_offer_or_piece_of_work_is_stopped(context, claim, why):
    assert_stopped(context, claim, why)


@pytest.mark.parametrize("context, claim", FAIR, ids=[c for _, c in FAIR])
def test_names_terms_and_work_said_fairly_pass(context, claim):
    assert_written(context, claim)


# One wording of each kind of term the check reads, blanks as tabs too: each is found, whatever string
# the check first asks a text for.
EVERY_TERM = ["The pilot is completely free", "Try it for free", "Start a free trial", "The first audit's on us",
              "There are no fees", "It comes at no extra cost", "A complimentary review", "It is done without charge",
              "Our discounted plan", "Take 20 % off", "Our pricing is simple", "It is cheaper", "Ask about rebates",
              "Here is a coupon", "Use promo code DATA", "A special offer", "It pays for itself", "Results guaranteed",
              "We are guaranteeing it", "A money-back deal", "You get refunded", "It is risk-free", "No-risk",
              "You don't pay", "We will double your replies in two weeks", "You'll see results within 3 days",
              "You never have to chase leads again", "Your data is 100 % accurate",
              "We'll put your name in front of every buyer", "The offer expires", "Last chance",
              "Only available until Friday", "Before the end of the quarter", "Until the\tend of the week", "Spots are almost gone",
              "Limited seats", "A decision by Friday", "We hold the price", "We are closing the beta",
              "Don't miss out", "Before it's too late", "The first month is\ton\tus", "An answer\tby Monday",
              "Take 20% off", "Take 20 percent off", "Take 20 per cent off", "Take 20pct off", "Take 12.5% off",
              "Save 15%", "It saves you up to 30 percent", "Your data is 100% accurate", "It is 100 percent compliant"]


@pytest.mark.parametrize("term", EVERY_TERM)
def test_every_kind_of_term_is_read(term):
    assert offer_term_reasons(f"hi dana,\n{term.lower()}.", "hi dana,", ())


@pytest.mark.parametrize("text, template, facts", [
    # The template offers the share, however either spells it.
    ("Take 20% off your first month.", "Take 20 % off your first month.", ()),
    ("Take 20 percent off your first month.", "Take 20% off your first month.", ()),
    ("Take 20pct off your first month.", "Take 20 per cent off your first month.", ()),
    # A fact's value holds it: the prospect's own offer, no term of ours.
    ("Saw the launch: save 15% on GridSense is bold.", "Saw the launch.", ("Save 15% on GridSense",)),
])
def test_a_share_the_grounds_offer_passes(text, template, facts):
    grounds = f"hi dana,\n{template}\n{' '.join(facts)}".lower()
    assert offer_term_reasons(f"hi dana,\n{text}".lower(), grounds, facts) == []


@pytest.mark.parametrize("text, template, facts", [
    ("Take 25% off your first month.", "Take 20 % off your first month.", ()),
    # A fact's share is the prospect's figure, not an offer of ours.
    ("Take 20% off your first month.", "Your revenue grew.", ("20%",)),
])
def test_a_share_the_grounds_do_not_offer_is_stopped(text, template, facts):
    grounds = f"hi dana,\n{template}\n{' '.join(facts)}".lower()
    assert offer_term_reasons(f"hi dana,\n{text}".lower(), grounds, facts)
