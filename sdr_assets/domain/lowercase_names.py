"""Organisations named in lower case: "teams like acmecorp and globex", "we helped initech".

A lower-case word of three letters or more may be a name when it is no English word
(``english_words``), no function word of another language (the language check reads those), no
organisation or technology the verifier lists (checked on their own) and has no ending of an English
word form (-s, -ed, -ing, -tion, -ment, -ness, -ity, -ship: an ordinary word whose stem the lists
lack). It is a name, unless the grounds state it, where a draft names a company: after "like", "such
as", "including", "e.g.", a form of "help", "at", "than", "vs", "customer" or "client", "work with"
or "switched from", "led by" or "backed by" (an investor), "in" or "to" after a word of a place or a
move ("the move to berlin", "the new plant in osaka", "training them in denver"); with a possessive
"'s"; before what a customer did ("moved", "switched", "uses", "cut", "saw", ...) or an investor did
("invested", "led", "on the cap table"); or in a list ("x, y and z") with such a word, a capitalised
name inside a sentence, or a listed organisation or technology.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.languages import FOREIGN, FUNCTION_WORDS
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import GENERIC_CAPITALISED, ORGANISATIONS, TECHNOLOGIES, WORD_NAMED_COMPANIES

_WORD = LazyPattern(r"[^\W\d_](?:[^\W\d_]|['&-])*")
_LISTED_NAMES = frozenset(ORGANISATIONS) | frozenset(TECHNOLOGIES)
_FOREIGN_WORDS = frozenset().union(*(FUNCTION_WORDS[code] for code in FOREIGN))
WORD_FORM = LazyPattern(r"(?:[^isu]s|ed|ings?|tions?|sions?|ments?|ness|ity|ities|ships?)\Z")
_SENTENCE_HEAD = LazyPattern(r"(?:\A|[.!?:]\s+|\n)\s*")
_PLACE_BEFORE = (r"(?:move|moved|moving|relocat\w*|expand\w*|launch\w*|open\w*|based|located|headquartered"
                 r"|offices?|plant|factory|site|hq|warehouse|party|event|training|trained)(?:\s+[^\W\d_]+){0,2}"
                 r"\s+(?:in|to|into)")
_BEFORE = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:like|such as|including|includes?|incl\.?|e\.g\.,?|namely|help|helps|helped|helping|at"
    r"|than|vs\.?|versus|customers?|clients?|(?:work|works|worked|working|partnered|teamed up)\s+with"
    r"|(?:switch|switched|switching|move|moved|moving|migrated|migrating|came|coming)\s+(?:over\s+)?from"
    r"|(?:led|backed|funded|financed)\s+by|(?:sell|sells|selling|sold)\s+(?:to|into)|" + _PLACE_BEFORE + r")"
    r"\s*:?\s*\Z")
_PLACE = LazyPattern(r"(?i)(?<![^\W\d_])" + _PLACE_BEFORE + r"\s*:?\s*\Z")
# What ends a company's name said as an English word: punctuation, the text's end or a list's next name.
_NAME_ENDS = LazyPattern(r"\s*(?:[,.;:!?)]|\Z|(?:and|or)\s)")
_WORD_NAMED = Cues(sorted(WORD_NAMED_COMPANIES))
_AFTER = LazyPattern(
    r"(?i)\s+(?:already\s+|also\s+|recently\s+)?(?:moved|switched|migrated|chose|picked|uses|use|used|cut|grew"
    r"|doubled|tripled|saw|sees|booked|books|went|relies|rely|trusts|trust|signed|replaced|reduced|increased"
    r"|improved|adopted|rolled|runs|ran|hit|hits|achieved|invested|backed|led"
    r"|(?:is\s+|are\s+)?on\s+(?:the|your|their|its)\s+cap\s+table)(?![^\W\d_])")
_JOIN = LazyPattern(r"\s*[,&/]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def _bare(raw: str) -> str:
    word = raw.lower().strip("'-&")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=1 << 14)
def may_be_name(raw: str) -> bool:
    """Whether the lower-case word ``raw`` may be a name, before the grounds and its place are read."""
    word = _bare(raw)
    return (raw.isascii() and raw.islower() and len(word) >= 3 and word not in _LISTED_NAMES
            and word not in _FOREIGN_WORDS and not WORD_FORM.search(word) and not is_english(word))


@lru_cache(maxsize=1 << 14)
def may_be_place(raw: str) -> bool:
    """Whether the lower-case word ``raw``, which ends as a plural would, may still be a place: neither
    it nor the word without its "s" is an English word ("leeds", "brussels"; not "stages")."""
    word = _bare(raw)
    return (raw.isascii() and raw.islower() and len(word) >= 4 and word.endswith("s") and word not in _LISTED_NAMES
            and word not in _FOREIGN_WORDS and not is_english(word) and not is_english(word[:-1]))


def _is_name(match: re.Match[str], unknown: set[str], heads: set[int]) -> bool:
    """Whether the word ``match`` is a name: an unknown word, a listed one, or one with a capital
    inside a sentence (not at one of the ``heads``, where sentences start)."""
    raw = match.group()
    if raw in unknown or _bare(raw) in _LISTED_NAMES:
        return True
    return raw[0].isupper() and raw != "I" and _bare(raw) not in GENERIC_CAPITALISED and match.start() not in heads


def _stated(raw: str, allowed: set[str] | frozenset[str]) -> bool:
    word = _bare(raw)
    return word in allowed or all(part in allowed for part in re.split(r"[-&']", word) if part)


def lowercase_names(text: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """The lower-case words of ``text`` (links taken out) that name an organisation the grounds,
    whose words are ``allowed``, never give; in the order the text has them."""
    words = list(_WORD.finditer(text))
    spellings = {m.group() for m in words}
    unknown = {raw for raw in spellings if may_be_name(raw) and not _stated(raw, allowed)}
    found = _places(words, text, spellings, allowed) + _word_named(words, text, allowed)
    if not unknown:
        return list(dict.fromkeys(found))
    heads = {m.end() for m in _SENTENCE_HEAD.finditer(text)}
    starts = {m.start(): n for n, m in enumerate(words)}
    n = 0
    while n < len(words):
        if not _is_name(words[n], unknown, heads):
            n += 1
            continue
        group = [n]
        while (join := _JOIN.match(text, words[group[-1]].end())) and join.end() in starts \
                and _is_name(words[starts[join.end()]], unknown, heads):
            group.append(starts[join.end()])
        n = group[-1] + 1
        members = [words[k].group() for k in group if words[k].group() in unknown]
        if members and (any(raw.endswith("'s") for raw in members)
                        or _BEFORE.search(text, 0, words[group[0]].start())
                        or _AFTER.match(text, words[group[-1]].end())):
            found += [_bare(raw) for raw in members]
    return list(dict.fromkeys(found))


def _places(words: list[re.Match[str]], text: str, spellings: set[str],
            allowed: set[str] | frozenset[str]) -> list[str]:
    """Places the grounds never give, written in lower case with an ending of a plural after a word of
    a place or a move ("launching in leeds", "the move to brussels")."""
    places = {raw for raw in spellings if raw[-1] == "s" and may_be_place(raw) and not _stated(raw, allowed)}
    return [_bare(m.group()) for m in words if m.group() in places and _PLACE.search(text, 0, m.start())]


def _word_named(words: list[re.Match[str]], text: str, allowed: set[str] | frozenset[str]) -> list[str]:
    """Companies named by an English word the grounds never give, in lower case where a draft names a
    customer or a partner, at the end of the phrase or in a list of them ("sell to square and visa")."""
    lower = text.lower()
    if not _WORD_NAMED.any_in(lower):
        return []
    found: list[str] = []
    for n, match in enumerate(words):
        raw = match.group()
        if _bare(raw) not in _WORD_NAMED.strings or not raw.islower() or _stated(raw, allowed) \
                or not _NAME_ENDS.match(text, match.end()):
            continue
        listed = n and _bare(words[n - 1].group()) in found and _JOIN.fullmatch(text, words[n - 1].end(), match.start())
        if listed or _BEFORE.search(text, 0, match.start()):
            found.append(_bare(raw))
    return found
