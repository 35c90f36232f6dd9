"""A suggested answer is written in the language of the reply it answers: a German, French or Spanish
prospect is offered an answer in her language, not one in English that a person sends as it stands or
must translate. A reply in English keeps its English answer."""

import pytest

from sdr_assets.domain.languages import languages_of, read_words
from sdr_assets.domain.suggestions import OBJECTION_LINES, offline_suggestion

REPLIES = {
    "de": "Hallo, das klingt interessant. Können Sie mir vorab ein paar Unterlagen schicken? Viele Grüße",
    "fr": "Bonjour, c'est intéressant pour nous. Pouvez-vous m'envoyer une présentation avant un appel ?",
    "es": "Hola, nos interesa mucho. ¿Podemos hablar la semana que viene? Saludos",
}
LABELS = [("interested", None), ("question", None), ("wrong_person", None), ("not_interested", None),
          ("unsure", None), *(("objection", s) for s in OBJECTION_LINES)]


def _language(text: str) -> str:
    """The language most of ``text``'s words read as, English when none other."""
    read, counts = read_words(text)
    found = languages_of(read, counts, short=False)
    return found[0] if found else "en"


@pytest.mark.parametrize("code", sorted(REPLIES))
@pytest.mark.parametrize(("label", "sub_reason"), LABELS)
def test_the_offline_answer_is_in_the_language_of_the_reply(code, label, sub_reason):
    for url in ("", "https://cal.example/team"):
        answer = offline_suggestion(label, sub_reason, "Jana", None, url, REPLIES[code])
        assert _language(answer) == code, answer
        assert "Jana" in answer and (label != "interested" or not url or url in answer), answer


@pytest.mark.parametrize("code", sorted(REPLIES))
def test_a_referral_is_named_in_the_answer_in_her_language(code):
    answer = offline_suggestion("not_interested", None, "Jana", "maria@acme.example", "", REPLIES[code])
    assert _language(answer) == code and "maria@acme.example" in answer, answer


def test_an_answer_without_a_first_name_greets_no_one_by_a_word_of_english():
    answer = offline_suggestion("question", None, "", None, "", REPLIES["de"])
    assert _language(answer) == "de" and "there" not in answer, answer


def test_an_english_reply_keeps_its_english_answer():
    answer = offline_suggestion("interested", None, "Jana", None, "", "Sounds interesting, can you send some details?")
    assert answer == ("Thanks Jana, glad this is timely. I'll send over what you asked for first. "
                      "Which times suit you? I'll send an invite for the one you choose.")
