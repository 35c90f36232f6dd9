"""A bare attribution whose name opens with a word a citing line of hers may open with ("Het Patel <het@…> wrote:",
"So-yeon Kim <soyeon@…> wrote:", "Pero Horvat <pero@…> schrieb:") still opens a quote: its address, or a word joined
to it, makes it a name, not her sentence. Read as hers, the colleague's request to stop quoted below her "Sounds good,
Thursday then." was recorded as her own permanent opt-out with nobody told. "As Dana wrote:" still opens none."""

import pytest

from sdr_assets.triage.quotes import written_text
from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("attribution", [
    "Het Patel <het@customer.example> wrote:",
    "So-yeon Kim <soyeon@customer.example> wrote:",
    "So-yeon Kim wrote:",
    "Pero Horvat <pero@customer.example> schrieb:",
    "Mas Ali <mas@customer.example> escribió:",
])
def test_an_attribution_of_such_a_name_opens_a_quote(attribution):
    body = f"Sounds good, Thursday then.\n\n{attribution}\nPlease remove me from your list."
    assert written_text(body) == "Sounds good, Thursday then."
    assert_read_by_a_person(body)


def test_her_citing_line_still_opens_none():
    assert_recorded("As Dana wrote:\nwe have no budget. Please remove me from your list.")
