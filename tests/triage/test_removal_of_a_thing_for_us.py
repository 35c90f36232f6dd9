"""A removal she asks of a thing, not of herself, is no opt-out: "¿Pueden quitarnos la cuota de instalación?" (take
the setup fee off for us), "Vous pouvez nous retirer les frais de mise en service ?", "Sie können uns den Termin am
Donnerstag streichen", "¿Me puede sacar de una duda?" (clear up a doubt for me), and "please drop me" at the end of a
line her mail program wrapped ("please drop me / a note then"). Each was recorded as a permanent opt-out by the rule
for a removal left to us, and a buyer who asked about the price was never mailed again with nobody told. The removal
of herself still is one (``test_removal_left_to_us``), and so is her data's ("pueden borrarme los datos")."""

import pytest

from sdr_assets.triage import classify_message
from tests.triage.helpers import assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "¿Pueden quitarnos la cuota de instalación?",
    "Si pueden quitarnos la tarifa de alta, firmamos hoy.",
    "Pueden borrarme el archivo que les envié ayer, estaba mal.",
    "¿Me puede sacar de una duda? ¿El precio incluye IVA?",
    "Vous pouvez nous retirer les frais de mise en service ?",
    "Si vous pouvez nous supprimer la remise minimale, on signe.",
    "Sie können uns den Termin am Donnerstag streichen, wir melden uns.",
    "Sie können uns gerne die Einrichtungsgebühr streichen, dann unterschreiben wir.",
    "Happy to chat in Q3 - please drop me\na note then.",
    "If anything changes, just drop me\na line.",
])
def test_a_removal_of_a_thing_is_no_opt_out(text):
    assert classify_message(make_message(text)).label != "unsubscribe", text


@pytest.mark.parametrize("text", [
    "No me interesa, pueden borrarme de su lista.",
    "No me interesa, pueden borrarme del listado.",
    "Pas intéressé, vous pouvez me retirer du fichier.",
    "Kein Interesse, Sie können uns gerne streichen.",
    "Kein Interesse, Sie können mich für die Zukunft streichen.",
    "No me interesa, pueden borrarme los datos.",
    "Kein Interesse, Sie können uns die Daten löschen.",
    "Pas intéressés, vous pouvez nous supprimer les données.",
    "Not interested, so you can drop me\n\nPat",
    "Not interested, you can drop me\nThanks",
])
def test_a_removal_of_herself_is_recorded(text):
    assert_recorded(text)
