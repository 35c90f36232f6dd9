"""A list of firms that a buyer keeps, none of our mail: "die Liste der Lieferanten von Globex", "Globex's approved
vendor list", "la liste des fournisseurs de Globex", "la lista de proveedores de Globex", "la lista dei fornitori di
Globex", "de leverancierslijst van Globex", "a lista de fornecedores da Globex".

A request to leave one ("Wir wollen raus aus der Liste der Lieferanten von Globex") asks nothing of our mail: the part
of its clause up to the list is set aside from the opt-out rule, as a refusal is, and a person reads the reply
(``off_a_firm_list``). A list named as ours ("Ihrer Lieferantenliste", "your internal vendor list", "la liste de vos
prestataires") stays ours, and so does our own list asked beside it ("remove us from your list and from Globex's
supplier list").
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .caseless import Caseless

__all__ = ["without_firm_lists"]

_FIRMS_EN = r"(suppliers?|vendors?|bidders?|contractors?|subcontractors?)"
_FIRMS_DE = r"(lieferanten|zulieferer|anbieter|bieter|dienstleister|subunternehmer)"
_FIRMS_FR = r"(fournisseurs|prestataires|soumissionnaires|sous-traitants)"
_FIRMS_ES = r"(proveedores|licitadores|contratistas|subcontratistas)"
_FIRMS_IT = r"(fornitori|appaltatori|subappaltatori|offerenti)"
_FIRMS_NL = r"(leveranciers?|toeleveranciers?|onderaannemers?|aannemers?|inschrijvers?)"
_FIRMS_PT = r"(fornecedores|prestadores|licitantes|empreiteiros|subempreiteiros|subcontratados)"
_YOURS = (r"\b(your|ur|ihre[rnms]?|eure[rnms]?|deine[rnms]?|votre|vos|ta|tes|su|sus|vuestr[oa]s?|tu|tus|vostr[oaie]|"
          r"tuo|tua|tuoi|tue|suo|sua|suoi|sue|uw|jullie|je|jouw|voss[oa]s?|seus?|suas|teus?|tuas)\b")
# A word between ours and the list's name: "your internal vendor list", "Ihrer eigenen Lieferantenliste".
_OWN = r"((own|internal|current|official|eigene[nrms]?|interne[nrms]?|aktuelle[nrms]?|offizielle[nrms]?) )?"
_FIRM_LIST_RE = Caseless(
    rf"(?P<ours>{_YOURS} {_OWN})?("
    r"\b((approved|preferred|qualified|registered|accredited) )?"
    rf"{_FIRMS_EN}['’]? (lists?|database|register|registry)\b|"
    rf"\blists? of ((approved|preferred|qualified|registered|accredited) )?{_FIRMS_EN}\b|"
    rf"\b[\w-]{{0,40}}?{_FIRMS_DE}[\w-]{{0,20}}?(liste|listen|datenbank|verzeichnis|kartei)\b|"
    rf"\bliste (der|von|aller) ([\w-]+ )?{_FIRMS_DE}\b|"
    rf"\b(listes?|fichiers?|bases?|r[ée]f[ée]rentiels?) (des |de |de ses )?([\w-]+ )?{_FIRMS_FR}\b|"
    rf"\b(listas?|listados?|registros?|bases? de datos) (de )?(los |sus )?{_FIRMS_ES}\b|"
    rf"\b(lista|liste|elenchi|elenco|albo|albi|anagrafica|registro|database) (dei |degli |di |delle )?([\w-]+ )?"
    rf"{_FIRMS_IT}\b|"
    rf"\b[\w-]{{0,40}}?{_FIRMS_NL}[\w-]{{0,20}}?(lijst|lijsten|bestand|database|register)\b|"
    rf"\b(lijst|lijsten|bestand|register) (van|met) (de |alle )?([\w-]+ )?{_FIRMS_NL}\b|"
    rf"\b(listas?|cadastros?|registos?|registros?|bases? de dados|bancos? de dados) (de |dos |das )?([\w-]+ )?"
    rf"{_FIRMS_PT}\b)")
# A list named as ours inside its name: "la liste de vos prestataires", "der Liste von Ihren Lieferanten".
_YOURS_RE = Caseless(_YOURS)
# Where the clause that names the list opens: a sign, a line, or a turn to another thing ("and", "aber", "et", "y").
_CLAUSE_OPEN_RE = LazyPattern(r"[.!?;:,\n¡¿]|\b(and|but|also|und|aber|sowie|et|mais|y|pero|sino|e(?!-)|anche|maar|mas)\b",
                              re.I)


def without_firm_lists(text: str) -> str:
    """``text`` with each clause's words up to a list of firms that is not named as ours put aside (one blank in
    their place)."""
    kept, end = [], 0
    for found in _FIRM_LIST_RE.finditer(text):
        if found.group("ours") is not None or _YOURS_RE.search(found.group()):
            continue
        opens = max((m.end() for m in _CLAUSE_OPEN_RE.finditer(text, end, found.start())), default=end)
        kept.append(text[end:opens])
        end = found.end()
    return " ".join([*kept, text[end:]]) if kept else text
