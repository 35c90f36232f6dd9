"""Whom a claim is about, read by its structure and not by a few set phrases: a new role is said of
the contact by any verb of joining, taking over or stepping in with "you" or "your" ("since you took
over", "welcome aboard", "in your first 90 days", "now that you lead"), a round of an investor by
any verb of raising, and a title of the contact by any phrase that gives them one. The same
sentences said of the person the signal names, of the company's new hire or as an offer pass."""

import pytest

from sdr_assets.domain.drafting import DraftRequest
from sdr_assets.domain.facts import Fact
from sdr_assets.domain.verifier import Bounds, verify_draft
from tests.domain.claim_people import FUNDING, HIRING, LEADERSHIP, reasons_with

TEMPLATES = {
    "leadership": ("A new {new_role} at {company_name}",
                   "Hi {first_name},\n\nI saw {person} joined {company_name} as {new_role}. New leaders usually "
                   "review the pipeline in their first quarter; we help them start with clean data.\n\n"
                   "Worth a short call?\n\n{sender_name}\n"),
    "funding": ("Congrats on the {round}, {first_name}",
                "Hi {first_name},\n\nCongratulations on {company_name}'s {amount} {round}, led by {lead_investor}. "
                "The board will ask how that turns into pipeline; we help {industry} teams answer.\n\n"
                "Open to a short call?\n\n{sender_name}\n"),
    "hiring": ("{role} at {company_name}",
               "Hi {first_name},\n\nI saw {company_name} is hiring a {role}. Teams that add RevOps usually spend "
               "the new hire's first quarter untangling routing.\n\nWorth a look?\n\n{sender_name}\n"),
}
VALUES = {"leadership": LEADERSHIP, "funding": FUNDING, "hiring": HIRING}


def _request(kind: str) -> DraftRequest:
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in VALUES[kind].items())
    return DraftRequest("p", "a", *TEMPLATES[kind], facts)


def _claims(kind: str, sentence: str, subject: str | None = None) -> list[str]:
    """The reasons about whom a claim is said of, for the template with ``sentence`` after its greeting."""
    request = _request(kind)
    rendered_subject, rendered = request.rendered()
    first, _, rest = rendered.partition("\n\n")
    reasons = verify_draft(rendered_subject if subject is None else subject, f"{first}\n\n{sentence} {rest}",
                           request.grounds(), first_touch=True, bounds=Bounds(), roles=request.roles())
    return [r for r in reasons if r.startswith(("says ", "subject greets"))]


@pytest.mark.parametrize("sentence", [
    "Welcome aboard at Acme Robotics!",
    "Welcome to Acme Robotics, Dana.",
    "Stepping into the CRO seat, you will want a clean pipeline.",
    "Stepping into the VP Marketing seat, you will want a clean pipeline.",
    "Since you took over, pipeline has been the focus.",
    "In your first 90 days, pipeline will be the focus.",
    "Now that you lead marketing at Acme Robotics, pipeline matters.",
    "Congrats on taking the helm at Acme Robotics.",
    "Since you came on board, the team has grown.",
    "As the new VP Marketing, you will want a clean pipeline.",
    "You were tapped to lead marketing.",
    "Congrats on landing the VP Marketing role.",
    "Your first quarter as VP Marketing is a busy one.",
    "Now that you're running marketing, timing is good.",
    "Since you started at Acme Robotics, pipeline has grown.",
    "Your move to Acme Robotics caught my eye.",
    "You've stepped up as VP Marketing.",
    "Congrats on the new seat.",
    "Since your arrival at Acme Robotics, pipeline has grown.",
    "You became VP Marketing this spring.",
    "As you settle into the role, pipeline matters.",
    "Now that you head up marketing, pipeline matters.",
    "You've been brought on to lead marketing.",
    "You're stepping into the CRO seat this spring.",
    "You're joining Acme Robotics next month.",
    "You came on as VP Marketing in May.",
    "As you step up as VP Marketing, pipeline matters.",
    "You were picked as the new VP Marketing.",
    "Since you arrived in March, pipeline has grown.",
    "Since you arrived, pipeline has grown.",
    "As you join Acme Robotics, pipeline matters.",
    "You came over to Acme Robotics this spring.",
    "Now that you're taking over the sales team, pipeline matters.",
    "You stepped up to lead marketing.",
    "Congrats on stepping up to lead the team.",
    "You're stepping up to lead sales.",
    "You were chosen to lead revenue.",
    "You were picked to run sales.",
    "You're joining the team next month.",
    "You're coming on board next month.",
])
def test_a_new_role_said_of_the_contact_by_any_structure_is_a_reason(sentence):
    assert any(r.startswith("says Dana ") and r.endswith("the facts say Maria Lopez joined")
               for r in _claims("leadership", sentence)), sentence


@pytest.mark.parametrize(("sentence", "who"), [
    ("Jordan took the helm at Acme Robotics.", "Jordan Lee"),
    ("Jordan stepped into the VP Marketing seat.", "Jordan Lee"),
    ("Since Jordan came on board, pipeline has grown.", "Jordan Lee"),
])
def test_a_new_role_said_of_the_sender_by_any_structure_is_a_reason(sentence, who):
    assert any(r.startswith(f"says {who} ") for r in _claims("leadership", sentence)), sentence


@pytest.mark.parametrize("sentence", [
    "Maria stepped into the VP Marketing seat.",
    "Now that Maria leads marketing, the pipeline matters.",
    "Since Maria took over marketing, your pipeline is shared.",
    "Your new VP Marketing will want a clean pipeline.",
    "New leaders usually review the pipeline in their first 90 days.",
    "You're welcome to forward this to Maria.",
    "We would welcome a short call.",
    "As you lead sales, a clean pipeline helps.",
    "You lead a team that Maria will lean on.",
    "Could your team take over the pipeline review?",
    "Happy to help you start with a clean pipeline.",
    "In your first call with us, we would walk through it.",
    "Once Maria has settled in, the pipeline review follows.",
    "Welcome news for the team.",
])
def test_the_same_structures_said_of_the_person_or_as_an_offer_pass(sentence):
    assert _claims("leadership", sentence) == [], sentence


def test_a_new_role_said_of_the_contact_passes_when_the_signal_names_the_contact():
    values = {**LEADERSHIP, "person": "Dana Park"}
    facts = tuple(Fact(f"test.{k}", k, v, "text", "test") for k, v in values.items())
    request = DraftRequest("p", "a", *TEMPLATES["leadership"], facts)
    subject, body = request.rendered()
    first, _, rest = body.partition("\n\n")
    for sentence in ("Welcome aboard at Acme Robotics!", "Since you took over, pipeline has been the focus.",
                     "In your first 90 days, pipeline will be the focus."):
        reasons = verify_draft(subject, f"{first}\n\n{sentence} {rest}", request.grounds(), first_touch=True,
                               bounds=Bounds(), roles=request.roles())
        assert not any(r.startswith("says ") for r in reasons), (sentence, reasons)


@pytest.mark.parametrize("sentence", [
    "Welcome aboard, Tom.",
    "In your first 90 days as Head of Revenue Operations, routing comes first.",
    "Since you took over routing, the pipeline has grown.",
])
def test_a_new_role_of_the_contact_where_the_company_hires_is_a_reason(sentence):
    assert any(r.startswith("says Tom ") and r.endswith("the facts say no one did")
               for r in _claims("hiring", sentence)), sentence


@pytest.mark.parametrize("sentence", [
    "In your capacity as Head of Revenue Operations, you own routing.",
    "You, as Head of Revenue Operations, own routing.",
    "As Head of Revenue Operations you own routing.",
    "Your position as Head of Revenue Operations puts routing on your desk.",
    "As Head of Revenue Operations at Larkspur Analytics, you own routing.",
])
def test_the_role_a_company_hires_for_given_the_contact_by_any_structure_is_a_reason(sentence):
    assert "says Tom is Head of Revenue Operations; the facts say Tom is VP Sales" in _claims("hiring", sentence)


@pytest.mark.parametrize("sentence", [
    "Before your new Head of Revenue Operations starts, clean data helps.",
    "Once they join, the new hire's first 90 days go on routing.",
    "You're hiring a Head of Revenue Operations.",
    "Before they take over routing, a clean pipeline helps.",
    "In your capacity as VP Sales, you own routing.",
    "As Head of Revenue Operations at Larkspur Analytics grows and you add reps, routing matters.",
    "As Head of Revenue Operations at Larkspur Analytics grows and you add reps, you need routing.",
    "As Head of Revenue Operations at Larkspur Analytics grows, you will need routing.",
])
def test_the_new_hire_and_the_contacts_own_title_pass(sentence):
    assert _claims("hiring", sentence) == [], sentence


@pytest.mark.parametrize("sentence", [
    "Index Ventures secured a $25M Series B.",
    "Congrats to Index Ventures on closing their Series B.",
    "Index Ventures landed its Series B.",
    "Index Ventures has announced a $25M Series B.",
    "Index Ventures closed a round of $40M.",
])
def test_a_round_said_of_the_investor_by_any_verb_of_raising_is_a_reason(sentence):
    assert "says Index Ventures raised; the facts say Blueio raised" in _claims("funding", sentence), sentence


@pytest.mark.parametrize("sentence", [
    "Blueio secured a $25M Series B.",
    "Congrats on securing the Series B.",
    "Index Ventures backed the Series B at Blueio.",
])
def test_a_round_said_of_the_company_by_any_verb_passes(sentence):
    assert _claims("funding", sentence) == [], sentence


@pytest.mark.parametrize("sentence", ["Congrats on securing your Series B.", "You've closed a big round.",
                                      "Larkspur Analytics closed a round of funding.",
                                      "Larkspur Analytics closed a round of new capital.",
                                      "Congrats on closing your round of $25M.",
                                      "Larkspur Analytics closed a round of $40M."])
def test_a_round_said_of_a_company_with_none_is_a_reason(sentence):
    assert "says Larkspur Analytics raised; the facts give Larkspur Analytics no round" in _claims("hiring", sentence)


@pytest.mark.parametrize("sentence", [
    "Once you've completed the first round of interviews, routing comes first.",
    "Larkspur Analytics completed a round of layoffs last year.",
])
def test_a_round_of_anything_but_funding_is_no_round(sentence):
    assert _claims("hiring", sentence) == [], sentence


@pytest.mark.parametrize("subject", [
    "Quick question, mark", "mark, a quick question", "hi mark", "A quick question, will", "grant, quick idea",
])
def test_a_lower_case_name_that_is_also_a_word_in_a_subject_is_a_reason(subject):
    name = "mark" if "mark" in subject else "will" if "will" in subject else "grant"
    assert f"subject greets someone not in the facts: {name}" in _claims("leadership", "", subject)


@pytest.mark.parametrize("subject", [
    "Pipeline, simplified", "A quick question, dana", "Quick question, again", "Marketing pipeline, sorted",
    "A new VP Marketing, quick idea", "A quick question, team", "Clean data, faster", "hi dana",
    "One idea, briefly", "Pipeline, now",
])
def test_a_subject_without_a_strangers_name_passes(subject):
    assert _claims("leadership", "", subject) == [], subject


@pytest.mark.parametrize("sentence", [
    "Your move to Snowflake will need clean data.",
    "Your transition to Snowflake will need clean data.",
    "Starting as a small pilot, you can test it.",
    "You became profitable last year.",
    "Becoming data-driven, you will want clean tables.",
    "Moving over to a new CRM, you will want clean data.",
    "You arrived at the same conclusion.",
    "You started at zero.",
    "You were named in the report.",
    "Your first week of the quarter is busy.",
    "As a new customer, you get a discount.",
    "You're new to outbound? Happy to help.",
    "You took the time to read this.",
    "You landed the deal with Globex.",
    "If you join us for a demo, we can show it.",
    "You started using Snowflake last year.",
    "If you're joining us at SaaStr next week, let's meet.",
    "As you step up hiring in EMEA, clean data helps.",
    "You're arriving in Berlin next week?",
    "You came on as a customer in 2022.",
    "You were selected for the G2 award.",
    "You were joined on the call by our CEO.",
    "You arrived in Berlin last week, I hear.",
    "As you join us for the demo, bring questions.",
    "Thanks again, you came over to our booth at SaaStr.",
    "You arrived back from the summit.",
    "If you're joining the team call tomorrow, bring questions.",
    "You were selected to run the demo.",
    "As you step up to run the workshop, clean data helps.",
    "You're arriving next week?",
])
def test_ordinary_sentences_with_a_verb_of_entering_say_no_new_role(sentence):
    assert _claims("leadership", sentence) == [], sentence


def _all_reasons(kind: str, sentence: str) -> tuple[str, ...]:
    return reasons_with(_request(kind), sentence, joint=" ")


@pytest.mark.parametrize("sentence", [
    "Hope you're joining the team for lunch.",
    "If you're joining the sales team for a coffee later, say hello.",
    "As you join the team for the workshop, bring questions.",
    "You're joining the whole team for dinner, I hope.",
])
@pytest.mark.parametrize("kind", ["leadership", "hiring"])
def test_joining_people_for_an_occasion_is_no_new_role(kind, sentence):
    assert _all_reasons(kind, sentence) == (), sentence


@pytest.mark.parametrize("sentence", [
    "You're joining the team as VP Marketing.",
    "You're joining the team for good.",
    "You're joining the company for its next chapter.",
    "As you join the team for the next chapter, pipeline matters.",
])
def test_joining_a_team_for_anything_but_an_occasion_is_still_a_new_role(sentence):
    assert any(r.startswith("says Dana ") for r in _claims("leadership", sentence)), sentence


@pytest.mark.parametrize("sentence", [
    "Congrats on joining {company_name} just in time for the annual kickoff.",
    "Congrats on joining {company_name} just in time for the annual offsite.",
    "Congrats on joining the team for the kickoff.",
])
@pytest.mark.parametrize("kind", ["leadership", "hiring"])
def test_joining_a_company_in_time_for_an_occasion_is_still_a_new_role(kind, sentence):
    company = _request(kind).values["company_name"]
    assert any(r.startswith("says ") and " joined; " in r
               for r in _all_reasons(kind, sentence.format(company_name=company))), sentence


def test_a_bare_congrats_on_the_round_stands_only_where_the_facts_have_a_round():
    assert "funding claim not in the facts: 'round'" in _all_reasons("hiring", "Congrats on the round.")
    assert _all_reasons("funding", "Congrats on the round.") == ()
