"""Her request that we stop everything, the mail with the rest: "Please stop altogether", "Actually, just stop
everything", "I'd rather you stopped altogether", "Stop emailing too", "Eigentlich: hören Sie ganz auf", "En fait,
arrêtez tout", "Mejor dicho, paren todo", "Anzi, smettete del tutto", "Nee, stop er maar helemaal mee", "Aliás, parem
com tudo".

Each stops no one thing named but all of it, so it takes back whatever she allowed before: "Stop calling me, email
is fine if you must, but I'd rather you stopped altogether" asks for no mail at all (``call_requests`` sets aside
only its first clause). Each is an order of her own (at a clause's start, or what she would rather "you" did), not
ours told of ("we stopped altogether"), refused ("don't stop everything") or asked ("should we stop altogether?"),
and stops no single thing she names ("stop calling altogether", "I'd rather you stopped calling").

It is read only where it takes back mail she allowed beside a request to stop calling (``call_requests``), whose
own request then stands. Alone, "stop everything" is as often "stop everything, we just got budget approved" or
"I'd rather you stopped, regrouped and came back with a demo": a person reads it (the opt-out model marks it).
"""

from __future__ import annotations

from .reply_sentences import AFTER_A_SIGN

# Where an order of hers starts: a line or a clause, or a word that turns to it ("but", "actually", "just").
_CLAUSE_START = (rf"((?<=\n)|({AFTER_A_SIGN})[^\S\n]{{0,20}}|\b(but|so|and|then|actually|honestly|really|just|please|"
                 r"aber|doch|eigentlich|nein|mais|en fait|bref|pero|mejor|bueno|anzi|ma|però|maar|nee|eigenlijk|mas|"
                 r"aliás|melhor)[^\S\n]+)")
# All of it, however she puts it.
_ALL = (r"(altogether|entirely|completely|for good|everything|all of it|all (contact|communications?|outreach|"
        r"follow-?ups))")
# The clause ends there, or turns: no thing she names follows ("stop everything and listen"), and no question.
_ENDS = (r"(?=[^\S\n]{0,20}([.!;\n)]|\Z|,?[^\S\n]{0,20}\b(but|though|thanks|thank you|please)\b))"
         r"(?![^.!?\n]{0,120}\?)")
# The clause ends there, in the other languages: at a sign or the end, and no question.
_ENDS_ABROAD = r"(?=[^\S\n]{0,20}([.!;,\n)]|\Z))(?![^.!?\n]{0,120}\?)"
_OUR_MAIL = r"(e-?mailing|emailing|mailing|writing|messaging|contacting|reaching out)( (to )?(me|us))?"

WHOLE_STOPS = "|".join((
    rf"{_CLAUSE_START}((please|just|now)[^\S\n]+)*(stop|quit|cease)( it| this| them| these)?( all)?[^\S\n]+{_ALL}"
    rf"{_ENDS}",
    r"\b(i|we)('d|’d| would)( much| really| honestly)? (rather|prefer)( that| if)? you( guys| all)?( to)?"
    rf"( just| simply)? (stop|stopped|quit|ceased)( {_OUR_MAIL})?( {_ALL})?{_ENDS}",
    rf"\b(stop|quit) {_OUR_MAIL} (too|as well)\b",
    # "Hören Sie ganz auf", "Lassen Sie es ganz", "Mir wäre lieber, dass Sie ganz aufhören",
    # "Schreiben Sie mir auch nicht".
    rf"{_CLAUSE_START}((bitte|einfach|jetzt)[^\S\n]+)*(hören|hört) sie( bitte| einfach| am besten| lieber|"
    rf" doch)* (ganz|komplett|gänzlich|ganz und gar|überhaupt|mit allem)( damit)? auf{_ENDS_ABROAD}",
    rf"{_CLAUSE_START}(lassen|unterlassen) sie (es|das)( bitte| einfach| lieber| doch)* (ganz|komplett|gänzlich|"
    rf"ganz und gar)( bleiben| sein)?{_ENDS_ABROAD}",
    rf"\b(ich hätte|mir wäre|ich fände) (es )?lieber,? (dass|wenn) sie (ganz|komplett|gänzlich|überhaupt) "
    rf"(aufhören|aufhörten|aufhören würden){_ENDS_ABROAD}",
    r"\b(schreiben|mailen) sie (mir|uns) (bitte )?auch nicht\b|\bauch keine e-?mails\b",
    # "Arrêtez tout", "Je préférerais que vous arrêtiez complètement", "Ne m'écrivez pas non plus".
    rf"{_CLAUSE_START}((s'il vous plaît|svp|juste|maintenant)[^\S\n]+)*(arrêtez|cessez|stoppez)( tout| complètement|"
    rf" définitivement| tout court| pour de bon| une bonne fois pour toutes)+{_ENDS_ABROAD}",
    r"\b(je|nous) (préférerais|préférerions|préfère|préférons|aimerais mieux) (plutôt )?que vous (arrêtiez|cessiez|"
    rf"stoppiez)( tout| complètement| définitivement| tout court| pour de bon)*{_ENDS_ABROAD}",
    r"\bne (m'|m’|nous )(écrivez|envoyez rien|contactez) (pas )?non plus\b|\bpas de (mails|e-?mails|"
    r"courriels) non plus\b",
    # "Paren todo", "Prefiero que paren del todo", "Tampoco me escriban".
    rf"{_CLAUSE_START}((por favor|ya|simplemente)[^\S\n]+)*(paren|pare|detengan|detenga|d[eé]j(en|e)lo)( todo|"
    rf" del todo| por completo| de una vez| para siempre)+{_ENDS_ABROAD}",
    rf"\bprefiero que (paren|dejen|se detengan)( todo| del todo| por completo| de una vez)+{_ENDS_ABROAD}",
    r"\btampoco (me|nos) (escriban|escribas|manden|envíen|contacten)\b|\bni (me|nos) (escriban|manden|envíen) "
    r"(correos )?tampoco\b",
    # "Smettete del tutto", "Preferirei che smetteste del tutto", "Non scrivetemi nemmeno".
    rf"{_CLAUSE_START}((per favore|semplicemente|ora)[^\S\n]+)*(smettete|smetti|smettetela|smettila|fermate|fermatevi)"
    rf"( tutto| del tutto| completamente| per sempre| una volta per tutte| con tutto)+{_ENDS_ABROAD}",
    rf"\bpreferirei che (smetteste|smettiate|vi fermaste|la smetteste)( tutto| del tutto| completamente| per sempre)+"
    rf"{_ENDS_ABROAD}",
    r"\bnon (scrivetemi|mandatemi) (nemmeno|neanche|neppure)\b|\b(nemmeno|neanche|neppure) (mi|ci) (scrivete|mandate|"
    r"inviate)\b",
    # "Stop er maar helemaal mee", "Ik heb liever dat u helemaal stopt", "Mail mij ook niet".
    rf"{_CLAUSE_START}((alsjeblieft|gewoon|nu)[^\S\n]+)*(stop|stopt|hou|houd|houdt)( er| u| jullie)?( maar| gewoon|"
    rf" dan| nu)*( helemaal| volledig| compleet| voorgoed| definitief| met alles)+( mee| op| mee op)?{_ENDS_ABROAD}",
    rf"\b((ik|wij|we) (heb|hebben)|(heb|hebben) (ik|wij|we)) (het )?liever dat (u|jullie|je) (helemaal|volledig|"
    rf"voorgoed) (stopt|stoppen|ophoudt|ophouden){_ENDS_ABROAD}",
    r"\b(mail|e-?mail|schrijf) (mij|me|ons) ook niet\b|\book niet (meer )?(mailen|e-?mailen)\b",
    # "Parem com tudo", "Prefiro que parem de vez", "Também não me mandem e-mails".
    rf"{_CLAUSE_START}((por favor|simplesmente|só)[^\S\n]+)*(parem|pare)( com tudo| tudo| de vez| completamente|"
    rf" de uma vez| por completo| para sempre)+{_ENDS_ABROAD}",
    rf"\bprefiro que (parem|parassem)( com tudo| tudo| de vez| completamente| de uma vez| por completo)+{_ENDS_ABROAD}",
    r"\btambém não (me|nos) (mandem|enviem|escrevam)\b",
))
