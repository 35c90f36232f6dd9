"""A stop beside a call she announces herself within a set time ("Stop following up, I'll call you within 24 hours",
"je vous rappelle sous 48h", "le llamo en 24 horas") is timing a person reads, her mail held, as it is without the
time: a set time to answer is a desk's promise only when a desk speaks, as "we", not when she says "I". Taken for a
support desk's promise, each was recorded as a permanent opt-out of a buyer who was about to call. The desk's promise
("Acme Support – we'll get back to you within one business day") stays no call of hers
(``test_stop_above_a_standing_promise``)."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Stop following up, I'll call you within 24 hours once I've talked to our CFO.",
    "Please stop the reminders. I will get back to you within two business days with our decision.",
    "Merci d'arrêter les relances, je vous rappelle sous 48h.",
    "Bitte keine Erinnerungen mehr, ich rufe Sie innerhalb von 24 Stunden an.",
    "Por favor, dejen de escribirme, le llamo en 24 horas.",
])
def test_a_stop_beside_her_own_call_within_a_set_time_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Please stop emailing me.\nAcme Support – we'll get back to you within one business day",
    "Bitte keine Mails mehr.\nKundenservice Acme: Wir melden uns innerhalb von 24 Stunden bei Ihnen.",
])
def test_a_stop_above_a_desk_promise_is_still_recorded(text):
    assert_recorded(text)
