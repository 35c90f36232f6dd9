"""An opt-out that hands her place to someone else ("Danke, bitte aus dem Verteiler nehmen und Frau Meier eintragen",
"Please delist me and list my colleague Ann instead", "Quiero desuscribirme y que escriban a mi compañera Ana en mi
lugar") is recorded, and a person reads it: the colleague she names is a lead nobody else hears of. Recorded with
nobody told, the hand-off was lost. A plain opt-out is still recorded with nobody to read it."""

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from tests.triage.helpers import assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "Danke, bitte aus dem Verteiler nehmen und Frau Meier eintragen",
    "Danke, bitte aus dem Verteiler nehmen und stattdessen meine Kollegin Frau Meier anschreiben.",
    "Kein Bedarf, bitte aus dem Verteiler nehmen, an meiner Stelle ist jetzt Herr Braun zuständig.",
    "Danke - bitte austragen, Frau Meier übernimmt das Thema.",
    "Please delist me and list my colleague Ann instead.",
    "Pls remove me, my colleague Ann handles this now.",
    "Quiero desuscribirme y que escriban a mi compañera Ana en mi lugar.",
    "Vous pouvez me retirer, ma collègue Julie s'en occupe désormais.",
])
def test_an_optout_handing_her_place_on_is_read_by_a_person(text):
    result = classify_message(make_message(text))
    assert result.label == "unsubscribe", (text, result.label)
    assert escalates(result.kind, result.label, result.needs_review, result.reason), (text, result.reason)


@pytest.mark.parametrize("text", [
    "Kein Bedarf, bitte abmelden",
    "Danke, bitte aus dem Verteiler nehmen",
    "Please delist me",
    "Quiero desuscribirme, gracias.",
])
def test_a_plain_optout_needs_nobody(text):
    assert_recorded(text)
    result = classify_message(make_message(text))
    assert not escalates(result.kind, result.label, result.needs_review, result.reason), text
