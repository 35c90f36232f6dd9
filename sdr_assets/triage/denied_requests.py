"""Her saying she never asked us to remove her, or asking why we did: "I never asked you to remove me", "I don't recall
asking to be removed", "Je n'ai jamais demandé à être désinscrit", "Nunca pedí que me dieran de baja", "Why did you
unsubscribe me?", "Who unsubscribed me?". Each tells of a removal she did not want; it asks for none, so the opt-out
rule sets it aside as a refusal and a person reads her reply. Asked as a question ("Didn't I ask you to remove me?",
"¿No pedí ya la baja?") it is a request again, and the rule reads it as one; so is a removal asked in a clause of its
own ("I never asked to be added. Remove me."), one followed on its line or the next by more she asks for ("I never
asked to be removed from the newsletter, only from your sales sequence", or "I TOLD you to." on the line after "I
never asked you to remove me."), and a question followed by anything but her wish to stay on ("Who unsubscribed me?
Thank you!", "Never mind, leave me off."): a denial that is not one costs a complaint.
"""

from __future__ import annotations

# Not in a clause that ends in a question mark: "I never asked you to remove me?" asks.
_NOT_ASKED = r"(?![^.!?,;\n]{0,200}\?)"
# Her taking off a list, the list named: "to take me off your list" (its "off your list" asks nothing anew).
_EN_TAKEN_OFF = (r"take (me|us) (off|out of)( (your|the|this|that|any|our) ([\w-]+ ){0,2}"
                 r"(list|lists|database|newsletter))?")

_EN_REMOVED = (rf"(to (be )?(please |kindly )?({_EN_TAKEN_OFF}|remove|unsubscribe|delete|drop|erase|take|opt|removed|"
               r"unsubscribed|deleted|dropped|taken off|opted out)\b"
               r"|that (you|u|ya)( guys| people| folks)? (remove|unsubscribe|delete|drop|erase|take) (me|us)\b)")
# Whom she asked: "to remove me", "for you to remove me", "anyone to take me off".
_EN_ASKED_WHOM = r"( for| that)?( you| u| ya| anyone| anybody)?( guys| people| folks)?"
_EN_SURELY = r"( certainly| definitely| really| honestly| surely| absolutely| truly)?"
_EN_DENIED = (rf"\b(i|we){_EN_SURELY}( have| had|'ve|’ve)?( never| not|n't|n’t)( once| ever)? "
              rf"(asked|requested|told|wanted|begged){_EN_ASKED_WHOM} {_EN_REMOVED}"
              rf"|\b(i|we){_EN_SURELY} did( never| not|n't|n’t| nt|nt) (ask|request|tell|want|beg){_EN_ASKED_WHOM} "
              rf"{_EN_REMOVED}"
              # Not remembered: "I don't recall asking to be removed", "I can't remember asking you to take me off".
              r"|\b(i|we)( really| honestly| just)? (do not|don't|don’t|dont|did not|didn't|didn’t|didnt|can ?not|"
              r"can't|can’t|cant|could not|couldn't|couldn’t|couldnt) (recall|remember)( ever| once)? "
              rf"(asking|requesting|telling|wanting|begging){_EN_ASKED_WHOM} {_EN_REMOVED}"
              r"|\b(i|we)( have| had|'ve|’ve)?( never| not|n't|n’t) said ['\"“‘]?(remove|unsubscribe|delete|drop|take) "
              r"(me|us)\b"
              # No subject, at the start of a line or sentence: "Never asked to be removed, please add me back."
              rf"|(^|(?<=[.!?] ))never( once| ever)? (asked|requested|told|wanted|begged){_EN_ASKED_WHOM} {_EN_REMOVED}"
              # Someone else's request, not hers: "It wasn't me who asked to be removed."
              r"|\b(it (was not|wasn't|wasn’t|wasnt) (me|us)|(i|we) (was not|were not|wasn't|weren't|wasn’t|weren’t|"
              rf"wasnt|werent) the ones?) (who|that) (asked|requested){_EN_ASKED_WHOM} {_EN_REMOVED}")
# Accents may be left out: "Je n'ai jamais demande a etre desinscrit".
_FR_ASKED = (r"(demand[ée]|exig[ée]|r[ée]clam[ée]|pri[ée]) (de|d'|d’|à|a|qu'on|qu’on) ?((me|nous) )?"
             r"((être|etre) )?(retir|d[ée]sinscri|d[ée]sabonn|supprim|enlev|ray|radi|effac)")
_FR_HAVE = r"(n'|n’|ne |n )((vous|te) |t'|t’)?(ai|avons|avais|avions)"
_FR_DENIED = (rf"\b(je|nous) {_FR_HAVE} (jamais|pas|nullement) {_FR_ASKED}"
              rf"|\bjamais (je|nous) {_FR_HAVE} {_FR_ASKED}"
              r"|\b(je|nous) ne (me|nous) (souviens|souvenons|rappelle|rappelons) (pas|plus) (d'|d’|de )?"
              rf"((vous|te) )?avoir (jamais )?{_FR_ASKED}")
# Accents may be left out and "que" shortened: "nunca pedi q me dieran de baja".
_ES_ASKED = (r"((que|q) (me|nos) (den|dieran|diesen|quiten|quitaran|borren|borraran|eliminen|eliminaran|saquen|"
             r"sacaran|excluyan|excluyeran|retiren|retiraran)\b|la baja\b|(darme|darnos|ser dad[oa]s?) de baja\b)")
_ES_DENIED = (r"\b(nunca|jamás|jamas|no)( (les|le|te|os))? (ped[ií]|pedimos|solicit[ée]|solicitamos|dije|dijimos|"
              rf"(he|hemos|hab[ií]a|hab[ií]amos) (pedido|solicitado|dicho)) {_ES_ASKED}"
              rf"|\bno (recuerdo|recordamos) haber(les|le|te|os)? (nunca )?(pedido|solicitado) {_ES_ASKED}")
_IT_ASKED = (r"(chiesto|domandato|richiesto|pregato|detto) di ((essere|venire) (rimoss|cancellat|tolt|eliminat|"
             r"disiscritt)[oaie]\b|(rimuover|cancellar|toglier|eliminar|disiscriver)(mi|ci)\b)")
_IT_DENIED = (rf"\bnon ((vi|ti|le|gli) )?(ho|abbiamo|avevo|avevamo)( mai)? {_IT_ASKED}"
              rf"|\bnon ((mi|ci) )?(ricordo|ricordiamo) di aver(e)?(vi|ti|le|gli)?( mai)? {_IT_ASKED}")
# Our removal of her questioned, and nothing more asked in the question: "Why did you unsubscribe me?", "How come you
# unsubscribed me?" (not "why did you not remove me?", which complains, nor "Why did you remove me from only one
# list?", which asks for more).
_EN_QUESTIONED = (r"\b(why( on earth| the hell| exactly)? (did|have|would|do) (you|u|ya)( guys| people| folks| all)?|"
                  r"why (did|has|would) your ([\w-]+ )?(team|company|system|tool)|how come (you|u)( guys)?|"
                  r"what made (you|u)) (remove|removed|unsubscribe|unsubscribed|delete|deleted|drop|dropped|take|took) "
                  r"(me|us|my (e-?mail )?(address|contact))( off| out)?"
                  r"( (from|off|of) (the|your|this|that) ([\w-]+ ){0,2}(list|lists|newsletter))?[^\S\n]*\?"
                  # Who made it, asked: "Who unsubscribed me?", "Who took me off the mailing list?".
                  r"|\bwho( on earth| the hell| exactly)? (unsubscribed|removed|deleted|dropped|took) (me|us)"
                  r"( off| out)?( (from|off|of) (the|your|this|that|my|our) ([\w-]+ ){0,2}"
                  r"(list|lists|newsletter|updates|emails|mailings|database))?[^\S\n]*\?")
# A command or a stronger word than asking, on the denial's line or the next ("I never asked you to remove me.\nI TOLD
# you to.", "Jamais je n'ai demandé à être désinscrit, faites-le maintenant.", "Non ricordo di aver chiesto di essere
# rimosso.\nFatelo ora.").
_COMMANDED = (r"told|order(ed)?|demand(ed)?|insist(ed)?|said|commanded|required|do it|expected it|exig\w*|ordonn\w*|"
              r"faites[- ]le|h[aá]ganlo|hacedlo|preteso|fatel[oa]")
# Nothing asked after the denial on its line (a removal, a limit or a stronger word than asking: "I never asked to be
# removed from the newsletter, only from your sales sequence", "No pedí que me quitaran de una lista, pedí que me
# quitaran de todas"), nor commanded on the next, leaves her request standing.
_ASKS_AFTER = (rf"(?![^\n]{{0,200}}\b({_COMMANDED}|only|just|but|instead|rather|begged|plead(ed)?|implored|asked|"
               r"requested|want (off|out|to be|the|you|all|them)|wish|stop (e-?mailing|emailing|sending|contacting|"
               r"writing|mailing|messaging|all|the|these|it)|remove|unsubscribe|delete|take (me|us) off|"
               r"opt (me |us )?out|all of|every|seulement|uniquement|juste|mais|je veux|retirez|d[ée]sinscrivez|"
               r"supprimez|toutes|tous|solo|sólo|solamente|sino|pero|ped[ií]|pedimos|quiero (la baja|que|salir)|denme|"
               r"qu[ií]tenme|b[óo]rrenme|todas|todos|soltanto|ma|chiesto|voglio|toglietemi|cancellatemi|rimuovetemi|"
               rf"tutte|tutti)\b)(?![^\n]{{0,200}}\n[^\n]{{0,200}}\b({_COMMANDED})\b)")
# A question is a denial, set apart and what follows it read for a request of its own, only where nothing follows
# it, she tells after it that she wants to stay on ("Why did you unsubscribe me? I never asked for that.", "Who removed
# me? Please add me back.", "I liked the updates.") or she asks a removal after it ("Why would you remove me from the
# events list? Unsubscribe"): thanks, a shrug or her removal kept ("Who unsubscribed me? Thank you!", "Never mind,
# leave me off.") leave the whole reply read for a request.
_STAYING = (r"never (asked|requested|wanted)|(did not|didn't|didn’t|didnt) (ask|request|want)|mistake|"
            r"in error|by accident|accidentally|wrongly|still (want|need|interested)|"
            r"(it )?(was not|wasn't|wasn’t|wasnt) (me|us)|"
            r"(i|we)( really)? (like|liked|love|loved|enjoy|enjoyed|read|was reading|were reading) "
            r"(the|your|those|these|it|them|every|each|reading)|(?<!n't )(?<!n’t )(?<!not )(?<!never )(?<!ever )"
            r"((add|put|sign) (me|us) (back|up again)|re-?(add|subscribe|instate)|undo|"
            r"keep (sending|emailing|mailing|me on|us on)|"
            r"(want|like|wish|need) to (stay|remain|keep|continue|receive|get))")
_REMOVAL_ASKED = r"unsubscribe|remove|delete|opt (me |us )?out|take (me|us) off|stop"
_QUESTION_APART = rf"(?=[\s\S]{{0,200}}\b({_STAYING}|{_REMOVAL_ASKED})\b|\s{{0,200}}\Z)"
DENIALS = {"en": _EN_DENIED, "fr": _FR_DENIED, "es": _ES_DENIED, "it": _IT_DENIED}
DENIED_REQUEST = rf"({'|'.join(DENIALS.values())}){_NOT_ASKED}{_ASKS_AFTER}|({_EN_QUESTIONED}){_QUESTION_APART}"

# A word each of them holds as written (its negation), for the opt-out rule's quick look for a refusal.
DENIAL_WORDS = ("never", "did not", "didn't", "didn’t", "didnt", "did nt", "have not", "haven't", "haven’t", "had not",
                "hadn't", "hadn’t", "'ve not", "’ve not", "i not", "we not", "don’t", "t recall", "t remember",
                "jamais", "pas ", "nullement", "nunca", "jamás", "jamas", "no ", "non ", "why did you", "why have you",
                "why would you", "why do you", "why did u", "why have u", "why would u", "why do u", "why did ya",
                "why have ya", "why would ya", "why do ya", "why on earth", "why the hell", "why exactly",
                "why did your", "why has your", "why would your", "how come you", "how come u", "what made you",
                "what made u", "who unsubscribed", "who removed", "who deleted", "who dropped", "who took",
                "who on earth", "who the hell", "who exactly")
