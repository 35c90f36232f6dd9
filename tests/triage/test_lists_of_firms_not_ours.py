"""A request to leave a list of firms that some buyer keeps ("Wir wollen raus aus der Liste der Lieferanten von
Globex", "take us off Globex's approved vendor list", "sortir de la liste des fournisseurs de Globex", "salir de la
lista de proveedores de Globex") asks nothing of our mail: it is no opt-out from us, and a person reads the reply,
which was recorded as a permanent opt-out before. A list named as ours ("Nehmen Sie uns aus Ihrer Liste", "remove us
from your vendor list"), or our list asked beside the other ("remove us from your list and from Globex's supplier
list"), is recorded as the opt-out it is."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Wir wollen raus aus der Liste der Lieferanten von Globex.",
    "Wir wollen raus aus der Lieferantenliste von Globex. Können Sie da helfen?",
    "Bitte nehmen Sie uns aus der Globex-Lieferantenliste.",
    "We want off Globex's supplier list, any idea how?",
    "Please remove us from the Globex supplier list.",
    "We'd like to be removed from Globex's approved vendor list.",
    "Je veux sortir de la liste des fournisseurs de Globex.",
    "Nous voulons être retirés de la liste des fournisseurs de Globex.",
    "Quiero salir de la lista de proveedores de Globex.",
    "Queremos que nos saquen de la lista de proveedores de Globex, ¿saben cómo?",
])
def test_leaving_a_list_of_firms_is_no_opt_out_and_goes_to_a_person(text):
    assert not is_unsubscribe(text)
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Nehmen Sie uns aus Ihrer Liste.",
    "Nehmen Sie uns bitte aus Ihrer Lieferantenliste.",
    "Please remove us from your vendor list.",
    "Please remove us from your list and from Globex's supplier list.",
    "Take me off your mailing list. We're not even on Globex's vendor list anymore.",
    "Retirez-nous de votre liste, et de la liste des fournisseurs de Globex.",
    "Sáquenme de su lista de proveedores.",
    "Quiero salir de su lista.",
])
def test_our_list_named_is_still_an_opt_out(text):
    assert_recorded(text)
