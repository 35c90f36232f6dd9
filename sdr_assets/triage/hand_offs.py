"""Whether a reply names who owns the matter now: "Priya Shah handles vendor tools now", "zuständig ist jetzt Frau
Meier", "ma collègue Julie suit le dossier", "ahora lo lleva mi compañera Ana".

Beside a request to stop, such words hand the conversation over: her opt-out is recorded, and a person reads whom
to write to instead, as for an opt-out that names another address. A colleague spoken of without a hand-off ("remove
me and my colleague", "my colleague already asked you") names nobody to write to.
"""

from __future__ import annotations

from .caseless import Caseless

__all__ = ["hands_over"]

_OWNS_EN = (r"(handles|owns|runs|manages|looks after|takes care of|covers|deals with|is (now )?(handling|managing|"
            r"responsible for|in charge of|the (right|best) (person|contact)|your (new |best |main )?(contact|point of "
            r"contact))|has taken over|took over|will take over)")
_HAND_OFF_RE = Caseless(
    rf"\b(my|our) (colleague|co-?worker|successor|replacement|teammate)\b[^.!?\n]{{0,60}}\b{_OWNS_EN}\b|"
    rf"\b{_OWNS_EN}\b[^.!?\n]{{0,60}}\b(now|these days|from now on)\b|\bnow {_OWNS_EN}\b|"
    r"\b(contact|e-?mail|write to|reach out to|talk to|speak (to|with)|ask|try)\b(?! (me|us)\b)[^.!?\n]{0,40}\binstead\b|"
    r"\bzuständig (ist|sind|wäre|wird) (jetzt|nun|ab sofort|inzwischen|künftig|seit)\b|"
    r"\b(ist|sind) (jetzt|nun|ab sofort|inzwischen|künftig) ([\w-]+ ){0,4}zuständig\b|"
    r"\b(meine|mein) (kollegin|kollege|nachfolgerin|nachfolger)\b[^.!?\n]{0,60}\b(zuständig|übernimmt|übernommen|"
    r"kümmert sich)\b|\bwenden sie sich (bitte )?(stattdessen )?an\b|"
    r"\b(mon|ma) (collègue|successeur|successeure|remplaçant|remplaçante)\b[^.!?\n]{0,60}\b(suit|gère|s['’](en )?occupe|"
    r"reprend|a repris|est (désormais |maintenant |dorénavant )?(responsable|en charge))\b|"
    r"\bsuit (désormais |maintenant |dorénavant )?(le|ce) dossier\b|"
    r"\bs'occupe (désormais|maintenant|dorénavant) d|\b(a repris|reprend) (le|ce) (dossier|sujet|poste)\b|"
    r"\badressez-vous (plutôt )?à\b|\bcontactez plutôt\b|"
    r"\b(mi|nuestra|nuestro) (compañer[oa]|colega|suces(or|ora)|reemplazo|sustitut[oa])\b[^.!?\n]{0,60}\b(lleva|"
    r"se encarga|gestiona|es (ahora )?(el|la) responsable)\b|"
    r"\bahora (lo|la|los|las) lleva\b|\b(lo|la|los|las) lleva ahora\b|\bse encarga ahora\b|\bahora se encarga\b|"
    r"\b(diríjase|dirígete|contacte) (a|con)\b")


def hands_over(text: str) -> bool:
    """Whether ``text`` names someone who owns the matter now, for us to write to instead."""
    return bool(_HAND_OFF_RE.search(text))
