"""A request to stop calling, or writing on another channel, that asks for email instead: "Please stop calling me, email
is fine", "Stop calling me and email instead", "Delete my number, I prefer email", "Wilt u mij niet meer bellen? Mailen
is prima", "Dejen de llamarme, por correo está bien", "Stop messaging me on LinkedIn, email is fine", "Ne m'écrivez
plus sur LinkedIn, l'email me convient".

She asks for our mail, not for less of it: no opt-out, though its "stop calling me" reads as one alone.
``optout_requests`` sets it aside as it does a refusal, and its words of opting out send the reply to a person,
who reads which it is. "Stop calling me" with no mail asked for, or "stop calling and emailing me", stays an opt-out.
"""

from __future__ import annotations

from .whole_stops import WHOLE_STOPS

# A channel that is not our mail: a network's messages, texts, a chat.
_CHANNEL = r"(linkedin|xing|whatsapp|slack|teams|sms|text|signal|telegram|instagram|twitter|facebook|messenger)"
# The request to stop calling, or writing on such a channel, in each language the rules read.
_STOP_CALLING = (
    rf"\b(stop|quit|no more|don'?t|do not|never) (messaging|message|texting|text|pinging|ping|dm'?ing|dm|contacting|"
    rf"contact|writing( to)?|reaching out to|inmailing)( me| us)? (on|via|over|through|by) {_CHANNEL}\b|"
    r"\b(stop|quit|don'?t|do not|never) (texting|text)( me| us)?\b|\bno more (texts|text messages|dms|inmails)\b|"
    rf"\b(schreiben|kontaktieren) sie (mir|mich|uns) (bitte )?nicht mehr (auf|über|per|via) {_CHANNEL}\b|"
    rf"\bne (m'|nous )(écrivez|ecrivez|contactez) plus (sur|par|via) {_CHANNEL}\b|"
    rf"\b(arrêtez|cessez) de (m'|nous )(écrire|ecrire|contacter) (sur|par|via) {_CHANNEL}\b|"
    rf"\bno (me|nos) (escriban|escriba|contacten|contacte)( más)? (por|en|vía|via) {_CHANNEL}\b|"
    rf"\bdej(en|e|a|ad) de (escribir|contactar)(me|nos) (por|en|vía|via) {_CHANNEL}\b|"

    r"\b(stop|quit|cease|no more|don'?t|do not|never) (calling|call|phoning|phone|ringing|ring)( me| us)?\b|"
    r"\b(remove|delete|erase|drop|lose) (my|our) (phone |mobile |cell |telephone )?numbers?\b|"
    r"\bno (more )?(phone )?calls\b|"
    r"\bniet (meer|langer) ((\w+ ){0,2})?(bellen|opbellen|te bellen)\b|\bbel (mij|me|ons) (\w+ )?niet( meer)?\b|"
    r"\bstop (maar )?met (bellen|opbellen)\b|\bgeen (telefoontjes|belletjes) meer\b|"
    r"\b(rufen|ruf) sie (mich|uns) (bitte )?nicht mehr an\b|\bnicht mehr (\w+ )?(anrufen|anzurufen)\b|"
    r"\bhören sie auf,? (mich|uns) anzurufen\b|\bkeine (telefon)?anrufe (mehr)?\b|"
    r"\bne (plus|pas) (m'|nous )appeler\b|\bne (m'|nous )appelez (plus|pas)\b|"
    r"\b(arrêtez|cessez) de (m'|nous )appeler\b|"
    r"\bplus d'appels\b|"
    r"\b(dej(en|e|a|ad)|paren|pare) de llamar(me|nos)?\b|"
    r"\bno (me|nos) (llam(en|e|es|éis)|sig(an|a) llamando)( más)?\b|"
    r"\bdejar de llamar(me|nos)\b|\bno volver a llamar(me|nos)\b|"
    r"\b(parem|pare|para|parar) de (me |nos )?ligar\b|\bnão (me|nos) lig(uem|ue)( mais)?\b|"
    r"\bnon (mi|ci) (chiamate|chiami|telefonate) più\b|\bsmettete(la)? di chiamar(mi|ci)\b|"
    r"\bnon chiamate(mi|ci) più\b"
)
# Our mail asked for or welcome: "email is fine", "email me instead", "mailen is prima", "por correo está bien".
_MAIL_WELCOME = (
    r"(?<!\bno )(?<!\bnot )(?<!\bdon't )(?<!\bdont )(?<!\bdo not )(?<!\bnever )"
    r"\b((e-?mail|email|mail)( me| us)?( is| works| would be)?( just| totally| perfectly)? "
    r"(fine|ok|okay|great|good|better|best|preferred)|(e-?mail|email|mail|write to|write|message) (me |us )?instead|"
    r"(just|only) (e-?mail|email|write to) (me|us)|(prefer|rather have|rather get) (e-?mails?|emails?|an e-?mail|"
    r"an email|mail)|by (e-?mail|email) (is|only|instead|please)|send (me |us )?an? (e-?mail|email) instead)\b|"
    r"\b((e-?)?mailen|(e-?)?mail) is (prima|goed|ok|beter|fijn|geen probleem)\b|"
    r"\b(e-?)?mail (mij|me|ons) (liever|gerust|maar)\b|\bliever (per )?(e-?)?mail(en)?\b|\b(e-?)?mail liever\b|"
    r"\bmag (wel )?(e-?)?mailen\b|"
    r"\be-?mails? (ist|sind) (ok|okay|in ordnung|gut|prima|willkommen|besser)\b|"
    r"\b(lieber|gerne|nur) (per|eine) e-?mail\b|"
    r"\bschreiben sie (mir|uns) (lieber|gerne|einfach)\b|"
    r"\b(l'|un )?e-?mail (me |nous )?(convient|va|est (parfait|très bien|bien|préférable))\b|"
    r"\b(écrivez|écris)-(moi|nous)\b|\b(plutôt|de préférence|uniquement) par (e-?mail|mail|courriel)\b|"
    r"\bpor (correo|e-?mail|email|mail)( electr[oó]nico)? (est[aá] bien|mejor|s[ií]|por favor|es mejor)\b|"
    r"\b(el )?(correo|e-?mail|email) (est[aá] bien|me va bien|es mejor)\b|\bescr[ií]b(anme|ame|eme|idme)\b|"
    r"\bprefiero (el )?(correo|e-?mail|email)\b|"
    r"\bpor e-?mail (está|é) (ótimo|bem|melhor|ok)\b|\b(o )?e-?mail (está|é) (ótimo|bem|melhor|ok)\b|"
    r"\bprefiro (o )?e-?mail\b|\b(escrevam|mandem|enviem)(-me)? (um )?e-?mail\b|"
    r"\b(l'|la )?e-?mail va (bene|benissimo)\b|\b(scrivetemi|scrivimi) (pure )?(per|via) e-?mail\b|"
    r"\bper e-?mail (va bene|è meglio)\b|\bpreferisco (l'|la )?e-?mail\b"
)
# What lies between the two: at most a sentence, and no word of mail, which would make it a request to stop the
# mail too ("Stop calling and emailing me. Email is fine though.").
_GAP = r"((?!e-?mail|mail|correo|courriel|escrib|écri|schreib)[^\n]){0,60}?"
# Mail welcome only as mail that goes on: "I'd rather have emails stop too" asks for none, nor does one she takes
# back further on ("email is fine if you must, but I'd rather you stopped altogether": ``whole_stops``).
_NOT_STOPPED = rf"(?!,? (to )?(stop|cease|end|halt))(?![\s\S]{{0,300}}?({WHOLE_STOPS}))"
# Each in a clause of hers, the mail asked for at most a sentence away: "Please stop calling me. Email works
# better for me.", "Email is fine, but stop calling me."
CALLS_NOT_MAIL = (rf"({_STOP_CALLING}){_GAP}({_MAIL_WELCOME}){_NOT_STOPPED}|({_MAIL_WELCOME}){_NOT_STOPPED}{_GAP}"
                  rf"({_STOP_CALLING})")
# A request to stop calling and, further on, to stop everything: "Smettete di chiamarmi, l'email va bene. Anzi,
# smettete del tutto." asks for no mail at all, in a language whose request to stop calling alone is none.
CALLS_THEN_EVERYTHING = rf"({_STOP_CALLING})[\s\S]{{0,300}}?({WHOLE_STOPS})"
# The words without which a request to stop calling is none, one of them in each of its forms as written.
CALL_WORDS = ("call", "phon", "ring", "number", "bell", "ruf", "appel", "llam", "lig", "chiam", "telefo", "linkedin", "xing",
              "whatsapp", "slack", "teams", "sms", "text", "signal", "telegram", "instagram", "twitter", "facebook",
              "messenger", "dm", "inmail")
# The words without which no mail is welcome, one of them in each of its forms as written.
MAIL_WORDS = ("mail", "writ", "messag", "correo", "courriel", "escr", "écri", "schreib")
