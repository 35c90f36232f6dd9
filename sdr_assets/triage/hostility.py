"""Replies that call our mail spam or harassment, threaten a report or the law, swear at us, or ask
how we got the address: the step before the spam button, in the languages the labeller reads.

The labeller has no label for anger: it takes "How did you get my email? This is harassment." for a
question, so the play monitor would read such replies as silence and the queue would offer a sales
answer. Triage flags them (``classify``): a person reads each one, nobody is offered a pitch, and
the monitor weighs the flag on top of the reply's label (``domain.monitor``). Talk about spam or the
law that accuses nobody ("your mail went to my spam folder", "are you GDPR compliant?", "our lawyer
will review the contract") is not hostile.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.triage.caseless import CaselessAny

_LAWS = r"(?:gdpr|dsgvo|rgpd|lgpd|ccpa|can-spam|pecr|casl)"
# A word between "this is" and what it is called, never a negation ("it's not offensive").
_WORD = r"(?: (?!not\b|never\b|no\b)\w+)"
# What someone asks how we got: her address or details, not "my profile" or "my talk".
_DETAILS = r"(?:e-?mail|address|details|(?:phone )?number|contact|data|information|info)"
_SO = r"(?: (?:just|pure|total|complete|obvious|obviously|clearly|basically|blatant|simply|utter|more|such))*"
# Where "spam" ends the claim: "this is spam." but not "it's spam season".
_ENDS = r"(?=\s*(?:[.!?,;:)]|$)|\s+(?:and|again|mail|emails?|messages?|to|from|like|or)\b)"
_PATTERNS = (
    # Calling the mail spam, or saying it was reported or blocked (a filter's doing is not blame).
    rf"\b(?:this|that|it)(?:'s| is| was){_SO} (?:spam|a scam){_ENDS}",
    r"(?:^|[.!?]\s+)spam[.!]*\s*$",
    r"\b(?:stop|quit) spamming\b|\byou(?:'re| are)(?: \w+)? (?:spammers?|scammers?)\b"
    r"|\byou (?:bloody |damn |filthy |fucking )?(?:spammers|scammers)\b",
    r"\breport(?:ed|ing)?\b[^.!?\n]{0,30}\b(?:as|for) spam\b|\breport(?:ed|ing)? you to\b",
    r"\b(?:i|we)(?:'ve|'ll| have| will| just| am| are)?(?: \w+)? (?:mark|flag)\w* (?:you|this|it|your \w+) as spam\b",
    r"\bblock(?:ed|ing)? (?:you|your (?:domain|address|company|emails?))\b",
    # Harassment aimed at us, the law, a lawyer.
    rf"\b(?:this|that|it)(?:'s| is| was| feels){_WORD}? harass(?:ment|ing)\b|\b(?:stop )?harassing (?:me|us)\b",
    rf"\b(?:illegal|unlawful|violat\w*|breach\w*|against the law)\b[^.!?\n]{{0,40}}\b{_LAWS}\b",
    rf"\b{_LAWS}\b[^.!?\n]{{0,40}}\b(?:violation|breach|illegal)\b",
    r"\blegal action against you\b|\b(?:i|we)(?:'ll| will| am going to| are going to)(?: \w+)? (?:take|pursue) legal"
    r" action\b|\bcease and desist\b|\bsee you in court\b"
    r"|\bsue you\b|\bmy (?:lawyer|attorney)\b",
    # How we got the address.
    rf"\b(?:how|where) did you (?:get|find|obtain|buy) (?:hold of )?my {_DETAILS}|\bwho gave you my\b",
    # Anger.
    r"\bf+u+c+k\w*|\bwtf\b|\bpiss off\b|\bgo to hell\b|\bscrew you\b|\bf\*{2,}|\bbullshit\b",
    rf"\b(?:this|that|it)(?:'s| is| was| feels){_WORD}? (?:creepy|disgusting|offensive|insulting)\b",
    r"\btone[- ]deaf\b|\bshame on you\b|\bhow dare you\b|\bwhat(?:'s| is) wrong with you\b|\bis this a joke\b",
    # German.
    r"\b(?:das|dies) ist (?:\w+ )?spam\b|\bals spam gemeldet\b|\bbeläst\w*|\bwoher haben sie meine\b"
    r"|\bunverschämt\w*|\babmahnung\b|\bwer hat ihnen meine\b|\b(?:ich werde|wir werden)(?: \w+)? anzeige erstatten\b",
    # French.
    r"\bc'est (?:du |un )?spam\b|\bsignal[ée]e? comme spam\b|\bharc[eè]l\w*|\bvous êtes des spammeurs\b|\b(?:je vais|nous allons) porter plainte\b"
    r"|\b(?:où|comment) avez[- ]vous (?:eu|obtenu|trouv[ée]) mon\b|\bqui vous a donn[ée] mon\b",
    # Spanish. "Molestar" is also the polite "to bother" ("siento molestarle", "no quiero molestar"):
    # only a demand to stop or a complaint that we are bothering her is anger.
    r"\besto es spam\b|\bdenunciad[oa] como spam\b|\bacos(?:o|ar\w*|ando|an)\b"
    r"|\b(?:deja|dejen?|deix(?:a|em?)|para|paren?|parem?) de (?:me |nos )?molestar\w*"
    r"|(?<!\bno )\b(?:me|nos) (?:está[ns]?|estás) molestando\b"
    r"|\b(?:c[oó]mo|de d[oó]nde) (?:consigui[óo]|obtuvo|sac[oó]|sacaron|tienen?) mis? (?:correo|email|datos|n[uú]mero)",
    # Italian: "molestare" is harassment, in the forms Spanish and Portuguese do not share. "Molestarla"
    # and "molestarlo" are also the Spanish polite "to bother you" ("siento molestarla"): alone they say
    # nothing, after an Italian demand to stop ("smettete di") or go on ("continuate a") they are anger.
    r"\bquesto è (?:solo )?spam\b|\bsegnalat[oa] come spam\b|\bmolestie\b|\bmolest(?:are|at[oaie])\b"
    r"|\bmolestar(?:mi|ci|ti|vi)\b|\b(?:mi|ci|la|lo|li|le) sta(?:i|te|nno)? molestando\b"
    r"|\b(?:smett(?:i|ila|a|ete|etela)|finitela|piantatela|cessate|basta) di molestar\w*|\bcontinua(?:te|no)? a molestar\w*"
    r"|\bcome (?:avete|hai) (?:avuto|ottenuto|trovato) (?:il mio|la mia|i miei)\b",
    # Dutch.
    r"\bdit is spam\b|\bals spam gemeld\b|\blastigvall\w*|\bhoe (?:komt u|kom je|komen jullie) aan mijn\b",
    # Portuguese.
    r"\bisso é spam\b|\bdenunciei\b|\bass[eé]di\w*|\bcomo (?:conseguiu|obteve|conseguiram) (?:o )?meu\b",
)
# Each searched apart, ASCII text lowered (``caseless``): one case-insensitive alternation cost three times as much.
_HOSTILE_RE = CaselessAny(list(_PATTERNS), re.MULTILINE)
# Spam named without blame: where the mail was filed, products and teams that fight it.
_NEUTRAL_SPAM_RE = LazyPattern(r"\b(?:spam (?:folder|filter|box|score|check\w*)|anti-?spam|junk folder)\b", re.IGNORECASE)


def is_hostile(text: str) -> bool:
    """Whether what the sender wrote (the visible text, without the quote) is hostile to us."""
    return bool(_HOSTILE_RE.search(_NEUTRAL_SPAM_RE.sub(" ", text)))
