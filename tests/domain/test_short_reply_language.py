"""A short reply is answered in the language of its words: "Me interesa, gracias.", "Ok, danke", "Non merci, pas pour
l'instant", "Kein Bedarf." and "Plus de mails svp" were read as English, having fewer than two function words of their
language or as many as of English ("no" and "me" are English words too), so the model was asked in English and a
Spanish or German prospect was offered an English answer. A short English reply stays English, a word shared with
another language ("No.", "Call me") or a word of another language beside as many English ones ("Thanks, merci")
included."""

import pytest

from sdr_assets.domain.answer_lines import reply_language
from sdr_assets.domain.answers import model_answers


@pytest.mark.parametrize(("reply", "language"), [
    ("Me interesa, gracias.", "es"),
    ("Ya no, gracias", "es"),
    ("No, gracias.", "es"),
    ("Ok, danke", "de"),
    ("Kein Bedarf.", "de"),
    ("Plus de mails svp", "fr"),
    ("Oui, intéressé.", "fr"),
    ("Non merci", "fr"),
    ("No grazie.", "it"),
    ("Non grazie, magari più avanti.", "it"),
])
def test_a_short_reply_reads_in_its_language(reply, language):
    assert reply_language(reply) == language
    assert not model_answers({"reply": reply})


@pytest.mark.parametrize("reply", [
    "No.", "Call me", "Sure, send it over.", "Interested.", "Thanks, merci", "Yes please", "Pricing?", "Not now.",
    "Sounds good, Tuesday works.", "OK",
])
def test_a_short_english_reply_stays_english(reply):
    assert reply_language(reply) == "en"
