"""An out-of-office away until the end of a month, or back at its end or late in it ("until the end of January", "bis
Ende Februar", "jusqu'à fin janvier", "hasta finales de enero", "terug eind januari"), returns her on its last day:
read as the 25th, her follow-up went out while she was still away."""

from datetime import date

import pytest

from sdr_assets.triage.autoreply import return_date

SENT = date(2026, 12, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("I am out of the office until the end of January.", date(2027, 1, 31)),
    ("I am on leave, back in late January.", date(2027, 1, 31)),
    ("Ich bin bis Ende Februar in Elternzeit.", date(2027, 2, 28)),
    ("Je suis absente jusqu'à fin janvier.", date(2027, 1, 31)),
    ("Estoy de baja hasta finales de enero.", date(2027, 1, 31)),
    ("Sono in ferie fino a fine gennaio.", date(2027, 1, 31)),
    ("Ik ben met vakantie, terug eind januari.", date(2027, 1, 31)),
])
def test_the_end_of_a_month_is_its_last_day(text, expected):
    assert return_date(text, SENT) == expected
