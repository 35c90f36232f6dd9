"""A request to leave a list of firms some buyer keeps, in Italian, Dutch and Portuguese as in the four languages
before ("toglieteci dalla lista dei fornitori di Globex", "haal ons van de leverancierslijst van Globex", "tirem-nos
da lista de fornecedores da Globex"), asks nothing of our mail: it is no opt-out from us, and a person reads it. It
was recorded as a permanent opt-out from us. The same list named as ours ("dalla vostra lista dei fornitori", "van
uw leverancierslijst", "da vossa lista de fornecedores") is recorded as the opt-out it is."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Toglieteci dalla lista dei fornitori di Globex, per favore.",
    "Vorremmo essere rimossi dall'elenco fornitori di Globex.",
    "Haal ons van de leverancierslijst van Globex.",
    "Verwijder ons uit de lijst van leveranciers van Globex, graag.",
    "Tirem-nos da lista de fornecedores da Globex.",
    "Por favor, removam-nos do cadastro de fornecedores da Globex.",
])
def test_leaving_another_firms_list_is_no_opt_out_and_goes_to_a_person(text):
    assert not is_unsubscribe(text), text
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Toglieteci dalla vostra lista dei fornitori.",
    "Cancellatemi dalla vostra lista, e anche dalla lista dei fornitori di Globex.",
    "Haal ons van uw leverancierslijst.",
    "Verwijder mij van uw lijst.",
    "Tirem-nos da vossa lista de fornecedores.",
    "Removam-me da sua lista de fornecedores.",
])
def test_our_list_of_firms_is_still_recorded(text):
    assert_recorded(text)
