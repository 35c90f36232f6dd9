"""An out-of-office that says she is away for some days ("for 3 days", "in 2 days", "die nächsten 5 Tage")
gives her return that many days on, as one in weeks does; the span is read, never a reason for triage
to give up on the message and quarantine it."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date

from .helpers import make_message

SENT = date(2026, 11, 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("I am away at a conference for 3 days with no access to email.", date(2026, 11, 23)),
    ("I am out of the office and will be back in 2 days.", date(2026, 11, 22)),
    ("Ich bin die nächsten 5 Tage nicht im Büro.", date(2026, 11, 25)),
])
def test_a_span_of_days_gives_her_return(text, expected):
    assert return_date(text, SENT) == expected


def test_an_out_of_office_away_for_days_is_classified():
    result = classify_message(make_message("I am out of the office for 3 days with no access to email.",
                                           subject="Automatic reply: Quick question",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert result.kind == "out_of_office" and result.return_date == date(2024, 6, 6)
