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
_DATA = r"(?:personal )?(?:data|information|info|details|records)"
_PATTERNS = (
    # English: the source, a copy, erasure.
    rf"\b(?:how|where) did you (?:get|find|obtain|buy|source|collect|acquire) (?:hold of )?{_MINE} "
    r"(?:e-?mail|address|details|data|contact|information|info|(?:phone )?number)\b|\bwho gave you {_MINE}\b"
    rf"|\bwhere (?:do|does) (?:you|your company) (?:get|source) {_MINE}\b",
    rf"\bwhat (?:personal )?(?:data|information|info|details) (?:do |does )?(?:you|your company) "
    r"(?:hold|have|store|keep|process)\b|\bsubject access request\b|\bdsar\b|\bright (?:of|to) access\b"
    rf"|\b(?:a )?copy of {_MINE} (?:personal )?(?:data|information)\b",
    rf"\b(?:delete|erase|purge|destroy|wipe) (?:all (?:of )?)?{_MINE} {_DATA}\b"
    r"|\bright to (?:be forgotten|erasure)\b",
    # German.
    r"\bwoher haben sie (?:meine|unsere)\b|\bwer hat ihnen (?:meine|unsere)\b"
    r"|\bwie (?:sind|kommen) sie (?:an|zu) (?:meine|meiner|unsere)",
    r"\bwelche (?:personenbezogenen )?daten (?:haben|speichern|verarbeiten) sie\b|\b(?:selbst|daten)auskunft\b"
    r"|\bauskunft (?:über|nach)\b",
    r"\b(?:löschen sie|löschung) (?:meiner|meine|unserer|unsere|aller|der) (?:personenbezogenen |persönlichen )?daten\b"
    r"|\b(?:meine|unsere) daten (?:bitte )?(?:sofort )?löschen\b|\brecht auf (?:löschung|vergessenwerden)\b",
    # French.
    r"\b(?:où|comment) avez[- ]vous (?:eu|obtenu|trouvé|récupéré) (?:mon|ma|mes|nos)\b"
    r"|\bqui vous a (?:donné|transmis|communiqué) (?:mon|ma|mes)\b",
    r"\bquelles (?:données|informations) (?:avez|détenez|conservez)[- ]vous\b|\bdroit d'accès\b"
    r"|\bcopie de (?:mes|nos) données\b",
    r"\b(?:supprimez|effacez|supprimer|effacer|suppression|effacement) (?:de )?(?:toutes )?(?:mes|nos) "
    r"(?:données|informations|coordonnées)\b|\bdroit (?:à l'oubli|à l'effacement)\b",
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
