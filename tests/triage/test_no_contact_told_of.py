"""A German reply that tells of contact lost with someone else ("Zu Herrn Braun habe ich keinen Kontakt mehr", "wir
haben keinen Kontakt mehr zu ihm") is no opt-out: recorded as one, it suppressed for good a prospect who names her
successor or asks for a call. "Keinen Kontakt mehr, bitte" and "Ich möchte keinen Kontakt mehr" still are."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Zu Herrn Braun habe ich leider keinen Kontakt mehr, er hat das Unternehmen verlassen. Versuchen Sie es bei "
    "Frau Yilmaz.",
    "Herr Braun ist nicht mehr bei uns, wir haben keinen Kontakt mehr zu ihm. Ich bin jetzt zuständig und interessiert.",
    "Wir haben mit dem bisherigen Anbieter keinen Kontakt mehr, daher passt Ihr Timing gut. Können wir nächste Woche "
    "sprechen?",
    "Mit der Agentur hatten wir seit März keinen Kontakt mehr. Schicken Sie mir gern Unterlagen.",
])
def test_contact_lost_with_another_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Keinen Kontakt mehr, bitte.", "Bitte keinen Kontakt mehr.", "Kein Interesse. Keinen Kontakt mehr!",
    "Ich möchte keinen Kontakt mehr.", "Wir wünschen keinen Kontakt mehr mit Ihrer Firma.",
])
def test_a_request_for_no_more_contact_is_recorded(text):
    assert_recorded(text)
