"""A link's words are one list: a company's footer and a link's word alone on a reply's last line read the same words."""

import pytest

from sdr_assets.triage.closing_link_words import without_closing_link_word
from sdr_assets.triage.company_footers import company_footer_start

WORDS = ["Unsubscribe", "Opt-out", "Optout", "Manage preferences", "Manage your subscriptions", "Abmelden",
         "Abbestellen", "Se désabonner", "Désinscription", "Désinscrire", "Darse de baja", "Cancella iscrizione",
         "Cancellare l'iscrizione", "Uitschrijven", "Afmelden", "Descadastrar"]
REPLY = "Thursday 2pm works for me."


@pytest.mark.parametrize("word", WORDS)
def test_a_links_word_alone_on_the_last_line_is_set_apart(word):
    assert without_closing_link_word(f"{REPLY}\n\n{word}") == REPLY


@pytest.mark.parametrize("word", WORDS)
def test_a_links_word_beside_a_company_makes_its_footer(word):
    assert company_footer_start((REPLY, "", f"Acme Ltd. {word}")) == 2


@pytest.mark.parametrize("line", ["Please unsubscribe me.", "Opt out of what?"])
def test_a_line_of_hers_is_no_links_word(line):
    assert without_closing_link_word(f"{REPLY}\n\n{line}") is None
