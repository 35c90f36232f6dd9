"""A request to stop everything takes back the mail she allowed beside a request to stop calling: "Stop calling me, email
is fine if you must, but I'd rather you stopped altogether" (``whole_stops``)."""

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.triage.helpers import assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "Stop calling me, email is fine if you must, but I'd rather you stopped altogether",
    "Stop calling me, email is fine if you must, but I would prefer you stop altogether.",
    "Please stop calling me, email is fine. Actually, just stop everything.",
    "Stop calling me, email is fine. On second thought, stop emailing too.",
    "Stop calling me, email is fine. Honestly, stop for good, thanks.",
    "Stop calling me, email is fine. I'm done with this (really) stop everything.",
])
def test_a_request_to_stop_everything_is_an_opt_out_whatever_mail_she_allowed_before(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "I'd rather you stopped altogether.",
    "Please stop altogether.",
    "Just stop everything and listen: we want 50 seats.",
    "Honestly, stop everything, the CFO approved it. Send the order form.",
    "We'd rather you stop, regroup with your SE, and come back with a demo next week.",
    "I'd rather you stopped, took a breath, and sent me a proper proposal.",
    "Stop it altogether, the old tool I mean. We're switching to you, send the contract.",
    "Stop everything, we just got budget approved. Call me tomorrow!",
])
def test_a_stop_of_everything_with_no_mail_allowed_before_it_is_read_by_a_person(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)
    assert escalates(result.kind, result.label, result.needs_review, result.reason), text


@pytest.mark.parametrize("text", [
    "Please stop calling me, email is fine.",
    "Stop calling altogether, email is fine.",
    "I'd rather you stopped calling, email works.",
    "Stop calling me, email is fine. Don't stop everything, I like the updates.",
    "We stopped altogether last year, so the timing is good.",
    "Should we stop altogether?",
    "Stop everything you are doing and book a call with me!",
])
def test_a_stop_of_one_thing_ours_told_of_or_asked_is_no_request_to_stop_everything(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)


def test_a_request_to_stop_calling_that_welcomes_mail_still_goes_to_a_person_with_her_mail_held():
    result = classify_message(make_message("Please stop calling me, email is fine"))
    assert (result.label != "unsubscribe", result.reason) == (True, MAY_ASK_TO_STOP)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
