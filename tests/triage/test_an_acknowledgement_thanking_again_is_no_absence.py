"""An auto-reply that is no notice of absence (a ticket's or a sales team's acknowledgement) and gives a date beside
"again" ("Thank you again for contacting Acme Support. Your ticket #4411 will be answered by 5 January", "please try
again after 5 January") is an auto-reply: the date is nobody's return. Read as one, the acknowledgement became an
out-of-office, her sequence paused for weeks, and a ticket's words the opt-out model misread stopped her sequence and
went to a person as one that may ask us to stop. "Again" beside a date in a notice of her absence is still her
return."""

from datetime import date

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.autoreply import return_date
from tests.triage.helpers import make_message

SENT = date(2026, 12, 14)


@pytest.mark.parametrize(("subject", "body"), [
    ("Request received", "Thank you again for contacting Acme Support. Your ticket #4411 will be answered by 5 January."),
    ("Automatic reply", "Thanks again for your interest! Our sales team will contact you on 6 January."),
    ("Automatic reply", "Thank you for your email. Our portal is down for maintenance; please try again after 5 January."),
    ("Réponse automatique", "Merci de votre message. Nous vous recontacterons à nouveau le 8 janvier."),
])
def test_an_acknowledgement_with_a_date_beside_again_is_an_auto_reply(subject, body):
    result = classify_message(make_message(body, subject=subject, date="Mon, 14 Dec 2026 10:00:00 +0000",
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.label, result.return_date) == ("auto_reply", None, None)


def test_again_beside_a_date_in_a_notice_of_her_absence_is_her_return():
    text = ("Out of office\nThank you for your message. I am on parental leave with no access to my email, and "
            "the team will answer you in the meantime. Happy to talk again on 12 January.")
    assert return_date(text, SENT) == date(2027, 1, 12)
