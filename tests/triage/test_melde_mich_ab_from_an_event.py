"""A bare "Ich melde mich ab" whose sentence names the event she leaves ("Ich melde mich ab, ich schaffe es nicht zum
Webinar") deregisters her from that event, as "Ich melde mich vom Webinar ab" does: a person reads it, not every play
stopped for good. Alone or with nothing of an event in its sentence ("Ich melde mich ab, danke.") it is the opt-out
it says."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Ich melde mich ab, ich schaffe es nicht zum Webinar.",
    "Ich melde mich ab, komme leider nicht zum Termin am Donnerstag.",
    "Wir melden uns ab, die Veranstaltung passt zeitlich nicht.",
])
def test_a_bare_abmelden_beside_an_event_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Ich melde mich ab.",
    "Ich melde mich ab, danke.",
    "Ich melde mich hiermit ab, keine Mails mehr bitte.",
    "Ich melde mich ab, eventuell nächstes Jahr wieder.",
])
def test_a_bare_abmelden_is_recorded(text):
    assert_recorded(text)
