"""Short and polite opt-outs and erasure requests in English, German, French and Spanish are recorded
with nobody to decide them (an erasure goes to a person too, who answers it within the month); questions
about what the product can do, and other near-misses, are neither. Written for this rule; none comes
from an evaluation set."""

import re

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.data_requests import is_data_request
from sdr_assets.triage.optout_requests import OPTOUT_REQUESTS, REFUSAL_RE

from .decisions import load_baseline
from .helpers import make_message, top_alternatives

SIGNATURE = "\n\n--\nPat Doe\nHead of Operations, Customer GmbH\n+49 30 1234567"
QUOTE = ("\n\nOn Mon, 3 Jun 2024 at 09:00, Alex <alex@sdr.example> wrote:\n> Hi Pat, can we delete the busywork\n"
         "> from your outbound? Our tool can unsubscribe and delete data for you.\n")

# Opt-outs that ask nothing of her data: recorded, nobody reads them.
OPT_OUTS = [
    "Abmelden bitte.", "Abmelden, danke.", "Bitte abmelden!", "Austragen bitte.", "Bitte austragen, danke.",
    "Abbestellen bitte.", "Abmelden bitte." + SIGNATURE, "Austragen bitte." + QUOTE,
    "Désabonner svp.", "Désinscription svp.", "Désabonnement, merci.", "Se désabonner.", "Désinscrire svp !",
    "Merci de désabonner.", "Désabonnement s'il vous plaît." + SIGNATURE, "Désinscription." + QUOTE,
    "Baja, por favor.", "Baja.", "Dadme de baja.", "Dénme de baja, gracias.", "Denme de baja por favor.",
    "Por favor, baja.", "De baja, gracias.", "Dadnos de baja." + SIGNATURE, "Baja por favor." + QUOTE,
    "Not interested, so you can drop me.",
    "Strike me off", "Favor de no volver a contactarme.", "Kein Bedarf, bitte abmelden",
    "Delete my number.", "Delete my phone number.", "Please delete my number, thanks.", "Remove my number.",
    "Delete my mobile number from your list.", "Erase my number.", "Delete my email.",
    "Delete my email address please.", "Remove my contact from your lists.", "Delete our numbers.",
    "Delete my number." + SIGNATURE, "Delete my number." + QUOTE, "Please remove my phone number now.",
    "Bitte vom Newsletter abmelden.", "Abmelden.", "Baja, gracias.", "Delete my cell number.",
    "Please delete my email from your list.", "Hallo,\n\nAbmelden bitte.", "Hola Alex,\n\nBaja, gracias.",
    "Thanks for the note. Delete my number.", "Not for us, so delete my number.",
    "Abmelden bitte, danke und Gruß", "Baja, gracias. Saludos, Pat", "Désinscription. Cordialement, Pat",
    "Mich bitte vom Newsletter abmelden.",
    # Our mail named by what it is: sales, marketing, cold, outreach.
    "Stop the sales emails.", "Stop your marketing emails.", "Stop these cold emails.", "Stop all outreach messages.",
    "Please stop the marketing mails.", "Stop sending me sales emails.", "Stop your marketing emails, we are not interested.",
    "Hören Sie auf mit den Verkaufsmails", "Hören Sie mit den Werbemails auf.", "Schluss mit den Marketing-Mails.",
    "Arrêtez les mails commerciaux", "Merci d'arrêter vos e-mails de prospection.", "Arrêtez vos mails.",
    "Dejen de enviarme correos comerciales", "Paren los correos de marketing, por favor.",    # Alone on a line, as the line-anchored phrases read them.
    "Forget me.", "Afmelden.", "Uitschrijven!",
    # "(Bitte) abmelden" alone on any line, not only the first, as it was always read.
    "Hallo,\n\nich habe kein Interesse.\nBitte abmelden.\n\nGruß\nMax", "Kein Bedarf.\nAustragen.",
    "Danke, kein Interesse\nabmelden", "Guten Abend\n\nAbmelden",
    "Sehr geehrte Damen und Herren, sehr geehrter Herr Schmidt,\n\nbitte abmelden.",
]
# Requests to erase her data: an opt-out, and a request a person answers.
ERASURES = [
    "Bitte unsere Daten löschen.", "Bitte unsere Daten sofort löschen!", "Unsere Daten bitte löschen.",
    "Löschen Sie bitte unsere Daten.", "Löschen Sie bitte unsere Daten, danke.", "Löschen Sie unsere Daten!",
    "Bitte alle unsere Kontaktdaten löschen.", "Wir bitten um Löschung unserer Daten.",
    "Wir bitten um die Löschung unserer Daten.", "Ich bitte um Löschung meiner Daten.",
    "Wir verlangen die sofortige Löschung unserer Daten.", "Ich ersuche um Löschung meiner Kontaktdaten.",
    "Bitte unsere Daten löschen." + SIGNATURE, "Löschen Sie bitte unsere Daten." + QUOTE,
    "Delete my contact details.", "Please delete my personal data.", "Please delete our data.",
    "Supprimez mes données, merci.", "Borren mis datos, por favor.", "Ich bitte Sie, unsere Daten zu löschen.",
    "Wir möchten, dass Sie unsere Daten löschen.", "Bitte löschen Sie unsere Daten aus Ihrem System.",
    "Borren nuestros datos, por favor.", "Eliminen nuestros datos.", "Veuillez supprimer nos données.",
    # Her own data, with a question about the product after it: in doubt, an erasure.
    "Borren mis datos, ¿lo permite su herramienta?", "Delete my data, can your tool do that?",
    # What a product can do, said before her own erasure, asks nothing of it.
    "Votre outil peut aller au diable, supprimez mes données.", "Su herramienta puede esperar: borren mis datos.",
    "Unser System kann Ihre Mails nicht filtern, also löschen Sie bitte meine personenbezogenen Daten.",
    "Ihr Tool kann uns nicht helfen, löschen Sie meine Daten.",
    # "Our personal data" is hers, not the company's.
    "Delete our personal data, can your tool do that?", "Unsere persönlichen Daten löschen, kann Ihr Tool das?",
    "Supprimez nos données personnelles, votre outil le permet-il ?",
    "Löschen Sie unsere personenbezogenen Daten, geht das mit Ihrem Tool?",
    "Ich möchte, dass Sie unsere Daten löschen.", "Wir möchten, dass Sie unsere Daten löschen, danke.",
    "Por favor borren nuestros datos inmediatamente.", "Eliminen nuestros datos de inmediato.",
    "Bitte unsere Daten löschen, wir haben kein Interesse.",
    # Ordered in a clause of its own, whatever question follows.
    "Please delete all our data now, can your product do that?", "Kindly delete our data, can your tool do that?",
]
# Near-misses: about deleting or leaving as what the product does, keeping her subscription, or a sales objection.
NEAR_MISSES = [
    "Delete our data, can your tool do that?", "Votre outil peut-il supprimer nos données ?",
    "Delete our data - is that possible with your platform?", "Supprimez nos données, votre outil le permet-il ?",
"Can your software delete our data automatically?",
    "Can I delete my number from the app?", "Can we delete my phone number in the CRM ourselves?",
    "Does your tool delete my number when a lead unsubscribes?", "How do users unsubscribe in your tool?",
    "Bitte melden Sie mich nicht ab, ich lese das gern.", "Kann Ihr Tool unsere Daten löschen?",
    "Kann Ihre Software Abmeldungen automatisch verarbeiten?", "Können wir unsere Daten selbst löschen?",
    "Unsere Kundendaten löschen, geht das?", "Wie funktioniert das Abmelden bei Ihnen?",
    "Wie viele Abmeldungen haben Ihre Kunden im Schnitt?", "Ne me désabonnez pas, merci.",
    "Comment se désabonner fonctionne dans votre outil ?", "Votre logiciel permet-il la désinscription en un clic ?",
    "Quel est votre taux de désabonnement ?", "Pouvons-nous supprimer nos données nous-mêmes ?",
    "¿Cómo se dan de baja los contactos en su plataforma?", "¿Su herramienta permite borrar datos?",
    "La tasa de baja es muy alta en nuestro sector.", "¿Podemos borrar nuestros datos al final de la prueba?", "Too expensive for us right now.",
    "We already have a tool that deletes old contacts.", "Our CRM handles unsubscribes already, no need.",
    "What is your unsubscribe rate on cold outreach?", "Can you show me how opt-outs are handled?",
    "Unsubscribe rates are our main worry.", "Baja prioridad por ahora, hablemos en Q3.",
    "Abmeldequote ist bei uns kein Thema.", "Delete the old deck, I'll send a new one.",
    "Please delete my previous email, it had a typo.", "Send me the pricing, then we can talk.",
    "Nicht jetzt, vielleicht im Herbst.", "Pas le budget cette année.", "Can your platform erase data on request?",
    "Bitte löschen Sie den alten Termin, wir finden einen neuen.", "Supprimez le rendez-vous de jeudi, merci.",
    "Borre la reunión del martes, por favor.", "Is deleting a number from a sequence possible in your app?",
    "Delete our records, can your platform handle that?", "Baja?", "Désinscription ?", "¿Borran nuestros datos al cancelar?", "Wie kann ich mich vom Newsletter abmelden?",
    # Her number deleted by her, or not as an order.
    "I never asked you to delete my number.", "I will delete my number from the website.",
    "Note: we had to remove my number from the old signature.",
    # A short form on a later line (a signature, a ticket's status) is no request.
    "Me interesa, hablemos el jueves.\n\nPat\nEstado del ticket:\nBaja",
    "Klingt gut, rufen Sie mich am Montag an.\n\nPat\nVom Newsletter abmelden",
    "Ça m'intéresse, appelez-moi lundi.\n\nPat\nSe désabonner",
    "Me interesa, hablemos el jueves.\n\nPat\nDarse de baja",
    "Unsere Daten löschen, geht das?", "Baja? Gracias", "Désinscription ? Cordialement, Pat",
    # Stopping mail as a product does it, or mail to others.
    "Can your tool stop the marketing emails from landing in spam?", "We want to stop the cold emails our reps send by hand.",
    "Comment arrêter les mails commerciaux dans Outlook ?", "Stoppen Sie die Testmails an unser Team.",
    "Tenemos presupuesto para los correos de marketing.",
    # Junk another sends, and a removal from what is not our mail.
    "We should stop sending our customers this crap, honestly.", "Remove the old deck and me from the thread.",
    # The word quoted, not asked for.
    "The button says: Unsubscribe.", "Thanks. Unsubscribe link is broken.",
]
# Refusals of an opt-out: no opt-out and no data request, and a person reads them as what they are.
NEGATED = ["Don't unsubscribe me, I still want the newsletter.", "Please don't remove me, I like the updates.",
           "No me den de baja, me interesa.", "Please don't delete my number, I still want calls.",
           "Please don't delete my number", "Please don't delete my data, we still need the account.",
           "Merci de ne pas me désabonner.", "Ne me désabonnez pas, merci.", "Löschen Sie mich nicht, ich lese gern mit.",
           "No quiero darme de baja, me interesa.", "I don't want to be removed, I like the updates.",
           "Je ne veux pas être désinscrit.", "Tragen Sie mich nicht aus, ich lese gern mit.",
           "Melden Sie mich bitte nicht vom Newsletter ab, ich lese ihn gern.",
           # Two removals refused together.
           "Please don't delete my data or remove me from the list, we still need the account.",
           "Don't unsubscribe me or take me off the list, I read every issue.",
           "Ne me désabonnez pas ni ne me retirez de la liste, merci.",
           "Don't remove me from the newsletter and don't delete my data.",
           "Don't unsubscribe me.", "Please do not remove me from your list.", "No me den de baja, por favor.",
           "Don't remove my colleague and me from your list, we like the updates.",
           # A removal from one list refused, and "just from" a thread that is not our mail.
           "Don't remove me from the newsletter, just from this thread."]
# No request to stop, for all the words of one: our mail asked to go on, a removal we made by mistake, someone
# else's opt-out from a sender who stays interested. A person reads each.
NOT_STOPPING = [
    "Please don't stop the emails, they are useful.", "Don't stop emailing me.", "Don't stop the emails.",
    "No dejen de escribirme.", "No paren los correos, son útiles.", "No dejen de enviarme correos, por favor.",
    "You unsubscribed me by mistake, please add me back.", "Someone removed us by mistake, please add us back.",
    "Sie haben mich versehentlich abgemeldet, bitte tragen Sie mich wieder ein.",
    "Tragen Sie mich bitte wieder in Ihren Verteiler ein.",
    "Unsubscribe my colleague Bob, he left; I'm still interested.",
    "Remove my colleague Bob from the list, he left. I am still interested.",
    "Entfernen Sie meinen Kollegen Bob, er hat uns verlassen; ich bin weiterhin interessiert.",
    "Melden Sie meinen Kollegen Bob ab, er ist nicht mehr bei uns; ich bin weiterhin interessiert.",
    "N'arrêtez pas les e-mails, ils sont utiles.", "Hören Sie nicht auf, mir zu schreiben.",
    "Vous m'avez désabonné par erreur, merci de me réinscrire.", "Me dieron de baja por error, vuelvan a darme de alta.",
    "Désabonnez mon collègue Bob, il est parti ; je reste intéressé.",
]
# Opt-outs close to them: suppressed still.
STOPPING = [
    "Stop emailing me.", "I want out.", "Ich melde mich ab.", "Don't email me again.", "Please stop, and don't add me back.", "Unsubscribe me and my colleague Bob.",
    "Don't add me back.", "Stop the emails.", "Dejen de escribirme.", "Paren los correos.", "Tragen Sie mich aus.",
    "Tragen Sie mich nicht wieder ein.", "Bitte aufhören und tragen Sie mich nicht wieder ein.",
    "Unsubscribe my colleague Bob and me, I'm still interested.", "Please unsubscribe my colleague, she does not want these emails.",
    "Entfernen Sie meinen Kollegen und mich, ich bin weiterhin interessiert.",
    "You unsubscribed me by mistake? No, stop emailing me.",
    # Our mail called junk is our mail; her removal asked with another's is hers.
    "stop sending me this crap", "Stop sending me this crap.", "Stop sending this garbage.",
    "Quit emailing us your bloody spam.", "Stop sending me this fucking shit!", "Please stop sending us your rubbish.",
    "Can you stop sending me this crap?", "Please remove my colleague and me from your list.",
    "Remove Ann and me from your mailing list.", "Take my colleague and myself off your list.",
    "Please remove both of us from your database.", "Delete Bob Smith & me from your CRM.",
    "Unsubscribe my colleague Bob, he left. I'm still interested, but stop emailing me.",
    "Don't stop at the newsletter, unsubscribe me from everything.",
]


# Opt-outs with a negation inside them, or a refusal next to one: opt-outs still.
NEGATED_OPT_OUTS = [
    "I don't want any more emails, unsubscribe me.", "Don't email me again.", "No more emails please.",
    "Bitte keine E-Mails mehr.", "Ne m'écrivez plus.", "Do not contact me again.", "Don't contact us anymore.",
    "Please don't email me again.", "Never email me again.", "Don't write to me again, remove me from your list.",
    "I do not wish to receive these emails.", "We don't want any more sales emails.", "Don't send me any more emails.",
    "Please do not send further emails.", "I'm not interested, please unsubscribe me.",
    "Not interested. Remove me from your list.", "No thanks, take me off your list.",
    "Don't bother replying, just remove me.", "Why don't you just remove me from your list?",
    "If you don't remove me from your list I will report you.", "Don't make me ask again: unsubscribe me.",
    "Don't follow up.", "Never contact us again.", "I no longer wish to be contacted.",
    "Schreiben Sie mir nicht mehr.", "Kontaktieren Sie mich bitte nicht mehr.", "Keine Werbung mehr, bitte.",
    "Ich möchte nicht mehr kontaktiert werden.", "Ne me contactez plus.", "Je ne souhaite plus recevoir vos e-mails.",
    "Merci de ne plus me contacter.", "Ne plus m'écrire svp.", "No me escriban más.", "No me contacten más, por favor.",
    "No deseo recibir más correos.", "No me vuelvan a escribir.", "Non scrivetemi più.",
    "Non voglio più ricevere queste email.", "Stuur me geen mails meer.", "Não me enviem mais e-mails.",
    "Not now, not ever: stop emailing me.", "I never signed up, unsubscribe me.",
    "I never asked for this, remove me from your list.",
    "Don't unsubscribe me from the newsletter, but stop emailing me.",
    "Entfernen Sie mich nicht nur aus dem Newsletter, sondern aus Ihrem Verteiler.",
    "Löschen Sie mich nicht erst nächste Woche, sondern sofort aus Ihrem Verteiler.",
    "Don't take offense: unsubscribe me.", "Don't take it personally but remove me from your list.",
    "Don't delete my email just yet, remove me from the sequence instead.", "Don't remove me and stop emailing me please",
    "Don't remove me from the newsletter but stop the sales emails.",
    "Please don't unsubscribe me from the webinar list, but stop these sales emails.",
    # The refused clause ends at a dash, a slash, a bracket, "then", or a removal asked anew.
    "Don't delete my data - remove me from your list", "Don't opt me out of billing - stop emailing me",
    "Don't remove my colleague / remove me from your list", "Don't delete this thread (remove me from your list though)",
    "Please do not delete my data then unsubscribe me", "Dont remove me from the newsletter remove me from sales",
    "Don't unsubscribe me from updates unsubscribe me from sales",
    "Do not delete my account remove me from your mailing list",
    # "Nicht mehr ... ein" asks to be left out; "melden Sie mich vom Newsletter ab" opts out.
    "Tragen Sie mich nicht mehr in Ihren Verteiler ein.", "Tragen Sie mich nicht in Ihren Verteiler ein.",
    "Löschen Sie mich nicht aus dem Kundenkonto, sondern melden Sie mich vom Newsletter ab.",
    "Don't opt me out of the product updates, just stop the sales emails",
    # A removal refused from one list and asked from another: the refused verb carries over.
    "Not interested; don't remove me from the customer list, just from this sequence.",
    "Don't remove me from the newsletter, only from the sales list.",
    "Don't remove me from the newsletter, just from this sequence.",
    "Don't unsubscribe me from the newsletter, just from these sales emails.",
    "No me den de baja del boletín, solo de estos correos de ventas.",
    "Don't take me off the customer list, only off this one. Unsubscribe.",
    "Don't unsubscribe me from everything, just from this: unsubscribe.",
    # "Unsubscribe" as a clause of its own, after a refusal or not.
    "Don't remove me from other lists, just this one: unsubscribe.",
    "Don't remove me from other lists. Just this one: unsubscribe.",
    "Don't remove me from the newsletter, thanks. Unsubscribe.",
    "OK, thanks. Unsubscribe.", "Fine, just this one: unsubscribe.", "Thanks, unsubscribe.",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_a_short_or_polite_opt_out_is_recorded_with_nobody_to_decide_it(text):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", False, False)


@pytest.mark.parametrize("text", ERASURES)
def test_an_erasure_request_is_an_opt_out_and_goes_to_a_person(text):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_is_neither_an_opt_out_nor_a_data_request(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe" and not result.data_request
    assert not is_data_request(text)


@pytest.mark.parametrize("text", NEGATED + NOT_STOPPING)
def test_a_refused_or_no_stop_is_no_opt_out_and_goes_to_a_person(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe" and result.needs_review and not result.data_request


@pytest.mark.parametrize("text", NEGATED_OPT_OUTS + STOPPING)
def test_an_opt_out_with_a_negation_inside_or_close_to_a_no_stop_is_still_one(text):
    assert classify_message(make_message(text)).label == "unsubscribe"


def _line_anchors(alternative: str) -> set[str]:
    """The line anchors (``^``, ``$``) an alternative holds outside its character classes."""
    outside = re.sub(r"\\.|\[\^?(\\.|[^\]\\])*\]", "", alternative)
    return set(outside) & {"^", "$"}


LINE_ANCHORED = [(alt, anchors) for phrase in [p for ps in OPTOUT_REQUESTS.values() for p in ps] + [REFUSAL_RE.pattern]
                 for alt in top_alternatives(phrase) if (anchors := _line_anchors(alt))]


def test_every_line_anchored_phrase_keeps_its_runs_of_blanks_and_signs_on_their_line():
    """A run next to a line anchor that crossed line breaks (``^\\W*``) read a reply of blank lines over and over,
    quadratic in their number. Each line-anchored alternative of the rule is searched in the sentences it takes,
    between blank lines: a match that starts at a line start begins on that line, one that ends at a line end ends
    on its own line."""
    samples = sorted(set(load_baseline()) | set(OPT_OUTS + ERASURES + NEGATED + NEGATED_OPT_OUTS + NOT_STOPPING + STOPPING))
    crossing, unread = [], []
    for alternative, anchors in LINE_ANCHORED:
        compiled = re.compile(alternative, re.M | re.I)
        found = [m for text in samples if (m := compiled.search(f"\n \n{text}\n \n"))]
        unread += [alternative] if not found else []
        for m in found:
            text, span = m.string, m.group()
            if "^" in anchors and (m.start() == 0 or text[m.start() - 1] == "\n") and "\n" in re.match(r"\W*", span)[0]:
                crossing.append(f"{alternative[:60]!r} starts across a line break in {text!r}")
            if "$" in anchors and text[m.end():m.end() + 1] in ("", "\n") and "\n" in re.search(r"\W*\Z", span)[0]:
                crossing.append(f"{alternative[:60]!r} ends across a line break in {text!r}")
    assert not unread, f"no sentence exercises these line-anchored phrases: {unread}"
    assert not crossing, "\n".join(crossing[:20])


# A refusal joined to a real opt-out, through every connector a reply uses: the opt-out is recorded. The refused
# clause must end where the opt-out starts, whatever the language of either.
REFUSALS = ["Don't delete my data", "Don't remove me from the newsletter", "Löschen Sie mich nicht aus dem Kundenkonto",
            "No me den de baja de las facturas", "Please don't unsubscribe me from the webinar list",
            "Ne me désabonnez pas de la newsletter"]
REAL_OPT_OUTS = [
    "remove me from your list", "unsubscribe me", "stop emailing me", "take me off your mailing list",
    "opt me out of the sales emails", "stop the sales emails", "please unsubscribe me", "do not contact me again",
    "don't email me again", "I don't want any more emails", "no more emails please", "leave me alone",
    "never contact us again", "delete my email address", "I want to unsubscribe", "stop sending me emails",
    "I hereby opt out", "cease all contact", "melden Sie mich vom Newsletter ab", "tragen Sie mich aus Ihrem Verteiler aus",
    "schreiben Sie mir nicht mehr", "bitte keine E-Mails mehr", "désabonnez-moi", "ne me contactez plus",
    "retirez-moi de votre liste", "denme de baja", "no me escriban más", "quítenme de su lista",
]
CONNECTORS = [" - ", " / ", ", ", " then ", "; ", " but ", ". ", "\n", " "]


@pytest.mark.parametrize("refusal", REFUSALS)
def test_an_opt_out_joined_to_a_refusal_is_recorded_through_any_connector(refusal):
    texts = [refusal + joint + opt_out for opt_out in REAL_OPT_OUTS for joint in CONNECTORS]
    texts += [f"{refusal} ({opt_out} though)" for opt_out in REAL_OPT_OUTS]
    lost = [text for text in texts if classify_message(make_message(text)).label != "unsubscribe"]
    assert not lost, f"{len(lost)} of {len(texts)} lost: {lost[:10]}"
