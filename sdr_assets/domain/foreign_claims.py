"""Claims of a hire or a new role written in another language, which the claim lexicon (English)
cannot judge: "Glückwunsch zur neuen VP Sales", "Félicitations pour le nouveau directeur
commercial", "Felicidades por el nuevo director comercial".

A sentence with such a word of German, French, Spanish, Italian, Portuguese or Dutch (a
congratulation, "new", "hired", "appointed", "promoted", "joined") that the facts do not hold is
stopped with the reason that it was not judged: it never passes unread. A name in the facts
("Nuova Energia") holds no claim word. The approved template grounds such a sentence only whole
(the draft repeats the words of one of its sentences, punctuation aside): its "Félicitations pour
votre nouveau poste chez X." grounds no "Félicitations pour le nouveau directeur commercial" nor
"Nouveau poste chez X.". Accents are optional ("Gluckwunsch", "felicitations").
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.languages import SENTENCE_BREAKS, plain_text

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
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile("[a-z]+")
_TOKEN = re.compile(r"[^\W_]+")
# Facts that name someone or a company: their words ("Nuova Energia") claim nothing.
NAME_FIELDS = frozenset({"company_name", "first_name", "last_name", "contact_name", "sender_name", "person",
                         "lead_investor", "investors"})


@lru_cache(maxsize=1024)
def _facts_words(fields: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The words of the facts' values other than names, with the names cut out of them too."""
    names = sorted({plain_text(v.strip()) for f, v in fields if f in NAME_FIELDS and v.strip()}, key=len, reverse=True)
    name = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names)) if names else None
    words: set[str] = set()
    for field, value in fields:
        if field not in NAME_FIELDS:
            said = plain_text(value)
            words.update(_WORD.findall(name.sub(" ", said) if name else said))
    return frozenset(words)


@lru_cache(maxsize=1024)
def _grounds_sentences(grounds: str) -> frozenset[tuple[str, ...]]:
    """The words (and numbers) of each sentence of ``grounds``, in order, without punctuation."""
    return frozenset(tuple(_TOKEN.findall(plain_text(s))) for s in SENTENCE_BREAKS.split(grounds))


def foreign_claim_reasons(text: str, grounds: str, fields: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that makes a hire or new-role claim in another language
    with a word the facts (``fields``: each fact's field and value) do not hold outside a name,
    unless ``grounds`` (the approved template as filled, and the facts) state the whole sentence."""
    plain = plain_text(text)
    said = _LANGUAGE.keys() & set((_ASCII_WORD if plain.isascii() else _WORD).findall(plain))
    known = _facts_words(fields) if said else frozenset()
    if said <= known:
        return []
    reasons = []
    for sentence in SENTENCE_BREAKS.split(text):
        plain_sentence = plain_text(sentence.strip())
        loose = [w for w in _WORD.findall(plain_sentence) if w in _LANGUAGE and w not in known]
        if loose and tuple(_TOKEN.findall(plain_sentence)) not in _grounds_sentences(grounds):
            reasons.append(f"not judged: language ({_LANGUAGE[loose[0]]}), a claim of a hire or new role: "
                           f"{sentence.strip()[:80]}")
    return reasons
