"""The opt-out model marks for a person what may be a request to stop in words the rule lacks; it
suppresses nobody (``sdr_assets/triage/optout_model.py``)."""

from unittest import mock

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message, optout_model
from sdr_assets.triage.labels import is_unsubscribe
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.triage import evaluation
from tests.triage.helpers import make_message

# Written for this test, none from a set the model or the rule learns from or is measured on.
REQUESTS_THE_RULE_LACKS = [
    "We already use Gong, so please spare us any further messages.",
    "Interesting idea, but kindly spare my inbox from now on.",
    "Wir sind zufrieden mit unserer Lösung. Bitte verschonen Sie mich künftig mit Ihren Nachrichten.",
]
ORDINARY = [
    "Sounds good, send me a calendar link for Thursday.",
    "How does your pricing work for a team of 20?",
    "Not now, maybe check back in Q3.",
    "No thanks, we're all set.",
]


@pytest.mark.parametrize("text", REQUESTS_THE_RULE_LACKS)
def test_a_request_in_words_the_rule_lacks_goes_to_a_person_marked_and_unsuppressed(text):
    assert not is_unsubscribe(text)
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", "the model suppresses nobody"
    assert (result.needs_review, result.reason) == (True, MAY_ASK_TO_STOP)
    assert escalates(result.kind, result.label, result.needs_review)


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_reply_is_not_marked(text):
    assert not optout_model.may_ask_to_stop(text)
    assert classify_message(make_message(text)).reason is None


def test_a_refusal_the_labeller_would_close_reaches_a_person_when_it_may_ask_to_stop():
    text = "Not interested. Consider this my last reply to you, and yours to me."
    with mock.patch("sdr_assets.triage.classify.may_ask_to_stop", lambda _: False):
        alone = classify_message(make_message(text))
    assert (alone.label, escalates(alone.kind, alone.label, alone.needs_review)) == ("not_interested", False)
    marked = classify_message(make_message(text))
    assert (marked.label, marked.reason) == ("not_interested", MAY_ASK_TO_STOP)
    assert escalates(marked.kind, marked.label, marked.needs_review)


def test_the_threshold_in_use_marks_most_requests_the_rule_misses_on_the_set_it_was_chosen_on():
    """A floor, trained without the third development set: 104 of 129 marked, 1 closed with nobody
    told and 23 of 780 ordinary training replies marked when the threshold was chosen; 92 of 116
    once the rule took the requests of ordinary replies (the fourth development set's families).
    The rule takes more, so the floor is a share of what it misses."""
    chosen = evaluation.model_thresholds((optout_model.THRESHOLD,))
    row = chosen["by_threshold"][optout_model.THRESHOLD]
    assert chosen["missed_requests"] >= 100
    assert row["marked"] >= 0.75 * chosen["missed_requests"] and row["closed"] <= 3, row
    assert chosen["ordinary_marked"][optout_model.THRESHOLD] <= 30, chosen["ordinary_marked"]


def test_blank_text_is_never_marked():
    assert not optout_model.may_ask_to_stop("  \n")


def test_each_passage_of_a_reply_is_read_once():
    """A reply with no signature is its own text without one: read whole once, not twice, on every human reply."""
    read = []

    def reading(text, model=None):
        read.append(text)
        return 0.0

    with mock.patch.object(optout_model, "stop_probability", reading):
        assert not optout_model.may_ask_to_stop("Sounds good. Send me a calendar link for Thursday.")
    assert len(read) == len(set(read)) == 3, read
