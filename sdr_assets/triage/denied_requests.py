"""Her saying she never asked us to remove her, or asking why we did: "I never asked you to remove me", "Je n'ai
jamais demandé à être désinscrit", "Nunca pedí que me dieran de baja", "Why did you unsubscribe me?". Each tells of a
removal she did not want; it asks for none, so the opt-out rule sets it aside as a refusal and a person reads her
reply. Asked as a question ("Didn't I ask you to remove me?", "¿No pedí ya la baja?") it is a request again, and
the rule reads it as one; so is a removal asked in a clause of its own ("I never asked to be added. Remove me."), and
one followed on its line by more she asks for ("I never asked to be removed from the newsletter, only from your sales
sequence", "I never asked you to remove me, I told you to"): a denial that is not one costs a complaint.
"""

from __future__ import annotations

# Not in a clause that ends in a question mark: "I never asked you to remove me?" asks.
_NOT_ASKED = r"(?![^.!?,;\n]{0,200}\?)"
# Her taking off a list, the list named: "to take me off your list" (its "off your list" asks nothing anew).
_EN_TAKEN_OFF = (r"take (me|us) (off|out of)( (your|the|this|that|any|our) ([\w-]+ ){0,2}"
                 r"(list|lists|database|newsletter))?")

_EN_REMOVED = (rf"to (be )?({_EN_TAKEN_OFF}|remove|unsubscribe|delete|drop|erase|take|opt|removed|unsubscribed|"
               r"deleted|dropped|taken off|opted out)\b")
_EN_DENIED = (r"\b(i|we)( have| had|'ve|’ve)?( never| not|n't|n’t)( once| ever)? (asked|requested|told|wanted|begged)"
              rf"( for| that)?( you| u| ya| anyone| anybody)?( guys| people| folks)? {_EN_REMOVED}"
              rf"|\b(i|we) did( never| not|n't|n’t| nt|nt) (ask|request|tell|want|beg)( for| that)?( you| u| ya| anyone| "
              rf"anybody)?( guys| people| folks)? {_EN_REMOVED}"
              r"|\b(i|we)( have| had|'ve|’ve)?( never| not|n't|n’t) said ['\"“‘]?(remove|unsubscribe|delete|drop|take) "
              r"(me|us)\b")
_FR_DENIED = (r"\b(je|nous) (n'|n’|ne )((vous|te) |t'|t’)?(ai|avons|avais|avions) (jamais|pas|nullement) "
              r"(demandé|exigé|réclamé|prié) (de|d'|d’|à|a|qu'on|qu’on) ?((me|nous) )?((être|etre) )?"
              r"(retir|désinscri|désabonn|supprim|enlev|ray|radi|effac)")
_ES_DENIED = (r"\b(nunca|jamás|jamas|no)( (les|le|te|os))? (pedí|pedimos|solicité|solicitamos|dije|dijimos|"
              r"(he|hemos|había|habíamos) (pedido|solicitado|dicho)) (que (me|nos) (den|dieran|diesen|quiten|quitaran|"
              r"borren|borraran|eliminen|eliminaran|saquen|sacaran|excluyan|excluyeran|retiren|retiraran)\b|"
              r"la baja\b|(darme|darnos|ser dad[oa]s?) de baja\b)")
_IT_DENIED = (r"\bnon ((vi|ti|le|gli) )?(ho|abbiamo|avevo|avevamo)( mai)? (chiesto|domandato|richiesto|pregato|detto) di "
              r"((essere|venire) (rimoss|cancellat|tolt|eliminat|disiscritt)[oaie]\b|"
              r"(rimuover|cancellar|toglier|eliminar|disiscriver)(mi|ci)\b)")
# Our removal of her questioned, and nothing more asked in the question: "Why did you unsubscribe me?" (not "why did you
# not remove me?", which complains, nor "Why did you remove me from only one list?", which asks for more).
_EN_QUESTIONED = (r"\bwhy (did|have|would|do) you (remove|removed|unsubscribe|unsubscribed|delete|deleted|drop|dropped) "
                  r"(me|us)( from (the|your|this|that) ([\w-]+ )?list)?[^\S\n]*\?")
# Nothing asked after the denial on its line: a removal, a limit or a stronger word than asking ("I never asked to be
# removed from the newsletter, only from your sales sequence", "I never asked you to remove me, I told you to", "No
# pedí que me quitaran de una lista, pedí que me quitaran de todas") leaves her request standing.
_ASKS_AFTER = (r"(?![^\n]{0,200}\b(only|just|but|instead|rather|told|order(ed)?|demand(ed)?|begged|plead(ed)?|implored|insist(ed)?|asked|"
               r"requested|want (off|out|to be|the|you|all|them)|wish|stop (e-?mailing|emailing|sending|contacting|writing|"
               r"mailing|messaging|all|the|these|it)|remove|unsubscribe|delete|take (me|us) off|opt (me |us )?out|all of|every|"
               r"seulement|uniquement|juste|mais|exig\w*|ordonn\w*|je veux|retirez|d[ée]sinscrivez|supprimez|toutes|tous|"
               r"solo|sólo|solamente|sino|pero|ped[ií]|pedimos|quiero (la baja|que|salir)|denme|qu[ií]tenme|b[óo]rrenme|"
               r"todas|todos|soltanto|ma|preteso|chiesto|voglio|toglietemi|cancellatemi|rimuovetemi|tutte|tutti)\b)")
DENIALS = {"en": _EN_DENIED, "fr": _FR_DENIED, "es": _ES_DENIED, "it": _IT_DENIED}
DENIED_REQUEST = rf"({'|'.join(DENIALS.values())}){_NOT_ASKED}{_ASKS_AFTER}|{_EN_QUESTIONED}"

# A word each of them holds as written (its negation), for the opt-out rule's quick look for a refusal.
DENIAL_WORDS = ("never", "did not", "didn't", "didn’t", "didnt", "did nt", "have not", "haven't", "haven’t", "had not",
                "hadn't", "hadn’t", "i not", "we not", "jamais", "pas ", "nullement", "nunca", "jamás", "jamas", "no ",
                "non ", "why did you", "why have you", "why would you", "why do you")
