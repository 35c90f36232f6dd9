""""Count me out of all of this" leaves everything we send, not the offer alone: it is recorded as an opt-out, as
"Count me out of these emails" is. Closed as a decline, her mail went on to the next play with nobody asked. "Count me
out." alone and "Count me out of the webinar" still decline (``test_count_me_out``)."""

import pytest

from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "Count me out of all of this.",
    "Count me out of all of this",
    "Thanks, but count us out of all this.",
    "Please count me out of everything, thanks.",
    "Count me out of all of it!",
])
def test_count_me_out_of_everything_is_recorded(text):
    assert_recorded(text)
