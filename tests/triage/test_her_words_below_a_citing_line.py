"""A line of hers that cites someone ("As Dana wrote:", "Our CEO Maria Lopez wrote:", "Wie Frau Meier schrieb:",
"Comme Julie a écrit :") opens no quote: her words below it are hers, and a request to stop there is recorded. Taken
for a bare attribution ("Alex Seller wrote:"), everything below it was set aside as history, and her opt-out waited
for a person with her mail held. A bare attribution of names still opens a quote
(``test_stop_above_a_standing_promise``)."""

import pytest

from sdr_assets.triage.quotes import written_text
from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "Thanks for the note.\n\nOur CEO Maria Lopez wrote:\nWe are not buying anything this year.\n\n"
    "So please take me off your list.",
    "As Dana wrote:\nwe have no budget. Please remove me from your list.",
    "Wie Frau Meier schrieb:\nkein Bedarf. Bitte nehmen Sie mich aus dem Verteiler.",
    "Comme Julie a écrit :\npas de budget. Merci de me retirer de votre liste.",
])
def test_a_stop_below_a_line_citing_someone_is_recorded(text):
    assert_recorded(text)


def test_a_bare_attribution_of_names_still_opens_a_quote():
    body = "Thanks, Thursday works.\n\nAlex Seller wrote:\nHi Pat, can we talk on Thursday?"
    assert written_text(body) == "Thanks, Thursday works."
