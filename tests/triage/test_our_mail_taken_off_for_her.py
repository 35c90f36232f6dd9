"""A removal left to us of her subscription or of our mail itself ("pueden eliminarnos la suscripción", "vous pouvez nous
retirer l'abonnement", "Sie können uns gerne die E-Mails streichen", "pueden borrarme el email de su lista") is an
opt-out, as her data's removal is. Read as a thing taken off for her ("quitarnos la cuota"), each was closed as a
decline with no opt-out and nobody told. A fee or a meeting taken off is still none."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "No nos interesa, pueden eliminarnos la suscripción, gracias.",
    "No me interesa, pueden borrarme el email de su lista.",
    "No nos interesa, pueden quitarnos los correos.",
    "Pas intéressé, vous pouvez nous retirer l'abonnement.",
    "Pas intéressé, vous pouvez me supprimer les e-mails.",
    "Kein Interesse, Sie können uns gerne die E-Mails streichen.",
    "Kein Interesse, Sie können uns den Newsletter streichen.",
])
def test_our_mail_taken_off_for_her_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "¿Pueden quitarnos la cuota de instalación?",
    "Vous pouvez nous retirer les frais ?",
    "Sie können uns den Termin am Donnerstag streichen",
])
def test_a_thing_taken_off_is_none(text):
    assert not is_unsubscribe(text), text
