"""The country table names every country of ISO 3166-1, each once, with a name and an adjective."""

import babel
import pytest

from sdr_assets.domain.countries import COUNTRIES, COUNTRY_WORDS, country_words

# Codes Unicode's territory list has that ISO 3166-1 does not assign to a country.
_NOT_ISO = frozenset("AC CP CQ DG EA EU EZ IC QO TA UN XA XB XK ZZ".split())


def test_every_iso_3166_country_is_in_the_table():
    iso = {code for code in babel.Locale("en").territories if len(code) == 2 and code.isalpha()} - _NOT_ISO
    assert len(iso) == 249
    assert set(COUNTRIES) == iso


def test_every_country_has_a_name_and_an_adjective():
    assert all(name and words for name, words in COUNTRIES.values())


@pytest.mark.parametrize(("value", "word"), [
    ("CI", "Ivorian"), ("Ivory Coast", "Ivorian"), ("USA", "American"), ("LB", "Lebanese"), ("KZ", "Kazakh"),
])
def test_a_country_fact_by_code_or_by_any_of_its_names_gives_its_adjective(value, word):
    assert word in country_words(value)


def test_country_words_keep_names_and_adjectives_but_no_abbreviation_or_everyday_word():
    assert {"georgian", "german", "kiwi", "chad"} <= COUNTRY_WORDS
    assert COUNTRY_WORDS.isdisjoint({"car", "us", "uk", "uae", "jersey", "guinea", "reunion"})
