"""Countries by ISO 3166-1 alpha-2 code, with the other names and the adjectives English uses of each.

A company's country fact is a code ("DE") or a name ("Germany", "USA"); a draft says it as a name or
the adjective ("a German logistics team"). ``country_words`` gives, for the country fact's value
only, the names and adjectives a draft may use; any other fact that reads as a code ("IT" for an
industry, "HR") grounds no country, and any other country's adjective stays a name the facts lack.
The table is data (``country_names``), read once on import.
"""

from __future__ import annotations

from sdr_assets.domain.country_names import TABLE


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(",") if part.strip())


# (code, name, other names, adjectives) a line of the table.
_ROWS = [(code, name, _listed(others), _listed(adjectives))
         for code, name, others, adjectives in (line.split("|") for line in TABLE.strip().splitlines())]
COUNTRIES = {code: (name, tuple(dict.fromkeys((*others, *adjectives)))) for code, name, others, adjectives in _ROWS}
# Everyday words that are also a country's name: opening a sentence, they are the word ("Jersey
# orders", "Guinea pigs").
_EVERYDAY = frozenset("jersey guinea reunion".split())
# The one-word names and adjectives, lower case: each names a country, even where it opens a sentence.
# Not an abbreviation ("CAR" would make "Car dealers" a country; "UK" is a name anyway).
COUNTRY_WORDS = frozenset(w.casefold() for name, words in COUNTRIES.values() for w in (name, *words)
                          if " " not in w and not w.isupper()) - _EVERYDAY
# A country fact given as a name: the common one or another ("USA", "Ivory Coast").
_BY_NAME = {n.casefold(): code for code, name, others, _ in _ROWS for n in (name, *others)}


def country_words(value: str) -> list[str]:
    """The names and adjectives of the country ``value`` (a company's country fact) is, by code or by
    name; none for any other value."""
    value = value.strip()
    code = value if value in COUNTRIES else _BY_NAME.get(value.casefold())
    if code is None:
        return []
    name, words = COUNTRIES[code]
    return [name, *words]


def country_code(value: str | None) -> str | None:
    """The ISO code of a country given by its code in any case ("us", "DE") or one of its names
    ("United States", "USA", "Germany"); None for any other value."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.upper() in COUNTRIES:
        return value.upper()
    return _BY_NAME.get(value.casefold())
