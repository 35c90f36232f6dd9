"""An out-of-office whose added words ask for nothing to stop stays an out-of-office, read by nobody: what holds
only until she is back, until then or for this year ("Please do not send further documents until I return",
"No more work for me this year"), the notice's own "please do not reply to this message", and whom else to
write to ("Any invoices should go to accounts payable"). A request to stop beside an absence is
still read by a person (``test_unsure_optout_in_an_absence``)."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP
from tests.triage.helpers import make_message

DATE = "Mon, 14 Dec 2026 10:00:00 +0100"

NOTICES = [
    "I'm off until 4 January, no more meetings for me this year. Happy holidays!",
    "I'm on vacation until January 7th, no more work for me this year! Merry Christmas and a happy new year.",
    "Ich bin bis zum 7. Januar nicht im Büro. Bitte senden Sie keine weiteren Unterlagen bis zu meiner Rückkehr.",
    "Estoy fuera hasta el 7 de enero. No más reuniones este año, ¡felices fiestas!",
    "I am on leave until 7 January. No action will be taken on your email until then.",
    "Out of office until 7 Jan. I won't be signing any further contracts until my return.",
    "I am out until 7 January. Our office is closed and we will not be shipping any further orders until then.",
    "I am out of the office until 7 January. Please do not reply to this message.",
    "Je suis absente jusqu'au 7 janvier. Merci de ne pas répondre à ce message.",
    "I'm away until 7 January with no laptop. Any invoices should go to accounts payable, not to me.",
]
REQUESTS = [
    "I'm out of the office until 7 January. I'd rather not get these going forward.",
    "Ich bin bis zum 7. Januar im Urlaub. Solche Angebote möchte ich künftig nicht mehr bekommen.",
]


def _read(body: str):
    return classify_message(make_message(body, subject="Automatic reply: Re: Quick question", date=DATE,
                                         headers={"Auto-Submitted": "auto-replied"}))


@pytest.mark.parametrize("body", NOTICES)
def test_words_bounded_by_her_absence_ask_nothing_to_stop(body):
    result = _read(body)
    assert result.kind == "out_of_office", (result.kind, result.label, result.reason)


@pytest.mark.parametrize("body", REQUESTS)
def test_a_request_to_stop_beside_an_absence_still_goes_to_a_person(body):
    result = _read(body)
    assert (result.kind, result.reason) == ("human", AUTO_MAY_ASK_TO_STOP)
