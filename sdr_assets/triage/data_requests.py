"""Replies that make a data-protection request: where we got the address or data (GDPR Art. 14),
a copy of the data we hold (Art. 15, CCPA's right to know) or its erasure (Art. 17, CCPA's right to
delete), in English, German, French and Spanish.

Such a request must be answered by a person within a month, whatever else the reply says: an
opt-out with it is still recorded as any opt-out, and the reply goes to a person too
(``classify``). An erasure request ("delete my data", "remove me from your database") is an
opt-out too, whatever else the reply says: data we must erase is no address to mail
(:func:`asks_erasure`). Conservative: "remove me from your list" or "stop emailing me" only opts out,
"are you GDPR compliant?" asks nothing of our data about her, and a question about deleting data
("can we delete our data if we cancel?", "how do you handle deletion requests?") asks for nothing.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .optout_requests import set_aside_refusals

_MINE = r"(?:my|our)"
# "Our data" is as often the company's as the person's: "our" asks about her data only with "personal".
_OWN = r"(?:my (?:personal )?|our personal )"
_NOUN = r"(?:e-?mail|address|details|data|contact|information|info|name|(?:phone )?number)\b"
_GOT = r"(?:get|got|gotten|find|found|obtain|obtained|buy|bought|source|sourced|collect|collected|acquire|acquired)"
_HELD = r"(?:data|information|info|details|records)"
# Where a record of her lives: not a mailing list, whose leaving is a plain opt-out.
_STORE = r"(?:database|data ?base|records|systems?|crm|files|servers|data)"
_SOURCE = (
    rf"\b(?:how|where) (?:did|have|had) you {_GOT} (?:hold of )?{_MINE} {_NOUN}"
    rf"|\bwho gave you {_MINE}\b|\bwhere (?:do|does) (?:you|your company) (?:get|source) (?:my\b|our {_NOUN})"
    # Asked indirectly: "tell me where you got my address".
    rf"|\b(?:how|where) you {_GOT} (?:hold of )?my {_NOUN}"
    r"|\bwho (?:sold|gave|passed|provided|shared) (?:you )?(?:with )?my\b"
    r"|\bwhere (?:is|are) my (?:personal )?(?:data|details|information|contact details) (?:from|coming from)\b"
    r"|\bwhere (?:does|do) my (?:personal )?(?:data|details|information|e-?mail|address) come from\b"
    r"|\b(?:the )?source of my (?:personal )?(?:data|details|information|e-?mail|address|contact)"
    r"|\bhow did (?:i|my (?:e-?mail|address|details|data|name)) (?:end up|get|land) (?:on|in|into) your\b"
    rf"|\bhow did you come (?:by|across) my {_NOUN}"
)
_ACCESS = (
    r"\bwhat (?:personal )?(?:data|information|info|details) (?:do |does )?(?:you|your company) "
    r"(?:hold|have|store|keep|process)(?: on file)? (?:on|about) (?:me|us)\b"
    r"|\bsubject access request\b|\bdsar\b|\bright (?:of|to) access\b"
    rf"|\b(?:a )?copy of {_OWN}(?:data|information)\b"
    # "Which data do you have about me?", "what information have you got stored on me?"
    rf"|\b(?:what|which)(?: kind of| sort of)? (?:personal )?{_HELD}(?: of mine)? (?:do|does|have|are|is) "
    r"(?:you|your (?:company|team|firm))\b[^.?!\n]{0,40}?\b(?:on|about|of|regarding|concerning) me\b"
    rf"|\bwhat (?:personal )?{_HELD} of mine\b"
    # "Send me all the data you hold on me", "tell me what information you have stored about me"
    rf"|\b{_HELD} (?:that )?(?:you|your company) (?:hold|have|keep|store|process|are holding|are keeping|"
    r"have stored|have collected|collected|stored)\b[^.?!\n]{0,20}? (?:on|about|regarding|concerning) me\b"
)
# What may follow an order to delete data: how soon, where from, a courtesy.
_ORDER_TAIL = (rf"(?: (?:now|immediately|asap|please|at once|right away|too|from (?:all (?:of )?)?your (?:\w+ )?"
               rf"(?:{_STORE}|(?:mailing )?lists?)))*(?:,? (?:please|thanks|thank you))?\s*")
# An order may go on ("delete our data, we are not interested", "remove my data and stop") ...
_ORDER_END = _ORDER_TAIL + r"(?:[.!?,;:]|\s[-–—]\s|\s(?:and|as well as)\b|$)"
# ... a polite question only ends: "could you delete our data, and what does it cost?" asks.
_ASK_END = _ORDER_TAIL + r"(?:[.!?]|$)"
_ASK = r"(?:can|could|would|will) you(?: please| kindly)?,? "
# Where an order opens: a sentence or a clause ("not a fit - delete our data", "thanks, but please ...").
# Its runs of signs and courtesies stop at the next opening, where the search tries again: a ``\W*`` read from each
# comma of "   , " a thousand times over to the end of the line, quadratic in its length.
_OPENS = (r"(?:^|(?<=[,;:])|(?<=\s[-–—]\s)|\b(?:but|so)\b)(?:[^\w\s,;:]|\s(?<!\s[-–—]\s))*"
          r"(?:(?:please|kindly|pls|and|just|now)\s+)*")
_ERASURE = (
    rf"\b(?:delete|erase|purge|destroy|wipe) (?:all (?:of )?)?{_OWN}(?:data|information|info|details|records)\b"
    r"|\bright to (?:be forgotten|erasure)\b"
    # Not "remove": "remove my details from your list" only leaves a list.
    r"|\b(?:delete|erase|purge|destroy|wipe) (?:all (?:of )?)?my (?:contact |personal )?"
    r"(?:details|information|info|data|records)\b"
    # "Delete everything you have about me", "erase any data you hold on me"
    r"|\b(?:delete|erase|purge|wipe|remove|destroy) "
    r"(?:everything|all(?: the| of the)? (?:data|information|info|details)"
    r"|any (?:data|information|info|details)) (?:that )?(?:you|your company) (?:have|hold|keep|store|'ve got|have got"
    r"|have stored|hold|'ve stored|are holding)\b[^.?!\n]{0,20}? (?:on|about|regarding|concerning) me\b"
    # "I don't want my data stored." (and nothing more in the sentence: "... stored outside the EU" asks where)
    rf"|\b(?:don'?t|do not|no longer) want {_OWN}{_HELD} (?:to be )?(?:stored|kept|held|processed)"
    r"(?: (?:anymore|any more|any longer|by you))?\s*(?:[.!]|$)"
    r"|\b(?:erase|purge|wipe) (?:all (?:of )?)?my (?:e-?mail )?address\b"
    rf"|\b(?:delete|erase|purge|wipe|remove|scrub) "
    rf"(?:me|my (?:e-?mail|address|name|contact|profile|details|data|information|info)[\w ]{{0,12}}?) "
    rf"(?:completely |entirely )?from (?:all (?:of )?)?(?:your|the) (?:\w+ )?{_STORE}\b"
    rf"|\b(?:want|like|need|have|get|ask that|request that) (?:all )?{_OWN}{_HELD} (?:to be |be )?"
    r"(?:deleted|erased|purged|wiped|destroyed|removed)\b"
    rf"|\b{_OWN}{_HELD} (?:must|should|shall|is to|are to) be (?:deleted|erased|purged|wiped|destroyed)\b"
    # "Please delete our data.", "remove my data": an order, not "would you delete our data if we cancel?"
    # and only when nothing follows but where from or another clause: "delete our data older than 2 years" asks.
    rf"|{_OPENS}(?:delete|erase|purge|wipe|remove|destroy) (?:all (?:of )?)?our {_HELD}{_ORDER_END}"
    rf"|{_OPENS}{_ASK}"
    rf"(?:delete|erase|purge|wipe|remove|destroy) (?:all (?:of )?)?our {_HELD}{_ASK_END}"
    rf"|(?<!you )(?<!you please )(?<!you kindly )\bremove (?:all (?:of )?)?my (?:personal )?data{_ORDER_END}"
    rf"|\b{_ASK}remove (?:all (?:of )?)?my (?:personal )?data{_ASK_END}"
)
_ERASURE_DE = (
    # "Löschung der Kundendaten" may be a buyer's question about her customers': only hers, or asked for.
    r"\b(?:löschen sie|löschung) (?:bitte )?(?:(?:meiner|meine|alle meine|aller meiner) "
    r"(?:personenbezogenen |persönlichen )?[\w-]*daten|(?:unserer|unsere) (?:personenbezogenen|persönlichen) daten)\b"
    r"|\blöschen sie (?:bitte )?(?:alle|die) (?:personenbezogenen |persönlichen )?daten\b"
    r"|\b(?:verlangen?|fordern?|fordere|bitten? um|beantragen?|ersuchen? um) (?:hiermit )?(?:die )?"
    r"(?:sofortige |umgehende |vollständige )?löschung (?:aller |der |meiner |unserer |sämtlicher )?"
    r"(?:personenbezogenen |persönlichen |gespeicherten )?(?:kontakt)?daten\b"
    # "Bitte unsere Daten löschen.", "Löschen Sie bitte unsere Daten.": an order the sentence holds alone
    # (not "unsere Kundendaten löschen, geht das?"), or with a statement after it ("..., wir haben kein Interesse"):
    # "unsere" alone asks a buyer's question as often.
    r"|^\W*(?:bitte\s+)?(?:alle\s+)?unsere\s+(?:kontakt)?daten\s+(?:bitte\s+)?(?:sofort\s+|umgehend\s+|"
    r"vollständig\s+)?löschen(?:\W+(?:bitte|danke))*(?:\s*+[.!]*+\s*+$|,(?![^?]*\?))"
    r"|^\W*(?:bitte\s+)?löschen sie (?:bitte |umgehend |sofort )*(?:alle |sämtliche )?unsere (?:kontakt)?daten"
    r"(?: (?:bitte |umgehend |sofort |vollständig )*(?:aus|in) ihre[rmn] (?:datenbank|system|systemen|crm|kartei|"
    r"verteiler|listen?))?(?:\W+(?:bitte|danke))*\s*+[.!]*+\s*+$"
    # "Ich bitte Sie, unsere Daten zu löschen.", "Wir möchten, dass Sie unsere Daten löschen."
    r"|\b(?:bitten? sie|möchten?,? dass sie|wollen,? dass sie|will,? dass sie|ersuchen sie),? (?:bitte )?(?:alle |sämtliche )?unsere "
    r"(?:personenbezogenen |persönlichen |gespeicherten )?(?:kontakt)?daten (?:umgehend |sofort |vollständig )?"
    r"(?:zu )?löschen(?:,? (?:bitte|danke))?\s*(?:[.!]|$)"
    r"|\b(?:meine|unsere (?:personenbezogenen|persönlichen)) [\w-]*daten (?:bitte )?(?:sofort )?löschen\b"
    r"|\brecht auf (?:löschung|vergessenwerden)\b"
    r"|\b(?:entfernen|löschen|streichen) sie (?:bitte )?(?:mich|meine [\w-]+) (?:bitte )?(?:komplett |vollständig )?"
    r"aus ihre[rmn] (?:datenbank|datenbestand|system|systemen|crm|kartei|kundendatei)\b"
)
_ERASURE_FR = (
    r"\b(?:supprimez|effacez|supprimer|effacer|suppression|effacement) (?:de )?(?:toutes )?"
    r"(?:mes (?:données|informations|coordonnées)\b|nos (?:données|informations|coordonnées) personnelles\b"
    r"|nos (?:données|coordonnées)(?: de (?:vos|votre) (?:fichiers?|base|listes?|systèmes?))?(?:,? (?:svp|merci))?"
    r"\s*(?:[.!?,;]|$))"
    r"|\bdroit (?:à l['’]oubli|à l['’]effacement)\b"
    r"|\b(?:retirez|supprimez|effacez)[- ]moi de (?:votre|vos) (?:base|fichiers?|systèmes?)\b"
)
_ERASURE_ES = (
    r"\b(?:borren|borre|eliminen|elimine|supriman|suprima|borrar|eliminar|suprimir) (?:todos )?mis datos\b"
    # "Borren nuestros datos, por favor.": an order, not "¿borran nuestros datos al cancelar?"
    r"|^\W*(?:por favor,? )?(?:borren|borre|eliminen|elimine|supriman|suprima) (?:todos )?nuestros datos"
    r"(?: (?:inmediatamente|de inmediato|cuanto antes|ya|ahora))?(?:,? (?:por favor|gracias))?\s*(?:[.!,;]|$)"
    r"|\bderecho (?:al olvido|de supresi[oó]n)\b"
    r"|\b(?:b[oó]rrenme|elim[ií]nenme|s[aá]quenme) de (?:su|sus) (?:base|archivos?|sistemas?)\b"
)
_PATTERNS = (
    _SOURCE, _ACCESS,
    # German.
    r"\bwoher haben sie (?:meine[nr]?|unsere[nr]?)\b|\bwer hat ihnen (?:meine|unsere)\b"
    r"|\bwie (?:sind|kommen) sie (?:an|zu) (?:meine[nr]?|unsere[nr]?) (?:\w+ )?[\w-]*(?:adresse|daten|mail)\b"
    r"|\bwoher (?:stammen|kommen|stammt|kommt) meine (?:[\w-]*daten|[\w-]*adresse|angaben)\b",
    r"\bwelche (?:personenbezogenen )?daten (?:haben|speichern|verarbeiten) sie\b|\b(?:selbst|daten)auskunft\b"
    r"|\bauskunft (?:über|nach) (?:meine|die über mich) (?:gespeicherten |personenbezogenen )?daten\b"
    r"|\bart(?:\.|ikel) ?15 (?:dsgvo|gdpr)\b|\bauskunft nach art(?:\.|ikel) ?15\b"
    r"|\b(?:welche|was für) (?:personenbezogenen |persönlichen )?(?:daten|informationen|angaben) "
    r"[^.?!\n]{0,40}?\büber mich\b",
    # French.
    r"\b(?:où|comment) avez[- ]vous (?:eu|obtenu|trouvé|récupéré) (?:mon|ma|mes|nos)\b"
    r"|\bqui vous a (?:donné|transmis|communiqué) (?:mon|ma|mes)\b"
    r"|\bd['’]où (?:tenez|avez|proviennent|viennent)[- ](?:vous )?(?:mes|mon|ma)\b",
    r"\bquelles (?:données|informations)(?: personnelles)? (?:avez|détenez|conservez)[- ]vous"
    r"(?: ?\?|$|[^.?!\n]{0,30}?\b(?:sur moi|me concernant|à mon sujet))|\bdroit d['’]accès\b"
    r"|\bcopie de (?:mes données|nos données personnelles)\b",
    # Spanish.
    r"\b(?:c[oó]mo|de d[oó]nde) (?:consigui[oó]|consiguieron|obtuvo|obtuvieron|sac[oó]|sacaron|tienen?) mis? "
    r"(?:correo|email|datos|n[uú]mero|direcci[oó]n)\b|\bqui[eé]n les? (?:dio|ha dado|facilit[oó]) mis?\b",
    r"\bqu[eé] datos(?: personales)? (?:tienen|tiene|guardan|guarda|tratan) (?:de|sobre) m[ií]\b"
    r"|\bderecho de acceso\b",
)
# "Where did you get my details? Delete them.": in the sentence right after a request about her data, a bare
# "delete them" erases it; "we have to remove them by hand" or "delete everything older than 2 years" does not.
_ERASE_THEM = (r"^\W*(?:(?:please|kindly|and|so|then|just|now|(?:can|could|would|will) you(?: please| kindly)?"
               r"|i want you to|i'?d like you to|i would like you to|i need you to),?\s+)*"
               r"(?:delete|erase|purge|wipe|remove|destroy) (?:them|it|all of it|those|that|this|everything)\b"
               r"|^\W*(?:bitte )?(?:löschen|entfernen)(?: sie (?:sie|diese|alles))?(?: bitte)?\s*[.!]"
               r"|^\W*(?:merci de |veuillez )?(?:supprimez|effacez)[- ](?:les|la|le|tout)\b"
               r"|^\W*(?:por favor,? )?(?:b[oó]rrenlos|elim[ií]nenlos|b[oó]rrelos)\b")
_FLAGS = re.IGNORECASE | re.MULTILINE
_REQUEST_RE = LazyPattern("|".join(f"(?:{p})" for p in _PATTERNS), _FLAGS)
_ERASURE_RE = LazyPattern("|".join(f"(?:{p})" for p in (_ERASURE, _ERASURE_DE, _ERASURE_FR, _ERASURE_ES)), _FLAGS)
# A sentence that asks how deletion works or what a product or the sender could do asks us to erase nothing,
# and makes no request: "can we delete our data if we cancel?", "how do I delete my data in your tool?",
# "does your tool delete my records from the CRM?", "we need a tool that can delete my data". Read only before
# the erasure: "delete my data now, do you hear me?" is still a request.
_HOW_IT_WORKS_RE = LazyPattern(
    r"\b(?:can|could|may|do|will|would|should) (?:i|we|users?|customers?)\b"
    r"|\bhow (?:do|does|can|would|could|will|is|are)\b"
    r"|\bdo (?:you|your)\b|\bdoes (?:your|the|it|this|that)\b|\b(?:can|could|will|would) (?:your|the|this|that|it)\b"
    r"|\b(?:that|which) (?:can|could|will|would)\b|\b(?:lets?|allows?) (?:me|us|users?|customers?)\b|\bable to\b"
    r"|\b(?:software|tool|app|platform|product|system|solution) (?:would|could|can|will|should|must)\b"
    r"|\bduring (?:the |our |your )?(?:onboarding|setup|set-up|migration|trial|pilot|implementation|rollout)\b"
    r"|\bkann ich\b|\bkönnen wir\b|\bpuedo\b|\bpodemos\b"
    r"|\bcomment\b|\best-ce que (?:je|nous|on)\b|\b(?:je peux|nous pouvons|on peut|puis-je|peut-on)\b",
    re.IGNORECASE)
# A clause that opens with a condition or a modal ("if we cancel, can we delete our data?") asks nothing yet.
_CONDITION_RE = LazyPattern(
    r"^\W*(?:if|once|when|whenever|after|whether|in case|should|can|could|may|might|would|will|do|does|is|are"
    r"|wenn|falls|sobald|si|cuando)\b", re.IGNORECASE)
# A question about the product after the erasure: "delete our data, can your tool do that?", "..., is that possible
# in your app?", "..., geht das mit Ihrem Tool?", "..., votre outil le permet-il ?", "..., ¿lo permite su herramienta?".
# What a product can do, asked in German, French or Spanish: "Votre outil peut-il supprimer nos données ?",
# "kann Ihr Tool das?", "¿lo permite su herramienta?". It asks only in a question about data not hers
# (:func:`_asks_the_product`): "Votre outil peut aller au diable, supprimez mes données." erases.
_PRODUCT_CAN = (
    r"\b(?:tool|software|system|plattform|lösung|produkt|outil|logiciel|plateforme|application|produit|herramienta|"
    r"plataforma|producto|aplicaci[oó]n)s? (?:(?:le |la |les |l['’]) ?|lo )?(?:kann|könnte|peut|pourrait|permet|sait|"
    r"puede|podr[ií]a|permite)\b"
    r"|\b(?:kann|können) (?:ihr|ihre|euer|eure|das|die) (?:tool|software|system|plattform|lösung|produkt)\b"
    r"|\b(?:peut|permet|pourrait)-(?:il|elle)\b"
    r"|\b(?:puede|permite|podr[ií]a) (?:su|la|el|vuestra|tu) (?:herramienta|software|plataforma|producto|aplicaci[oó]n)\b"
)
_PRODUCT_CAN_RE = LazyPattern(_PRODUCT_CAN, re.IGNORECASE)
# An erasure given as an order, polite or pressing, whatever question follows it: "Please delete all our data now,
# can your product do that?" asks us to erase; a bare "Delete our data, can your tool do that?" asks what it can do.
_ORDERED_RE = LazyPattern(r"^\W*(?:(?:and|so|then|but)\s+)?(?:please|kindly|pls|bitte|merci de|veuillez|por favor)\b"
                          r"|\b(?:now|immediately|asap|at once|right away|sofort|umgehend|imm[ée]diatement|"
                          r"inmediatamente|de inmediato)\b", re.IGNORECASE)
_PRODUCT_AFTER_RE = LazyPattern(
    r"\b(?:can|could|does|will|would) (?:your|the|this) (?:tool|software|app|platform|product|system|solution|crm)\b"
    r"|\b(?:can|does) it do (?:that|this)\b|\bis (?:that|this|it) possible (?:in|with) (?:your|the)\b"
    rf"|\bgeht das mit (?:ihrem|ihrer|eurem|eurer|dem|der)\b|{_PRODUCT_CAN}",
    re.IGNORECASE)
# Her data: hers by the pronoun, or "personal" ("delete our personal data" is the person's, not the company's).
_HERS_RE = LazyPattern(r"\b(?:my|me|mes|mon|ma|moi|meine[nmrs]?|mich|mis|m[ií]|personal|persönlich\w*|"
                       r"personenbezogen\w*|personnel\w*|personales)\b", re.IGNORECASE)
# ... unless it is a request put politely: "could you please delete my data?", "are you able to delete my data?",
# "if you could delete my data", "können Sie bitte meine Daten löschen?", "¿pueden borrar mis datos?".
_POLITE_RE = LazyPattern(
    r"^\W*(?:(?:and|so|then|but)\s+)?(?:(?:can|could|would|will) you(?: please| kindly)? (?:be able to )?"
    r"|(?:are|would) you (?:be )?able to |if you (?:could|would|can)(?: please| kindly)? )"
    r"(?!not\b|tell\b|explain\b|confirm whether\b)(?=[a-z])"
    r"|^\W*(?:please|kindly|pls)\b|^\W*könn(?:en|ten) sie(?: bitte)?\b"
    r"|^\W*(?:pouvez|pourriez)[- ]vous\b|^\W*(?:pueden|podr[ií]an|puede|podr[ií]a)\b", re.IGNORECASE)
# "Will you delete my data after the trial?": a question about what happens later, not a request.
_LATER_RE = LazyPattern(r"\b(?:(?:after|once|when|whenever) (?:the|our|my|we|i)|if (?:we|i|the|our)|later|"
                       r"at the end|in case)\b", re.IGNORECASE)
# Where a clause ends: "delete my data, do you understand?", "... - how is this legal?", "... or I report you".
_CLAUSE_END_RE = LazyPattern(r"[,;:]|\s[-–—]\s|\s(?:or|oder|ou|o)\s", re.IGNORECASE)
_SENTENCE_RE = LazyPattern(r"(?<=[.?!;])\s+|\n+")
_ERASE_THEM_RE = LazyPattern(_ERASE_THEM, _FLAGS)


def read_request(text: str) -> tuple[bool, bool]:
    """Whether what the sender wrote (the visible text, without the quote) makes a data-protection request,
    and whether it asks us to erase her data (:func:`is_data_request`, :func:`asks_erasure`), read once.
    A refusal ("please don't delete my data") asks for nothing."""
    sentences = _SENTENCE_RE.split(set_aside_refusals(text))
    erasures = [(s, m) for s in sentences for m in _ERASURE_RE.finditer(s) if not _asks_the_product(s, m)]
    erases = _erases_them(sentences) or any(_asks(s, m.start(), m.end()) for s, m in erasures)
    return (erases or bool(_REQUEST_RE.search(text))
            or any(not _how_it_works(s, m.start()) for s, m in erasures)), erases


def is_data_request(text: str) -> bool:
    """Whether it makes a data-protection request. Read broadly, for a person to answer: a condition
    ("delete my records when the contract ends") keeps it; a question on how deletion works does not."""
    return read_request(text)[0]


def asks_erasure(text: str) -> bool:
    """Whether it asks us to erase the sender's data, her opt-out for good: a request, not a question
    ("do you delete my data on request?") nor one put off by a condition ("if we cancel, ...")."""
    return read_request(text)[1]


def _how_it_works(sentence: str, start: int) -> bool:
    """Whether the words before the erasure ask how deletion works (a polite opening asks nothing)."""
    clause = _clause_start(sentence, start)
    polite = _POLITE_RE.match(sentence, clause)
    return bool(_HOW_IT_WORKS_RE.search(sentence[:clause] + " " + sentence[polite.end() if polite else clause:start]))


def _asks_the_product(sentence: str, match: re.Match) -> bool:
    """Whether the sentence asks what the product can do with data not hers: "delete our data, can your tool do
    that?", or in the erasure's own clause, "Votre outil peut-il supprimer nos données ?". Her own data ("delete
    my data, can your tool do that?") stays a request: in doubt, an erasure; so does an erasure ordered in a clause
    of its own ("please delete all our data now, can your product do that?")."""
    if _HERS_RE.search(match.group(0)):
        return False
    begin = _clause_start(sentence, match.start())
    after = _CLAUSE_END_RE.search(sentence, match.end())
    clause = sentence[begin:after.start() if after else len(sentence)]
    ends = _CLAUSE_END_RE.search(sentence, match.start())
    own = sentence[begin:ends.start() if ends else len(sentence)]
    if not own.rstrip().endswith("?") and _ORDERED_RE.search(own):
        return False
    return ((clause.rstrip().endswith("?") and bool(_PRODUCT_CAN_RE.search(clause)))
            or (sentence.rstrip().endswith("?") and bool(_PRODUCT_AFTER_RE.search(sentence, match.end()))))


def _clause_start(sentence: str, start: int) -> int:
    """Where the clause holding ``start`` begins."""
    ends = [m.end() for m in _CLAUSE_END_RE.finditer(sentence, 0, start)]
    return ends[-1] if ends else 0


def _asks(sentence: str, start: int, end: int) -> bool:
    """Whether the clause holding the erasure (``start``:``end``) asks us to act rather than how things work;
    "si possible, supprimez mes données" is judged on what follows its condition."""
    if _how_it_works(sentence, start):
        return False
    begin = _clause_start(sentence, start)
    after = _CLAUSE_END_RE.search(sentence, end)
    clause = sentence[begin:after.start() if after else len(sentence)]
    question = clause.rstrip().endswith("?")
    if _POLITE_RE.match(clause):
        return not (question and _LATER_RE.search(clause, end - begin))
    return not _CONDITION_RE.match(clause) and not question


def _erases_them(sentences: list[str]) -> bool:
    """ "Where did you get my details? Delete them.": a bare erasure right after a request about her data.
    The anchored match of the bare erasure comes first: searching every sentence before it for a request
    cost a quarter of reading a reply, for the few sentences that start with one."""
    return any((m := _ERASE_THEM_RE.match(after)) and (_REQUEST_RE.search(before) or _ERASURE_RE.search(before))
               and _asks(after, 0, m.end()) for before, after in zip(sentences, sentences[1:]))
