"""A list of firms named as ours inside its name ("la liste de vos prestataires", "der Liste von Ihren Lieferanten",
"la lista de sus proveedores") is ours, as one named so before it is ("votre liste de prestataires"): a request to
leave it is recorded. It was taken for a list some buyer keeps, and the opt-out waited for a person with her mail
held. Another firm's list ("la liste des fournisseurs de Globex") is still none of ours
(``test_lists_of_firms_not_ours``)."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Merci de me retirer de la liste de vos prestataires.",
    "Bitte nehmen Sie uns aus der Liste von Ihren Lieferanten.",
    "Por favor, sáquenos de la lista de sus proveedores.",
    "Retirez-nous du fichier de vos fournisseurs, merci.",
])
def test_a_list_of_firms_named_as_ours_inside_is_ours(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Je veux sortir de la liste des fournisseurs de Globex.",
    "Wir wollen raus aus der Liste der Lieferanten von Globex.",
])
def test_another_firms_list_is_still_not_ours(text):
    assert_read_by_a_person(text)
