"""Claims about the prospect that slipped past the verifier, each beside its fair twin: an earlier post,
hedged or not; the state of their business (an oversubscribed round, a pivot, churn, a waitlist, a
sell-out); a place or company in lower case; a sentence broken over a line; and the wordings it
stopped though grounded: openings counted in words as the role's people, hearsay of a round's lead."""

import pytest

from sdr_assets.domain.broken_lines import joined
from sdr_assets.domain.business_states import business_state_reasons
from sdr_assets.domain.past_roles import past_role_reasons
from tests.domain.said_in_template import reasons_with

CONTEXTS = {
    "fund": {"facts": {"first_name": "Jana", "last_name": "Keller", "title": "CFO", "company_name": "Tessera Pay GmbH",
                       "industry": "Fintech", "country": "DE", "city": "Berlin", "round": "Series B", "amount": "€30M",
                       "lead_investor": "Point Nine", "why_now": "you raised a Series B", "sender_name": "Owen Price"},
             "subject": "Congrats on the {round}, {first_name}",
             "body": "Hi {first_name},\n\nCongratulations on {company_name}'s {amount} {round}. After a round, teams are\n"
                     "asked to grow pipeline; we help {industry} teams with outbound a person approves.\n\n{said}\n\n"
                     "Would a short call next week be useful?\n\n{sender_name}\n"},
    "state": {"facts": {"first_name": "Maya", "last_name": "Brooks", "title": "CEO", "company_name": "Tillpoint Inc.",
                        "industry": "Payments", "country": "US", "round": "Series A", "amount": "$12M",
                        "round_note": "the Series A was oversubscribed",
                        "pivot": "Tillpoint pivoted from loyalty software to payments", "customer": "Square",
                        "waitlist": "Tillpoint Go opened a waitlist", "why_now": "you raised a Series A",
                        "sender_name": "Chris Hale"},
              "subject": "{company_name} and the {round}",
              "body": "Hi {first_name},\n\nCongrats on the {amount} {round}. We help {industry} companies with outbound "
                      "that a person approves before it is sent.\n\n{said}\n\nWorth a short call?\n\n{sender_name}\n"},
    "leader": {"facts": {"first_name": "Dana", "last_name": "Ortiz", "title": "CFO", "company_name": "Fernway Inc.",
                         "industry": "Logistics", "country": "US", "person": "Dana Ortiz", "new_role": "CFO",
                         "previous": "Dana Ortiz was previously VP Finance at Brex",
                         "why_now": "you recently joined Fernway as CFO", "sender_name": "Sam Lee"},
               "subject": "Congrats on the new role, {first_name}",
               "body": "Hi {first_name},\n\nCongratulations on joining {company_name} as {title}. We help {industry} "
                       "teams run outbound a person approves before it is sent.\n\n{said}\n\nOpen to a short call?"
                       "\n\n{sender_name}\n"},
    "joined": {"facts": {"first_name": "Ruth", "last_name": "Adler", "title": "VP Sales", "company_name": "Stripe",
                         "industry": "Payments", "country": "GB", "person": "Ruth Adler", "new_role": "VP Sales",
                         "why_now": "you recently joined Stripe as VP Sales", "sender_name": "Leo Grant"},
               "subject": "Your new role at {company_name}",
               "body": "Hi {first_name},\n\nCongrats on joining {company_name} as {title}. We help {industry} teams "
                       "with outbound a person approves before it is sent.\n\n{said}\n\nWorth a call?\n\n{sender_name}\n"},
    "hire": {"facts": {"first_name": "Priya", "last_name": "Shah", "title": "Head of Sales",
                       "company_name": "Northgate Analytics Ltd", "industry": "SaaS", "employees": "90 employees",
                       "country": "GB", "city": "Leeds", "role": "Sales Rep", "openings": "5 openings",
                       "why_now": "you're hiring Sales Reps", "sender_name": "Mia Cole"},
             "subject": "{role} roles at {company_name}",
             "body": "Hi {first_name},\n\nI saw {company_name} has {openings} for {role}s. New reps take time to "
                     "ramp, and we give them researched drafts a person approves.\n\n{said}\n\nWorth a short call?"
                     "\n\n{sender_name}\n"},
}


def _reasons(context: str, said: str) -> tuple[str, ...]:
    """The verifier's reasons for the context's template with ``said`` as a paragraph of its own."""
    return reasons_with(CONTEXTS[context], said, "{said}\n\n")


UNTRUE = [
    # an earlier post, hedged, heard or plain
    ("leader", "I believe you ran finance at Brex before this, so budgets matter to you."),
    ("leader", "I think you were CFO at Brex before this, so you have seen outbound."),
    ("leader", "If I remember right, you ran operations at Brex before joining Fernway."),
    ("leader", "Before Fernway you headed sales at Brex."),
    ("joined", "I gather you used to lead sales at Stripe before the new role."),
    ("joined", "If I'm not mistaken, you were at Stripe for years before this move."),
    ("joined", "In your time at Stripe you built the team from scratch."),
    ("fund", "I believe you were at Point Nine before joining Tessera Pay."),
    # the state of the business
    ("fund", "Your round was oversubscribed, which says a lot."),
    ("fund", "Congrats on the pivot to payments."),
    ("fund", "Sorry to hear about the churn this year."),
    ("fund", "Saw the waitlist for the new product."),
    ("fund", "Heard the launch sold out within days."),
    ("hire", "Since you pivoted to enterprise, the reps will need new accounts."),
    ("hire", "Love the rebrand, by the way."),
    ("hire", "Sorry about the outage last month's customers saw."),
    # places and companies in lower case
    ("fund", "Congrats on launching in leeds after the Series B."),
    ("fund", "Congrats on the move to brussels."),
    ("fund", "Now that you sell to square, pipeline matters more."),
    ("fund", "Selling to apple and visa after the round is a big step."),
    ("hire", "Now that you sell to target, the reps will be busy."),
    # a claim broken over a line
    ("fund", "I heard the round\nwas oversubscribed."),
    ("fund", "Congrats on the\npivot to payments."),
    ("leader", "I believe you ran finance at\nBrex before this."),
    ("fund", "Congrats on the move\nto brussels."),
    # counts of other people, and hearsay of another lead
    ("hire", "I saw you're hiring five engineers."),
    ("hire", "Your five reps already on the team could use research."),
    ("fund", "I hear it was led by Accel, congrats."),
]

FAIR = [
    ("leader", "I believe you were VP Finance at Brex before this, so budgets matter to you."),
    ("leader", "As VP Finance at Brex before Fernway, you will know what outbound costs."),
    ("leader", "I think you'd find the approval step useful."),
    ("joined", "Teams used to write every email by hand; now a person approves each draft."),
    ("fund", "Before your next board meeting, it may be worth seeing how far outbound goes."),
    ("state", "Your Series A was oversubscribed, which says a lot."),
    ("state", "Congrats on the pivot to payments."),
    ("state", "Saw the waitlist for Tillpoint Go, congrats."),
    ("hire", "Churn is something every SaaS team watches closely."),
    ("fund", "Rounds that are oversubscribed often come with bigger targets."),
    ("fund", "A waitlist can be a good way to find out who wants to buy."),
    ("state", "Our service has had no outage this year."),
    ("hire", "Congrats on growing the team in leeds."),
    ("fund", "Good luck in berlin after the round."),
    ("state", "Now that you sell to square, pipeline matters more."),
    ("fund", "Now that you sell to larger teams, pipeline matters more."),
    ("fund", "Now that you sell to target accounts, pipeline matters more."),
    ("fund", "Congrats on the Series B,\nled by Point Nine."),
    ("fund", "I hear the round was led\nby Point Nine, congrats."),
    ("hire", "I saw you're hiring five\nreps, which is a lot to ramp."),
    ("hire", "I saw you're hiring five reps."),
    ("hire", "Ramping five new reps at once is hard."),
    ("hire", "With 5 reps to hire, onboarding matters."),
    ("fund", "I hear it was led by Point Nine, congrats."),
    ("fund", "I heard Point Nine led the Series B."),
]


@pytest.mark.parametrize("context, said", UNTRUE)
def test_a_claim_about_the_prospect_the_facts_do_not_hold_is_stopped(context, said):
    assert _reasons(context, said), said


@pytest.mark.parametrize("context, said", FAIR)
def test_its_grounded_or_general_twin_passes(context, said):
    assert _reasons(context, said) == (), said


def test_a_line_break_inside_a_sentence_is_read_as_a_space_and_one_between_sentences_is_kept():
    assert joined("I heard the round\nwas oversubscribed.") == "I heard the round was oversubscribed."
    assert joined("ran finance at\nBrex") == "ran finance at Brex"
    assert joined("Hi Dana\nThanks for the note.\n\nBest,\nOwen") == "Hi Dana\nThanks for the note.\n\nBest,\nOwen"


def test_a_template_broken_over_a_line_grounds_the_same_sentence_unbroken():
    assert _reasons("fund", "After a round, teams are asked to grow pipeline, and the Series B is no exception.") == ()


def test_the_checks_name_what_they_found():
    assert past_role_reasons("I believe you ran finance at Brex before this.", "Brex") == [
        "earlier post not in the facts (ran, finance, Brex): I believe you ran finance at Brex before this."]
    assert business_state_reasons("Congrats on the pivot to payments.", "payments") == [
        "pivot not in the facts: Congrats on the pivot to payments."]
