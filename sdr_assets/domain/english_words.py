"""Whether a lower-case word is an English one, for telling "initech" from "pipeline".

The words are derived, on first use, from the en_US word lists of faker (a dependency): its lorem
words with their parts of speech, the words of its company catch phrases and buzzwords and of its
job titles, its countries and states; then the verifier's own English lists, and the words of
sales work those lack (``trade_words``: the trade, regions, industries, events and routines). A word
is English when it, its parts (joined by a hyphen or an apostrophe) or a stem it inflects (a plural,
a past or -ing form, -er, -ly, -ness, -ment, -ation, ..., a British -ise, a prefix such as "re" or
"un") is listed, or when it is a compound of an industry or a team ("proptech", "legaltech",
"finops") whose head is English or a clipped head ("prop", "reg", "fin"). A city of
``trade_words`` that no list of English holds is a name, not English: "the move to berlin" names a
city as "the move to osaka" does.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lexicon import (
    CLAIM_GROUPS, COUNT_NOUNS, CURRENCY_WORDS, GENERIC_CAPITALISED, NOUN_SENSES, NUMBER_LINKS, NUMBER_WORDS, SCALES,
)
from sdr_assets.domain.trade_words import (
    CITIES, CLIPPED_HEADS, COMPOUND_TAILS, INDUSTRIES, REGIONS, TRADE_WORDS, WORK_NOUNS,
)

_LETTERS = re.compile("[a-z]+")
_SUFFIXES = (
    ("'s", ("",)), ("ies", ("y",)), ("ied", ("y",)), ("ier", ("y",)), ("iest", ("y",)), ("ily", ("y",)),
    ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")), ("ing", ("", "e")), ("er", ("", "e")),
    ("ers", ("", "e")), ("est", ("", "e")), ("ly", ("", "le")), ("ness", ("",)), ("ment", ("",)),
    ("ments", ("",)), ("able", ("", "e")), ("ful", ("",)), ("less", ("",)), ("ation", ("e", "")),
    ("ations", ("e", "")), ("ity", ("", "e")), ("al", ("", "e")), ("ally", ("",)), ("ive", ("e", "")),
    ("ship", ("",)), ("ism", ("",)), ("ist", ("",)), ("ists", ("",)), ("ize", ("", "e", "y")),
)
_PREFIXES = ("un", "re", "pre", "non", "co", "over", "under", "mis", "out", "sub", "multi", "self", "cross",
             "inter", "de")
_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("our", "or"))


@cache
def english_words() -> frozenset[str]:
    """Every listed English word, lower case."""
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem

    phrases = [*Lorem.word_list, *(w for words in Lorem.parts_of_speech.values() for w in words),
               *(w for words in (*Company.catch_phrase_words, *Company.bsWords) for w in words), *Job.jobs,
               *(p for phrases in CLAIM_GROUPS.values() for p in phrases), *(w for s in NOUN_SENSES for w in s),
               *GENERIC_CAPITALISED, *NUMBER_WORDS, *SCALES, *CURRENCY_WORDS, *_places(Address)]
    listed = {w for phrase in phrases for w in _LETTERS.findall(phrase.lower())}
    return frozenset(listed | FUNCTION_WORDS["en"] | COUNT_NOUNS | NUMBER_LINKS | TRADE_WORDS | REGIONS
                     | INDUSTRIES | WORK_NOUNS)


@cache
def place_names() -> frozenset[str]:
    """The cities teams sell into (``trade_words.CITIES``) that no list of English holds: "berlin",
    "denver". Listed only as a name, such a word is a name. Faker's countries and states stay English:
    "jersey", "guinea" and "reunion" are everyday words too."""
    return CITIES - english_words()


def _places(address) -> list[str]:
    """The countries and states of faker's ``address`` provider; of a name joined by "and" ("Heard
    Island and McDonald Islands") only the one-word parts, so no company's name comes along."""
    parts = [part for name in (*address.countries, *address.states) for part in name.split(" and ")]
    return [part for part in parts if " " not in part or part in address.countries or part in address.states]


def _stems(word: str) -> set[str]:
    """``word`` and what it may inflect: without a suffix or a prefix, in American spelling."""
    found = {word}
    for british, american in _BRITISH:
        if british in word:
            found.add(word.replace(british, american))
    for _ in range(2):  # "prioritizes": "prioritize", then "priority"
        for spelling in list(found):
            for suffix, endings in _SUFFIXES:
                base = spelling[:-len(suffix)]
                if spelling.endswith(suffix) and len(base) >= 2:
                    found.update(base + ending for ending in endings)
                    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "aeiou":
                        found.add(base[:-1])  # "running", "stopped"
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            found |= _stems(word[len(prefix):])
    return found


@lru_cache(maxsize=1 << 14)
def is_english(word: str) -> bool:
    """Whether ``word`` (lower case) is an English word, or every part of it is."""
    listed = english_words()
    if word in listed:
        return True
    if word in place_names():
        return False
    parts = [part for part in re.split(r"[-'&]", word) if part]
    if not parts:
        return True
    return all(part in listed or not listed.isdisjoint(_stems(part)) for part in parts) \
        or not listed.isdisjoint(_stems(word)) or _is_compound(word)


def _is_compound(word: str) -> bool:
    """Whether ``word`` is an industry or a team compound: an English or a clipped head and a tail
    ("proptech", "legaltech", "finops"); "initech" has neither head."""
    tail = COMPOUND_TAILS.search(word)
    head = word[:tail.start()].rstrip("-") if tail else ""
    return len(head) >= 2 and (head in CLIPPED_HEADS or is_english(head))
