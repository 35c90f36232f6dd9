"""The one date ahead an auto-reply gives is her return only where the date's own sentence speaks of her absence or
of her being reachable again: words of reaching her in the sentence before or after ("You can reach me at +1 555
0100. Our next webinar is on 20 January.") make no return of a webinar's date, which turned a plain auto-reply into
an out-of-office and held her sequence until then. A date in a sentence of her being reachable again is still her
return."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)


@pytest.mark.parametrize("body", [
    "Thanks for your email. You can reach me at +1 555 0100. Our next webinar is on 20 January.",
    "Thanks for your email. Our next webinar is on 20 January. You can reach me at +1 555 0100.",
])
def test_a_date_beside_a_sentence_of_reaching_her_is_no_return(body):
    assert return_date("Automatic reply\n" + body, SENT) is None
    result = classify_message(make_message(body, subject="Automatic reply", date="Mon, 14 Dec 2026 10:00:00 +0000",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("auto_reply", None)


@pytest.mark.parametrize("body", [
    "Thanks for your email. You can reach me again from 20 January.",
    "Thanks for your email. I will be reachable on 20 January. Call +1 555 0100 until then.",
])
def test_a_date_in_a_sentence_of_her_being_reachable_again_is_her_return(body):
    assert return_date("Automatic reply\n" + body, SENT) == date(2027, 1, 20)
