"""A list of firms named as ours with a word between ("your internal vendor list", "your own vendor list", "Ihrer
internen Lieferantenliste") is ours, as "your vendor list" is: a request to leave it is recorded. Taken for a list some
buyer keeps, it waited for a person with her mail held. A list another firm keeps is still none."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "Please remove us from your internal vendor list.",
    "Please remove us from your own vendor list.",
    "Bitte nehmen Sie uns aus Ihrer internen Lieferantenliste.",
    "Bitte streichen Sie uns aus Ihrer eigenen Lieferantenliste.",
])
def test_a_request_to_leave_our_own_list_of_firms_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Please remove us from Globex's internal vendor list.",
    "Wir wollen raus aus der internen Lieferantenliste von Globex.",
])
def test_another_firms_list_is_none(text):
    assert not is_unsubscribe(text), text
