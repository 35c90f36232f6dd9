"""The language of a suggested answer is that of what she wrote, not of her company's footer: an English reply
above a German legal footer and disclaimer was read as German, so the model was not asked and she was offered an
answer in German. A German reply under an English greeting is still answered in German."""

from sdr_assets.domain.answer_lines import reply_language
from sdr_assets.domain.answers import model_answers

FOOTER = ("Anna Weber\nLeiterin Vertrieb\nMüller GmbH & Co. KG, Sitz der Gesellschaft: München, Amtsgericht "
          "München HRB 12345, Geschäftsführer: Hans Müller\nDiese E-Mail enthält vertrauliche Informationen. Wenn "
          "Sie nicht der richtige Adressat sind, informieren Sie bitte den Absender und löschen Sie diese E-Mail.")


def test_an_english_reply_above_a_german_footer_is_english():
    reply = f"Thanks, happy to chat next week. Could you send the deck first?\n\nMit freundlichen Grüßen\n{FOOTER}"
    assert reply_language(reply) == "en"
    assert model_answers({"reply": reply})


def test_a_german_reply_is_german_whatever_its_greeting():
    german = "vielen Dank, das klingt gut. Können wir nächste Woche sprechen?"
    assert reply_language(f"Hi Alex,\n\n{german}\n\n{FOOTER}") == "de"
    assert reply_language("Hallo Herr Braun,\nich bin nicht die richtige Ansprechpartnerin: Frau Yilmaz.") == "de"
