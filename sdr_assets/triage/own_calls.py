"""Whether a reply says its writer will be in touch with us herself: "I'll call you next week", "je vous rappelle",
"ich melde mich bei Ihnen", "yo les llamo", "me pondré en contacto".

A request to stop the follow-ups beside such a promise asks this chase to end, not every play to stop for good: a
person reads it. Only a call or a message to us counts, not one to anyone else ("I'll call my lawyer"), refused ("I
will never contact you"), the German "ich melde mich ab", which unsubscribes, or one made on a condition in its
sentence ("We'll be in touch if we ever need you", "je vous recontacterai si besoin"), which promises nothing; nor
one below her sign-off, or one a desk makes as "we" to answer within a set time ("Acme Support – we'll get back to
you within one business day"), her signature's to everyone she writes to. Hers in a set time ("I'll call you within
24 hours") is hers all the same.
"""

from __future__ import annotations

import re

from .caseless import Caseless

__all__ = ["says_she_will_call"]

_OWN_CALL_RE = Caseless(
    r"\b(i|we)(['’]ll| will| shall|['’]m going to| am going to|['’]re going to| are going to)( (just|then|personally|myself|"
    r"directly|gladly|happily))? ((call|ring|phone|contact|e-?mail|write to|get back to|circle back with|follow up with|"
    r"touch base with) (you|u|ya)\b|(call|ring) back\b|(be|get) in touch\b(?! with (?!you\b))|"
    r"(reach out|get back|circle back)\b(?! to (?!you\b)))|"
    r"\b(je|nous) (vous|te) (rappelle|rappellerai|rappelons|rappellerons|recontacte|recontacterai|recontacterons|"
    r"contacterai|contacterons|[ée]crirai|[ée]crirons|appellerai|appellerons|tiens au courant|tiendrai au courant)\b|"
    r"\b(je|nous) (reviens|reviendrai|reviendrons|revenons) vers (vous|toi)\b|\b(je reprendrai|nous reprendrons) contact\b|"
    r"\b(ich|wir) (melde|melden) (mich|uns)\b(?![^.!?\n]{0,60}\bab\b)[^.!?\n]{0,40}\b(bei (ihnen|dir|euch)|wieder|"
    r"selbst|zurück)\b|"
    r"\b(ich|wir) (rufe|rufen) (sie|dich|euch)\b[^.!?\n]{0,40}\b(an|zurück)\b|"
    r"\b(ich|wir) (komme|kommen)\b[^.!?\n]{0,40}\bauf (sie|dich|euch) zu(rück)?\b|"
    r"\b(les|le|te|os) (llamo|llamar[ée]|llamaremos|escribo|escribir[ée]|escribiremos|contacto|contactar[ée]|"
    r"contactaremos)\b|\b(me|nos) (pondr[ée]|pondremos|pongo|ponemos) en contacto\b")

# A condition in the promise's sentence, but for a courtesy ("if that works", "if that's ok").
_CONDITION_RE = Caseless(
    r"\b(if|unless|in case)\b(?! (that|this|it)(['’]s| is| works| suits)\b)|\bshould (we|i|you|anything|things|it|"
    r"that|this|the|our|your)\b|\b(falls|sofern|wenn|gegebenenfalls|ggf)\b|\bbei bedarf\b|\bsi\b(?![^\S\n]*,)|"
    r"\bs['’]il\b|\bau cas o[uù]\b|\ben caso de\b")
# A time to answer in, a service's promise to everyone who writes, not a call she announces: "we'll get back to
# you within one business day", "innerhalb von 24 Stunden", "sous 24h", "en un plazo de 24 horas" (not "within a
# few weeks").
_RESPONSE_TIME_RE = Caseless(
    r"\bwithin (\d+|an?|one|two|three|twenty-four|forty-eight) ?((business |working )?(hours?|hrs?|h)|"
    r"(business|working) days?)\b|"
    r"\b(innerhalb|binnen) (von )?(\d+|einer|eines|zwei|drei) ?(stunden|std|h|werktag(en|es)?|arbeitstag(en|es)?|"
    r"geschäftstag(en|es)?)\b|"
    r"\b(sous|dans les|d'ici) (\d+|un|une|deux|trois) ?(h|heures?|jours? ouvr[ée]s|jours? ouvrables)\b|"
    r"\b(en|dentro de) (un plazo (m[áa]ximo )?de |menos de |las )?(\d+|un|una|dos|tres) ?(horas?|h|d[ií]as? h[áa]biles|"
    r"d[ií]as? laborables)\b")
# A call she makes herself, in the first person singular: "I'll", "je vous rappelle", "ich rufe Sie an", "le llamo".
_SINGULAR_RE = Caseless(r"^(i|je|ich)\b|\b(llamo|llamar[ée]|escribo|escribir[ée]|contacto|contactar[ée]|pondr[ée]|pongo)\b")
_SENTENCE_END = re.compile(r"[.!?;\n]")
# A sign-off alone on a line below her first: "Best,", "Kind regards", "Viele Grüße", "Cordialement", "Saludos".
_SIGN_OFF_RE = Caseless(
    r"\n[^\S\n]*((best|kind|warm|warmest|many)( regards| wishes)?|regards|thanks|thank you|cheers|sincerely|"
    r"(mit )?(freundlichen|viele|beste|liebe) grüße|mfg|lg|cordialement|bien (à|a) vous|bonne journée|"
    r"(un )?saludos?( cordiales)?|atentamente)[^\w\n]*(\n|$)")


def says_she_will_call(text: str) -> bool:
    """Whether ``text`` says its writer will call or write to us herself, on no condition and in no desk's set time to
    answer, above her sign-off."""
    if signed := _SIGN_OFF_RE.search(text):
        text = text[:signed.start()]
    for found in _OWN_CALL_RE.finditer(text):
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, found.start())), default=0)
        end = next((m.start() for m in _SENTENCE_END.finditer(text, found.end())), len(text))
        sentence = text[start:end]
        desk = _RESPONSE_TIME_RE.search(sentence) is not None and _SINGULAR_RE.search(found.group()) is None
        if _CONDITION_RE.search(sentence) is None and not desk:
            return True
    return False
