"""The opt-out rule: a reply that asks us to stop writing, in the languages the plays write in.

An opt-out aimed at us: the person asks us to stop writing to them, to take them off a list, to
delete their address or to leave them alone. "Unsubscribe", "stop" or "opt out" alone on a line
counts (our footer says "reply STOP"), and "Unsubscribe." as a clause of its own ("OK, thanks.
Unsubscribe."). "Please unsubscribe Ann" counts too, and the reply step suppresses Ann only with
proof; a colleague who left ("streichen Sie ihn aus Ihrem Verteiler und wenden Sie sich an Frau
Yilmaz") is a referral, and later contact ("don't follow up until Q3") is
timing: neither is an opt-out. Nor is our mail asked to go on ("don't stop the emails"), a removal
told of as our mistake ("you unsubscribed me by mistake") or a colleague's removal asked by a sender
who stays interested: ``REFUSAL_RE`` sets each aside, and a person reads it.

The phrases were written from the training templates and two development sets,
``data/optouts_dev.jsonl`` and ``optouts_dev2.jsonl``, then widened by family of wording from a
fourth, ``optouts_dev4.jsonl`` (requests inside ordinary replies); ``optouts_dev3.jsonl`` and
``tests/fixtures/optouts_heldout.jsonl`` were kept out of their writing and measure them
(``python -m tests.triage.evaluation optouts``). They are searched one after the other
(``CaselessAny``), grouped by language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

from .caseless import Caseless, CaselessAny
from .call_requests import CALL_WORDS, CALLS_NOT_MAIL, CALLS_THEN_EVERYTHING, MAIL_WORDS
from .conditional_requests import CONDITIONAL_REQUESTS
from .denied_requests import DENIAL_WORDS, DENIED_REQUEST
from .repeated_requests import OTHER_LIST

# The end of a clause: what may follow a request that is only one when nothing else follows it
# ("don't follow up." but not "don't follow up until Q3").
_END = r"(?= *(again|anymore|any more|further|please|pls|thanks|thank you|now)?[ ,]*([.!?;\n]|$))"
# The sender's own list, not ours: "How do we unsubscribe our customers from the Brevo list?" (the people a sender
# mails to), "How do I unsubscribe my team from the Mailchimp newsletter we set up?" (a list the sender runs).
_AUDIENCE = r"(customers|clients|users|subscribers|readers|audience|recipients|members|leads|prospects)"
_NOT_YOURS = r"(?!your\b|these\b|this\b|them\b|all\b)"
_OWN_LIST = (rf"(?! (my|our) ({_AUDIENCE} from {_NOT_YOURS}|[\w-]+ from ((our|my) |{_NOT_YOURS}[^.!?\n]{{0,60}}\b(we|i) "
             r"(set up|run|send|created|manage|built)\b)))")
# The clause does not end in a question ("Would you prefer not to receive these emails?", "Niente più email?").
_NOT_ASKED = r"(?![^.!?\n]{0,120}\?)"
# From an address named to the pronoun that stands for it, within the reply's line ("mi correo? Bórrenlo").
_THEN = r"\b[^\n]{0,80}?"
# Not for a while, which is timing, not an opt-out: "Leave me alone until after the holidays", "Don't email me before
# Monday", "for now", "for the next two weeks", "this month" (not "again", "for good" or "for any reason").
# Until she asks, or for ever, is no while: "Don't email me until I ask", "before I reach out", "until hell freezes over".
_NOT_FOR_A_WHILE = (r"(?![^\S\n]+(again[^\S\n]+)?(for (now|a|the (next|moment|time being)|this|one|two|three|\d+)|"
                    r"(until|till|til|before)(?![^\S\n]+((i|we)([^\S\n]+\w+)?[^\S\n]+(ask|asks|contact|reach|get in touch|"
                    r"say|tell|let you know|request|write|e-?mail|call|want|need|opt)|the end of time|hell|death|i die|"
                    r"kingdom come)\b)|through|during|while|over the|this (week|month|quarter|year)|today|tonight|"
                    r"right now)\b)")
# Our list or all our mail named beside the other thing, in the same clause: "this thread and your list", "the invite
# and from your mailing list", "dem Thread und aus Ihrem Verteiler", "cette conversation et de votre liste", "este hilo
# y de su lista", "this conversation and all future emails"; not "the invite and the emails about it", nor our list
# or mail kept on ("this thread and keep me on your list", "and send future emails to dana@..."), handed on to another
# ("and direct any future emails to Dana", "leiten Sie alle weiteren E-Mails an Frau Koch weiter"), or the other
# thing's own ("the invite and all related emails").
_KEPT_ON = (r"((?!\b(keep|add|send|sending|put|leave|continue|stay|still|behalten|lassen|schicken|senden|garder|gardez|"
            r"laissez|envoyez|mantener|mantengan|env[ií]en|sigan|forward|direct|redirect|route|copy|cc|include|loop|"
            r"related|associated|leiten|weiterleiten|transf[ée]rez|transmettez|redirigez|reenv[ií]en|dirijan)\b)"
            r"[^.!?;\n])")
# Mail about one subject is that subject's, not all ours: "and any future emails about the webinar", "und allen
# weiteren E-Mails zum Webinar", "et de tous les mails concernant l'événement", "y de todos los correos sobre el evento".
_NOT_ON_A_SUBJECT = (r"(?![^\S\n]+(about|regarding|concerning|re|related to|relating to|for (the|this|that)|on (the|this|that)"
                     r"(?! (e-?mail |email )?(address|inbox)\b)|zum|zur|über|bezüglich|betreffend|sur|concernant|"
                     r"au sujet d[eu']|à propos d[eu']|sobre|acerca d[e]|relativos? a)\b)")
_AND_OUR_LIST = (r"(?![^.!?;\n]{0,40}?\b(and|&|as well as|plus|und|sowie|et|y|e)\b(?![^\S\n]+(not|nicht|pas|no)\b)"
                 rf"{_KEPT_ON}{{0,40}}?"
                 r"((lists?|database|crm|cadences?|sequences?|campaigns?|mailings?|verteiler\w*|liste|listes|lista|listas|"
                 r"listado|fichiers|base de (donn[ée]es|datos)|datenbank)\b|"
                 # or all our mail: "and all future emails", "und aus allen weiteren E-Mails", "et de tous vos envois"
                 r"\b(all|any|every|future|further|your|allen?|weiteren|künftigen|ihren|tous|toutes|vos|futurs|todos|"
                 rf"todas|sus|futuros)\b{_KEPT_ON}{{0,20}}?\b(e-?mails|mails|messages|communications|correspondence|"
                 rf"nachrichten|envois|courriels|correos|env[ií]os|mensajes)\b{_NOT_ON_A_SUBJECT}))")
# An event's roster, a list that is none of our mail: "the attendee list", "die Teilnehmerliste", "la liste des
# participants", "la lista de asistentes".
_ROSTER = (r"(attendee|attendance|guest|participant|rsvp|invitee|registrant|speaker)s?[ -]lists?\b|"
           r"(teilnehmer|gäste|gaeste|anwesenheits|referenten)[\w-]*liste\b|"
           r"liste (des|de) (participants|invités|invites|inscrits|présents|presents|intervenants)\b|"
           r"lista (de|de los) (asistentes|invitados|participantes|inscritos|ponentes)\b")
# What a meeting, a document, a reminder or a chat is removed from: not our mail. A word or two may name it
# ("tomorrow's meeting", "the Thursday invite", "the 3pm call", "the shared doc", "the demo reminders"), but no word of
# mail or of all of it ("your email group", "all your events"; "this email thread" is a thread), and a list of calls or
# events is a list ("your call list", "the webinar mailing list"); nor our list named with it ("this thread and your
# list").
_NOT_MAIL = (r"(the |this |that |our |your |my )?((?!(e-?mails?(?! (thread|chain)s?\b)|mail|mailing|newsletters?|marketing|sales|outreach|"
             r"contact|distribution|prospecting|all|any|every|future|further|campaigns?|drip|sequences?|cadences?|"
             r"automated|follow-?ups?)\b)[\w'’-]+ ){0,2}"
             r"((calendar|invite|invitation|meeting|call|thread|cc|ticket|project|agenda|webinar|event|registration|"
             r"booking|chat|channel|group|doc|document|folder|drive|deck|slide|reminder|conversation|loop|chain)s?\b"
             rf"(?! (e-?mail |mailing |distribution |contact )?lists?\b)|{_ROSTER}){_AND_OUR_LIST}")

# Not from a meeting, a reminder or a thread: "unsubscribe me from the demo reminders", "out of the webinar".
_NOT_FROM_MEETING_EN = rf"(?!( (me|us|him|her))? (from|of|off) {_NOT_MAIL})"

def _not_from_meeting(froms: str, articles: str, meetings: str) -> str:
    """Not followed, within a few words, by a meeting, a document, a thread or a reminder removed from in another
    language the plays write in ("aus der Einladung für Donnerstag", "du document partagé", "del hilo"): no list, which
    stays one ("aus Ihrem Einladungsverteiler", "de la liste des invitations", "de la lista de eventos"), nor one
    named with it ("et de votre liste")."""
    listed = r"(?![\w-]*(verteiler|liste|lista|listado|newsletter|mail|correo|courriel|diffusion))"
    return (rf"(?!([^\S\n]+{listed}[\w'-]+){{0,2}}?[^\S\n]+({froms})[^\S\n]+({articles})?"
            rf"({listed}[\w'-]+[^\S\n]+){{0,2}}?({listed}[\w-]*{meetings}|{_ROSTER}){_AND_OUR_LIST})")


_FROM_MEETING_DE = _not_from_meeting(
    "aus|von|vom", r"(der|dem|den|die|diesem|dieser|ihrem|ihrer|unserem|unserer|eurem|eurer|einem|einer)[^\S\n]+",
    "(einladung|termin|meeting|besprechung|kalender|call|telefonat|webinar|veranstaltung|sitzung|projekt|dokument|"
    "ordner|präsentation|thread|unterhaltung|chat|kanal|gruppe|cc|erinnerung)")
_FROM_MEETING_FR = _not_from_meeting(
    "de|du|des", r"l'|(la|le|les|cette|ce|cet|votre|vos|notre|nos)[^\S\n]+",
    r"(invitation|r[ée]union|rendez-vous|rdv|call|appel|visio|webinaire|webinar|[ée]v[ée]nement|agenda|calendrier|"
    r"projet|document|doc|dossier|présentation|conversation|discussion|fil|copie|cc|canal|groupe|rappel)")
_FROM_MEETING_ES = _not_from_meeting(
    "de|del", r"(la|el|esta|este|esa|ese|su|sus|nuestra|nuestro|mi)[^\S\n]+",
    r"(reuni[oó]n|invitaci[oó]n|llamada|cita|convocatoria|agenda|calendario|webinar|evento|proyecto|documento|doc|"
    r"carpeta|presentaci[oó]n|hilo|conversaci[oó]n|copia|cc|canal|grupo|chat|recordatorio)")

# Doubts cleared, not a list left: "¿Podría sacarme de dudas?", "sacarme de una duda", "quitarme la duda".
_NO_DOUBT_ES = r"(?![^\S\n]+((una|la|las|unas|mis|nuestras|estas|esas|esta|esa|cualquier|alguna)[^\S\n]+)?dudas?\b)"

_FROM_MEETING_IT = _not_from_meeting(
    "da|dal|dalla|dallo|dai|dagli|dalle|di|del|della", r"(questo|questa|vostro|vostra|nostro|nostra|mio|mia)[^\S\n]+",
    r"(invito|riunione|incontro|call|chiamata|webinar|evento|calendario|progetto|documento|cartella|presentazione|"
    r"thread|conversazione|chat|canale|gruppo|promemoria|cc)")
_FROM_MEETING_NL = _not_from_meeting(
    "uit|van|voor", r"(de|het|die|deze|dit|jullie|uw|onze|ons|mijn)[^\S\n]+",
    r"(uitnodiging|vergadering|afspraak|meeting|call|webinar|evenement|agenda|project|document|map|presentatie|thread|"
    r"gesprek|chat|kanaal|groep|herinnering|cc)")
_FROM_MEETING_PT = _not_from_meeting(
    "de|do|da|dos|das|deste|desta|desse|dessa", r"(o|a|os|as|este|esta|esse|essa|seu|sua|nosso|nossa|vosso|vossa)[^\S\n]+",
    r"(reuni[ãa]o|convite|chamada|call|webinar|evento|agenda|calend[áa]rio|projeto|projecto|documento|pasta|"
    r"apresenta[çc][ãa]o|conversa|chat|canal|grupo|lembrete|cc)")

# A short form alone on the first line the sender wrote, after a greeting at most: "Abmelden bitte." opts out,
# a signature's "Vom Newsletter abmelden" or a ticket's "Estado: Baja" under "Me interesa" does not. Its runs of
# blanks and signs stay on their line (``[^\w\n]``, ``[^\S\n]``): one that crossed line breaks would read a reply
# of blank lines over and over, quadratic in their number. Blank lines before it are skipped whole
# (``(?:[^\S\n]*\n)*``): a ``\s*`` before ``[^\w\n]*`` split a long run of blanks every way, quadratic in its length.
_FIRST_LINE = (r"\A(?:[^\S\n]*\n)*((hallo|hi|hello|guten (tag|morgen)|liebe[rs]?|sehr geehrte[rs]?|bonjour|salut|hola|"
               r"buen[oa]s)\b[^\n]{0,40}\n(?:[^\S\n]*\n)*)?[^\w\n]*")
# A decline or thanks set off before a short request: "Kein Bedarf, bitte abmelden", "Danke - bitte aus dem Verteiler".
_DECLINED_DE = r"\b(kein (bedarf|interesse)|danke( schön| sehr)?|vielen dank|nein( danke)?)[^\S\n]*[,–—-][^\S\n]*"
# What may end that line: a courtesy, a sign-off and a name ("Abmelden bitte, danke und Gruß", "Baja, gracias.
# Saludos, Pat"), never a question mark ("Baja?" asks).
_SIGNED = r"([^\w\n?]+[\w-]+)?"
_COURTESY_DE = (r"([^\w\n?]+(bitte|danke|und|vielen dank))*([^\w\n?]+(viele |beste |liebe |freundliche )?"
                rf"(gru(ß|ss)|gr(ü|ue)(ß|ss)e|mfg|lg){_SIGNED})?([^\S\n]|[.!])*$")
_COURTESY_FR = (r"([^\w\n?]+(svp|stp|merci|s'il vous pla[iî]t))*([^\w\n?]+(cordialement|bien à vous|bonne journée|"
                rf"salutations){_SIGNED})?([^\S\n]|[.!])*$")
_COURTESY_ES = (r"([^\w\n?]+(por favor|gracias|muchas gracias))*([^\w\n?]+(saludos|un saludo|atentamente|"
                rf"cordialmente){_SIGNED})?([^\S\n]|[.!])*$")
# What a mail is called ("the sales emails") and what may close a request to stop it ("stop the sales emails,
# please"), not "stop the marketing emails from landing in spam" or "stop the cold emails our reps send".
_KIND = r"(sales|marketing|cold|outreach|prospecting|promotional|commercial)"
_STOPPED = (r"(?=[^\S\n]*([.!?;,:)\n–—]|$|(to (me|us)|from (you|your( \w+)?)|please|pls|now|immediately|right now|already|"
            r"for good|altogether|asap|though)\b))")
# What an angry reply calls our mail ("stop sending me this crap"), and the words that may come before it.
_JUNK = (r"((fucking|fuckin'?|f\*+ing|effing|freaking|frigging|damn|damned|goddamn|bloody|stupid|useless|pointless) )*"
         r"(crap|cr\*p|shit|sh\*t|s\*+t|shite|bs|b\.s\.|bullshit|garbage|rubbish|trash|drivel|nonsense|bollocks|dreck)")
# What a deal sends beside our mail, which she may ask no more of while mail is welcome: "Don't send me any more
# attachments", "Stop emailing me reminders for the demo".
_DEAL_THINGS = (r"(attachments?|pdfs?|files?|documents?|docs|decks?|slides?|links?|calendar|invites?|invitations?|"
                r"meetings?|meeting (invites?|requests?)|samples?|gifts?|swag|brochures?|catalog(ue)?s?|packages?|parcels?|"
                r"boxes|quotes?|reminders?|(calendar|meeting|demo|call) reminders?)")
# Such a thing alone, not with our mail or anything else: "Don't send me any more attachments, or emails" stops all.
_DEAL_ONLY = (rf"{_DEAL_THINGS}\b(?![^\S\n]*,?[^\S\n]+(or|and|nor)[^\S\n]+(any[^\S\n]+)?(other[^\S\n]+|more[^\S\n]+)?"
              r"(e-?mails?|mails?|messages?|anything|outreach|spam)[^\S\n]*([.!,;\n]|$|please|pls|thanks|either|else|at all|"
              r"from))")
# Where a removal asked with nothing after it ends ("so you can drop me, thanks.", "Strike me off"): a sign, the end,
# or a line's end but for one her mail program wrapped mid-sentence ("please drop me / a note then").
_ENDS_EN = (r"(?=[^\S\n]*,?[^\S\n]*(please|pls|now|thanks|thank you)?[^\S\n]*([.!;]|\n(?![^\S\n]*(a|an|some|any|off|at|in|on|"
            r"to|from|into|with|via|by|the|your|my|our|back|over|round|around|when|once|if|after|before|later|next|for)"
            r"\b)|\Z))")
# Where a clause of its own opens: a line, or a sign before it.
_CLAUSE_OPENS = r"(^|[.!?;:¡][^\S\n]*)[^\w\n]*"
# The same, sent no more in French and Spanish: "ne m'envoyez plus de rappels pour la démo", "no me envíen más
# recordatorios", "dejen de enviarme invitaciones" (not "de mails", "de correos").
_NOT_DEAL_FR = (r"(?!\w*[^\S\n]+(plus[^\S\n]+)?(de |d'|les |des |ces |vos |votre |la |le |l')?([\w-]+[^\S\n]+)?(rappels?|"
                r"invitations?|documents?|pi[eè]ces jointes|convocations?|fichiers|brochures?|plaquettes?|devis|"
                r"[ée]chantillons?|colis|cadeaux)\b)")
_NOT_DEAL_ES = (r"(?!\w*[^\S\n]+(m[aá]s[^\S\n]+)?(los |las |sus |estos |estas |esos |esas |tus |vuestros |vuestras )?"
                r"([\w-]+[^\S\n]+)?(recordatorios?|invitaciones?|documentos?|adjuntos?|archivos?|convocatorias?|"
                r"presupuestos?|muestras?|folletos?|cat[aá]logos?|paquetes?|regalos?)\b)")
# Our mail, by what it is called: "these emails", "your mailing list", "the sales sequence".
_MAIL_KINDS = (r"(mailing |e-?mail |email |marketing |sales |distribution |outreach |prospecting )?(lists?|e-?mails|emails|"
               r"mails|messages|sequences?|campaigns?|cadences?|mailings?|outreach|newsletters?)\b")
_SEND = r"(e-?mailing|emailing|mailing|sending|contacting|writing( to)?|messaging|spamming|bothering|calling|pinging|" \
        r"bugging|texting|hounding|pestering|reaching out( to)?|following up( with)?)"

OPTOUT_REQUESTS: dict[str, tuple[str, ...]] = {
    "en": (
        r"^[^\w\n]*((please|pls|plz|kindly)[^\w\n]+)?(unsubscribe|stop|remove|opt[- ]?out)([^\w\n]+(me|us|please|now|thanks?( you)?|stop|opt[- ]?out))*"
        r"[^\w\n]*$",
        r"^[^\w\n]*(please[^\w\n]+)?(unsubscribe|stop|opt[- ]?out)[.!]+(\s|$)",
        r"(^|[.!?,:;]\s*)(please\s+|kindly\s+|now\s+|just\s+)?stop[.!]*[^\S\n]*$|(^|[.!?,:;]\s*)no more[.!]*[^\S\n]*$",
        # "Unsubscribe." as a clause of its own: "OK, thanks. Unsubscribe.", "Just this one: unsubscribe.", "Thanks, unsubscribe.";
        # not a word quoted ("the button says: Unsubscribe.").
        r"([.!;]|(?<!\bsays)(?<!\bsaid)(?<!\breads)(?<!\bcalled)(?<!\blabeled)(?<!\blabelled)(?<!\btitled):|"
        r"\b(thanks|thank you|thx),|\b(not interested|no thanks|no thank you)[^\S\n]*[,–—-])[^\S\n]*unsubscribe"
        r"(?=[^\S\n]*([.!;\n]|$))",
        r"^[^\w\n]*unsu[bs]\w*[^\w\n]*$|\b(can|could|would|will) you (please )?stop[^\w\n]*$",
        rf"\bunsubscribe{_OWN_LIST} (me|us|him|her|my)\b{_NOT_FROM_MEETING_EN}|"
        rf"\b(please|pls|plz|kindly) unsubscribe\b{_NOT_FROM_MEETING_EN}",
        rf"\bunsu[bs]\w* (me|us)\b{_NOT_FROM_MEETING_EN}|\b(pls|plz|please|kindly) unsu[bs]\w*\b{_NOT_FROM_MEETING_EN}",
        r"\b(i|we)('d| would| want| wish| need)( like| prefer)? to (unsubscribe|opt[- ]?out|be removed|be taken off)\b"
        rf"{_NOT_FROM_MEETING_EN}",
        rf"\bhow (do|can) (i|we) (unsubscribe|opt[- ]?out)\b{_OWN_LIST}{_NOT_FROM_MEETING_EN}|"
        r"\b(i|we)( already| have|'ve|'d| had)+ unsubscribed\b",
        rf"\bremove (me|us)\b(?! from {_NOT_MAIL})|\btake (me|us) off\b(?! {_NOT_MAIL})|"
        rf"\bopt (me|us) out\b{_NOT_FROM_MEETING_EN}|"
        rf"\b(i|we) (hereby )?opt[- ]?out\b{_NOT_FROM_MEETING_EN}",
        r"\b(remove|delete) (my|our) (e-?mail|address|contact|details|name)|\b(remove|delete) this address\b",
        # "Delete my number.": an order (not "I will delete my number from the website"), not a question.
        r"(^|[.!?;:,][^\S\n]*|\b(please|pls|kindly|just|and|so|now)[^\S\n]+)(remove|delete|erase) (my|our) "
        r"(phone |mobile |cell )?numbers?\b(?![^.!?\n]*\?)",
        r"\b(take|get|drop|remove|scrub|strike|purge|erase|delete) (me|us|this ((e-?mail|email) )?(address|inbox)|"
        r"my (name|e-?mail|email|address|details|data|contact( details| info)?|number)|our (team|company|addresses|emails)|"
        r"everyone( at [\w&.' -]{1,40})?|all of us) (off|from) (your|the|this|all( of)? your|any( of)? your|whatever|any|every) "
        r"(mailing |e-?mail |email |distribution |contact |marketing |sales |outreach |prospecting |call )?"
        r"(lists?|distribution|database|crm|cadences?|sequences?|outreach|campaigns?|system|records|mailings?|e-?mails|emails)\b",
        # Another with her: "remove my colleague and me from your list", "take Ann and myself off your list".
        r"\b(take|get|drop|remove|scrub|strike|purge|erase|delete|unsubscribe) ([\w.'&-]+( [\w.'&-]+){0,4} (and|&) "
        r"(me|us|myself|ourselves)|(me|us|myself) (and|&|as well as) [\w.'&-]+( [\w.'&-]+){0,4}|both of us) "
        r"(off|from|out of) (your|the|this|these|all( of)? your|any( of)? your|whatever|any|every) "
        r"(mailing |e-?mail |email |distribution |contact |marketing |sales |outreach |prospecting )?"
        r"(lists?|distribution|database|crm|cadences?|sequences?|outreach|campaigns?|system|records|mailings?|e-?mails|"
        r"emails)\b",
        r"\boff your (mailing |e-?mail |email |distribution |contact |marketing |sales )?"
        r"(lists?|distribution|database|crm|cadences?|sequences?)\b",
        r"\bwant (to (get|be taken) )?off (this|your|the) (mailing |e-?mail |email )?list\b|"
        r"\b(like|want|need) to get off (it|this|your|the)\b|\btake (me|us) (off?|out of) (ur|your|the|this|ya) (mailing )?list",
        r"\b(pull|take|get|remove|leave) (me|us|everyone[\w .@&'-]{0,40}|all of us) out (of|from) (your|this|the|any|whatever|"
        r"these|all|future)( \w+){0,3} (sequences?|campaigns?|cadences?|lists?|outreach|automations?|e-?mails|emails)\b",
        r"\bexclude (me|us) from (it|this|your|all|any|future|these)\b(?! (meeting|call|invite|calendar|thread|project|"
        r"webinar|event|year|quarter|price|renewal|increase))",
        r"\bdon'?t (want to )?keep (receiving|getting) (these|your|this)|"
        r"\bdon'?t (add|put|include) (me|us) (on|to|in) (any |your |more |future |further )+(of your )?"
        r"(lists?|campaigns?|sequences?|cadences?|outreach)",
        r"\b(remove|delete|drop) (it|this address|the address) from (your|the) (outreach|lists?|database|crm|system|"
        r"campaigns?|sequences?|cadences?)\b(?! of)",
        r"\b(my|our) (contact )?(information|info|details|data|address|e-?mail|email)( address)? (be|to be) "
        r"(purged|removed|deleted|erased|scrubbed)",
        r"\b(have|get) (me|us) (purged|removed|deleted|erased|scrubbed) from your (crm|lists?|database|system|records|"
        r"mailing list)",
        r"\bconfirm (that )?(you('ve| have) )?(deleted|removed|erased|purged) my (info|information|data|details|e-?mail|email|"
        r"address)|\bconfirm (that )?(you('ve| have) )?(removed|unsubscribed|deleted|taken) (me|us) (from|off)\b",
        # "stop sending me" is left to the next phrase, which looks at what is sent ("the PDFs" is no opt-out).
        rf"\b(stop|quit) {_SEND}( (and|or) (e-?mailing|emailing|calling|messaging|texting|contacting))? (me|us)\b"
        rf"(?<!sending me)(?<!sending us)(?![^\S\n]+(the |these |those |your |any |more |all )*{_DEAL_ONLY})",
        rf"\b(stop|quit) sending (me|us)(?= *(these|this|those|your|any|more)? ?({_KIND} )?(e-?mails|emails|mails|messages|"
        r"spam|junk|stuff|marketing|newsletters)?[ ,]*([.!?;)\n]|though\b|$))",
        r"\bstop sending (these|your|this|those|such) (e-?mails|mails|messages)\b",
        r"\bstop sending (these|them|those)\b",
        # Our mail called junk is our mail: "stop sending me this crap", "quit emailing us your garbage".
        rf"\b(stop|quit) (sending|e-?mailing|emailing|mailing) ((me|us) )?((all )?(this|these|that|those|your|the|such|"
        rf"more|any more|any) )?{_JUNK}\b",
        r"\b(stop|quit) (e-?mailing|contacting|spamming|messaging|bothering|reaching out|following up|pinging|bugging)"
        r"(?= *(pls|please|thanks|now)?[ ,]*([.!,;\n]|$))",
        r"\bstop (with )?(the|these|your|all( the| these| your)?|those) (e-?mails|emails|mails|messages|follow-?ups|"
        r"sequences?|cadences?|outreach)\b(?! (to|for|about) (?!me\b|us\b))",
        rf"\b(stop|quit) (with )?(the|these|your|all( the| these| your| of your)?|those|any more|sending( me| us)?( the| these| your|"
        rf" all| those| any)?) {_KIND} (e-?mails|emails|mails|messages){_STOPPED}",
        r"\b(if you|you could|you'd|you would) (stopped|stop|quit|ceased) (reaching out|e-?mailing|emailing|contacting|"
        r"writing( to (me|us))?|messaging|sending (me|us|these|them)|following up)\b",
        r"\b(do not|don'?t|dont|never)( ever)? (e-?mail|email|contact|write to|message|reach out to|follow up with|mail|"
        rf"bother|spam) (me|us)\b{_NOT_FOR_A_WHILE}",
        r"\b(do not|don'?t|dont|never) (write( back| again)?|reach out( again)?|follow up( on this| again)?|"
        rf"get in touch( again)?|contact (me|us) again|e-?mail again){_END}",
        r"\b(i|we) (do not|don'?t|dont|no longer) (wish|want|need) to (be contacted|be e-?mailed|be emailed|be messaged|"
        r"(receive|get) (these |your |any |more |further |any more |any further )?(e-?mails|emails|mails|messages|"
        r"marketing|sales|newsletters|communications?))",
        r"\b(i|we) (do not|don'?t|dont|no longer) (wish|want) to hear from (you|your (company|team|firm))"
        r"(?! (until|till|before|unless|for now|this|in))",
        r"\b(i|we) (do not|don'?t|dont|no longer) want (these|your|any( more| further)?|more|further|any of your) "
        r"(sales |marketing |promotional |cold |commercial )?(e-?mails|emails|mails|messages|calls|follow-?ups)|"
        r"\b(i|we) (do not|don'?t|dont|no longer) want any (more|further) of (these|them|those)"
        r"( (e-?mails|emails|mails|messages))?(?= *([.!?,;\n]|$))",
        # What we are asked to see to: "Could you make sure I don't get any more emails from you?"
        r"\b(make sure|ensure|see to it) (that )?(i|we) (do not|don'?t|dont|no longer|never|won'?t) ((get|receive) (any |more |"
        r"further |these |your |such )+(e-?mails|emails|mails|messages|follow-?ups|outreach)"
        r"(?![^\S\n]+(twice|more than once|on|at|during|before|until|till|in|for|about|to)\b)|hear from (you|your))",
        # "I'd prefer not to hear from you again", "I'd rather not receive these emails anymore": the infinitive, the
        # sender's own (not "Would you prefer not to ...", "If you'd rather not ...", "whether we'd rather not ...").
        r"(?<!\bwhether )(?<!\bif )\b(i|we)('d| would| do)?( much| really| honestly| just| very much| definitely)* "
        r"(prefer|rather|like) (not|never) (to )?((be contacted|be e-?mailed|be emailed)"
        r"(?![^\S\n]+(by|on|at|during|before|until|till|in|for|about)\b)|hear from (you|your (company|team|firm))"
        r"(?! (until|till|before|unless|for now|this|in)\b)|(receive|get) (these |this |your |any |more |further |such )*"
        r"(e-?mails|emails|mails|messages|marketing|sales|newsletters|communications?|follow-?ups)"
        rf"(?![^\S\n]+(on|at|during|before|until|till|in|for|about|to|by)\b)){_NOT_ASKED}",
        # "I'd ask you not to contact me any further": the request asked of us by name, neither denied ("I didn't ask
        # you not to contact me") nor asked about ("Should I ask you not to ...?"), unless asked as a request ("Can I
        # ask you not to contact me again?").
        r"(?<!n't )(?<!\bnot )(?<!\bnever )(?<!\bdidnt )(?<!\bdont )\b(ask|asking|request|requesting|urge|beg) (that )?you "
        r"(kindly |please )?(not to|to not|to stop|to no longer|no longer) "
        r"(contact|contacting|e-?mail|email|e-?mailing|emailing|write|writing|message|messaging|reach out|reaching out|send|"
        r"sending|follow up|following up)( to)?( me| us)?( again| further| any further| anymore| any more| going forward|"
        rf"| in the future| from now on)?(?= *([.!?;,\n]|$)){_NOT_ASKED}|"
        r"\b(can|could|may|might) (i|we) (please )?(ask|request|beg) (that )?you (kindly |please )?(not to|to not|to stop|"
        r"to no longer|no longer) (contact|e-?mail|email|write|message|reach out|send|follow up)( to)?( me| us)?( again|"
        r"| further| any further| anymore| any more| going forward| in the future| from now on)?(?= *([.!?;,\n]|$))",
        r"\b(rather|prefer|prefer that|appreciate it if|ask that|asking that) you (stopped|stop|didn't|did not|not|don't|"
        r"do not|no longer) (reach out|reaching out|write|writing|e-?mail|email|emailing|contact|contacting|message|messaging)"
        r"( to)?( me| us)?( again| altogether| at all| anymore| any more| going forward| in the future| from now on)?"
        r"(?= *([.!?;,\n]|$))",
        r"\b(appreciate|prefer|rather) (not|no longer|never) ((receiving|getting) (these|this|your|any|more|further|e-?mails|"
        r"emails|messages|sales|marketing)|being (contacted|e-?mailed|emailed))",
        r"\b(i'?m|i am|we'?re|we are) no longer (contacted|e-?mailed|emailed|on your list)",
        r"\b(could|can|would|will) you (please )?(not|stop) (e-?mail|email|contact|write( to)?|message)(ing)? (me|us)\b",
        r"\b(make|making) (these|this|it|them|the (e-?mails|emails|messages)) stop\b|"
        r"\b(see to it|make sure) that (it|this|these|they) (stops?|ends?)\b|"
        r"\b(e-?mails|emails|messages|follow-?ups) need to (end|stop)\b|\bplease cease[.!]|\benough with the (e-?mails|emails|"
        r"messages|follow-?ups)",
        r"\bmake this the last (e-?mail|email|message|one)|\bthis (should|must) be the last (e-?mail|email|message)|"
        r"\b(appreciate it|grateful|glad|thankful) if this (is|was|were) the last (e-?mail|email|message)",
        r"\b(asked|requested|told you)( you)?( before| already| twice| three times| multiple times| several times| repeatedly)?"
        r"( before)? to (be removed|be taken off|unsubscribe|stop|opt out|be unsubscribed)\b(?! by)",
        r"\b(add|put|mark|flag|place|list|set|log|record|register) (me|us|this (address|e-?mail|email|inbox)|this)( down)?"
        r"( as| on| to| in| into)?( your| the| a)? do[- ]not[- ](contact|e-?mail|email|mail|call)\b",
        r"\b(this domain|we|i|our company|our (legal )?team|my company) (hereby )?(opts?|opting|opted) out of (all |any |"
        r"your |further |future )+(unsolicited |commercial |marketing |sales |cold |promotional )*(e-?mails?|emails?|outreach|"
        r"communications?|contact|messages|mailings?)\b|"
        r"\bplease suppress (me|us|my|our|this|@|[\w.+-]+@)",
        r"\bobject to (the )?(processing|use) of (my|our) (personal )?data|"
        r"\bno[- ](vendor|sales|cold|solicitation)[- ](outreach|e-?mails?|solicitation|contact)[- ]policy\b",
        r"\bno more (e-?mails|mails|messages)( from you( guys| all| people| folks)?| from y'all| please| pls| thx| thanks)?"
        r"(?= *([.!,;)\n]|though\b|$))",
        r"^[^\w\n]*no more[^\w\n]*(please|pls|thanks?( you)?)?[^\w\n]*$",
        r"\b(do not|don'?t|dont|never) send (me |us )?(any )?(further|more|additional|any more)? ?(e-?mails|emails|mails|"
        r"messages)\b(?! to (?!me\b|us\b|this (e-?mail )?address\b|this inbox\b))"
        r"(?! to this[^\n]{0,160}(@|\binstead\b|\b(my|our|the) (new|other|personal|work) (e-?mail|email|address|inbox)\b))|\b(do not|don'?t|dont|never) send (me|us) any (further|more)\b"
        # Any more of what a deal sends beside our mail is no opt-out: "Don't send me any more attachments, a link is fine".
        rf"(?![^\S\n]+{_DEAL_ONLY})",
        r"\bno (further|more) (contact|communications?|correspondence|outreach|follow-?ups|e-?mails|emails|mails|messages|"
        r"calls)( from (you|your (company|team|side)))?(,? (please|pls|thanks|thank you))?(?= *([.!,;\n]|$))",
        rf"\bleave (me|us) alone\b{_NOT_FOR_A_WHILE}",
        # The removal asked as a favour: "if you wouldn't mind removing me from your list", "would you mind taking us off".
        rf"\bmind (removing|taking|unsubscribing|deleting|dropping|scrubbing) (me|us)\b(?! (from|off) {_NOT_MAIL}\b)",
        # "Please stop, and don't add me back": kept off the list we took her from.
        r"\b(do not|don'?t|dont|never) ((add|put|sign|subscribe) (me|us) (back|up again)|(re-?add|re-?subscribe) (me|us))\b",
        r"\bcease and desist\b|\bcease (all |any )?(further |future )?(contact|communications?|correspondence|e-?mails|"
        r"emails|messages|outreach|contacting|e-?mailing|emailing|messaging|writing)\b",
        r"\brefrain from (contacting|e-?mailing|emailing|writing( to)?|messaging|sending|calling|reaching out)",
        r"(^|[.!?]\s+|please |just |so )lose my (number|e-?mail|email|address|details|contact)",
        r"\bplease forget (me|us)\b|^[^\w\n]*forget (me|us)[^\w\n]*$|"
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
        r"\b(erasure|deletion|removal) of all (personal )?(data|information) (you hold |you have |held )?(about|on|of) (me|us)\b|"
        r"\b(erase|delete|remove|purge) all (personal )?(data|information) (you hold |you have |held )?(about|on|of) (me|us)\b",
        r"\bto (be|get) (excluded|removed|taken off|unsubscribed|deleted) from (all |any )?(future |further )?"
        r"(marketing|sales|outreach|e-?mails|emails|communications?|mailings?|contact|your)\b",
        # "I want out.", "Count me out of these emails", "Count me out of all of this" (not "count me out of the
        # webinar", nor "Count me out." alone).
        r"\b((i|we)( want| need|'d like| would like) out|count (me|us) out of (all( of)? (this|it|that)|everything))"
        r"(?=[ ,]*(please|pls|now|thanks|thank you)?[ ,]*([.!;\n]|$))|"
        r"\b((i|we)( want| need|'d like| would like)|count (me|us)) out of (((all|any)( of)? )?(this|these|those|your|the)|"
        rf"all|any)( future| further| more)? {_MAIL_KINDS}",
        # The removal left to us: "Not interested, so you can drop me", "just drop us, thanks" (not "drop me a line",
        # "Can you drop me?", "drop me off at the station", nor "please drop me / a note" wrapped at the line's end).
        rf"\b(you can|you may|feel free to|please|pls|just|so) (just )?drop (me|us){_ENDS_EN}",
        # Bare orders: "Strike me off", "Please delist me", "Kindly discontinue your marketing emails" (not "strike me off
        # the guest list", "delist me from the webinar", "discontinue these emails to my old address", nor emails of a
        # thing: "discontinue the duplicate emails").
        rf"(^|[.!?;:,][^\S\n]*|\b(please|pls|plz|kindly|just)[^\S\n]+)strike (me|us) off{_ENDS_EN}|"
        rf"\b(please|pls|plz|kindly|just)[^\S\n]+delist (me|us)\b{_NOT_FROM_MEETING_EN}|"
        r"\b(please|pls|plz|kindly)( just)? discontinue (these|the|your|all|any|further|future)( (further|future|more|"
        r"other|marketing|sales|promotional|automated|automatic|follow-?up|cold|unsolicited|outreach|prospecting|"
        r"weekly|monthly|daily))? (e-?mails|emails|"
        rf"messages|mailings|communications?|outreach){_ENDS_EN}",
    ),
    "de": (
        # "Tragen Sie mich wieder ein" asks to be taken back, "tragen Sie mich nicht wieder ein" opts out.
        r"tragen sie (mich|uns)(?!( bitte)? wieder\b[^.!?,;\n]{0,50}\bein\b)|"
        rf"(entfernen|löschen) sie (mich|uns){_FROM_MEETING_DE}|(entfernen|löschen) sie meine|"
        rf"(streichen|nehmen) sie (mich|uns){_FROM_MEETING_DE}( bitte)? (aus|von)|"
        # The object first: "Mich selbst streichen Sie bitte von Ihrer Liste."
        rf"\b(mich|uns)( selbst)? (streichen|nehmen|entfernen|löschen) sie{_FROM_MEETING_DE}( bitte)? (aus|von)\b",
        # Any of your lists ("aus allen Ihren Verteilern"), not another sender's ("bei anderen Anbietern aus dem Verteiler").
        r"(mich|uns|meine[nm]? [\w-]+)\b(?![^.!?\n]{0,40}\b(anderen|andern|fremden)\b)[^.!?\n]{0,40}\baus (dem|ihrem|diesem|"
        r"eurem|deinem|(allen |sämtlichen )?(ihren|euren)|allen|sämtlichen) verteiler",
        # "Ich möchte mich hiermit von Ihren Mails abmelden": words between, none refusing ("auf keinen Fall", "ungern"), no
        # other sender's list, and no question ("Wie kann ich mich vom Newsletter abmelden?", "Kann ich mich irgendwo
        # abmelden, oder läuft das automatisch" ask how).
        r"(?<!\b(kann|muss|soll|darf) (ich|wir) )(?<!\b(könnte|müsste|sollte|dürfte|müssen|sollen|dürfen|können) (ich|wir) )"
        r"(?<!\bkönnten (ich|wir) )\b(mich|uns)\b(?![^.!?\n]{0,50}\b(nicht|nie|niemals|keinesfalls|keineswegs|keinen fall|"
        rf"ungern|kaum|später|irgendwann|irgendwo|anderen|andern|fremden)\b){_FROM_MEETING_DE}[^.!?,;\n]{{0,50}}"
        r"\b(abmelden|austragen)\b(?![^.!\n]{0,40}\?)",
        r"melden sie (mich|uns) ab|(mich|uns) (bitte )?(abmelden|austragen)|ausgetragen werden|bitte austragen|"
        rf"melden sie (mich|uns){_FROM_MEETING_DE} (bitte )?(vom|von|aus) [^.!?,;:\n]{{0,50}}\bab\b",
        # "Bitte abmelden." alone on any line, as it always was read ("Kein Bedarf.\nAustragen.").
        rf"(^[^\w\n]*|{_DECLINED_DE}|[.!;][^\S\n]*)(bitte[^\w\n]+)?(abmelden|austragen)[^\w\n]*$|"
        rf"{_FIRST_LINE}(bitte[^\w\n]+)?(abmelden|austragen|abbestellen){_COURTESY_DE}|"
        rf"{_FIRST_LINE}(bitte[^\w\n]+)?((mich|uns)[^\S\n]+(bitte[^\S\n]+)?)?(vom|aus dem|von ihrem|aus ihrem) [\w-]*"
        rf"(newsletter|verteiler|mailing)\w*[^\S\n]+(abmelden|austragen|abbestellen|streichen|nehmen){_COURTESY_DE}|"
        r"keine weiteren (e-?mails|nachrichten|mails)",
        r"bitte keine (e-?mails|nachrichten|mails)|((mich|uns|bitte) nicht mehr|(mir|uns) keine) "
        r"(anschreiben|schreiben|kontaktieren|e-?mails|mails|nachrichten)",
        # The infinitive alone, as a clause of its own: "Nicht mehr kontaktieren bitte", "Kein Bedarf. Nicht mehr anschreiben."
        rf"{_CLAUSE_OPENS}nicht mehr (kontaktieren|anschreiben|anmailen|mailen|e-?mailen|schreiben)"
        r"(?=[^\w\n?]*((bitte|danke|vielen dank)[^\w\n?]*)*([.!;]|$))",
        r"(kontaktieren|schreiben|mailen) sie (mich|uns|mir)( bitte)? nicht mehr",
        r"\bdies (war |ist |sei )?die letzte (e-?mail|mail|nachricht)[^.!?\n]{0,30}(von ihnen|von euch|dieser art)|"
        r"(mails|e-?mails|nachrichten) (endlich )?aufhören",
        r"sperren sie [^.!?\n]{0,40}(adressen|domain|mich|uns)|"
        r"um (austragung|abmeldung|löschung|entfernung) (gebeten|bitten|ersucht)|löschen sie (sie|diese adresse|die adresse)",
        r"von weiteren (kontaktaufnahmen|kontakten|e-?mails|mails|nachrichten|anfragen|zusendungen)[^.!?\n]{0,20}abzusehen|"
        r"(kontaktaufnahmen?|zusendungen) (zu )?unterlassen|unterlassen sie (weitere|künftige|jegliche)|"
        r"sehen sie (bitte |doch )*von (weiteren|künftigen|zukünftigen|jeglichen) (kontaktaufnahmen|kontakten|e-?mails|mails|"
        rf"nachrichten|anfragen|zusendungen)[^.!?\n]{{0,30}}\bab\b{_NOT_ASKED}",
        r"keine ([\w-]*(mails|e-mails|nachrichten)|werbung|post|anrufe|kontaktaufnahmen?) mehr",
        # Asked for, not told of: "Keinen Kontakt mehr, bitte.", "Bitte ab sofort keinen Kontakt mehr", "Ich möchte in
        # Zukunft keinen Kontakt mehr" (not "Zu Herrn Braun habe ich keinen Kontakt mehr", "wir haben keinen Kontakt
        # mehr zu ihm").
        rf"({_CLAUSE_OPENS}((bitte|ab sofort|ab jetzt|in zukunft|künftig|zukünftig|fortan)[^\S\n]+)*|"
        r"\b(ich|wir)[^\S\n]+(möchten?|wünschen?|wollen|will)[^\S\n]+(\w+[^\S\n]+){0,3})"
        r"keinen kontakt mehr",
        # "Bitte streichen Sie mich.", "Bitte aus dem Verteiler entfernen.", "Mich bitte aus Ihrem Verteiler streichen".
        r"\bstreichen sie (mich|uns)( bitte)?(?=[^\S\n]*([.!;]|$))|"
        rf"({_CLAUSE_OPENS}|{_DECLINED_DE})((bitte|mich|uns)[^\S\n]+)*(aus|von) (der|dem|ihrer|ihrem|eurer|eurem|allen|ihren|euren) "
        rf"([\w-]+[^\S\n]+)?(?!{_ROSTER})[\w-]*(liste|verteiler|mailings?|datenbank|newsletter|kartei)\w*[^\S\n]+(bitte[^\S\n]+)?"
        r"(nehmen|entfernen|streichen|löschen|austragen)\b",
        r"nicht (mehr|länger) (kontaktiert|angeschrieben|angerufen|angemailt|belästigt) (werden|zu werden)",
        # Not "Hören Sie auf, mir Erinnerungen zu schicken": no more of what a deal sends beside our mail.
        r"h[öo]r(en sie|t|e)? (bitte |doch |endlich )*auf,? (mir|uns|mich)\b(?![^\S\n]+(\w+[^\S\n]+)?[\w-]*(erinnerung|"
        r"einladung|unterlage|dokument|anhäng|datei|termin)\w*[^\S\n]+(zu[^\S\n]+)?(schicken|senden|zuschicken|zusenden)\b)",
        # "Hören Sie auf mit den Verkaufsmails", "Hören Sie mit den Werbemails auf", "Schluss mit den Mails".
        r"(h[öo]r(en sie|t|e)? (bitte |doch |endlich )*auf mit|schluss mit|stoppen sie( bitte)?) (den |diesen |ihren |euren "
        r"|all den |den ganzen |allen |die |diese |alle )?[\w-]*(mails|nachrichten)\b"
        rf"{_STOPPED}|"
        r"h[öo]r(en sie|t|e)? (bitte |doch |endlich )*mit (den|diesen|ihren|euren|all den|den ganzen) [\w-]*(mails|nachrichten) "
        r"auf\b",
        r"(lass|lasst|lassen sie) (mich|uns) (bitte |doch |endlich |einfach )*in ruhe",
        r"widerspreche[^!?\n]{0,100}(werb|nutzung meiner|verarbeitung meiner)",
        r"(löschung|löschen) (meiner|unserer) ([\w-]*daten|e-?mail[\w-]*|adresse)|"
        r"(meine|unsere) ([\w-]*daten|e-?mail[\w-]*|adresse)[^.!?\n]{0,40}\bzu löschen",
        r"(auf|in) (ihre|eure|die|ihrer|eurer) sperrliste",
        # "Ich will raus aus Ihrem Verteiler", "Ich melde mich hiermit von Ihren Mails ab", "Ich melde mich ab." (not
        # "Ich melde mich ab morgen wieder", "vom Webinar ab", "raus aus der Teilnehmerliste"),
        r"\b(ich|wir) (will|möchte|möchten|wollen|muss|müssen)( \w+)? raus aus (ihrem|eurem|dem|diesem|ihren|euren|allen|"
        r"ihrer|eurer|der|dieser|diesen) (?!(\w+ )?[\w-]*(teilnehmer|gäste|gaeste|referenten|anwesenheits))[\w-]*(verteiler|"
        r"liste|listen|mailings?|newsletter|mails|nachrichten|datenbank)\b|"
        r"\b(ich|wir) (melde|melden) (mich|uns)( (hiermit|hier|bitte|jetzt|sofort))*"
        rf"({_FROM_MEETING_DE} (von|vom|aus) [^.!?,;:\n]{{0,50}}\bab\b{_NOT_ASKED}| ab(?=[^\S\n]*([.!,;\n]|$))"
        # nor the bare form beside the event she leaves: "Ich melde mich ab, ich schaffe es nicht zum Webinar".
        r"(?![^.!?\n]{0,80}?\b[\w-]*(einladung|termin|meeting|besprechung|call|telefonat|webinar|veranstaltung|sitzung|"
        r"schulung|workshop|konferenz|messe|event)(e|en|n|s)?\b))",
        # The removal left to us: "Kein Interesse, Sie können mich streichen" (not "aus dem Termin", nor refused, nor a
        # thing struck for us: "Sie können uns den Termin streichen", "uns gerne die Gebühr streichen"; her data or
        # our mail struck is one: "die E-Mails streichen").
        r"\bsie (können|könnten|dürfen) (mich|uns)\b(?![^\S\n]+((gerne?|bitte|auch|ruhig|einfach|gleich|doch|dann|also|"
        r"jetzt)[^\S\n]+)*(den|die|das|einen|eine|ein|diesen|diese|dieses)\b(?![^\S\n]+[\w-]*(daten|adresse|kontakt|"
        r"mails?|newsletter|verteiler|nachrichten|zusendungen|abo|abonnement)))"
        r"(?![^.!?\n]{0,50}\b(nicht|nie|niemals|keinesfalls|später|"
        rf"irgendwann)\b){_FROM_MEETING_DE}[^.!?,;\n]{{0,50}}\b(streichen|löschen|entfernen|austragen|abmelden)\b"
        r"(?![^.!\n]{0,40}\?)",
    ),
    "fr": (
        rf"((me|nous) d[ée]sabonner|d[ée]sabonnez[- ](moi|nous)|(me|nous) d[ée]sinscrire|d[ée]sinscrivez[- ](moi|nous))"
        rf"{_FROM_MEETING_FR}",
        rf"{_FIRST_LINE}(merci de |veuillez )?(se )?(d[ée]sabonner|d[ée]sinscrire|d[ée]sabonnement|d[ée]sinscription)"
        rf"{_COURTESY_FR}",
        rf"(retirez|supprimez|enlevez|rayez|effacez|ôtez)[- ](moi|nous){_FROM_MEETING_FR}",
        r"ne (souhaite|veux|voudrais|désire|desire)s? plus recevoir|ne plus recevoir (vos|de vos|ces)|"
        r"((je|nous|j') ?(préf[èé]r(e|erais|erions|ons)|aimerais|aimerions|souhaiterais|souhaiterions|voudrais|voudrions)"
        rf"( vraiment| plutôt| donc)?|merci de|veuillez) ne plus recevoir{_NOT_ASKED}",
        # The address named, then removed by a pronoun: "Comment avez-vous obtenu mon adresse ? Je vous demande de la
        # supprimer de vos fichiers." (not a colleague who left: "merci de le retirer de votre liste").
        rf"\b(mon|notre) (adresse|e-?mail|mail|courriel){_THEN}((supprimez|retirez|effacez|enlevez|rayez)[- ](la|le)|"
        r"(la|le) (supprimer|retirer|effacer|enlever|rayer)) (de|des) (vos|votre) (listes?|fichiers?|bases?|contacts|registres)",
        r"(je m'|nous nous )oppos(e|ons) (formellement )?(à|a) (tout|toute|tous|toutes|la|l'|vos|ce que)[^.!?\n]{0,40}"
        r"(prospection|envois?|sollicitations?|démarchage|traitement|utilisation|courriels|e-?mails|messages)",
        rf"ne plus (me|nous) (contacter|écrire|ecrire|envoyer|relancer|solliciter|déranger|deranger){_NOT_DEAL_FR}|"
        rf"ne plus m'(écrire|ecrire|envoyer|contacter|appeler){_NOT_DEAL_FR}",
        rf"ne (me|nous) (contactez|écrivez|ecrivez|envoyez|relancez|sollicitez) plus{_NOT_DEAL_FR}|"
        rf"ne m'(écrivez|ecrivez|envoyez|contactez|appelez) plus{_NOT_DEAL_FR}",
        r"ne (souhaite|veux|voudrais|désire|desire)s? plus (être|etre) (contacté|contacte|sollicité|sollicite|relancé|relance)"
        r"|ne plus (être|etre) (contacté|contacte|sollicité|sollicite|relancé|relance)",
        r"arr[êe]te[rz]? (donc |svp |s'il vous pla[iî]t )?de (m'|me |nous )(envoyer|écrire|ecrire|contacter|solliciter|"
        rf"relancer|spammer|harceler|appeler){_NOT_DEAL_FR}",
        # "Arrêtez les mails commerciaux", "Merci d'arrêter vos e-mails de prospection".
        r"(arr[êe]tez|arr[êe]te|merci d'arr[êe]ter|veuillez arr[êe]ter|stoppez) (donc |svp |s'il vous pla[iî]t )?"
        r"(les|vos|ces|tous (les|vos|ces)|toutes (les|vos|ces)) (e-?mails|mails|courriels|messages|relances|sollicitations)"
        rf"( (commerciaux|commerciales|marketing|de prospection|de vente|promotionnels|publicitaires))?{_STOPPED}",
        r"(m'|me |nous )(enlever|retirer|supprimer|rayer|effacer|ôter) (de|des) (vos |votre |la |cette |ces |les )?"
        r"(listes?|contacts|fichiers?|bases?|mailings?|diffusion|envois|campagnes?|séquences?|destinataires)",
        # The infinitive alone, as a clause of its own: "Ne plus contacter, merci." (not "ne plus contacter mon collègue").
        rf"{_CLAUSE_OPENS}((merci de|svp|stp)[^\w\n]+)?ne plus (contacter|écrire|ecrire|relancer|solliciter)"
        r"(?=[^\w\n?]*((svp|stp|merci|s'il vous pla[iî]t)[^\w\n?]*)*([.!;]|$))",
        r"(fichez|foutez)[- ](moi|nous) la paix|laissez[- ](moi|nous) (tranquilles?|en paix)",
        r"\bplus de (mails|e-?mails|messages|relances|sollicitations)( svp| merci| s'il vous pla[iî]t)?(?= *([.!,;\n]|$))|"
        r"\bstop (aux|à vos|a vos|à ces) (mails|e-?mails|courriels|messages|relances|sollicitations)\b",
        # "Retirez mon adresse svp.", "Supprimez mon adresse de vos fichiers." (not "de l'invitation").
        rf"\b(retirez|supprimez|effacez|enlevez|rayez) (mon|notre) (adresse|e-?mail|mail|courriel|contact)\b{_FROM_MEETING_FR}"
        rf"{_NOT_ASKED}",
        # Deleting data is also what a buyer asks of a product ("comment supprimer mes données dans votre outil ?"):
        # an erasure of her data is read by ``data_requests``, which tells the request from the question.
        r"supprimer mes (coordonnées|informations|adresses?|e-?mails?)|"
        r"supprimer nos (coordonnées|informations|adresses?|e-?mails?)(?![^.!?\n]*\?)|"
        r"suppression de (mes|nos) (données|coordonnées)",
        r"cesser (toute|tout|vos|les) (sollicitations?|communications?|prospection|envois|relances?|contacts?)|"
        rf"cesser de (m'|me |nous )(écrire|ecrire|contacter|envoyer|relancer|solliciter){_NOT_DEAL_FR}",
        r"retirer (l'ensemble des|toutes les|nos|les) (adresses|contacts)|oubliez (mon|notre) (adresse|e-?mail|email|mail|"
        r"numéro)|ne veux plus (avoir de vos nouvelles|avoir de nouvelles|entendre parler)|"
        r"(j'exerce|nous exerçons|exerce) (mon|notre) droit d'opposition",
        r"(être|etre) (désinscrit|desinscrit|retiré|retire|supprimé|supprime|désabonné|desabonne)e?s?\b|"
        r"ne plus contacter (personne|aucun|qui que ce soit)",
        # "Je veux sortir de votre liste" (not "de la liste des participants").
        r"\b(je|nous) (veux|voudrais|souhaite|souhaiterais|voulons|voudrions|souhaitons|souhaiterions) (sortir|être "
        rf"retiré\w*|etre retire\w*) (de|des) (vos|votre|cette|ces|la|les) (?!{_ROSTER})(listes?|fichiers?|bases?|"
        r"mailings?|envois|campagnes?|séquences?|sequences?|newsletters?)\b",
        # The removal left to us: "Pas intéressé, vous pouvez me retirer" (not "de l'invitation de jeudi", nor a thing
        # taken off for us: "vous pouvez nous retirer les frais").
        r"\bvous (pouvez|pourriez) (me|nous) (retirer|supprimer|d[ée]sinscrire|d[ée]sabonner|rayer|enlever|effacer)\b"
        r"(?![^\S\n]+(l['’]|(le|la|les|un|une|ce|cet|cette|ces|mon|ma|mes)\b)(?![^\S\n]*(donn[ée]es|adresse|"
        r"coordonn[ée]es|contact|abonnements?|e-?mails?|mails?|courriels?|newsletters?|listes?|envois|messages)\b))"
        rf"{_FROM_MEETING_FR}",
    ),
    "es": (
        rf"(dar(me|nos)|d[eé]n(me|nos)|dad(me|nos)|d[eé](me|nos)|\bda(me|nos)) de baja{_FROM_MEETING_ES}|"
        rf"b[óo]rr(e|a|en)(me|nos){_FROM_MEETING_ES}|elim[ií]n(e|a|en)(me|nos){_FROM_MEETING_ES}|"
        rf"((?<!\bno )\b(quiero|queremos|deseo|deseamos)|\bgustar[ií]a)[^\S\n]+desuscribir(me|nos){_FROM_MEETING_ES}|"
        rf"\bdesuscr[ií]b(an|a|e|en|id)(me|nos){_FROM_MEETING_ES}",
        # "Favor de no volver a contactarme" (not "hasta marzo").
        rf"{_CLAUSE_OPENS}((por favor|favor)( de)?[^\w\n]+)?no volver a (contactar|escribir|llamar|molestar|enviar)(me|nos)\b"
        r"(?![^.!?\n]{0,40}\b(hasta|antes de|durante|por ahora|de momento)\b)",
        rf"{_FIRST_LINE}((por favor|favor)[^\w\n]+)?(baja|darse de baja|de baja){_COURTESY_ES}",
        rf"no (me|nos) (escriba|escribas|escriban|contacte|contactes|contacten|env[ií]e|env[ií]en){_NOT_DEAL_ES}|"
        r"no (me|nos) (escrib[aá]is|contact[eé]is|envi[eé]is|mand[eé]is|llam[eé]is)",
        rf"no (deseo|quiero|deseamos|queremos) seguir recibiendo{_NOT_ASKED}|"
        r"(?<!\bno )(?<!¿)\b(prefiero|preferimos|preferiría|preferiríamos) no ((recibir|seguir recibiendo)( (más|m[aá]s|sus|"
        r"vuestros|tus|estos|esos|ningún|ningun|ning[uú]n tipo de|m[aá]s de sus))* (correos|e-?mails|emails|mensajes|"
        r"comunicaciones|newsletters?|boletines|informaci[oó]n|nada)|ser contactad[oa]s?(?! (por|v[ií]a) (tel[eé]fono|whatsapp|"
        rf"llamada)))(?![^.!?;\n]{{0,60}}\b(mejor|sino|pero s[ií])\b){_NOT_ASKED}",
        # The address named, then removed by a pronoun ("¿De dónde sacaron mi correo? Bórrenlo de su base de datos", not
        # a colleague: "Javier ya no trabaja aquí. Bórrenlo de su lista"), or by name ("la baja de esta dirección").
        rf"\b(mi|nuestro|nuestra) (correo|e-?mail|email|direcci[óo]n|contacto){_THEN}(b[óo]rr|elim[ií]n|qu[ií]t|s[aá](c|qu))"
        r"(e|a|en|ad)(lo|la) de (su|sus|vuestra|vuestras|tu|tus) (base|lista|listas|listado|registros?|archivos?|ficheros?|"
        r"sistema|crm)|"
        r"(baja|supresi[óo]n|eliminaci[óo]n|borrado)( inmediata| inmediato)? de (esta direcci[óo]n|este (correo|e-?mail|email)|"
        r"mi (direcci[óo]n|correo|e-?mail|email|contacto))",
        rf"dej(a|e|en|ad) de (escribir|enviar|contactar|mandar|llamar)(me|nos){_NOT_DEAL_ES}|"
        rf"(sacar|quitar|eliminar|borrar|excluir)(me|nos){_FROM_MEETING_ES} de{_NO_DOUBT_ES}|"
        rf"qu[ií]t(e|a|en)(me|nos){_FROM_MEETING_ES} de{_NO_DOUBT_ES}",
        # "Dejen de enviar los correos comerciales", "Paren sus correos de marketing".
        r"\b(dej(en|ad|e) de (enviar|mandar)(me|nos)?|deja de (enviar|mandar)(me|nos)|paren|parad|pare|detengan|"
        r"detenga) (los |sus |estos |esos |tus |todos (los|sus|estos) )?(correos|e-?mails|emails|mails|mensajes)"
        rf"( (comerciales|de ventas?|de marketing|publicitarios|promocionales|de prospecci[óo]n))?{_STOPPED}",
        r"\b(me|nos) [\w ]{0,20}?(quitar|eliminar|borrar|sacar|dar de baja|excluir) de (su|sus|la|las|vuestra|vuestras|"
        r"tu|tus|esta|esa) (lista|listas|base|listado|env[ií]os|correos|campañas?|secuencias?)",
        r"no (me|nos) (sigas|siga|sigan|siguieras|siguiera|siguieran|sigáis) (escribiendo|contactando|enviando|mandando|"
        r"llamando)",
        r"no (deseo|quiero|deseamos|queremos) (seguir )?recibir (m[áa]s|ningún|ningun|sus|vuestros|tus|estos|estas)",
        rf"no (me|nos) vuelv(a|an|as|áis) a (contactar|escribir|enviar|llamar|mandar){_NOT_DEAL_ES}",
        r"d[ée]j(a|e|en|ad)(me|nos) en paz",
        # The infinitive alone, as a clause of its own: "No contactar más, gracias.", "No escribirme más, por favor."; sending
        # with no one to send to and no "más" ("No enviar.") declines what we offered to send: a person reads it.
        rf"{_CLAUSE_OPENS}((por favor|favor)( de)?[^\w\n]+)?no (contactar|escribir|(enviar|mandar)(?=me|nos| m[aá]s))(me|nos)?"
        r"( m[aá]s)?\b"
        rf"{_NOT_DEAL_ES}"
        r"(?=[^\w\n?]*((por favor|gracias|muchas gracias)[^\w\n?]*)*([.!;]|$))",
        r"\b(den|dar|dieran|dierais|diesen) de baja (todas|nuestras|las|mis)|(me|nos) (dieran|dierais|den|diesen) de baja|"
        r"olv[ií]d(ense|ate|ese|en) de (mi|nuestro|nuestros) (correo|e-?mail|email|dirección)",
        rf"no (me |nos )?vuelv(a|an|as|áis) a (contactar|escribir|enviar|llamar|mandar){_NOT_DEAL_ES}|"
        rf"dejar de (escribir|enviar|contactar|mandar|llamar)(me|nos){_NOT_DEAL_ES}|no (me|nos) (incluy\w+) en (más|mas|sus|vuestras|tus|ninguna)",
        r"no (me|nos) (manden|mande|mandes) (más |mas )?(correos|mails|e-?mails|mensajes)|"
        r"(este|esto) (sea|fuera|fuese) el [úu]ltimo (correo|mensaje|e-?mail|email)",
        r"(supresi[óo]n|eliminaci[óo]n|borrado|baja) de (mis|nuestros) datos|no se (me|nos) env[ií]en m[áa]s",
        # "Eliminen mi correo de su lista.", "Borren mi correo, gracias." (not "¿Pueden eliminar mi correo antiguo?").
        rf"\b(elim[ií]n|borr|quit)(en|e|ad) (mi|nuestro|nuestra) (correo|e-?mail|email|direcci[oó]n|contacto)\b"
        rf"{_FROM_MEETING_ES}{_NOT_ASKED}",
        # "Quiero salir de su lista", "Sáquenme de esta lista", "No enviarme más correos" (not "de la lista de asistentes").
        r"(\b(quiero|queremos|deseo|deseamos) salir|\bs[aá]qu(en|e|ad|a)(me|nos)) de (su|sus|vuestra|vuestras|tu|tus|esta|"
        rf"esa|estas|esas|la|las) (?!{_ROSTER})(lista|listas|listado|base de datos|env[ií]os|campañas?|secuencias?)\b|"
        r"\bno (enviar|mandar)(me|nos) m[aá]s (correos|e-?mails|emails|mails|mensajes)\b",
        # The removal left to us: "No me interesa, pueden borrarme" (not "de la reunión del jueves", nor a thing taken
        # off for us, "quitarnos la cuota", nor "sacarme de dudas").
        r"\b(pueden|puede|podéis|puedes|podrían|podría) ((borrar|eliminar|quitar|sacar|excluir)(me|nos)(?![^\S\n]+(el|la|"
        r"los|las|un|una|unos|unas|este|esta|estos|estas|ese|esa|esos|esas|mi|mis|lo)\b(?![^\S\n]+(datos|informaci[oó]n|"
        r"direcci[oó]n|correos?|contactos?|e-?mails?|mails?|suscripci[oó]n|suscripciones|bolet[ií]n|newsletter|"
        r"lista|env[ií]os|mensajes)\b)|[^\S\n]+de ((una|la|las|unas) )?dudas?\b)|"
        rf"dar(me|nos) de baja)\b{_FROM_MEETING_ES}",
    ),
    "it": (
        rf"(cancellate(mi|ci)|cancella(mi|ci)(?= dalla)|rimuovete(mi|ci)|rimuovi(mi|ci)|togliete(mi|ci)(?= dalla)|"
        rf"disiscriver(mi|ci)){_FROM_MEETING_IT}",
        rf"disiscrivete(mi|ci){_FROM_MEETING_IT}|non (scrivete(mi|ci)|scriver(mi|ci)|contattate(mi|ci)|contattar(mi|ci)|inviate(mi|ci)|"
        r"mandate(mi|ci)) più",
        r"non (voglio|vogliamo|desidero|desideriamo) più ricevere|smettete(la)? di (scriver|contattar|inviar)",
        r"non (voglio|vogliamo|desidero|desideriamo) ricevere (altre|ulteriori|più|le vostre|queste|vostre)",
        rf"(toglier|rimuover|cancellar|eliminar|escluder)(mi|ci){_FROM_MEETING_IT} (da|dalla|dalle|dai|dal|dagli)\b",
        r"basta (con )?(queste|le|tutte queste) (e-?mail|email|mail|mails|messaggi)|basta e-?mail",
        r"lasciate(mi|ci) in pace|lasciami in pace",
        r"niente (più|piu) (e-?mail|email|mail|messaggi|comunicazioni|solleciti)(?![^.!?;\n]{0,60}\b(per ora|per adesso|"
        rf"per il momento|fino a|fino al|prima d|finché|ricontatt|risentiamoci|scrivetemi|riscrivetemi)){_NOT_ASKED}|"
        r"(?<!\bnon )\b(preferisco|preferiamo|preferirei|preferiremmo) non ((ricevere)( (più|piu|altre|ulteriori|le|vostre|"
        r"queste|nessuna|vostri|questi|altri))* (e-?mail|email|mail|messaggi|comunicazioni|newsletter|solleciti|nulla|niente)|essere "
        r"(più |piu )?contattat[oaie](?! (per|via) (telefono|whatsapp)))"
        rf"(?![^.!?;\n]{{0,60}}\b(su quest|sul resto|tranne|eccetto|per ora|per adesso|fino a|anzi)){_NOT_ASKED}",
        # The address named, then removed by a pronoun ("Come avete avuto il mio indirizzo? Vi chiedo di cancellarlo dai
        # vostri archivi", not a colleague: "Luca non lavora più qui, toglietelo dalla lista"), by possessive ("rimuovete
        # il mio indirizzo") or by name ("la rimozione immediata di questo indirizzo").
        rf"\b(mio|mia|nostro|nostra) (indirizzo|contatto|nominativo|e-?mail|email){_THEN}(cancellar|rimuover|eliminar|toglier|"
        r"cancellate|rimuovete|eliminate|togliete)(lo|la) (da|dai|dalla|dalle|dal|dagli) (vostr\w+ )?(archivi|database|"
        r"elenc\w+|list\w+|contatti|indirizzari|sistem\w+|mailing)|"
        r"(rimuovete|cancellate|eliminate|togliete) (il mio|la mia|i miei|il nostro|i nostri) (indirizzo|e-?mail|email|"
        r"contatt[oi]|dati|nominativo)|"
        r"(rimozione|cancellazione|eliminazione)( immediata)? (di questo indirizzo|di questa (e-?mail|email|casella)|"
        r"del (mio|nostro) (indirizzo|contatto|nominativo)|dei (miei|nostri) (dati|contatti))",
        r"(non|nn) (scrivete(mi|ci)|scriver(mi|ci)|contattate(mi|ci)|inviate(mi|ci)|mandate(mi|ci)) piu\b|"
        r"(sia|fosse) l'ultima (e-?mail|email|mail|comunicazione|messaggio)|"
        r"dimenticate(vi)? il mio (indirizzo|numero|contatto)",
        r"(eliminate|rimuovete|cancellate) (tutti gli|i nostri|gli) (indirizzi|contatti)|(mi )?oppongo al trattamento|"
        r"di essere (cancellat|rimoss|tolt)[oaie]\b|smetter(e|la|ete|etela) di (scriver|contattar|inviar|mandar)(mi|ci)|smettete(la)? di mandar",
        r"(rimuovere|cancellare|eliminare) (il mio|la mia|i miei|il nostro|i nostri) (indirizzo|e-?mail|email|contatt[oi]|"
        r"dati|nominativo)",
        r"cancellazione (dei|di tutti i) (miei|nostri) dati|interruzione di (ogni|qualsiasi) comunicazione",
    ),
    "nl": (
        rf"schrijf (me|mij|ons) uit{_FROM_MEETING_NL}|verwijder (me|mij|ons)\b{_FROM_MEETING_NL}|"
        rf"haal (me|mij|ons){_FROM_MEETING_NL} ([\w.]+ ){{0,2}}(van|uit|af)\b",
        r"(stuur|mail) (me|mij|ons) (geen|niet meer)|(e-?mails|mails|berichten) niet (meer|langer) ontvangen",
        r"(graag|wil|willen|wens|svp|a\.u\.b\.?|alstublieft) (graag )?(uitschrijven|afmelden)|"
        r"(graag|wil|willen|wens|svp|a\.u\.b\.?|alstublieft)( (graag|direct|meteen|per direct|onmiddellijk|nu|even|gewoon)){1,3} "
        rf"(uitschrijven|afmelden){_NOT_ASKED}|^[^\w\n]*(uitschrijven|afmelden)[^\w\n]*$",
        r"(mijn|ons) (e-?mailadres|emailadres|adres|gegevens|contactgegevens|persoonsgegevens)[^.!?\n]{0,40}"
        r"(verwijderen|halen|schrappen)",
        r"niet (meer|langer) (benaderd|gemaild|ge-?maild|gecontacteerd|lastiggevallen|gebeld) (worden|te worden)",
        r"(mij|me|ons) (verder )?niet (meer|langer) (te )?(benaderen|mailen|e-?mailen|contacteren|lastigvallen|bellen)",
        r"(gevraagd|verzocht) (om )?(verwijderd|uitgeschreven|afgemeld) te worden|de laatste (e-?mail|mail|bericht) "
        r"(van jullie|van u)|bezwaar tegen [^!?\n]{0,60}(gegevens|direct marketing)",
        r"verwijder (alle |al onze |onze )?(adressen|e-?mailadressen|contacten)|(adressen|gegevens) [\w ]{0,30}uit (jullie|uw) "
        r"(bestand|campagnes?|lijst|lijsten|database|systeem) (halen|verwijderen)|stoppen met (mailen|e-?mailen|sturen|benaderen)",
        r"laat (me|mij|ons) (alsjeblieft |aub |a\.u\.b\. )?(met|in) rust",
        r"stop (met|maar met|nu met) (mailen|e-?mailen|sturen|berichten|benaderen|spammen)",
        rf"geen [\w-]*(mails|berichten|mailtjes) meer|geen [\w-]+ [\w-]*(mails|berichten|mailtjes) meer{_NOT_ASKED}",
        r"neem ([\w.]+ ){0,2}geen contact (meer )?met (mij|me|ons) op|neem (met mij|met ons) geen contact (meer )?op",
        r"stop (met|maar met|nu met) (de|die|deze|jullie|je|uw|al die|alle) ([\w-]+ )?(mails|e-?mails|berichten|follow-?ups|"
        rf"nieuwsbrieven|mailtjes)\b(?! (naar|aan|voor|over) (?!mij|me|ons)\b){_NOT_ASKED}",
        # The address named, then removed by a pronoun ("Hoe komen jullie aan mijn adres? Verwijder het uit jullie bestand"),
        # or by possessive ("haal mijn naam van de lijst").
        rf"\b(mijn|ons) (e-?mailadres|emailadres|adres|gegevens){_THEN}verwijder (het|dat|dit|ze) (uit|van) (jullie|uw|je|het|de) (bestand|lijst|lijsten|database|systeem|mailinglijst|"
        r"adresboek|crm)|(verwijder|schrap|wis|haal) (mijn|ons|onze) (e-?mailadres|emailadres|adres|gegevens|contactgegevens|"
        r"persoonsgegevens|naam)\b",
    ),
    "pt": (
        rf"((remov|retir)(a|am|em)[- ](me|nos)\b|(remov|retir)e-(me|nos)\b|tir(a|e|em)[- ](me|nos)(?= da)|"
        rf"descadastr(e|em|ar)-(me|nos)\b){_FROM_MEETING_PT}",
        r"(quero|queremos|gostaria de|pode|podem|favor) (me |nos )?descadastrar\b|^[^\w\n]*(descadastrar|descadastre|descadastrem)"
        r"(-(me|nos))?[^\w\n]*$",
        r"cancelar a (minha |nossa )?(inscrição|subscrição)|não (quero|queremos|desejo|desejamos) (mais )?receber|"
        rf"não (quero|queremos|desejo|desejamos) (continuar a |continuar )(mais )?receber{_NOT_ASKED}|"
        r"(?<!\bnão )(?<!\bnao )\b(prefiro|preferimos|preferia|preferíamos) não (receber( (mais|seus|vossos|estes|esses|"
        r"os|as|nenhum|nenhuma|tipo de))* (e-?mails?|emails?|mensagens|comunicações|newsletters?|boletins|informativos|nada)|"
        rf"ser contatad|ser contactad)(?![^.!?;\n]{{0,60}}\b(mande|mandem|melhor|prefiro|só|apenas|ligu)){_NOT_ASKED}",
        # The pronoun before the verb ("me descadastre por favor"), not refused ("não me descadastrem" is a refusal).
        r"(?<!não )(?<!nao )(?<!nunca )(?<!você )(?<!vocês )(?<!\bvc )(?<!\bvcs )(?<!\bele )(?<!\bela )(?<!\beles )"
        r"(?<!\belas )(?<!\bquem )(?<!alguém )(?<!sempre )(?<!\bjá )\b(me|nos) (descadastr(e|em|a)\b|(remov(a|am)|retir(e|em|a)) "
        rf"(da|de|das|dos|desta|dessa) ){_NOT_ASKED}",
        # The address named, then removed by a pronoun ("Como conseguiram meu endereço? Apaguem-no da vossa base"), by
        # possessive ("removam o meu contacto") or by name ("a remoção imediata deste endereço").
        rf"\b(meu|nosso) (endereço|e-?mail|email|contat[oa]|contact[oa]){_THEN}(apaguem|removam|excluam|retirem|apague|remova|exclua|retire)-(no|na|o|a|os|as) (da|de|das|dos) (vossa |sua |nossa )?"
        r"(base|lista|listas|registos?|registros?|sistema|cadastro)|"
        r"(remov(a|am|er)|retir(e|em|ar)|apag(ue|uem|ar)|exclu(a|am|ir)) (o |a |os )?(meu|minha|meus|nosso|nossos) (e-?mail|"
        r"email|contat[oa]|contact[oa]|nome|endereço|dados)|"
        r"(remoção|exclusão|descadastro|descadastramento)( imediat[ao])? (deste|desse|do meu|do nosso) (endereço|e-?mail|email|"
        r"contato|contacto)",
        r"não (me|nos) (enviem|envie|mandem|mande|contactem|contatem|escrevam) mais",
        r"parem de (me |nos )?(enviar|escrever|contactar|contatar)|par(e|a) de (me |nos )?(enviar|escrever|contactar|"
        r"contatar|mandar|ligar)",
        r"(me|nos) deix(a|e|em) em paz|deix(a|e|em)-(me|nos) em paz",
        r"não (me |nos )?(entrem|entre) (mais )?em conta(c)?to|não (me|nos) (procurem|procure|contactem|contatem) mais",
        r"tir(ar|em|e|a) (o )?(meu|nosso) (e-?mail|email|contato|nome|endereço)|(me|nos) tir(a|e|em) (daí|dai|da lista|"
        r"dessa lista|da sua lista)",
        r"chega de (e-?mails?|emails?|mensagens|spam)",
        r"retirem (todos os|os|o) (endereços|contatos|contactos|e-?mails)|"
        r"(não|nunca|ninguém)[^.!?\n]{0,40}(seja|sejam|ser) (mais )?conta(c)?tad[oa]s?|(este|esse) (seja|fosse) o [úu]ltimo (e-?mail|email|mensagem)|ser descadastrad[oa]|oponho-me ao tratamento",
        r"parar de (me |nos )(enviar|escrever|contactar|contatar|mandar|ligar)|"
        r"esque[çc](am|a|e) (o )?(meu|nosso) (e-?mail|email|endereço|contato)",
        r"exclus[ãa]o dos (meus|nossos) dados|cessem o envio|(eliminem|apaguem|excluam) (os )?(meus|nossos) (dados|contatos|"
        r"e-?mails?)",
    ),
    # Languages the plays do not write in yet: the plainest requests only (no held-out set measures them).
    "sv": (r"sluta (mejla|maila|skicka|kontakta)|ta bort (mig|oss) från|avregistrera (mig|oss)",),
    "da": (r"fjern (mig|os) (venligst )?fra|ønsker ikke at blive kontaktet|afmeld (mig|os)|stop med at (skrive|maile|sende)",),
    "no": (r"ikke kontakt (meg|oss)|meld (meg|oss) av|slett (e-?postadressen|adressen) min|fjern (meg|oss) fra",),
    "pl": (r"usu(ń|nąć|ńcie) (mnie|nas)|wypisz(cie)? (mnie|nas)|(więcej )?do mnie nie pisać|nie (piszcie|wysyłajcie)",),
    "fi": (r"poistakaa minut|älkää (enää )?(ottako|lähettäkö)",),
    # Japanese, Chinese and Korean: the clear requests ("配信停止してください", "退订", "수신거부"), not a question
    # about how to stop ("配信停止の方法は？", "如何退订？", "수신거부는 어떻게 하나요?") nor a refusal
    # ("配信停止しないでください", "不要退订", "수신거부하지 마세요"), which words of opting out send to a person.
    "ja": (
        r"(?<!どうやって)(?<!どうすれば)(?<!どうしたら)(?<!どうやったら)(配信停止|配信解除|配信の?停止|配信を停止|配信の?解除|"
        r"配信を解除|メール(は|の配信は)?不要)(?!の?(方法|やり方|仕方|手続き)|するには|率|機能|ボタン|リンク|"
        r"(を|は)?(しないで|しません|しなく|やめないで|不要)|(は|が)?(でき|可能)[^。!?？\n]{0,10}[?？])",
        r"((メール|メッセージ|ご?連絡|ご?案内|営業)[^。!?？\n]{0,6}|(もう|今後|二度と)[^。!?？\n]{0,12})(送らないで|送信しないで|"
        r"送付しないで)|(ご?連絡|メール)(を|は)?(しないで|なさらないで)(ください|下さい)|(?<![\w])送らないでください",
    ),
    "zh": (
        r"(?<!不要)(?<!不)(?<!别)(?<!別)(?<!勿)(?<!不想)(?<!不用)(?<!无需)(?<!無需)(?<!如何)(?<!怎么)(?<!怎麼)(?<!怎样)"
        r"(?<!怎樣)(退订|退訂|取消订阅|取消訂閱)(?!率|的?(方法|方式|链接|鏈接|按钮|按鈕|功能|流程)|吗|嗎)"
        r"(?![^。!?？\n]{0,30}[?？])",
        r"(不要|别|別|请勿|請勿)再(发|發|寄|给我发|給我發|联系|聯繫|打扰|打擾)",
    ),
    "ko": (
        r"(?<!어떻게 )(?<!어떻게)(수신 ?거부|구독 ?취소|수신 ?거절)(?! ?(율|방법|링크|버튼|기능|절차)| ?(하지|안 ?하|말아|마세요|"
        r"마십시오))(?![^.!?？\n]{0,30}[?？])",
        r"(메일|이메일|연락)[^.!?？\n]{0,10}(보내지|하지) ?(마세요|마십시오|말아 ?주세요|마라)",
    ),
}

UNSUBSCRIBE_RE = CaselessAny([p for requests in (OPTOUT_REQUESTS, CONDITIONAL_REQUESTS) for phrases in requests.values()
                              for p in phrases] + [CALLS_THEN_EVERYTHING], re.M)

# A refusal of an opt-out is none: "Please don't remove me, I like the updates.", "No me den de baja, me interesa",
# "Löschen Sie mich nicht". Only the removal itself refused, as an order of its own: "don't email me again"
# and "I don't want any more emails, unsubscribe me" opt out, and "if you don't remove me, I'll report you"
# or "why don't you just remove me?" ask for it.
# The rest of the refused clause, up to a sign or a turn ("don't take it personally, but remove me" opts out).
# It ends too at a dash, a slash or a bracket, at "then" or "though", and at a removal asked for anew: "Don't delete
# my data - remove me", "don't remove me from the newsletter remove me from sales"; a removal refused with it
# ("don't delete or remove me", "ne me retirez pas ni ne me supprimez") is refused too.
_NOT_BEFORE = (r"(?<!\bor )(?<!\bnor )(?<!n't )(?<!not )(?<!dont )(?<!never )(?<!nicht )(?<!\bne )(?<!\bne me )"
               r"(?<!\bne nous )(?<!\bni )(?<!\bno )(?<!\bno me )(?<!\bno nos )(?<!\boder )(?<!\bnoch )")
_ASKED_ANEW = (rf"{_NOT_BEFORE}\b(remov|unsubscrib|unsub\b|opt\b|take (me|us)\b|get (me|us) off|delet|eras|drop\b|stop|"
               r"quit\b|cease|abmeld|austrag|lösch|entfern|streich|d[ée]sinscri|d[ée]sabonn|retir|supprim|enlev|effac|"
               r"(dar|d[ée]n|dad|d[ée])(me|nos)? de baja|borr|elimin|quit[ae]|saq)")
_REFUSED = (r"((?!\b(but|and|just|instead|rather|please|then|though|aber|sondern|pero|sino|mais|plutôt)\b|[^\S\n]-[^\S\n]|"
            rf"{_ASKED_ANEW})[^.!?;,:\n–—/(])*")


def _rest(n: int) -> str:
    """The rest of a refused clause, in a group of its own name (``rest<n>``): where it starts, an opt-out asked anew
    may still be found in it (:func:`set_aside_refusals`)."""
    return f"(?P<rest{n}>{_REFUSED})"


REFUSAL_RE = Caseless(
    r"(^|(?<=[.!?,;:])|(?<=[.!?,;:] )|(?<=\bplease )|(?<=\bbut )|(?<=\band )|(?<=\bso )|(?<=\boh )|(?<=\bno )|"
    r"(?<=\bpls )|(?<=\bkindly ))(please[^\S\n]+)?(do not|don'?t|dont|never)[^\S\n]+(ever[^\S\n]+)?"
    r"(unsubscribe|unsub|remove|delete|erase|drop|opt|take (me|us) (off|out))\b"
    rf"{_rest(1)}"
    r"|(i|we) (do not|don'?t|dont|never) want (you )?to (be )?(unsubscribed?|removed|taken off|deleted|opt(ed)? out)\b"
    rf"{_rest(2)}"
    rf"|(löschen|entfernen|streichen) sie (mich|uns|meine[nm]? [\w-]+)( bitte)? nicht\b(?! nur| erst| mehr| wieder){_rest(3)}"
    # "Tragen Sie mich nicht aus" refuses, "tragen Sie mich nicht (mehr) in Ihren Verteiler ein" opts out.
    r"|(tragen|melden) sie (mich|uns|meine[nm]? [\w-]+)( bitte)? nicht\b(?! nur| erst| mehr| wieder)"
    rf"(?![^.!?;,:\n]{{0,300}}\b(ein|an)\b){_rest(4)}"
    rf"|(mich|uns) (bitte )?nicht (abmelden|austragen|löschen|entfernen){_rest(5)}"
    rf"|ne pas (me |nous )?(d[ée]sabonner|d[ée]sinscrire|retirer|supprimer|enlever|rayer|effacer){_rest(6)}"
    rf"|ne (me |nous )?(d[ée]sabonnez|d[ée]sinscrivez|retirez|supprimez|enlevez|rayez|effacez) pas{_rest(7)}"
    r"|ne (veux|souhaite|voudrais|désire|desire)s? pas (me |nous )?(d[ée]sabonner|d[ée]sinscrire|(être|etre) "
    rf"(d[ée]sinscrit|d[ée]sabonn[ée]|retir[ée]|supprim[ée])\w*){_rest(8)}"
    rf"|no (me|nos) (den|des|d[ée]is|d[ée]) de baja{_rest(9)}"
    rf"|no (me |nos )?(borren|borre|eliminen|elimine|supriman|suprima|quiten|quite|saquen|saque)\b{_rest(10)}"
    rf"|no (quiero|queremos|deseo|deseamos) (dar(me|nos)|que (me|nos) (den|d[ée]n)) de baja{_rest(11)}"
    r"|\bnon ((cancellate|rimuovete|disiscrivete|togliete|eliminate)(mi|ci)|(mi|ci) (cancellate|rimuovete|disiscrivete|"
    r"togliete|eliminate))\b(?! (solo|soltanto|solamente|unicamente|più tardi|piu tardi|dopo|tra|fra|la prossima)\b)"
    rf"{_rest(16)}"
    r"|\b(não|nao) (me|nos) (descadastr|remov|retir|tir|exclu|apag)\w*\b(?! (só|so|apenas|somente|unicamente|mais tarde|"
    rf"depois|daqui)\b){_rest(17)}"
    r"|\b((meld|schrijf) (me|mij|ons) niet (af|uit)|verwijder (me|mij|ons) niet)\b(?! (alleen|slechts|enkel|pas|later|"
    rf"straks|morgen|volgende)\b){_rest(18)}"
    # Another sender asked to remove us, told of: "I asked HubSpot to remove me from their newsletter and it worked"
    # (not "I asked you to remove me from their list": ours).
    r"|\b(asked|told|requested) (?!(you|your|them|him|her|u|ya)\b)[\w.&'-]+( [\w.&'-]+)? to "
    rf"(remove|take|unsubscribe|drop) (me|us) (from|off) (their|its)\b{_rest(19)}"
    # Our mail asked to go on: "Please don't stop the emails", "No dejen de escribirme", "No paren los correos".
    r"|(^|(?<=[.!?,;:])|(?<=[.!?,;:] )|(?<=\bplease )|(?<=\bbut )|(?<=\band )|(?<=\bso )|(?<=\boh ))"
    rf"(please[^\S\n]+)?(do not|don'?t|dont)[^\S\n]+stop\b{_rest(12)}"
    r"|\bno (dej(en|e|es|éis|ad)|paren|pare|pares|paréis|parad|detengan|detenga) (de (escribir|enviar|contactar|mandar)|"
    rf"(los|sus|estos|esos|tus) )\w*{_rest(13)}"
    # A removal we made by mistake, told of: "You unsubscribed me by mistake, please add me back".
    r"|\b(you|they|someone|somebody|your (\w+ )?(team|system|tool))( must| might| may)?( have|'ve)? "
    r"(accidentally |mistakenly |wrongly )?(unsubscribed|removed|deleted|dropped) (me|us)\b"
    rf"(?=[^.!?;\n]{{0,300}}\b(by (mistake|accident)|in error|accidentally|mistakenly|wrongly|erroneously)\b){_rest(14)}"
    # Someone else's opt-out from a sender who stays: "Unsubscribe my colleague Bob, he left; I'm still interested"
    # (not "unsubscribe me and my colleague"): a person decides. Each look-ahead reads a window of its own (300 letters):
    # one to the end of the line read a long line again from each removal in it, quadratic in its length.
    r"|\b(unsubscribe|remove|(entfernen|löschen|streichen|tragen|melden|nehmen) sie( bitte)?) (my (colleague|co-?worker|assistant|boss|"
    r"manager|predecessor|teammate)|him|her|meine[nm]? (kolleg|mitarbeiter|chef|vorgänger)\w*)\b"
    r"(?![^.!?;\n]{0,300}(\b(and|&|as well as|plus|with|too|und|sowie) (me|us|myself|mich|uns)\b|\b(me|mich|uns) (too|auch)\b))"
    r"(?=[^\n]{0,300}\b((i'?m|i am|we'?re|we are|i remain|we remain) (still |very |definitely )*interested|"
    r"(i'?m|i am) (now |still )?(your|the) (new |main )?(point of )?contact\b|"
    r"(ich bin|wir sind) (\w+ )?(weiterhin|noch|nach wie vor) interessiert|"
    rf"(ich bin|wir sind) (jetzt |nun |ab sofort )?(ihr|euer|dein)e? (neuer? )?ansprechpartner)){_rest(15)}"
    # A request to stop calling that asks for email instead: "Please stop calling me, email is fine".
    rf"|({CALLS_NOT_MAIL}){_rest(20)}"
    # A removal asked of another list, told of: "I asked to be removed from the other list, but this one is fine".
    rf"|{OTHER_LIST}{_rest(21)}",
    re.M)

# A removal she denies asking for, or asks why we made: "I never asked you to remove me", "Why did you unsubscribe me?".
# A refusal too, read apart: as one more alternative of ``REFUSAL_RE`` it made every reply read a quarter slower.
DENIAL_RE = Caseless(rf"({DENIED_REQUEST}){_rest(22)}", re.M)


# The words without which no refusal is one (each alternative of ``REFUSAL_RE`` holds one of them as written, the
# removal told of as a mistake and the sender who stays interested included).
REFUSAL_WORDS = ("don't", "dont", "do not", "never", "nicht", "ne ", "no ", "non ", "não", "nao ", "niet", "mistake",
                 "accident", "in error", "wrongly", "erroneously", "interested", "interessiert", "contact",
                 "ansprechpartner", "asked", "told", "requested", *DENIAL_WORDS)
_REFUSAL_WORDS_RE = LazyPattern("|".join(map(re.escape, REFUSAL_WORDS)), re.I)
# A request to stop calling is set aside only where mail is welcome, so both kinds of word are in it.
_CALL_WORDS_RE = LazyPattern("|".join(map(re.escape, CALL_WORDS)), re.I)
_MAIL_WORDS_RE = LazyPattern("|".join(map(re.escape, MAIL_WORDS)), re.I)


def may_refuse(text: str) -> bool:
    """Whether ``text`` holds a word a refusal needs, looked for far faster than the refusal: most replies hold none,
    and the refusal need not be read in them."""
    if text.isascii():
        lowered = text.lower()
        return any(word in lowered for word in REFUSAL_WORDS) or (
            any(word in lowered for word in CALL_WORDS) and any(word in lowered for word in MAIL_WORDS))
    return bool(_REFUSAL_WORDS_RE.search(text) or (_CALL_WORDS_RE.search(text) and _MAIL_WORDS_RE.search(text)))


def holds_refusal(text: str) -> bool:
    """Whether ``text`` refuses an opt-out or denies asking for one."""
    return may_refuse(text) and (REFUSAL_RE.search(text) is not None or DENIAL_RE.search(text) is not None)


def _refusals(text: str) -> list[re.Match]:
    """The refusals and denials in ``text``, in order; of two that overlap, the first."""
    found = sorted([*REFUSAL_RE.finditer(text), *DENIAL_RE.finditer(text)], key=lambda m: (m.start(), -m.end()))
    kept: list[re.Match] = []
    for refusal in found:
        if not kept or refusal.start() >= kept[-1].end():
            kept.append(refusal)
    return kept


@lru_cache(maxsize=8)
def set_aside_refusals(text: str) -> str:
    """The text with each of its refusals of an opt-out put aside (one blank in its place): what is left is read
    for one. Only what is left is read, not where: each refused clause is read once, in order.
    The opt-out rule and the reading of a data request each ask it of what she wrote: the answers are kept for the
    few texts last asked."""
    refusals = _refusals(text) if may_refuse(text) else []
    if not refusals:
        return text
    ahead = _Ahead(text)
    kept, end = [], 0
    for refusal in refusals:
        kept.append(text[end:refusal.start()])
        end = _asked_anew(ahead, refusal)
        if end == refusal.end() and (kept_on := _kept_on(text, refusal)) is not None:
            kept.append(kept_on[0])
            end = kept_on[1]
    kept.append(text[end:])
    return " ".join(kept)


# A refusal limited to one list ("don't remove me from the newsletter") and the removal asked from another right
# after it (", just from this sequence"): the refused verb carries over to it ("remove me" + "from this sequence").
_REFUSED_VERB = LazyPattern(r"(please[^\S\n]+)?(do not|don'?t|dont|never|no)[^\S\n]+(ever[^\S\n]+)?", re.I)
_LIMITED = LazyPattern(r"\b(from|off|out of|del|de|des|du)\b", re.I)
_TAKEN_OFF = LazyPattern(r"[^\S\n]+(off|out)\Z", re.I)
_ONLY_FROM = LazyPattern(r"[^\S\n]*[,;:.]?[^\S\n]*((but|and|pero|sino)[^\S\n]+)?(just|only|but|solo|sólo|"
                         r"solamente|únicamente)[^\S\n]+(?=(from|off|out of|del|de)\b)", re.I)


def _kept_on(text: str, refusal: re.Match) -> tuple[str, int] | None:
    """The refused verb without its negation and where the list it is asked from anew starts, when the refusal names
    one list and "just/only from" another follows ("Don't remove me from the newsletter, only from the sales list.")."""
    negation = _REFUSED_VERB.match(text, refusal.start(), refusal.end())
    rest = min(refusal.start(g) for g, v in refusal.groupdict().items() if v is not None)
    only = _ONLY_FROM.match(text, refusal.end())
    if negation is None or only is None:
        return None
    limit = _LIMITED.search(text, rest, refusal.end())
    verb_end = limit.start() if limit is not None else refusal.end()
    if limit is None:
        taken_off = _TAKEN_OFF.search(text, negation.end(), rest)
        if taken_off is None:
            return None
        verb_end = taken_off.start()
    return text[negation.end():verb_end].rstrip(), only.end()


# What refuses an opt-out found in a refused clause along with the first ("don't remove me or stop the emails").
_REFUSED_TOO = LazyPattern(r"(\b(or|nor|oder|noch|ni|o|ne|no|not|never|nicht|dont)|n't)[^\S\n]+\Z", re.I)
_LONGEST_REFUSED_TOO = 5  # letters of its longest word ("never", "nicht")


class _Ahead:
    """The next match of each opt-out phrase from a place on, kept for the refused clauses read in order: each
    phrase reads the text about once, however many refusals it holds (searched anew for each, "don't remove, "
    two thousand times over read it two thousand times)."""

    def __init__(self, text: str):
        self.text, self.lowered = text, text.lower() if text.isascii() else None
        self.known: dict[int, tuple[int, re.Match | None]] = {}

    def next_match(self, index: int, pos: int) -> re.Match | None:
        """The first match of phrase ``index`` of the rule that starts at ``pos`` or after."""
        known = self.known.get(index)
        if known is not None and known[0] <= pos and (known[1] is None or pos <= known[1].start()):
            return known[1]
        phrase = UNSUBSCRIBE_RE.patterns[index]
        found = (phrase.lowered.search(self.lowered, pos) if self.lowered is not None
                 else phrase.caseless.search(self.text, pos))
        self.known[index] = (pos, found)
        return found


def _refused_too(text: str, start: int) -> bool:
    """Whether the opt-out at ``start`` is refused along with the first: only the words right before it are read."""
    blank = start
    while blank and text[blank - 1] != "\n" and text[blank - 1].isspace():
        blank -= 1
    return blank < start and bool(_REFUSED_TOO.search(text, max(0, blank - _LONGEST_REFUSED_TOO), start))


def _asked_anew(ahead: _Ahead, refusal: re.Match) -> int:
    """Where the refused clause ends: at an opt-out that follows the refusal with no sign between ("don't delete my
    data leave me alone", "Löschen Sie mich nicht aus dem Kundenkonto schreiben Sie mir nicht mehr")."""
    rest = min(refusal.start(g) for g, v in refusal.groupdict().items() if v is not None)
    starts = []
    for index in range(len(UNSUBSCRIBE_RE.patterns)):
        pos = rest
        while (m := ahead.next_match(index, pos)) is not None and m.start() < refusal.end():
            if m.start() > rest and not _refused_too(ahead.text, m.start()):
                starts.append(m.start())
                break
            pos = max(m.end(), m.start() + 1)
    return min(starts, default=refusal.end())

# The words of opting out, which need not be a request ("unsubscribe rates", "we want to stop
# sending reports by hand", "taux de désabonnement"): outside an opt-out they send the reply to a person.
OPTOUT_WORDS_RE = Caseless(
    r"\bunsubscrib|opt(ed)?[- ]?out|remove me|take me off|stop (e-?mailing|emailing|sending|contacting|writing)|"
    r"do not (e-?mail|contact|write to) me|don'?t (e-?mail|contact|write to) me|no more e-?mails|"
    r"(remove|delete) my (e-?mail|address|contact|data)|(remove|delete) this (address|contact|data)|off your (mailing )?list|"
    r"do[- ]not[- ]contact|leave (me|us) alone|\bcease\b|\bgdpr\b|right to be forgotten|\berasure\b|"
    r"(how|where) did you get my (e-?mail|email|address|details|data|number|contact)|"
    r"\babmelde|tragen sie mich|verteiler aus|aus (dem|ihrem|diesem) verteiler|plus recevoir|\bausgetragen\b|\baustragen\b|"
    r"(entfernen|löschen) sie (mich|meine)|melden sie [^.!?\n]{0,40}\bab\b|keine (weiteren )?(e-?mails|nachrichten|mails)|"
    r"nicht mehr (an)?schreiben|nicht mehr kontaktieren|\bdsgvo\b|"
    r"d[ée]sabonn|d[ée]sinscri|retirez[- ]moi|supprimez[- ]moi|ne plus (me )?(recevoir|contacter|écrire|ecrire)|"
    r"ne me (contactez|écrivez|ecrivez) plus|\brgpd\b|"
    r"dar(me)? de baja|b[óo]rr(e|a|en)me|elim[ií]n(e|a|en)me|no me (escriba|escribas|contacte|contactes|env[ií]e)|"
    rf"dejen? de (escribir|enviar|contactar)|sacarme de{_NO_DOUBT_ES}|qu[ií]t(e|a|en)me de{_NO_DOUBT_ES}|"
    r"disiscri|cancellatemi|cancellami|rimuovetemi|più ricevere|uitschrijv|afmeld|niet meer ontvangen|descadastr|"
    r"removam-me|remova-me|não (quero|desejo) (mais )?receber|\blgpd\b|"
    r"配信停止|配信解除|配信の?停止|メール不要|送らないで|退订|退訂|取消订阅|取消訂閱|不要再发|수신 ?거부|구독 ?취소")
