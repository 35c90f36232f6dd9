"""Asking to have one's doubts cleared ("¿Podría sacarme de dudas sobre el precio?", "¿Me podría sacar de una duda?",
"Me saca de dudas: ¿cuánto cuesta?") is a question, not a request to stop: "sacarme de" in the older Spanish removal
rule took it for one and recorded a buyer asking about the price as a permanent opt-out with nobody told. It is
neither recorded nor marked as possibly asking us to stop. "Sáquenme de su lista" and "pueden sacarme de la lista" are
still recorded."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.labels import is_unsubscribe, mentions_optout
from tests.triage.helpers import assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "¿Podría sacarme de dudas sobre el precio?",
    "Hola, ¿me podrían sacar de una duda? ¿Incluye soporte?",
    "¿Podrías sacarme de una duda sobre la integración con HubSpot?",
    "Me saca de dudas: ¿cuánto cuesta la licencia anual?",
    "Quisiera sacarnos de dudas antes de la reunión: ¿funciona con Salesforce?",
])
def test_a_question_to_clear_doubts_is_no_opt_out(text):
    assert not is_unsubscribe(text), text
    assert not mentions_optout(text), text
    assert classify_message(make_message(text)).label != "unsubscribe", text


@pytest.mark.parametrize("text", [
    "Sáquenme de su lista.",
    "Por favor, sacarme de su lista de correos.",
    "No me interesa, pueden sacarme de la lista.",
    "Quiero que dejen de escribirme, sacarme de sus envíos.",
])
def test_a_removal_from_our_list_is_still_recorded(text):
    assert_recorded(text)
