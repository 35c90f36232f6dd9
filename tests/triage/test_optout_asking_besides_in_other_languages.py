"""An opt-out that asks for something besides in German, French or Spanish ("Quiero desuscribirme del boletín, pero
envíenme la propuesta de precios", "Bitte aus dem Newsletter austragen, aber schicken Sie mir das Angebot") is recorded,
and a person reads the rest, as "Unsubscribe me from the newsletter, but send me the pricing" is. The request besides
was read only in English, so the offer she asked for was lost with nobody told. A plain opt-out, or one that asks for
nothing more ("schicken Sie mir keine Angebote mehr"), needs nobody."""

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from tests.triage.helpers import make_message


def _read(text):
    result = classify_message(make_message(text))
    return result.label, escalates(result.kind, result.label, result.needs_review, result.reason)


@pytest.mark.parametrize("text", [
    "Quiero desuscribirme del boletín, pero envíenme la propuesta de precios.",
    "Quiero desuscribirme del boletín, pero sigan con lo del precio.",
    "Bitte aus dem Newsletter austragen, aber schicken Sie mir das Angebot.",
    "Vous pouvez me retirer de la newsletter, mais envoyez-moi le devis.",
])
def test_an_optout_asking_besides_is_recorded_and_read(text):
    assert _read(text) == ("unsubscribe", True), text


@pytest.mark.parametrize("text", [
    "Quiero desuscribirme, gracias.",
    "Bitte austragen. Schicken Sie mir keine Angebote mehr.",
    "Vous pouvez me retirer, merci.",
])
def test_a_plain_optout_needs_nobody(text):
    assert _read(text) == ("unsubscribe", False), text
