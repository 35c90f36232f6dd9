"""Sentences in a language the function-word lists do not cover, written in plain ASCII.

The language check (``languages``) knows six languages by their function words; a sentence in
Indonesian, Tagalog, Danish or Swahili ("Acme baru saja diakuisisi oleh Northzone") has none of
them, and its claim words are no words of the claim lexicon. Such a sentence is made of words that
are neither English nor in the grounds: at least two of its lower-case words of three letters or
more, and at least half of them, mark it as written in another language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS
_LINKS = LazyPattern(r"\S+@\S+|\S+://\S+|www\.\S+|\S+\.(?:com|io|net|org|example)\S*", re.I)
# What each link above holds, in lower case: an ASCII sentence with none of them has no link.
_LINK_MARKS = ("@", "://", "www.", ".com", ".io", ".net", ".org", ".example")
# A lower-case word of three letters or more; its first letter is matched before the look-behind that
# no letter precedes it, so the engine skips to a letter.
_LOWER = LazyPattern(r"[a-z](?<![^\W\d_][a-z])[a-z'-]{2,}(?![^\W\d_])")
_WORD = LazyPattern(r"[^\W\d_]+")
# English word forms whose stems the word list may lack (-s, -ed, -ing, -tion, ...).
_FORM = LazyPattern(r"(?:[^isu]s|ed|ings?|tions?|sions?|ments?|ness|ity|ities|ships?|ly|er|ers|est)\Z")


def foreign_sentence_reasons(text: str, grounds: str) -> list[str]:
    """A sentence of ``text`` most of whose lower-case words are neither English nor in ``grounds``."""
    if text in grounds:  # the approved template as filled: every word of it is in the grounds
        return []
    allowed = _grounds_words(grounds)
    reasons = []
    for sentence in SENTENCE_BREAKS.split(text):
        words = _LOWER.findall(_without_links(sentence))
        if len(words) < 2:
            continue
        unknown = [w for w in words if w not in allowed and _unknown_word(w)]
        if len(unknown) >= 2 and 2 * len(unknown) >= len(words):
            reasons.append(f"sentence not in English ({', '.join(unknown[:3])}): {sentence.strip()[:80]}")
    return reasons


# A draft is checked against its grounds more than once (the model's text, then the template's).
@lru_cache(maxsize=64)
def _grounds_words(grounds: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(grounds))


@lru_cache(maxsize=1 << 14)
def _unknown_word(word: str) -> bool:
    """Whether the lower-case ``word`` is no English word nor word form: drafts repeat their words."""
    return not _FORM.search(word) and not is_english(word.strip("'-"))


def _without_links(sentence: str) -> str:
    """``sentence`` with its links blanked; the pattern, which tries every place, runs only where a
    link may be."""
    if sentence.isascii() and not any(mark in sentence.lower() for mark in _LINK_MARKS):
        return sentence
    return _LINKS.sub(" ", sentence)
