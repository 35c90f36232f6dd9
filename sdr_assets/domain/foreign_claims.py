"""Claims of a hire or a new role written in another language, which the claim lexicon (English)
cannot judge: "Glückwunsch zur neuen VP Sales", "Félicitations pour le nouveau directeur
commercial", "Felicidades por el nuevo director comercial".

A sentence with such a word of German, French, Spanish, Italian, Portuguese or Dutch (a
congratulation, "new", "hired", "appointed", "joined") that the grounds do not hold is stopped with
the reason that it was not judged: it never passes unread, whatever the facts say. The approved
template saying the same word grounds it. Accents are optional ("Gluckwunsch", "felicitations").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORDS = {
    "German": "gluckwunsch glueckwunsch gratulation gratuliere gratulieren neue neuen neuer neues neuem eingestellt "
              "ernannt beigetreten verstarkt verstaerkt",
    "French": "felicitations felicitation nouveau nouvelle nouveaux nouvelles nouvel recrute recrutee nomme "
              "nommee rejoint embauche embauchee",
    "Spanish": "felicidades enhorabuena felicitaciones nuevo nueva nuevos nuevas contratado contratada contrato "
               "nombrado nombrada incorporado incorporada incorporacion fichaje unio",
    "Italian": "congratulazioni complimenti nuovo nuova nuovi nuove assunto assunta nominato nominata",
    "Portuguese": "parabens novo novos novas contratado contratada nomeado nomeada",
    "Dutch": "gefeliciteerd proficiat nieuwe aangenomen benoemd",
}
_LANGUAGE = {w: language for language, words in _WORDS.items() for w in words.split()}
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile("[a-z]+")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def _plain(text: str) -> str:
    """``text`` in lower case without accents."""
    lower = text.lower()
    if lower.isascii():
        return lower
    return "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))


@lru_cache(maxsize=1024)
def _grounds_words(grounds: str) -> frozenset[str]:
    return frozenset(_WORD.findall(_plain(grounds)))


def foreign_claim_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each sentence of ``text`` that makes a hire or new-role claim in another language
    with a word the grounds do not hold."""
    plain = _plain(text)
    said = _LANGUAGE.keys() & set((_ASCII_WORD if plain.isascii() else _WORD).findall(plain))
    if not said or said <= _grounds_words(grounds):
        return []
    known = _grounds_words(grounds)
    reasons = []
    for sentence in _SENTENCES.split(text):
        loose = [w for w in _WORD.findall(_plain(sentence)) if w in _LANGUAGE and w not in known]
        if loose:
            reasons.append(f"not judged: language ({_LANGUAGE[loose[0]]}), a claim of a hire or new role: "
                           f"{sentence.strip()[:80]}")
    return reasons
