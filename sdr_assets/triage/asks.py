"""Whether a decline or an opt-out also asks us something: a direct question or a request a person answers.

"Not for us, but how much does it cost?" and "Remove me from this sequence but book me a demo" end
no conversation by themselves: the decline or the opt-out stands (an opt-out is recorded at once),
and a person reads what else they ask. A question that is itself the request to stop ("can you take
me off your list?") or a rhetorical one ("how many times do I have to ask?") asks nothing more.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

from .caseless import Caseless
from .labels import is_unsubscribe, mentions_optout
from .reply_sentences import REPLY_SENTENCE_BREAKS

__all__ = ["asks_something"]

# A question mark ending a sentence or a clause, not one inside a link's query string.
_QUESTION_RE = LazyPattern(r"[?？](?=\s|$|[\"')\]])|¿")
_RHETORICAL_RE = Caseless(
    r"how many (more )?times|what part of|are you (kidding|serious|joking)|seriously|really\?|what is this|"
    r"is this (an? )?(automated|bot|ai|spam)|did an ai|why (do|does|did|are|is|would|should) (you|this|i|we)\b|"
    r"who (gave|sold|told) you|where did you get|how (did|do) you (even )?get|"
    r"quante volte|sul serio|chi vi ha dato|cuántas veces|en serio|cómo (lo|la|los) consiguieron|para qué|"
    r"hoe vaak|waar hebben|quantas vezes|sério|onde arranjaram|woher haben|wie oft|schon wieder|"
    r"combien de fois|sérieusement|où avez-vous")
# A request for something of ours or a pointer to someone who wants it.
_REQUEST_RE = Caseless(
    r"\b(send|share|forward) (me|us|her|him|them|over)\b(?! (any|no) (more|further)| anything| nothing| (e-?mails?|mails?|"
    r"messages?|spam))|"
    r"\b(e-?mail|mail|write( to)?|contact|reach|call|ring|ping) (me|us|her|him|them) (at|on|instead|via|directly)\b|"
    r"\b(book|schedule|set up|arrange) (me|us|her|him|them|a (call|demo|meeting|chat))\b|"
    r"\b(would|will|might|could) (really |definitely |probably )?(want|like|love|need) (this|that|a demo|to (see|try|"
    r"talk|hear|know|learn|get(?! (off|out|rid))|book))\b|"
    r"\b(i'm|i am|we're|we are|she's|she is|he's|he is|they're|they are) (very |really |still |definitely |quite )?"
    r"interested\b|"
    r"\bwe (really |definitely )?need (exactly )?(this|that|something like)\b|"
    r"\b(i|we)('d| would) (like|love) (a|an|the|more|some|to (see|try|talk|hear|know|learn|get(?! (off|out|rid))|book|"
    r"have))\b|"
    # In the other languages an opt-out is written in: "schicken Sie mir das Angebot", "envoyez-moi le devis",
    # "envíenme la propuesta", "sigan con lo del precio" (not "schicken Sie mir keine", "no sigan con esto").
    r"\b(schicken|senden|mailen|geben) sie (mir|uns)\b(?! (bitte |auch |dann )?(keine|nichts|nicht|nie)\b)|"
    r"\b(envoyez|envoie|transmettez|faites|appelez|rappelez)[- ](moi|nous)\b|"
    r"\b(env[ií](en|e|a|ad)|m[aá]nd(en|e|a|ad)|p[aá]s(en|e|a|ad)|ll[aá]m(en|e|a|ad))(me|nos)\b|"
    r"(?<!\bno )\bsig(an|a|amos) con\b")
# Her place handed to someone else, whom a person writes to next: "und Frau Meier eintragen", "list my colleague Ann
# instead", "an meiner Stelle ist Herr Braun zuständig", "escriban a mi compañera Ana en mi lugar".
_HANDED_ON_RE = Caseless(
    r"\b(instead|in my (place|stead)|stattdessen|statt dessen|an meiner stelle|à ma place|a ma place|en mi lugar|"
    r"al mio posto|in mijn plaats|no meu lugar|em meu lugar)\b|"
    r"\b(my|our|meine[nm]?|unsere[nm]?|mon|ma|notre|mi|nuestr[oa]|il mio|la mia|mijn|onze|meu|minha) (new )?"
    r"(successor|replacement|nachfolger(in)?|successeur|sucesor(a)?|opvolger|sucessor(a)?)\b|"
    r"\b(frau|herrn?|mrs?|ms)\.? [\w-]+ (eintragen|aufnehmen|anschreiben|kontaktieren|übernimmt)\b|"
    r"\b(ist|sind) (jetzt|nun|ab sofort|inzwischen) (zuständig|verantwortlich)\b|\b(handles|takes over|is now "
    r"(responsible|in charge))\b")
# The clauses of one sentence: an opt-out and a question of its own may share it ("Unsubscribe me, but what's
# the price?"), which read whole is a question that is the request to stop.
_CLAUSE_RE = LazyPattern(r"[,:\u2013\u2014]\s*|\s+-\s+|\s+but\s+", re.I)
# A question about the request itself, asking nothing besides: "Remove me, ok?", "Unsubscribe me, would you?".
_ABOUT_THE_REQUEST_RE = Caseless(
    r"^\W*((and|but|so) )?(ok|okay|right|yes|please|pls|thanks|thank you|understood|got it|s'il (vous|te) pla[iî]t|svp|"
    r"merci|por favor|gracias|per favore|grazie|bitte|danke|alstublieft|a\.u\.b\.?|graag|obrigad[oa]|(would|will|can|could) you"
    r"( please)?( confirm( that| this| it)?)?|is (that|this) (ok|okay|possible|clear|understood)|"
    r"(can|could) (you|that) (do|be done)( that| this)?|(please |pls )?confirm( that| this| it)?)\W*$")
_WORD_RE = LazyPattern(r"\w+")
_NEGATED_RE = Caseless(r"\b(don'?t|do not|never|stop|no need to|not|nor|no longer)\b[^.!?;]{0,20}$")


def _requests(sentence: str) -> bool:
    return any(not _NEGATED_RE.search(sentence[max(0, m.start() - 30):m.start()])
               for m in _REQUEST_RE.finditer(sentence))


def _asks_apart(clause: str) -> bool:
    """A question that is no request to stop, no talk of opting out, nor one about the request itself."""
    return (bool(_QUESTION_RE.search(clause)) and len(_WORD_RE.findall(clause)) >= 2
            and not _ABOUT_THE_REQUEST_RE.search(clause) and not is_unsubscribe(clause) and not mentions_optout(clause))


def _asks(sentence: str) -> bool:
    """A request, or a question that is no request to stop, no talk of opting out and no reproach. A
    sentence that asks to stop may ask something besides in a clause of its own."""
    if _RHETORICAL_RE.search(sentence):
        return False
    if _QUESTION_RE.search(sentence):
        if not is_unsubscribe(sentence) and not mentions_optout(sentence):
            return True
        if any(_asks_apart(clause) for clause in _CLAUSE_RE.split(sentence)):
            return True
    return _requests(sentence) or bool(_HANDED_ON_RE.search(sentence))


def asks_something(text: str) -> bool:
    """Whether ``text`` (what its writer wrote, without the quote) asks a question or for something."""
    return any(_asks(sentence) for sentence in REPLY_SENTENCE_BREAKS.split(text[:4000]))

