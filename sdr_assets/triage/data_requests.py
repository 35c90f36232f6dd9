"""Replies that make a data-protection request: where we got the address or data (GDPR Art. 14),
a copy of the data we hold (Art. 15, CCPA's right to know) or its erasure (Art. 17, CCPA's right to
delete), in English, German, French and Spanish.

Such a request must be answered by a person within a month, whatever else the reply says: an
opt-out with it is still recorded as any opt-out, and the reply goes to a person too
(``classify``). Conservative: "remove me from your list" or "stop emailing me" only opts out, and
"are you GDPR compliant?" asks nothing of our data about her.
"""

from __future__ import annotations

import re

_MINE = r"(?:my|our)"
# "Our data" is as often the company's as the person's: "our" asks about her data only with "personal".
_OWN = r"(?:my (?:personal )?|our personal )"
_NOUN = r"(?:e-?mail|address|details|data|contact|information|info|(?:phone )?number)\b"
_PATTERNS = (
    # English: the source, a copy, erasure.
    rf"\b(?:how|where) did you (?:get|find|obtain|buy|source|collect|acquire) (?:hold of )?{_MINE} {_NOUN}"
    rf"|\bwho gave you {_MINE}\b|\bwhere (?:do|does) (?:you|your company) (?:get|source) (?:my\b|our {_NOUN})",
    r"\bwhat (?:personal )?(?:data|information|info|details) (?:do |does )?(?:you|your company) "
    r"(?:hold|have|store|keep|process)(?: on file)? (?:on|about) (?:me|us)\b"
    r"|\bsubject access request\b|\bdsar\b|\bright (?:of|to) access\b"
    rf"|\b(?:a )?copy of {_OWN}(?:data|information)\b",
    rf"\b(?:delete|erase|purge|destroy|wipe) (?:all (?:of )?)?{_OWN}(?:data|information|info|details|records)\b"
    r"|\bright to (?:be forgotten|erasure)\b",
    # German.
    r"\bwoher haben sie (?:meine|unsere)\b|\bwer hat ihnen (?:meine|unsere)\b"
    r"|\bwie (?:sind|kommen) sie (?:an|zu) (?:meine[nr]?|unsere[nr]?) (?:\w+ )?[\w-]*(?:adresse|daten|mail)\b",
    r"\bwelche (?:personenbezogenen )?daten (?:haben|speichern|verarbeiten) sie\b|\b(?:selbst|daten)auskunft\b"
    r"|\bauskunft (?:über|nach) (?:meine|die über mich) (?:gespeicherten |personenbezogenen )?daten\b"
    r"|\bart(?:\.|ikel) ?15 (?:dsgvo|gdpr)\b|\bauskunft nach art(?:\.|ikel) ?15\b",
    r"\b(?:löschen sie|löschung) (?:(?:meiner|meine|aller|der) (?:personenbezogenen |persönlichen )?"
    r"|(?:unserer|unsere) (?:personenbezogenen|persönlichen) )daten\b"
    r"|\b(?:meine|unsere (?:personenbezogenen|persönlichen)) daten (?:bitte )?(?:sofort )?löschen\b"
    r"|\brecht auf (?:löschung|vergessenwerden)\b",
    # French.
    r"\b(?:où|comment) avez[- ]vous (?:eu|obtenu|trouvé|récupéré) (?:mon|ma|mes|nos)\b"
    r"|\bqui vous a (?:donné|transmis|communiqué) (?:mon|ma|mes)\b",
    r"\bquelles (?:données|informations) (?:avez|détenez|conservez)[- ]vous\b|\bdroit d['’]accès\b"
    r"|\bcopie de (?:mes données|nos données personnelles)\b",
    r"\b(?:supprimez|effacez|supprimer|effacer|suppression|effacement) (?:de )?(?:toutes )?"
    r"(?:mes (?:données|informations|coordonnées)\b|nos (?:données|informations|coordonnées) personnelles\b)"
    r"|\bdroit (?:à l['’]oubli|à l['’]effacement)\b",
    # Spanish.
    r"\b(?:c[oó]mo|de d[oó]nde) (?:consigui[oó]|consiguieron|obtuvo|obtuvieron|sac[oó]|sacaron|tienen?) mis? "
    r"(?:correo|email|datos|n[uú]mero|direcci[oó]n)\b|\bqui[eé]n les? (?:dio|ha dado|facilit[oó]) mis?\b",
    r"\bqu[eé] datos (?:tienen|tiene|guardan|guarda|tratan) (?:de|sobre) m[ií]\b|\bderecho de acceso\b",
    r"\b(?:borren|borre|eliminen|elimine|supriman|suprima|borrar|eliminar|suprimir) (?:todos )?mis datos\b"
    r"|\bderecho (?:al olvido|de supresi[oó]n)\b",
)
_REQUEST_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)


def is_data_request(text: str) -> bool:
    """Whether what the sender wrote (the visible text, without the quote) makes a data-protection request."""
    return bool(_REQUEST_RE.search(text))
