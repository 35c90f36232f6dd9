"""The verifier reads text folded: look-alike letters of other scripts, accented names, other
languages and numerals outside ASCII are checked like any other name or number, and a character
that renders as nothing hides no word."""

import pytest

from sdr_assets.domain.verifier import Bounds, grounding_reasons, verify_draft

GROUNDS = ("Congrats on the Series B, Dana\nHi Dana, congratulations on Acme's $25M Series B. We help Logistics "
           "teams answer with outbound.\nDana\nAcme\nLogistics\n120\nGermany\nyou just raised a Series B")
SUBJECT = "Congrats on the Series B, Dana"
BODY = "Hi Dana, congratulations on Acme's $25M Series B. {} We help Logistics teams answer with outbound."


def _reasons(sentence: str, grounds: str = GROUNDS, subject: str = SUBJECT, mode: str = "lexicon") -> tuple[str, ...]:
    return verify_draft(subject, BODY.format(sentence), grounds, first_touch=True, bounds=Bounds(min_words=3),
                        mode=mode)


@pytest.mark.parametrize("mode", ["names_numbers", "lexicon", "coverage"])
@pytest.mark.parametrize("sentence, named", [
    ("\u0410\u0441\u0435r and \u0422\u0435sla already use us.", "Acer"),  # Cyrillic А, с, е and Т, е
    ("\u0421\u0430\u0440 already uses us.", "Cap"),  # every letter Cyrillic
    ("\u0391\u03a1\u0399 already uses us.", "API"),  # every letter Greek (rho reads as P)
])
def test_a_name_in_look_alike_letters_reads_as_the_name_it_shows(sentence, named, mode):
    reasons = _reasons(sentence, mode=mode)
    assert f"name not in the facts: {named}" in reasons
    assert any(r.startswith("letters in a script the facts do not use") for r in reasons)


def test_look_alike_letters_in_the_subject_are_held_too():
    reasons = _reasons("Short note.", subject="Congrats on the Series B, Dana \u2014 \u0410\u0440\u0440le sent me")
    assert "name not in the facts: Apple" in reasons
    assert "letters in a script the facts do not use: Cyrillic" in reasons


@pytest.mark.parametrize("sentence, word", [
    ("Ørsted and Électricité already use us.", "Ørsted"),
    ("ørsted already uses us.", "ørsted"),
    ("gratuliere zur übernahme durch einen konzern.", "übernahme"),
    ("más de mil empresas confían en nosotros.", "más"),
])
def test_accented_names_and_other_languages_are_held(sentence, word):
    assert f"name not in the facts: {word}" in _reasons(sentence, mode="names_numbers")


@pytest.mark.parametrize("sentence, numeral", [
    ("We booked \u2166 meetings for peers.", "\u2166"),
    ("We booked \u2177 meetings for peers.", "\u2177"),  # lower-case Roman eight: NFKC makes it "viii"
    ("Half the board asks, \u00bd a day each.", "\u00bd"),
    ("Pipeline grew \u00b3 fold.", "\u00b3"),
])
def test_numerals_outside_ascii_are_numbers_to_ground(sentence, numeral):
    assert f"number not in the facts: {numeral}" in _reasons(sentence, mode="names_numbers")


def test_full_width_letters_fold_to_the_name_they_show():
    assert "name not in the facts: Bosch" in _reasons("\uff22\uff4f\uff53\uff43\uff48 already uses us.")
    assert _reasons("\uff21\uff43\uff4d\uff45 is ready.") == ()  # "Acme", which the facts name


def test_facts_in_another_script_ground_the_same_words_in_it():
    grounds = GROUNDS + "\n\u0421\u0431\u0435\u0440 \u041b\u043e\u0433\u0438\u0441\u0442\u0438\u043a\u0430"
    assert _reasons("\u0421\u0431\u0435\u0440 \u041b\u043e\u0433\u0438\u0441\u0442\u0438\u043a\u0430 is next.",
                    grounds=grounds) == ()
    assert "name not in the facts: Tesla" in _reasons("\u0422\u0435sla is next.", grounds=grounds)


def test_accented_facts_ground_their_own_spelling():
    grounds = GROUNDS.replace("Acme", "Société Générale")
    body = "Hi Dana, congratulations on Société Générale's $25M Series B. We help Logistics teams answer."
    assert verify_draft(SUBJECT, body, grounds, first_touch=True, bounds=Bounds(min_words=3)) == ()
    assert grounding_reasons("Congrats to Société Générale on the Series B.", grounds) == []


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\u202e"])
def test_a_character_that_hides_inside_a_word_is_a_reason(hidden):
    grounds = "Acme Analytics\nround: Series B"
    assert grounding_reasons(f"Acme Analytics was acq{hidden}uired.", grounds) == [
        f"an invisible character the facts do not hold: U+{ord(hidden):04X}"]


@pytest.mark.parametrize("hidden", ["\u034f", "\ufe00", "\ufe0f", "\U000e0100", "\u115f", "\u3164", "\uffa0",
                                    "\u180b", "\U0001d173"])
def test_every_character_that_renders_as_nothing_is_a_reason(hidden):
    reasons = grounding_reasons(f"Acme Analytics was acq{hidden}uired.", "Acme Analytics\nround: Series B")
    assert f"an invisible character the facts do not hold: U+{ord(hidden):04X}" in reasons


@pytest.mark.parametrize("emoji", ["\u2615", "\u2764\ufe0f", "\u2615\ufe0e"])
def test_an_emoji_and_its_presentation_selector_are_seen(emoji):
    assert grounding_reasons(f"Congrats on the Series B at Acme {emoji}", "Congrats on the Series B at Acme.") == []


def test_a_reply_prefix_behind_a_grapheme_joiner_is_seen():
    assert "a first touch may not start with Re: or Fwd:" in verify_draft(
        "Re\u034f: Congrats", "Congrats on the round.", "Congrats on the round.", first_touch=True,
        bounds=Bounds(min_words=1))


def test_a_joiner_the_facts_hold_is_no_reason():
    assert grounding_reasons("Hello from \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.",
                             "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == []


@pytest.mark.parametrize(("said", "reason"), [
    ("Congrats on the Series A, Dana.", "series a"), ("Congrats on the series c, Dana.", "series c"),
    ("Congrats on the seed round, Dana.", "seed"), ("Congrats on the pre-seed, Dana.", "pre-seed"),
])
def test_a_funding_round_other_than_the_one_found_is_a_reason(said, reason):
    grounds = "Dana\nround: Series B\nCongrats on the Series B, Dana."
    assert grounding_reasons(said, grounds) == [f"funding round not in the facts: '{reason}'"]


def test_the_round_found_and_the_word_seed_elsewhere_are_no_reason():
    grounds = "Dana\nAcme\nround: Seed\nCongrats on the seed round, Dana."
    assert grounding_reasons("Congrats on the Seed round at Acme, Dana.", grounds) == []
    assert grounding_reasons("Congrats on the seed round, Dana.", grounds) == []


def test_a_first_touch_opening_with_a_reply_prefix_in_other_letters_is_a_reason():
    bounds = Bounds(min_words=1)
    for subject in ("\uff32\uff45\uff1a Congrats", "Re\u200b: Congrats"):
        assert "a first touch may not start with Re: or Fwd:" in verify_draft(
            subject, "Congrats on the round.", "Congrats on the round.", first_touch=True, bounds=bounds)
