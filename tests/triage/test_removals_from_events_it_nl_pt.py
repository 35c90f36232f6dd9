"""A removal from one meeting, invite or webinar in Italian, Dutch or Portuguese ("Toglietemi dalla riunione di
giovedì", "Verwijder me uit de uitnodiging", "Tire-me da reunião") leaves that meeting, not our mail: as in English,
German, French and Spanish, a person reads it rather than every play stopping for good. A removal from our list in the
same words ("Cancellatemi dalla vostra lista", "Verwijder me uit jullie bestand", "Removam-me da vossa lista") or with
nothing named stays an opt-out."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Cancellatemi dal webinar, grazie.",
    "Toglietemi dalla riunione di giovedì.",
    "Rimuovetemi dalla chiamata di domani, viene Marco.",
    "Schrijf me uit voor het webinar.",
    "Verwijder me uit de uitnodiging, Sanne neemt het over.",
    "Haal me van de vergadering af.",
    "Removam-me do webinar, obrigado.",
    "Tire-me da reunião, o João vai.",
    "Remova-me do convite.",
])
def test_a_removal_from_a_meeting_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Cancellatemi dalla vostra lista.",
    "Rimuovetemi, grazie.",
    "Verwijder me uit jullie bestand.",
    "Schrijf me uit, alstublieft.",
    "Haal me van jullie mailinglijst.",
    "Removam-me da vossa lista.",
    "Tire-me da lista, por favor.",
    "Remova-me, obrigado.",
])
def test_a_removal_from_our_mail_is_recorded(text):
    assert_recorded(text)
