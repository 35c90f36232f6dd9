"""A removal she leaves to us after a decline ("Not interested, so you can drop me", "Kein Interesse, Sie können mich
streichen", "Pas intéressé, vous pouvez me retirer", "No me interesa, pueden borrarme") asks us to stop as plainly as
"remove me" does, and is recorded: the rule knew each verb only as an order, so the reply closed as a decline with
nobody asked and her mail went on to the next play. So is "Don't ever email me again", which waited for a person.
"Drop me a line", a removal asked about ("Can you drop me?") or from a meeting ("Sie können mich aus dem Termin
streichen") is none."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "Not interested, so you can drop me.",
    "Not interested, just drop me.",
    "Please drop us, thanks.",
    "Don't ever email me again.",
    "Kein Interesse, Sie können mich streichen.",
    "Kein Interesse, Sie können uns gerne aus dem Verteiler nehmen.",
    "Pas intéressé, vous pouvez me retirer.",
    "Pas intéressés, vous pouvez nous supprimer de votre liste.",
    "No me interesa, pueden borrarme.",
    "No nos interesa, pueden darnos de baja.",
])
def test_a_removal_left_to_us_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Drop me a line next week.",
    "Just drop me an email when it's live.",
    "Can you drop me?",
    "You can drop me off at the station.",
    "Sie können mich aus dem Termin am Donnerstag streichen.",
    "Vous pouvez me retirer de l'invitation de jeudi.",
    "Pueden quitarme de la reunión del jueves.",
])
def test_no_removal_from_our_mail_is_no_opt_out(text):
    assert not is_unsubscribe(text)
