"""Claims of a hire or a new role written in another language, which the claim lexicon (English)
cannot judge: "Glückwunsch zur neuen VP Sales", "Félicitations pour le nouveau directeur
commercial", "Felicidades por el nuevo director comercial".

A sentence with such a word of German, French, Spanish, Italian, Portuguese or Dutch (a
congratulation, "new", "hired", "appointed", "promoted", "joined") that the facts do not hold is
stopped with the reason that it was not judged: it never passes unread. A name in the facts
("Nuova Energia") holds no claim word, and says none where the draft writes it whole ("Novo
Nordisk raised"), nor a part of it with its capital right after a word ("the Novo team", not after
':', '—' or '(') in a sentence without two other words of its language; phrases
English borrowed ("art nouveau", "nouveau riche") say none either. A word that is also English
("nomination") is a claim only in a sentence with another word of its language ("sa nomination",
not "de novo"). The approved template grounds
such a sentence only whole (the draft repeats the words of one of its sentences, punctuation
aside): its "Félicitations pour votre nouveau poste chez X." grounds no "Félicitations pour le
nouveau directeur commercial" nor "Nouveau poste chez X.". Accents are optional ("Gluckwunsch",
"felicitations").
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.languages import FUNCTION_WORDS, LANGUAGE_NAMES, plain_text
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

_WORDS = {
    "German": "gluckwunsch glueckwunsch gratulation gratuliere gratulieren neue neuen neuer neues neuem eingestellt "
              "ernannt beigetreten verstarkt verstaerkt befordert befoerdert",
    "French": "felicitations felicitation nouveau nouvelle nouveaux nouvelles nouvel recrute recrutee nomme "
              "nommee nomination promu promue rejoint embauche embauchee",
    "Spanish": "felicidades enhorabuena felicitaciones nuevo nueva nuevos nuevas contratado contratada contrato "
               "nombrado nombrada incorporado incorporada incorporacion fichaje unio",
    "Italian": "congratulazioni complimenti auguri nuovo nuova nuovi nuove assunto assunta nominato nominata nomina "
               "promosso promossa",
    "Portuguese": "parabens novo novos novas contratado contratada nomeado nomeada",
    "Dutch": "gefeliciteerd proficiat nieuwe aangenomen benoemd",
}
_LANGUAGE = {w: language for language, words in _WORDS.items() for w in words.split()}
# A text holds one of the words only where it holds its letters: most texts are not split into words.
_LANGUAGE_CUES = Cues(_LANGUAGE)
# Words of the lists that English writes too ("the nomination", "de novo", "novas").
_ENGLISH_TOO = frozenset({"nomination", "novo", "novas"})
# The words of each language, other than English ones, that show a sentence is written in it.
_OWN_WORDS = {language: (FUNCTION_WORDS[code] - FUNCTION_WORDS["en"]
                         | {w for w, of in _LANGUAGE.items() if of == language}) - _ENGLISH_TOO
              for code, language in LANGUAGE_NAMES.items() if language in _WORDS}
_WORD = LazyPattern(r"[^\W\d_]+")
_ASCII_WORD = LazyPattern("[a-z]+")
_TOKEN = LazyPattern(r"[^\W_]+")
# Facts that name someone or a company: their words ("Nuova Energia") claim nothing.
NAME_FIELDS = frozenset({"company_name", "first_name", "last_name", "contact_name", "sender_name", "person",
                         "lead_investor", "investors"})

# Phrases English borrowed, written in any case: they claim nothing.
_BORROWED = LazyPattern(r"(?i)(?<!\w)(?:art[ \t]+nouveau|nouveau(?:x)?[ \t]+riches?|nouvelle[ \t]+(?:cuisine|vague))(?!\w)")
# The word that may stand just before a part of a name ("the Novo team"), and where its sentence ends.
_AFTER_WORD = LazyPattern(r"[^\W\d_][ \t]*\Z")
# Words of a name part's language, besides it, that make its sentence one of that language.
_OTHERS = 2
_SENTENCE_END = LazyPattern(r"[.!?\n]")


@lru_cache(maxsize=1024)
def _name_parts(fields: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """A pattern of each word of a name of several words the facts give, with its capital as written
    there ("Novo" of "Novo Nordisk"), in any case after it."""
    parts = {w for f, v in fields if f in NAME_FIELDS and len(v.split()) > 1 for w in v.split() if w[:1].isupper()}
    words = sorted((re.escape(w[0]) + f"(?i:{re.escape(w[1:])})" for w in parts), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)") if words else None


def _blank(pattern: LazyPattern | re.Pattern[str] | None, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text) if pattern else text


def _as_name(text: str, m: re.Match[str], names: re.Pattern[str] | None) -> bool:
    """Whether the part of a name ``m`` of ``text`` is written as a name: a word stands just before
    it ("the Novo team"; not "Nuova COO" opening a sentence or after ':', '—', '(' or "Re:"), and the
    sentence holds fewer than two other words of its language ("la squadra Nuova ha" is Italian)."""
    if not _AFTER_WORD.search(text, 0, m.start()):
        return False
    word = plain_text(m.group()).lower()
    if word not in _LANGUAGE:
        return True
    start, end = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1, _SENTENCE_END.search(text, m.end())
    sentence = plain_text(text[start:end.start() if end else len(text)])
    others = [w for w in _WORD.findall((names.sub(" ", sentence) if names else sentence).lower())
              if w != word and w in _OWN_WORDS[_LANGUAGE[word]]]
    return len(others) < _OTHERS


def _claim_words(text: str, fields: tuple[tuple[str, str], ...]) -> str:
    """``text`` without the phrases English borrowed and the parts of names written as names inside
    a sentence ("the Novo team"; "Nuova COO" opening one or a line after a colon may be Italian)."""
    text, parts = _blank(_BORROWED, text), _name_parts(fields)
    if parts is None:
        return text
    names = _names(fields)
    return parts.sub(lambda m: " " * len(m.group()) if _as_name(text, m, names) else m.group(), text)


@lru_cache(maxsize=1024)
def _names(fields: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """A pattern of the names the facts give, plain and whole, the longest first."""
    names = sorted({plain_text(v.strip()) for f, v in fields if f in NAME_FIELDS and v.strip()}, key=len, reverse=True)
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names)) if names else None


def _without_names(plain: str, fields: tuple[tuple[str, str], ...]) -> str:
    """``plain`` with each name the facts give blanked out."""
    name = _names(fields)
    return name.sub(" ", plain) if name else plain


@lru_cache(maxsize=1024)
def _facts_words(fields: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The words of the facts' values other than names, with the names cut out of them too."""
    return frozenset(w for field, value in fields if field not in NAME_FIELDS
                     for w in _WORD.findall(_without_names(plain_text(value), fields)))


def _claims(n: int, words: list[str]) -> bool:
    """Whether ``words[n]`` claims in its language: it is no English word too, or another word of the
    sentence ``words`` is of that language, other than a "de" just before it ("de novo")."""
    if words[n] not in _ENGLISH_TOO:
        return True
    own = _OWN_WORDS[_LANGUAGE[words[n]]]
    return any(w in own for m, w in enumerate(words) if m != n and not (m == n - 1 and w == "de"))


@lru_cache(maxsize=1024)
def _grounds_sentences(grounds: str) -> frozenset[tuple[str, ...]]:
    """The words (and numbers) of each sentence of ``grounds``, in order, without punctuation."""
    return frozenset(tuple(_TOKEN.findall(plain_text(s))) for s in SENTENCE_BREAKS.split(grounds))


def _said(plain: str, fields: tuple[tuple[str, str], ...]) -> set[str]:
    """The claim words of ``plain`` outside the names the facts give."""
    if not _LANGUAGE_CUES.any_in(plain):
        return set()
    said = _LANGUAGE.keys() & set((_ASCII_WORD if plain.isascii() else _WORD).findall(plain))
    if said and fields:
        said &= set(_WORD.findall(_without_names(plain, fields)))
    return said


def foreign_claim_reasons(text: str, grounds: str, fields: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that makes a hire or new-role claim in another language
    with a word the facts (``fields``: each fact's field and value) do not hold outside a name,
    unless ``grounds`` (the approved template as filled, and the facts) state the whole sentence."""
    said = _said(plain_text(text), fields)
    known = _facts_words(fields) if said else frozenset()
    if said <= known or _said(plain_text(_claim_words(text, fields)), fields) <= known:
        return []
    reasons = []
    for sentence in SENTENCE_BREAKS.split(text):
        plain_sentence = plain_text(sentence.strip())
        words = _WORD.findall(_without_names(plain_text(_claim_words(sentence, fields)), fields))
        loose = [w for n, w in enumerate(words) if w in _LANGUAGE and w not in known and _claims(n, words)]
        if loose and tuple(_TOKEN.findall(plain_sentence)) not in _grounds_sentences(grounds):
            reasons.append(f"not judged: language ({_LANGUAGE[loose[0]]}), a claim of a hire or new role: "
                           f"{sentence.strip()[:80]}")
    return reasons
