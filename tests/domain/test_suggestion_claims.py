"""A suggested answer to an escalated reply states nothing the reply or the research does not."""

import re

import pytest

from sdr_assets.domain.suggestions import OBJECTION_LINES, offline_suggestion, suggestion_reasons

# What no reply gave: other customers' experience, a timeframe, a deadline we would be held to.
UNSTATED = re.compile(r"\b(teams?|customers?|clients?|companies|we work with|similar|most|"
                      r"next (week|month|quarter|year)|today|tomorrow|this week)\b", re.IGNORECASE)
CASES = [("interested", None), ("question", None), ("wrong_person", None), ("not_interested", None),
         ("unsure", None), *(("objection", s) for s in OBJECTION_LINES)]


@pytest.mark.parametrize(("label", "sub_reason"), CASES)
def test_no_claim_the_reply_did_not_make(label, sub_reason):
    answer = offline_suggestion(label, sub_reason, "Maya", None)
    assert not UNSTATED.search(answer), answer


@pytest.mark.parametrize(("label", "sub_reason"), CASES)
def test_no_time_claim_by_the_verifier(label, sub_reason):
    """The project's own verifier, reading the reply as the only ground, finds no time or rank claim:
    the answer is also what grounds a model's answer, so a claim here would let a model's through."""
    answer = offline_suggestion(label, sub_reason, "Maya", None)
    reasons = suggestion_reasons(answer, "They wrote: Can you do Thursday at 10:30? Maya", "", "lexicon")
    assert not [r for r in reasons if r.startswith(("time claim", "number not"))], (answer, reasons)


@pytest.mark.parametrize("reply", ["Thanks — timing is good, can you do Thursday at 10:30?",
                                   "Passt, Donnerstag um 14 Uhr?", "Sure, 3pm tomorrow works."])
def test_a_time_the_reply_proposed_is_taken_up_not_asked_for_again(reply):
    for url in ("", "https://cal.example/team"):
        answer = offline_suggestion("interested", None, "Laurence", None, url, reply)
        assert "time you suggested" in answer and "Which times" not in answer and (not url or url not in answer)


def test_material_asked_for_first_is_acknowledged_and_a_plain_yes_gets_a_time():
    deck = offline_suggestion("interested", None, "Cipriano", None, "",
                              "Interesting. Can you share a short deck first and then we find 30 minutes?")
    assert "what you asked for" in deck and "Which times suit you?" in deck
    plain = offline_suggestion("interested", None, "Nilo", None, "", "Relevant. Send me a few slots for next week?")
    assert plain == "Thanks Nilo, glad this is timely. Which times suit you? I'll send an invite for the one you choose."


def test_a_decline_that_names_someone_is_answered_about_that_person_and_a_plain_one_is_not():
    pointed = offline_suggestion("not_interested", None, "Pat", "maria@acme.example")
    assert pointed == ("Thanks Pat, understood. Would you be comfortable introducing me to maria@acme.example, "
                       "or shall I reach out and mention you pointed me their way?")
    assert offline_suggestion("wrong_person", None, "Pat", None) == (
        "Thanks Pat, that helps. Would you be comfortable introducing me to the right colleague, "
        "or shall I reach out and mention you pointed me their way?")
    assert offline_suggestion("not_interested", None, "Pat", None) == (
        "Thanks Pat, understood, and thank you for letting me know. All the best.")


@pytest.mark.parametrize("reply", ["Interested, but I'm travelling until Monday. Could you send the deck first?",
                                   "Yes, relevant. I'm back in the office on Monday, please send some details.",
                                   "Sounds good, though not Friday. Which slots do you have?"])
def test_a_day_named_as_an_absence_or_refused_is_no_time_the_reply_suggested(reply):
    """A reply that names a day only as when its writer is away, back, or not free proposes no time: the
    answer does not claim to check one she never suggested."""
    answer = offline_suggestion("interested", None, "Ann", None, "", reply)
    assert "time you suggested" not in answer, answer
    assert "Which times suit you?" in answer, answer
