"""The opt-out rule: a reply that asks us to stop writing, in the languages the plays write in.

An opt-out aimed at us: the person asks us to stop writing to them, to take them off a list, to
delete their address or to leave them alone. "Unsubscribe", "stop" or "opt out" alone on a line
counts: our footer says "reply STOP". "Please unsubscribe Ann" counts too, and the reply step
suppresses Ann only with proof; a colleague who left ("streichen Sie ihn aus Ihrem Verteiler und
wenden Sie sich an Frau Yilmaz") is a referral, and later contact ("don't follow up until Q3") is
timing: neither is an opt-out.

The phrases were written from the training templates and ``tests/fixtures/optouts_dev.jsonl``;
``tests/fixtures/optouts_heldout.jsonl`` was kept out of their writing and measures them
(``python -m tests.triage.evaluation optouts``). They are searched one after the other
(``CaselessAny``), grouped by language.
"""

from __future__ import annotations

import re

from .caseless import Caseless, CaselessAny

# The end of a clause: what may follow a request that is only one when nothing else follows it
# ("don't follow up." but not "don't follow up until Q3").
_END = r"(?= *(again|anymore|any more|further|please|pls|thanks|thank you|now)?[ ,]*([.!?;\n]|$))"
_SEND = r"(e-?mailing|emailing|mailing|sending|contacting|writing( to)?|messaging|spamming|bothering|calling|pinging|" \
        r"bugging|texting|hounding|pestering|reaching out( to)?|following up( with)?)"

OPTOUT_REQUESTS: dict[str, tuple[str, ...]] = {
    "en": (
        r"^\W*(please\W+)?(unsubscribe|stop|remove|opt[- ]?out)(\W+(me|us|please|now|thanks?( you)?|stop|opt[- ]?out))*\W*$",
        r"^\W*(please\W+)?(unsubscribe|stop|opt[- ]?out)[.!]+(\s|$)",
        r"(^|[.!?,]\s*)(please\s+|now\s+|just\s+)?stop[.!]*\s*$",
        r"\bunsubscribe (me|us|him|her|my)\b|\b(please|pls|plz|kindly) unsubscribe\b",
        r"\bunsu[bs]\w* (me|us)\b|\b(pls|plz|please|kindly) unsu[bs]\w*",
        r"\b(i|we)('d| would| want| wish| need)( like| prefer)? to (unsubscribe|opt[- ]?out|be removed|be taken off)\b",
        r"\bhow (do|can) (i|we) (unsubscribe|opt[- ]?out)\b|\b(i|we)( already| have|'ve|'d| had)* unsubscribed\b",
        r"\bremove (me|us)\b|\btake (me|us) off\b|\bopt (me|us) out\b|\b(i|we) (hereby )?opt[- ]?out\b",
        r"\b(remove|delete) (my|our) (e-?mail|address|contact|data|details|name)|\b(remove|delete) this address\b",
        r"\b(take|get|drop|remove|scrub|strike|purge|erase|delete) (me|us|this ((e-?mail|email) )?(address|inbox)|"
        r"my (name|e-?mail|email|address|details|data|contact( details| info)?|number)|our (team|company|addresses|emails)|"
        r"everyone( at [\w&.' -]{1,40})?|all of us) (off|from) (your|the|this|all( of)? your|any( of)? your) "
        r"(mailing |e-?mail |email |distribution |contact |marketing |sales |outreach |prospecting |call )?"
        r"(lists?|distribution|database|crm|cadences?|sequences?|outreach|campaigns?|system|records|mailings?|e-?mails|emails)\b",
        r"\boff your (mailing |e-?mail |email |distribution |contact |marketing |sales )?"
        r"(lists?|distribution|database|crm|cadences?|sequences?)\b",
        r"\bwant (to (get|be taken) )?off (this|your|the) (mailing |e-?mail |email )?list\b",
        rf"\b(stop|quit) {_SEND}( (and|or) (e-?mailing|emailing|calling|messaging|texting|contacting))? (me|us)\b",
        r"\bstop sending (these|your|this|those|such) (e-?mails|mails|messages)\b",
        r"\bstop sending (these|them|those)\b",
        r"\b(stop|quit) (e-?mailing|contacting|spamming|messaging|bothering|reaching out|following up|pinging|bugging)"
        r"(?= *(pls|please|thanks|now)?[ ,]*([.!,;\n]|$))",
        r"\bstop (with )?(the|these|your|all( the| these| your)?|those) (e-?mails|emails|mails|messages|follow-?ups|"
        r"sequences?|cadences?|outreach)\b(?! (to|for|about) (?!me\b|us\b))",
        r"\b(if you|you could|you'd|you would) (stopped|stop|quit|ceased) (reaching out|e-?mailing|emailing|contacting|"
        r"writing( to (me|us))?|messaging|sending (me|us|these|them)|following up)\b",
        r"\b(do not|don'?t|dont|never) (e-?mail|email|contact|write to|message|reach out to|follow up with|mail|bother|"
        r"spam) (me|us)\b",
        r"\b(do not|don'?t|dont|never) (write( back| again)?|reach out( again)?|follow up( on this| again)?|"
        rf"get in touch( again)?|contact (me|us) again|e-?mail again){_END}",
        r"\b(i|we) (do not|don'?t|dont|no longer) (wish|want|need) to (be contacted|be e-?mailed|be emailed|be messaged|"
        r"(receive|get) (these |your |any |more |further |any more |any further )?(e-?mails|emails|mails|messages|"
        r"marketing|sales|newsletters|communications?))",
        r"\b(i|we) (do not|don'?t|dont|no longer) (wish|want) to hear from (you|your (company|team|firm))"
        r"(?! (until|till|before|unless|for now|this|in))",
        r"\b(i|we) (do not|don'?t|dont|no longer) want (these|your|any( more| further)?|more|further|any of your) "
        r"(e-?mails|emails|mails|messages|calls|follow-?ups)",
        r"\b(add|put|mark|flag|place|list|set) (me|us|this (address|e-?mail|email|inbox))( down)?( as| on| to| in| into)?"
        r"( your| the| a)? do[- ]not[- ](contact|e-?mail|email|mail|call)\b",
        r"\bno more (e-?mails|mails|messages)( from you| please)?(?= *([.!,;\n]|$))",
        r"^\W*no more\W*(please|pls|thanks?( you)?)?\W*$",
        r"\b(do not|don'?t|dont|never) send (me |us )?(any )?(further|more|additional|any more)? ?(e-?mails|emails|mails|"
        r"messages)\b(?! to (?!me\b|us\b))",
        r"\bno (further|more) (contact|communications?|correspondence|outreach|follow-?ups|e-?mails|emails|mails|messages|"
        r"calls)( from (you|your (company|team|side)))?(,? (please|pls|thanks|thank you))?(?= *([.!,;\n]|$))",
        r"\bleave (me|us) alone\b",
        r"\bcease and desist\b|\bcease (all |any )?(further |future )?(contact|communications?|correspondence|e-?mails|"
        r"emails|messages|outreach|contacting|e-?mailing|emailing|messaging|writing)\b",
        r"\brefrain from (contacting|e-?mailing|emailing|writing( to)?|messaging|sending|calling|reaching out)",
        r"(^|[.!?]\s+|please |just |so )lose my (number|e-?mail|email|address|details|contact)",
        r"\bplease forget (me|us)\b|^\W*forget (me|us)\W*$|"
        r"(?<!n't )(?<!not )(?<!dont )\bforget (you (ever )?had |about )?my (address|e-?mail address|email address|details|"
        r"number|data|contact( details)?)\b",
        r"\bthis (e-?mail |email |message |reply |note )?(is|constitutes|serves as) (an?|my) (formal |official |written )?"
        r"(opt[- ]?out|unsubscribe|removal|do[- ]not[- ]contact|erasure|deletion) (request|notice|notification)",
        r"\b(consider|treat) this( e-?mail| email| message| reply)?( as)? (an?|my) (formal |official |written )?"
        r"(opt[- ]?out|unsubscribe|removal|do[- ]not[- ]contact|erasure|deletion) (request|notice)",
        r"\b(consider|treat) this( e-?mail| email| message| reply)?( as)? (an?|my) (formal |official |written )?"
        r"request to (be (excluded|removed|unsubscribed|taken off)|opt[- ]?out|unsubscribe)",
        r"\b(request|demand|ask for|requesting) (the )?(immediate )?(erasure|deletion|removal) of (all )?(of )?(my|our) "
        r"(personal )?(data|details|information|e-?mail|email|address|contact)",
        r"\b(erasure|deletion|removal) of all (personal )?(data|information) (you hold |you have |held )?(about|on|of) (me|us)\b",
        r"\bto (be|get) (excluded|removed|taken off|unsubscribed|deleted) from (all |any )?(future |further )?"
        r"(marketing|sales|outreach|e-?mails|emails|communications?|mailings?|contact|your)\b",
    ),
    "de": (
        r"tragen sie (mich|uns)|(entfernen|löschen) sie (mich|uns|meine)|(streichen|nehmen) sie (mich|uns)( bitte)? (aus|von)",
        r"(mich|uns|meine[nm]? [\w-]+)\b[^.!?\n]{0,40}\baus (dem|ihrem|diesem|eurem|deinem) verteiler",
        r"melden sie (mich|uns) ab|(mich|uns) (bitte )?(abmelden|austragen)|ausgetragen werden|bitte austragen",
        r"^\W*(bitte\W+)?(abmelden|austragen)\W*$|keine weiteren (e-?mails|nachrichten|mails)",
        r"bitte keine (e-?mails|nachrichten|mails)|((mich|uns|bitte) nicht mehr|(mir|uns) keine) "
        r"(anschreiben|schreiben|kontaktieren|e-?mails|mails|nachrichten)",
        r"(kontaktieren|schreiben|mailen) sie (mich|uns|mir)( bitte)? nicht mehr",
        r"keine ([\w-]*(mails|e-mails|nachrichten)|werbung|post|anrufe) mehr",
        r"nicht (mehr|länger) (kontaktiert|angeschrieben|angerufen|angemailt|belästigt) (werden|zu werden)",
        r"h[öo]r(en sie|t|e)? (bitte |doch |endlich )*auf,? (mir|uns|mich)\b",
        r"(lass|lasst|lassen sie) (mich|uns) (bitte |doch |endlich )*in ruhe",
        r"widerspreche[^.!?\n]{0,80}(werb|nutzung meiner|verarbeitung meiner)",
        r"(löschung|löschen) (meiner|unserer) ([\w-]*daten|e-?mail[\w-]*|adresse)|"
        r"(meine|unsere) ([\w-]*daten|e-?mail[\w-]*|adresse)[^.!?\n]{0,40}\bzu löschen",
        r"(auf|in) (ihre|eure|die|ihrer|eurer) sperrliste",
    ),
    "fr": (
        r"(me|nous) d[ée]sabonner|d[ée]sabonnez[- ](moi|nous)|(me|nous) d[ée]sinscrire|d[ée]sinscrivez[- ](moi|nous)",
        r"(retirez|supprimez|enlevez|rayez|effacez|ôtez)[- ](moi|nous)",
        r"ne (souhaite|veux|voudrais|désire|desire)s? plus recevoir|ne plus recevoir (vos|de vos|ces)",
        r"ne plus (me|nous) (contacter|écrire|ecrire|envoyer|relancer|solliciter|déranger|deranger)|"
        r"ne plus m'(écrire|ecrire|envoyer|contacter|appeler)",
        r"ne (me|nous) (contactez|écrivez|ecrivez|envoyez|relancez|sollicitez) plus",
        r"ne (souhaite|veux|voudrais|désire|desire)s? plus (être|etre) (contacté|contacte|sollicité|sollicite|relancé|relance)"
        r"|ne plus (être|etre) (contacté|contacte|sollicité|sollicite|relancé|relance)",
        r"arr[êe]te[rz]? (donc |svp |s'il vous pla[iî]t )?de (m'|me |nous )(envoyer|écrire|ecrire|contacter|solliciter|"
        r"relancer|spammer|harceler|appeler)",
        r"(m'|me |nous )(enlever|retirer|supprimer|rayer|effacer|ôter) (de|des) (vos |votre |la |cette |ces |les )?"
        r"(listes?|contacts|fichiers?|bases?|mailings?|diffusion|envois|campagnes?|séquences?|destinataires)",
        r"(fichez|foutez)[- ](moi|nous) la paix|laissez[- ](moi|nous) (tranquilles?|en paix)",
        r"\bplus de (mails|e-?mails|messages|relances|sollicitations)( svp| merci| s'il vous pla[iî]t)?(?= *([.!,;\n]|$))",
        r"supprimer (mes|nos) (données|coordonnées|informations|adresses?|e-?mails?)|"
        r"suppression de (mes|nos) (données|coordonnées)",
        r"cesser (toute|tout|vos|les) (sollicitations?|communications?|prospection|envois|relances|contacts?)",
    ),
    "es": (
        r"dar(me|nos) de baja|den(me|nos) de baja|b[óo]rr(e|a|en)(me|nos)|elim[ií]n(e|a|en)(me|nos)",
        r"no (me|nos) (escriba|escribas|escriban|contacte|contactes|contacten|env[ií]e|env[ií]en)",
        r"dej(a|e|en|ad) de (escribir|enviar|contactar|mandar|llamar)(me|nos)|"
        r"(sacar|quitar|eliminar|borrar|excluir)(me|nos) de|qu[ií]t(e|a|en)(me|nos) de",
        r"\b(me|nos) [\w ]{0,20}?(quitar|eliminar|borrar|sacar|dar de baja|excluir) de (su|sus|la|las|vuestra|vuestras|"
        r"tu|tus|esta|esa) (lista|listas|base|listado|env[ií]os|correos|campañas?|secuencias?)",
        r"no (me|nos) (sigas|siga|sigan|siguieras|siguiera|siguieran|sigáis) (escribiendo|contactando|enviando|mandando|"
        r"llamando)",
        r"no (deseo|quiero|deseamos|queremos) (seguir )?recibir (m[áa]s|ningún|ningun|sus|vuestros|tus|estos|estas)",
        r"no (me|nos) vuelv(a|an|as|áis) a (contactar|escribir|enviar|llamar|mandar)",
        r"d[ée]j(a|e|en|ad)(me|nos) en paz",
        r"(supresi[óo]n|eliminaci[óo]n|borrado|baja) de (mis|nuestros) datos|no se (me|nos) env[ií]en m[áa]s",
    ),
    "it": (
        r"cancellate(mi|ci)|cancella(mi|ci) dalla|rimuovete(mi|ci)|rimuovi(mi|ci)|togliete(mi|ci) dalla|disiscriver(mi|ci)",
        r"disiscrivete(mi|ci)|non (scrivete(mi|ci)|scriver(mi|ci)|contattate(mi|ci)|contattar(mi|ci)|inviate(mi|ci)|"
        r"mandate(mi|ci)) più",
        r"non (voglio|vogliamo|desidero|desideriamo) più ricevere|smettete(la)? di (scriver|contattar|inviar)",
        r"non (voglio|vogliamo|desidero|desideriamo) ricevere (altre|ulteriori|più|le vostre|queste|vostre)",
        r"(toglier|rimuover|cancellar|eliminar|escluder)(mi|ci) (da|dalla|dalle|dai|dal|dagli)\b",
        r"basta (con )?(queste|le|tutte queste) (e-?mail|email|mail|mails|messaggi)|basta e-?mail",
        r"lasciate(mi|ci) in pace|lasciami in pace",
        r"(rimuovere|cancellare|eliminare) (il mio|la mia|i miei|il nostro|i nostri) (indirizzo|e-?mail|email|contatt[oi]|"
        r"dati|nominativo)",
        r"cancellazione (dei|di tutti i) (miei|nostri) dati|interruzione di (ogni|qualsiasi) comunicazione",
    ),
    "nl": (
        r"schrijf (me|mij|ons) uit|verwijder (me|mij|ons)\b|haal (me|mij|ons) ([\w.]+ ){0,2}(van|uit|af)\b",
        r"(stuur|mail) (me|mij|ons) (geen|niet meer)|(e-?mails|mails|berichten) niet (meer|langer) ontvangen",
        r"(graag|wil|willen|wens|svp|a\.u\.b\.?|alstublieft) (graag )?(uitschrijven|afmelden)|^\W*(uitschrijven|afmelden)\W*$",
        r"(mijn|ons) (e-?mailadres|emailadres|adres|gegevens|contactgegevens|persoonsgegevens)[^.!?\n]{0,40}"
        r"(verwijderen|halen|schrappen)",
        r"niet (meer|langer) (benaderd|gemaild|ge-?maild|gecontacteerd|lastiggevallen|gebeld) (worden|te worden)",
        r"(mij|me|ons) niet (meer|langer) (te )?(benaderen|mailen|e-?mailen|contacteren|lastigvallen|bellen)",
        r"laat (me|mij|ons) (alsjeblieft |aub |a\.u\.b\. )?(met|in) rust",
        r"stop (met|maar met|nu met) (mailen|e-?mailen|sturen|berichten|benaderen|spammen)",
        r"geen (e-?mails|mails|berichten|mailtjes) meer",
        r"neem geen contact (meer )?met (mij|me|ons) op|neem (met mij|met ons) geen contact (meer )?op",
    ),
    "pt": (
        r"(remov|retir)(a|am|e|em)[- ](me|nos)\b|tir(a|e|em)[- ](me|nos) da|descadastr(e|em|ar)-(me|nos)\b",
        r"(quero|queremos|gostaria de|pode|podem|favor) (me |nos )?descadastrar\b|^\W*(descadastrar|descadastre|descadastrem)"
        r"(-(me|nos))?\W*$",
        r"cancelar a (minha |nossa )?(inscrição|subscrição)|não (quero|queremos|desejo|desejamos) (mais )?receber",
        r"não (me|nos) (enviem|envie|mandem|mande|contactem|contatem|escrevam) mais",
        r"parem de (me |nos )?(enviar|escrever|contactar|contatar)|par(e|a) de (me |nos )?(enviar|escrever|contactar|"
        r"contatar|mandar|ligar)",
        r"(me|nos) deix(a|e|em) em paz|deix(a|e|em)-(me|nos) em paz",
        r"não (me |nos )?(entrem|entre) (mais )?em conta(c)?to|não (me|nos) (procurem|procure|contactem|contatem) mais",
        r"tir(ar|em|e|a) (o )?(meu|nosso) (e-?mail|email|contato|nome|endereço)|(me|nos) tir(a|e|em) (daí|dai|da lista|"
        r"dessa lista|da sua lista)",
        r"chega de (e-?mails?|emails?|mensagens|spam)",
        r"exclus[ãa]o dos (meus|nossos) dados|cessem o envio|(eliminem|apaguem|excluam) (os )?(meus|nossos) (dados|contatos|"
        r"e-?mails?)",
    ),
    # Languages the plays do not write in yet: the plainest requests only (no held-out set measures them).
    "sv": (r"sluta (mejla|maila|skicka|kontakta)|ta bort (mig|oss) från|avregistrera (mig|oss)",),
    "da": (r"fjern (mig|os) (venligst )?fra|ønsker ikke at blive kontaktet|afmeld (mig|os)|stop med at (skrive|maile|sende)",),
    "no": (r"ikke kontakt (meg|oss)|meld (meg|oss) av|slett (e-?postadressen|adressen) min|fjern (meg|oss) fra",),
    "pl": (r"usu(ń|nąć|ńcie) (mnie|nas)|wypisz(cie)? (mnie|nas)|(więcej )?do mnie nie pisać|nie (piszcie|wysyłajcie)",),
    "fi": (r"poistakaa minut|älkää (enää )?(ottako|lähettäkö)",),
}

UNSUBSCRIBE_RE = CaselessAny([p for phrases in OPTOUT_REQUESTS.values() for p in phrases], re.M)

# The words of opting out, which need not be a request ("unsubscribe rates", "we want to stop
# sending reports by hand", "taux de désabonnement"): outside an opt-out they send the reply to a person.
OPTOUT_WORDS_RE = Caseless(
    r"\bunsubscrib|opt(ed)?[- ]?out|remove me|take me off|stop (e-?mailing|emailing|sending|contacting|writing)|"
    r"do not (e-?mail|contact|write to) me|don'?t (e-?mail|contact|write to) me|no more e-?mails|"
    r"(remove|delete) my (e-?mail|address|contact|data)|(remove|delete) this (address|contact|data)|off your (mailing )?list|"
    r"do[- ]not[- ]contact|leave (me|us) alone|\bcease\b|\bgdpr\b|right to be forgotten|\berasure\b|"
    r"(how|where) did you get my (e-?mail|email|address|details|data|number|contact)|"
    r"\babmelde|tragen sie mich|verteiler aus|aus (dem|ihrem|diesem) verteiler|plus recevoir|\bausgetragen\b|\baustragen\b|"
    r"(entfernen|löschen) sie (mich|meine)|keine (weiteren )?(e-?mails|nachrichten|mails)|"
    r"nicht mehr (an)?schreiben|nicht mehr kontaktieren|\bdsgvo\b|"
    r"d[ée]sabonn|d[ée]sinscri|retirez[- ]moi|supprimez[- ]moi|ne plus (me )?(recevoir|contacter|écrire|ecrire)|"
    r"ne me (contactez|écrivez|ecrivez) plus|\brgpd\b|"
    r"dar(me)? de baja|b[óo]rr(e|a|en)me|elim[ií]n(e|a|en)me|no me (escriba|escribas|contacte|contactes|env[ií]e)|"
    r"dejen? de (escribir|enviar|contactar)|sacarme de|qu[ií]t(e|a|en)me de|"
    r"disiscri|cancellatemi|cancellami|rimuovetemi|più ricevere|uitschrijv|afmeld|niet meer ontvangen|descadastr|"
    r"removam-me|remova-me|não (quero|desejo) (mais )?receber|\blgpd\b")
