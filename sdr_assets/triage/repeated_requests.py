"""Her request to stop said as already made: "I've asked you repeatedly not to email us", "This is the third time I'm
asking you to stop", "Ich habe Sie bereits gebeten, mich zu entfernen", "Je vous ai déjà demandé de me retirer", "Ik
heb al gevraagd om me af te melden", "Já pedi para me tirarem da lista".

Each is a verb of asking in a past or perfect tense, or asking "the n-th time", said by her (I, we) to us (you, or no
one named), whose object is her removal or our stopping. Asked of someone else ("I already asked my team to remove the
old vendor"), denied ("I never asked you to remove me") or a removal of anyone but her ("asked you to remove the old
contact") is none. The same grammar tells of much that is no request to stop ("I asked you to remove our logo from the
draft", "I asked you not to email me on weekends", "Ya pedí la baja con mi proveedor actual"), so it records nothing by
itself: a person reads her reply, her mail held (``says_asked_before``). A removal asked from another list ("I asked
to be removed from the other list, but this one is fine") is told of, not asked again: ``OTHER_LIST`` sets it aside
from the opt-out rule, as a refusal is.
"""

from __future__ import annotations

import re

from .caseless import CaselessAny

# How often or how plainly she asked, between her verb and what she asked for.
_EN_OFTEN = (r"(( already| before| previously| repeatedly| again| clearly| explicitly| specifically| twice| "
             r"(three|four|five|several|multiple|many|numerous) times| more than once)+)?")
# Our stopping, to the end of its clause or with our mail named: "to stop.", "to stop emailing me", not "to stop by".
_EN_STOP = (r"(stop|quit|cease)(?=[^\S\n]*([.!?,;:)\n]|$|(now|please|already|for good|altogether)\b)|"
            r" (e-?mailing|emailing|contacting|writing|messaging|mailing|calling|following up|reaching out)\b)")
# Her removal from our mail, not from a meeting or a thread: "asked you to remove me from the invite" asks none.
_EN_NOT_MAIL = (r"(?! (from|off) (the |this |that |your |our )?(calendar|invite|invitation|meeting|thread|cc|ticket|"
                r"project|event)\b)")
_EN_REMOVAL = (rf" (to ((remove|delete|unsubscribe|drop|erase|take|scrub|exclude) (me|us|my|our)\b{_EN_NOT_MAIL}|"
               rf"(be|get) (removed|taken off|unsubscribed|deleted|dropped)\b{_EN_NOT_MAIL}|opt (me |us )?out\b|"
               rf"leave (me|us) alone\b|{_EN_STOP})|"
               r"not to (ever )?(e-?mail|email|contact|write( to)?|message|mail|call|bother) (me|us)\b)")
_DE_OFTEN = (r"(( bereits| schon| mehrfach| mehrmals| zweimal| dreimal| wiederholt| ausdrücklich| explizit| "
             r"mehr als einmal| x-mal| nun| jetzt| doch| darum)+)?")
_DE_REMOVAL = (r",? (mich|uns|meine[nm]? [\w-]+)( [\w-]+){0,6}? (zu (entfernen|löschen|streichen|nehmen|sperren)|"
               r"auszutragen|abzumelden|herauszunehmen|rauszunehmen)\b|,? (mich|uns) nicht mehr( [\w-]+){0,3}? "
               r"(zu kontaktieren|anzuschreiben|zu (an)?schreiben|zu mailen|zu e-?mailen|anzurufen)\b")
_FR_OFTEN = (r"(( déjà| plusieurs fois| à plusieurs reprises| deux fois| trois fois| maintes fois| clairement| "
             r"explicitement| expressément| bien)+)?")
_FR_REMOVAL = (r" (de|d'|d’) ?((me|nous) (retirer|désinscrire|désabonner|supprimer|enlever|rayer|radier|effacer)|"
               r"ne plus (me |nous |m'|m’)(contacter|écrire|envoyer|solliciter|déranger|relancer)|"
               r"(arrêter|cesser)(?=[^\S\n]*([.!?,;:)\n]|$)| de (m'|m’|me |nous )(écrire|contacter|envoyer|solliciter|"
               r"relancer|démarcher)))")
_ES_OFTEN = (r"(( ya| varias veces| dos veces| tres veces| muchas veces| repetidas veces| claramente| "
             r"expresamente)+)?")
_ES_REMOVAL = (r" (que (me|nos) (den|dieran|diesen|quiten|quitaran|quitasen|borren|borraran|borrasen|eliminen|"
               r"eliminaran|eliminasen|saquen|sacaran|sacasen|excluyan|excluyeran|retiren|retiraran)\b|"
               r"que (dejen|dejaran|dejasen|paren|pararan) de (escribir|enviar|contactar|mandar|molestar)|"
               r"que no (me|nos) (escriban|escribieran|contacten|contactaran|envíen|enviaran|manden|mandaran|"
               r"molesten)\b|"
               r"la baja\b|(darme|darnos|ser dad[oa]s?) de baja\b)")
_IT_OFTEN = (r"(( già| più volte| varie volte| diverse volte| due volte| tre volte| ripetutamente| chiaramente| "
             r"esplicitamente| espressamente)+)?")
_IT_REMOVAL = (r" di ((essere|venire) (rimoss|cancellat|tolt|eliminat|disiscritt)[oaie]\b|"
               r"(rimuover|cancellar|toglier|eliminar|disiscriver|lasciar)(mi|ci)\b|"
               r"non (essere )?(più )?(contattar(mi|ci)|scriver(mi|ci)|ricevere|mandar(mi|ci)|inviar(mi|ci)|"
               r"contattat[oaie])\b|smettere(la)?(?=[^\S\n]*([.!?,;:)\n]|$)| di (scriver|contattar|inviar|mandar|"
               r"disturbar)(mi|ci)\b))")
_NL_OFTEN = (r"(( al| reeds| eerder| meerdere keren| twee keer| drie keer| herhaaldelijk| meermaals| nu| toch| "
             r"duidelijk| expliciet)+)?")
_NL_REMOVAL = (r"( om)? ((mij|me|ons)( \w+){0,5}? (af te melden|uit te schrijven|te verwijderen|te schrappen|"
               r"te halen)\b|"
               r"(mij|me|ons) niet (meer|langer) te (mailen|e-?mailen|benaderen|contacteren|bellen)\b|"
               r"niet (meer|langer) (gemaild|gecontacteerd|benaderd) te worden\b|"
               r"te stoppen(?=[^\S\n]*([.!?,;:)\n]|$)| met (mailen|e-?mailen|benaderen|sturen)\b))")
_PT_OFTEN = (r"(( já| várias vezes| duas vezes| três vezes| muitas vezes| repetidas vezes| claramente| "
             r"expressamente)+)?")
_PT_REMOVAL = (r" (para|que|a) ((me|nos) (tirar|tirarem|tirassem|remover|removerem|removessem|retirar|retirarem|"
               r"retirassem|excluir|excluírem|excluíssem|descadastrar|descadastrarem|descadastrassem|apagar|apagarem|"
               r"apagassem)\b|(ser|sermos) (removid|retirad|excluíd|descadastrad|tirad)[oa]s?\b|"
               r"(pararem|parar|parassem|deixarem|deixar|deixassem) de (me |nos )?(enviar|mandar|escrever|contatar|"
               r"contactar|ligar)\b|não (me|nos) (enviarem|mandarem|contatarem|contactarem|escreverem|enviassem|"
               r"mandassem|contatassem|escrevessem)\b)")

REPEATED_REQUESTS: dict[str, tuple[str, ...]] = {
    "en": (
        rf"\b(i|we)( have|'ve|’ve| had|'d|’d)?{_EN_OFTEN} (asked|told|requested|begged|instructed)( you| u| ya)?"
        rf"( guys| all| people| folks)?{_EN_OFTEN}{_EN_REMOVAL}",
        r"\b((second|third|fourth|fifth|sixth|tenth|umpteenth|nth|\d+(st|nd|rd|th)) time (that )?(i|we)('m|’m| am|"
        r"'re|’re| are|'ve|’ve| have| had)?|how many times (do|must|should|will|did|have) (i|we)( have to| need to|"
        r" got to)?|(i|we) keep)( now)? (ask|asking|asked|tell|telling|told|request|requesting|requested)( you| u| ya)?"
        rf"{_EN_REMOVAL}",
    ),
    "de": (
        rf"\b((ich|wir) (habe|haben|hatte|hatten)|(habe|haben|hatte|hatten) (ich|wir))( sie| euch| dich| ihnen)?"
        rf"{_DE_OFTEN} (gebeten|aufgefordert|ersucht){_DE_REMOVAL}",
        rf"\b(ich|wir) (bat|baten)( sie| euch| dich)?{_DE_OFTEN}{_DE_REMOVAL}",
        rf"\bzum (zweiten|dritten|vierten|fünften|x-ten|wiederholten|[\w-]+ten) mal(e)?,? (bitte|bitten|fordere|"
        rf"fordern) "
        rf"(ich|wir)( sie| euch| dich)?{_DE_OFTEN}{_DE_REMOVAL}",
    ),
    "fr": (
        rf"\b(je |j'|j’|nous )(vous |t'|t’|te )?(ai|avons|avais|avions){_FR_OFTEN} (demandé|prié|exigé|réclamé)"
        rf"{_FR_OFTEN}{_FR_REMOVAL}",
        rf"\b(deuxième|troisième|quatrième|cinquième|énième|nième|\w+ième) fois (que )?(je |j'|j’|nous )(vous |te )?"
        rf"(demande|demandons|dis|disons|prie|prions){_FR_OFTEN}{_FR_REMOVAL}",
    ),
    "es": (
        rf"\b((les|le|te|os) )?(he|hemos|había|habíamos){_ES_OFTEN} (pedido|solicitado|dicho|rogado){_ES_OFTEN}"
        rf"{_ES_REMOVAL}",
        rf"\bya ((les|le|te|os) )?(pedí|pedimos|solicité|solicitamos|dije|dijimos|rogué|rogamos){_ES_OFTEN}"
        rf"{_ES_REMOVAL}",
        rf"\b(segunda|tercera|cuarta|quinta|enésima) vez que ((les|le|te|os) )?(pido|pedimos|digo|decimos|solicito|"
        rf"solicitamos|ruego|rogamos){_ES_OFTEN}{_ES_REMOVAL}",
    ),
    "it": (
        rf"\b((vi|ti|le|gli) )?(ho|abbiamo|avevo|avevamo){_IT_OFTEN} (chiesto|domandato|richiesto|pregato|detto)"
        rf"{_IT_OFTEN}{_IT_REMOVAL}",
        rf"\b(seconda|terza|quarta|quinta|ennesima|\w+esima) volta che ((vi|ti|le|gli) )?(chiedo|chiediamo|dico|"
        rf"diciamo|"
        rf"prego|preghiamo){_IT_OFTEN}{_IT_REMOVAL}",
    ),
    "nl": (
        rf"\b(heb|hebben|had|hadden)( ik| we| wij)?( u| jullie| je)?{_NL_OFTEN} (gevraagd|verzocht|gezegd){_NL_OFTEN}"
        rf"{_NL_REMOVAL}",
        rf"\b(tweede|derde|vierde|vijfde|zoveelste|\w+ste) keer (dat )?(ik|we|wij) (u |jullie |je )?(vraag|vragen|"
        rf"verzoek|"
        rf"verzoeken){_NL_OFTEN}{_NL_REMOVAL}",
    ),
    "pt": (
        rf"(?<!\bnão )(?<!\bnunca )(?<!\bjamais )\b(eu |nós )?((lhes|vos|te|lhe) )?(pedi|pedimos|solicitei|solicitamos|"
        rf"disse|dissemos|(tinha|havia|tínhamos|havíamos) (pedido|solicitado|dito)){_PT_OFTEN}{_PT_REMOVAL}",
        rf"\b(segunda|terceira|quarta|quinta|enésima) vez que ((lhes|vos|te|lhe) )?(peço|pedimos|digo|dizemos|solicito|"
        rf"solicitamos){_PT_OFTEN}{_PT_REMOVAL}",
    ),
}

# A removal asked of another list, told of: "I asked to be removed from the other list, but this one is fine"; not
# one she says she is still mailed after ("... and I'm still getting these") or asks the same of this one ("Please do
# the same here"), nor "your old list", often ours.
OTHER_LIST = (r"\b(asked|requested)( you)? to (be )?(removed|taken off|unsubscribed|unsubscribe|opt(ed)? out) "
              r"(from|of|off) (the |a |an |your |their |my )?(other|another|different|separate)\b"
              r"(?![\s\S]{0,120}\b(still|again|keep getting|now this|the same|same (here|for|with)|apply|extend)\b)")

ASKED_BEFORE = CaselessAny([phrase for phrases in REPEATED_REQUESTS.values() for phrase in phrases], re.M)


def says_asked_before(text: str) -> bool:
    """Whether she says she asked us before to remove her or to stop (``text`` in its reading form)."""
    return ASKED_BEFORE.search(text) is not None
