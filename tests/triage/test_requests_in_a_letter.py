"""A request to stop in words the rule lacks reaches a person whether it stands alone or in a letter: under a
greeting, over a sign-off or a signature block, after a courtesy. The opt-out model read her text as one bag of
words, in which those words of ordinary replies outweighed a short request: such replies were closed as plain
declines with nobody told (``optout_model``)."""

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message, optout_model
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.triage.helpers import make_message

LETTERS = {
    "alone": "{}",
    "over a sign-off": "{}\n\nThanks,\nPat",
    "between a greeting and a sign-off": "Hi Alex,\n\n{}\n\nBest,\nPat",
    "over a signature block": "{}\n\n--\nPat Doe\nHead of Ops, Customer Inc.\n+1 555 0100",
    "after a courtesy": "Thanks for reaching out. {}",
}
REQUESTS = [
    # Written for this test.
    "Not interested. Consider this my last reply to you, and yours to me.",
    "Let this be the last one, okay?",
    # Requests of the development sets the rule does not take (dev2-037, dev3-214, dev3-268, dev3-313).
    "No need to circle back. Ever.",
    "stop merci",
    "Votre mail a clairement été rédigé par une IA. Pas intéressé, et n'insistez pas.",
    "Cut it out with the emails, mate. Not interested.",
    # A request in one capitalised word, which alone looks like a name to the reading of names.
    "Enough.",
]


@pytest.mark.parametrize("letter", LETTERS)
@pytest.mark.parametrize("request_to_stop", REQUESTS)
def test_a_request_the_rule_lacks_reaches_a_person_in_every_shape_of_letter(request_to_stop, letter):
    result = classify_message(make_message(LETTERS[letter].format(request_to_stop)))
    assert (result.label != "unsubscribe", result.reason) == (True, MAY_ASK_TO_STOP), result
    assert escalates(result.kind, result.label, result.needs_review)


@pytest.mark.parametrize("letter", LETTERS)
def test_an_ordinary_reply_in_a_letter_is_not_marked(letter):
    assert not optout_model.may_ask_to_stop(LETTERS[letter].format("Sounds good, send me a calendar link for Thursday."))


def test_a_request_in_capitals_between_a_greeting_and_a_sign_off_reaches_a_person():
    """Each of its words starts with a capital, as a name's do: it is read all the same."""
    text = "Hi Alex, thanks for the note and the details on the product.\nNO NEED TO CIRCLE BACK. EVER.\nBest, Pat"
    result = classify_message(make_message(text))
    assert (result.label != "unsubscribe", result.reason) == (True, MAY_ASK_TO_STOP), result


@pytest.mark.parametrize("sign_off", ["Best,\nAlexander Warren", "Best, Alexander Warren"])
def test_an_ordinary_reply_over_her_full_name_is_not_marked(sign_off):
    """The model knows nothing of her name: read alone or with her sign-off, it would pass for a request."""
    reply = f"Hi Alex,\n\nSounds good, send me a calendar link for Thursday.\n\n{sign_off}"
    assert not optout_model.may_ask_to_stop(reply)

