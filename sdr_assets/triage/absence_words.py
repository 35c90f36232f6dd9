"""What an out-of-office says besides her absence and how her mail is handled meanwhile: words she added, which the
opt-out model reads ("Ik ben met vakantie tot 7 januari. Ik wil hier verder niets meer over ontvangen.").

The model learnt from replies, not from notices: it takes "Emails will not be read and will be deleted", "Ihre
Nachricht wird nicht weitergeleitet", "No revisaré el correo", "Sono in ferie fino al 7 gennaio" or "Kind regards"
for requests to stop. So every clause of the notice's own kind is left out first, in English, German, French,
Spanish, Italian and Dutch: her absence, her access to mail and what becomes of it (not read, forwarded or kept,
deleted), her answer on return, a request to write again, whom to ask meanwhile (urgent matters, a colleague, an
address or a number), thanks, greetings and sign-offs, and the company's confidentiality notice. What remains is
read only when it says no, any more, in future or the like, as every request to stop does.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .autoreply import says_away
from .reader_notices import is_reader_notice

__all__ = ["added_to_absence"]

# Where a clause of a notice's sentence ends: a comma, a semicolon, a colon, a dash, or a word that joins another on.
# "En" and "ma" join no clause here: French and Spanish say "en congé", "en la oficina", French "ma messagerie".
_CLAUSES = LazyPattern(r"[,;:()\u2013\u2014]|\s-\s|\s(?:and|but|so|und|aber|et|mais|y|pero|e|maar)\s", re.I)
# Her absence in words the return dates do not need: a trip, a conference, until a day.
_AWAY_RE = LazyPattern(r"travel|conference|konferenz|unterwegs|fuori sede|in trasferta|op reis|dienstreis"
                       r"|\b(?:until|till|bis|jusqu|hasta|fino|tot)\b.{0,30}\d", re.I)
# Where a sentence ends, as a reply's do (``REPLY_SENTENCE_BREAKS``), but not after a day's number: "bis zum 7. Januar".
_SENTENCES = LazyPattern(r"(?<=[.!?;？])(?<!\d\.)\s+|\n+")
_HANDLING_RE = LazyPattern(
    # her mail not read, checked, forwarded, answered or kept, or deleted; her access to it
    r"\bnot (?:be )?(?:automatically )?(?:read|checked|monitored|forwarded|answered|seen|kept|retained|stored"
    r"|actioned|processed)\b"
    r"|\b(?:won'?t|will not|shall not|cannot|can'?t|unable to|not able to) (?:be )?(?:check|read|reply|respond|"
    r"answer|access|monitor|see|forward|get to)"
    r"|\b(?:e-?mails?|messages?|mails?|it|they|inbox|will|shall|are|is|get|gets) (?:be )?(?:automatically |"
    r"permanently )?deleted\b|\baccess to (?:my )?(?:e-?mails?|mail|inbox|messages)\b"
    r"|\b(?:reply|respond|get back|answer|attend|deal|follow up|look at|read)\b.{0,40}\b(?:return|i'?m back|soon|"
    r"possible|asap|arrival)\b|\bexpect (?:a )?(?:reply|response|delay)|\bdelay"
    r"|\b(?:resend|re-send|send (?:it|this|your (?:e-?mail|message)) again|write again|try again|(?:e-?mail|contact) "
    r"me again after)"
    r"|\bnicht\b.{0,25}(?:gelesen|weitergeleitet|bearbeitet|beantwortet|abgerufen|gespeichert)|gelöscht|\bzugriff\b"
    r"|\b(?:nach|bei) meiner rückkehr|\bbeantworte|\bbearbeite|\bmelde mich|\berneut\b|\bnochmals|\bnoch einmal"
    r"|\bne (?:sera|seront) (?:pas |ni )?(?:lu|transféré|traité|consulté|conservé)|supprimés?\b|effacés?\b"
    r"|\b(?:sans|pas d'|pas|aucun|limité) ?accès|\baccès (?:limité|restreint)|\bne (?:consulterai|lirai|pourrai"
    r"|traiterai)"
    r"|\bà mon retour|\bdès mon retour|\bje (?:traiterai|répondrai|reviendrai vers)|\brenvoyer|\brenvoyez|\bà nouveau"
    r"|\bno (?:será|serán|podré|revisaré|leeré|tendré acceso)|\bni reenviad|\beliminad[oa]s?\b|\bborrad[oa]s?\b"
    r"|\bsin acceso|\bacceso limitado|\ba mi (?:regreso|vuelta)|\b(?:responderé|contestaré|atenderé)|\bvuelva a enviar"
    r"|\bnon (?:verrà|verranno|sarà|saranno|leggerò|potrò|avrò accesso)|\bnon\b.{0,25}(?:lett[ea]|inoltrat)"
    r"|\bné inoltrat|\bcancellat[oaie]\b"
    r"|\beliminat[oaie]\b|\baccesso (?:limitato|alla posta)|\bsenza accesso|\bal mio (?:rientro|ritorno)"
    r"|\brisponderò|\breinviare|\binviare nuovamente|\brimandare"
    r"|\b(?:wordt|worden) niet\b|\bniet\b.{0,25}(?:gelezen|doorgestuurd|behandeld|beantwoord)|\b(?:wordt"
    r"|worden) verwijderd"
    r"|\btoegang tot\b|\blees mijn e-?mail niet|\bna mijn (?:terugkomst|terugkeer)|\bbij (?:mijn )?terugkomst"
    r"|\bbeantwoord|\breageer|\bopnieuw\b"
    r"|\b(?:lese|lesen|checke|bearbeite)\b.{0,40}\bnicht\b|\bno se (?:reenv|le[ée])|\bmay be (?:slow|delayed)"
    r"|occasionally|intermittent|sporadic|gelegentlich|unregelmäßig|de temps en temps|ocasionalmente|saltuariamente"
    r"|af en toe",
    re.I)
# Her reading of her mail meanwhile, in any words: a word of mail with one of reading, checking, access or forwarding
# ("I'm not checking email", "Ik lees geen mail", "No tengo acceso al correo", "Nessuna email verrà letta").
_MAIL_RE = LazyPattern(r"mail|inbox|messages?\b|posta\b|correo|courriel|messagerie|nachricht|bericht|mensaje|messagg",
                       re.I)
_READING_RE = LazyPattern(
    r"\b(?:read|check|access|monitor|forward|les[et]?n?|gelesen|abruf|zugriff|zugang|weiterleit|lis|lire|lus?|consult"
    r"|accès|transf[ée]r|le[oeí]|leer|leíd[oa]s?|revis|acceso|reenv|legg|lett[aeio]|controll|accesso|inoltr|lees|lezen"
    r"|gelezen|toegang|doorgestuurd|doorsturen)", re.I)
# Whom to ask meanwhile: urgent matters, a colleague, an address or a number to call, where else a matter goes.
_REFERRAL_RE = LazyPattern(
    r"urgen|dringend|eilig|notfall|spoed|emergenc|pressing|immediate assistance|colleague|kolleg|coll[èe]gue"
    r"|compa[ñn]er|collega|deputy|vertretung"
    r"|should (?:go|be sent|be directed|be addressed) to|in my absence|in the meantime|meanwhile"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d ()/.-]{6,}\d|\b(?:tel|phone|mobile)\b",
    re.I)
# What holds only while she is away, until then or for this year ("No more emails from me this year", "Bitte senden
# Sie keine weiteren Unterlagen bis zu meiner Rückkehr"), and the notice's own "please do not reply to this
# message": none asks us to stop.
_BOUNDED_RE = LazyPattern(
    r"\buntil (?:i(?:'m| am)? (?:return|back)|my return|then)|\bbefore then|\bwhile i'?m away|\bthis year"
    r"|\bbis (?:zu meiner rückkehr|dahin)|\b(?:dieses|in diesem) jahr|jusqu'à mon retour|\bd'ici là|\bcette année"
    r"|\bhasta (?:mi (?:regreso|vuelta)|entonces)|\beste año|\bfino al mio (?:rientro|ritorno)|\bfino ad allora"
    r"|\bquest'anno|\btot (?:mijn (?:terugkeer|terugkomst)|dan)\b|\bdit jaar"
    r"|\b(?:do not|don'?t) reply to this|\bbitte antworten sie nicht|\bne (?:pas )?répond\w* pas à ce|\bne pas répondre"
    r"|\bno responda\w* a este|\bnon rispondere a quest|\bniet (?:op|naar) dit bericht",
    re.I)
# Thanks for the message, a greeting, a sign-off or a "please" alone, with at most a name after it; or a name alone.
_COURTESY_RE = LazyPattern(
    r"^\W*(?:(?:(?:many |vielen |merci |muchas |mille |hartelijk )?(?:thanks?|thank you|dank[e]?|merci|gracias|grazie|"
    r"bedankt)(?: (?:for|für|pour|por|per|voor) (?:your|the|ihre|deine|votre|su|tu|il|la|vostr[oa]|uw|je) "
    r"(?:e-?mail|message|mail|note|nachricht|courriel|correo|mensaje|messaggio|bericht))?"
    r"|hi|hello|hallo|dear|good (?:morning|afternoon)|guten tag|sehr geehrte\w*|liebe\w*|bonjour|madame|monsieur"
    r"|hola|estimad[oa]s?|buongiorno|gentil\w*|salve|beste|geachte|goedemorgen|goedemiddag"
    r"|(?:kind |best |warm )?regards|best|cheers|sincerely|(?:mit )?freundlichen grüßen|(?:viele|beste) grüße|grüße"
    r"|best wishes|buenos días|buenas tardes|saludos cordiales|(?:bien )?cordialement|bien à vous|salutations\w*"
    r"|(?:un )?saludos?|atentamente|cordiali saluti|saluti|distinti saluti"
    r"|(?:met )?vriendelijke groet(?:en)?|groet(?:en|jes)?|please|bitte|por favor|per favore|s'il vous pla[iî]t|graag)"
    r"(?:[\s,]+(?-i:[A-Z][\w.'-]*)){0,3}|(?:(?-i:[A-Z][\w.'-]*)\s*){1,3})\W*$",
    re.I)
# Where the company's notice on confidentiality starts, which may be as plain as "Este mensaje es confidencial": it
# runs to the end ("ExampleCorp shall not be liable...").
_DISCLAIMER_RE = LazyPattern(
    r"confiden|vertraulich|riservat|vertrouwelijk|intended (?:recipient|solely|only)|not the (?:intended )?recipient"
    r"|addressee|geadresseerde|destinatai|destinatari|nicht der (?:\w+ )?(?:empfänger|adressat)|in error|by mistake"
    r"|par erreur|por error|per errore|per vergissing|irrtümlich|versehentlich|originates from|not be liable"
    r"|disclaimer|haftungsausschluss",
    re.I)
# The notice speaking of itself: "This is an automated response", "the only notification you will receive".
_AUTOMATED_RE = LazyPattern(r"\bthis is an? (?:automat\w* |auto-?)(?:response|reply|message)|only notification", re.I)
# What a request to stop says, in words the rule need not know: no, not, any more, further, again, in future, stop.
# Words she added with none of them ("Gracias por su comprensión", "Buone feste", "replies may be slow") ask nothing
# to stop, though the model, which learnt from replies, may take their unknown words for a request.
_REFUSAL_RE = LazyPattern(
    r"\b(?:no|not|never|nothing|none|any ?more|further|again|going forward|in future|from now on|stop|remove|off"
    r"|nicht|nichts|kein\w*|nie|mehr|weiter\w*|künftig|zukünftig|fortan|ne|plus|jamais|rien|aucun\w*|inutile"
    r"|désormais|dorénavant|nunca|nada|ningun\w*|más|adelante|non|mai|niente|nessun\w*|più|basta|niet|geen|niets"
    r"|nooit|meer|verder|voortaan)\b|n't\b|\bn'|à l'avenir|futur", re.I)
_LETTERS_RE = LazyPattern(r"[^\W\d_]{2}")


def _notice_clause(clause: str) -> bool:
    return bool(not _LETTERS_RE.search(clause) or says_away(clause) or _AWAY_RE.search(clause)
                or _HANDLING_RE.search(clause) or _MAIL_RE.search(clause) and _READING_RE.search(clause)
                or _AUTOMATED_RE.search(clause) or _BOUNDED_RE.search(clause) or _COURTESY_RE.match(clause))


def added_to_absence(text: str) -> str:
    """The clauses of an out-of-office's own ``text`` that are no part of its notice, one a line: what she added, when
    it says no, any more, in future or the like, as a request to stop does; else nothing."""
    kept = []
    for sentence in _SENTENCES.split(text):
        if _DISCLAIMER_RE.search(sentence):
            break
        if not sentence.strip() or _REFERRAL_RE.search(sentence) or is_reader_notice(sentence):
            continue
        kept += [c.strip() for c in _CLAUSES.split(sentence) if c and c.strip() and not _notice_clause(c)]
    added = "\n".join(kept)
    return added if _REFUSAL_RE.search(added) else ""
