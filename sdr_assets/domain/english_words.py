"""Whether a lower-case word is an English one, for telling "initech" from "pipeline".

The words are derived, on first use, from the en_US word lists of faker (a dependency): its lorem
words with their parts of speech, the words of its company catch phrases and buzzwords and of its
job titles; then the verifier's own English lists, and the few words of sales, data and e-mail work
(and irregular verb forms) those lack. A word is English when it, its parts (joined by a hyphen or
an apostrophe) or a stem it inflects (a plural, a past or -ing form, -er, -ly, -ness, -ment,
-ation, ..., a British -ise, a prefix such as "re" or "un") is listed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lexicon import (
    CLAIM_GROUPS, COUNT_NOUNS, CURRENCY_WORDS, GENERIC_CAPITALISED, NOUN_SENSES, NUMBER_LINKS, NUMBER_WORDS, SCALES,
)

# Words of the trade and irregular forms that faker's lists lack and no suffix rule derives.
TRADE_WORDS = frozenset(
    "email emails e-mail inbox outreach inbound demo intro onboard offboard ramp upsell cross-sell churn quota "
    "cadence playbook workflow funnel crm erp api sdk roi kpi okr gtm icp abm mql sql sdr bdr ae csm "
    "salesops martech fintech insurtech healthtech edtech adtech devops startup scaleup mid-market smb vendor "
    "colleague hygiene dashboard analytics warehouse lakehouse etl elt stack tooling signup sync async "
    "follow-up followup touchpoint benchmark spreadsheet calendar automate unblock de-risk streamline upskill "
    "rollout roadmap backlog runway okay ok hi thanks congrats ps fyi asap eta cc bcc "
    "built sent wrote kept found made took went ran saw told thought brought caught taught felt left lost met "
    "paid said sold spent stood understood held led meant heard knew grown shown seen done gone given "
    "taken written chosen spoken drove driven began begun broke broken".split()
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
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem

    phrases = [*Lorem.word_list, *(w for words in Lorem.parts_of_speech.values() for w in words),
               *(w for words in (*Company.catch_phrase_words, *Company.bsWords) for w in words), *Job.jobs,
               *(p for phrases in CLAIM_GROUPS.values() for p in phrases), *(w for s in NOUN_SENSES for w in s),
               *GENERIC_CAPITALISED, *NUMBER_WORDS, *SCALES, *CURRENCY_WORDS]
    listed = {w for phrase in phrases for w in _LETTERS.findall(phrase.lower())}
    return frozenset(listed | FUNCTION_WORDS["en"] | COUNT_NOUNS | NUMBER_LINKS | TRADE_WORDS)


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
    parts = [part for part in re.split(r"[-'&]", word) if part]
    if not parts:
        return True
    return all(part in listed or not listed.isdisjoint(_stems(part)) for part in parts) \
        or not listed.isdisjoint(_stems(word))
