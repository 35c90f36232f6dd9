"""A German request for no more contact is recorded as the opt-out it is when it says from when ("Bitte ab sofort
keinen Kontakt mehr", "Ich möchte in Zukunft keinen Kontakt mehr") or from whom ("Ich möchte von Ihnen keinen Kontakt
mehr"): since 48d6addb only a bare request was one, and these went to a person read as a question, an objection or a
referral to someone else, whose suggested answer wrote to her again."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Bitte ab sofort keinen Kontakt mehr.",
    "Ich möchte ab sofort keinen Kontakt mehr.",
    "Ich möchte in Zukunft keinen Kontakt mehr.",
    "Ich möchte von Ihnen keinen Kontakt mehr.",
    "Kein Interesse. Künftig bitte keinen Kontakt mehr.",
])
def test_a_request_for_no_more_contact_from_now_on_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Zu Herrn Braun habe ich ab sofort keinen Kontakt mehr, er ist gegangen. Bitte schreiben Sie Frau Koch.",
    "Ich will nur sagen, dass wir seit Jahren keinen Kontakt mehr zu der Agentur haben. Passt nächste Woche ein Anruf?",
])
def test_contact_lost_with_another_is_still_no_opt_out(text):
    assert_read_by_a_person(text)
