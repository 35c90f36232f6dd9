""""Count me out." declines the offer and is labelled not interested: labelled interested, it counted as a positive
reply in the play's figures and offered a person an answer inviting her to book a time. Leaving the webinar we offered
declines it too, and is no opt-out of our mail. "Count me in" is still interest."""

import pytest

from sdr_assets.triage import classify_message
from tests.triage.helpers import make_message


@pytest.mark.parametrize("text", ["Count me out.", "Count me out, thanks.", "Thanks, but count us out.",
                                  "Count me out of the webinar."])
def test_count_me_out_is_a_decline(text):
    assert classify_message(make_message(text)).label == "not_interested"


def test_count_me_in_is_interest():
    assert classify_message(make_message("Count me in! Thursday works.")).label == "interested"
