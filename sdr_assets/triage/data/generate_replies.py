"""Regenerate ``labelled_replies.jsonl``: the project's own labelled replies to sales e-mail.

No public labelled set of replies to sales mail exists, so the replies below were written for this
project. Each hand-written template yields a few variants (slots for tools, dates, colleagues;
optional signature; optional quoted outbound message whose footer says "unsubscribe", as real
replies carry). The committed jsonl is the data of record; this script documents how it was made.

    python -m sdr_assets.triage.data.generate_replies > sdr_assets/triage/data/labelled_replies.jsonl

Fields: text, label, sub_reason, referrals, lang, plus ``template`` (the hold-out split groups by
it, so paraphrases of one template never sit on both sides of the split).
"""

from __future__ import annotations

import json
import random
import re

# (label, sub_reason, lang, template). {tool} {when} {ref} {first} are slots.
T = [
    # ---- interested ---------------------------------------------------------------------------
    ("interested", None, "en", "Sounds interesting. Can we set up a call {when}?"),
    ("interested", None, "en", "Yes, happy to chat. I'm free Tuesday or Wednesday afternoon, send me an invite."),
    ("interested", None, "en", "Good timing actually, we were just discussing this. Let's talk - what does your calendar look like {when}?"),
    ("interested", None, "en", "Hi {first}, this is relevant for us. Please book 30 minutes with me {when}."),
    ("interested", None, "en", "Thanks for reaching out. I'd like to see a demo. Can you send a few slots?"),
    ("interested", None, "en", "Sure, let's do a quick intro call. Here is my calendar link, pick any time that works."),
    ("interested", None, "en", "We're evaluating options right now, so yes, I'd be keen to learn more. Send over some times."),
    ("interested", None, "en", "Definitely interested. Loop in my colleague too and let's find a slot {when}."),
    ("interested", None, "en", "ok let's talk"),
    ("interested", None, "en", "Count me in for a demo, {when} works best."),
    ("interested", None, "de", "Klingt spannend. Können wir {when_de} kurz telefonieren?"),
    ("interested", None, "de", "Ja, gerne. Schicken Sie mir bitte ein paar Terminvorschläge für eine Demo."),
    ("interested", None, "de", "Das Thema ist bei uns gerade aktuell. Lassen Sie uns sprechen, ich hätte {when_de} Zeit."),
    ("interested", None, "de", "Hallo {first}, passt gut. Buchen Sie gern einen Termin in meinem Kalender."),
    ("interested", None, "de", "Gerne, ich bin an einer Vorstellung interessiert. Wann hätten Sie Zeit?"),
    ("interested", None, "fr", "Ça m'intéresse. Pouvons-nous prévoir un appel {when_fr} ?"),
    ("interested", None, "fr", "Oui, avec plaisir. Envoyez-moi quelques créneaux pour une démo."),
    ("interested", None, "fr", "Bonjour {first}, le sujet est d'actualité chez nous. Parlons-en {when_fr}."),
    ("interested", None, "fr", "Volontiers, je suis disponible mardi après-midi pour un échange."),
    ("interested", None, "fr", "Très intéressant, j'aimerais en savoir plus. Quand êtes-vous disponible ?"),
    ("interested", None, "es", "Me interesa. ¿Podemos agendar una llamada {when_es}?"),
    ("interested", None, "es", "Sí, encantado de hablar. Mándame algunos horarios para una demo."),
    ("interested", None, "es", "Hola {first}, justo estamos viendo esto. Hablemos {when_es}."),
    ("interested", None, "es", "Claro, me gustaría ver una demostración. ¿Qué disponibilidad tienes?"),
    ("interested", None, "es", "Suena bien, cuadremos una reunión corta esta semana."),
    # ---- question -----------------------------------------------------------------------------
    ("question", None, "en", "How does this integrate with {tool}? Do you have a native connector?"),
    ("question", None, "en", "What does pricing look like for a team of 20?"),
    ("question", None, "en", "Before we talk: is your data hosted in the EU, and are you GDPR compliant?"),
    ("question", None, "en", "Can you send me a case study from a company our size?"),
    ("question", None, "en", "Quick question - do you support SSO and SCIM provisioning?"),
    ("question", None, "en", "How long does a typical implementation take?"),
    ("question", None, "en", "Who else in our industry uses this? Any references I could speak to?"),
    ("question", None, "en", "Is there a free trial, or do we need to sign a contract first?"),
    ("question", None, "en", "What exactly do you mean by automated enrichment? Where does the data come from?"),
    ("question", None, "en", "Do you offer monthly billing or only annual?"),
    ("question", None, "de", "Wie funktioniert die Integration mit {tool}?"),
    ("question", None, "de", "Was kostet das ungefähr für ein Team mit 15 Personen?"),
    ("question", None, "de", "Wo werden die Daten gespeichert? Ist das DSGVO-konform?"),
    ("question", None, "de", "Gibt es eine kostenlose Testphase?"),
    ("question", None, "de", "Haben Sie Referenzkunden aus dem Maschinenbau?"),
    ("question", None, "fr", "Comment cela s'intègre-t-il avec {tool} ?"),
    ("question", None, "fr", "Quel est le tarif pour une équipe de 10 personnes ?"),
    ("question", None, "fr", "Les données sont-elles hébergées en Europe ? Êtes-vous conformes au RGPD ?"),
    ("question", None, "fr", "Avez-vous une période d'essai gratuite ?"),
    ("question", None, "fr", "Pouvez-vous m'envoyer une étude de cas dans notre secteur ?"),
    ("question", None, "es", "¿Cómo se integra con {tool}?"),
    ("question", None, "es", "¿Cuál es el precio para un equipo de 10 personas?"),
    ("question", None, "es", "¿Dónde se alojan los datos? ¿Cumplen con el RGPD?"),
    ("question", None, "es", "¿Hay una prueba gratuita?"),
    ("question", None, "es", "¿Tienen clientes de referencia en el sector logístico?"),
    # ---- objection: timing --------------------------------------------------------------------
    ("objection", "timing", "en", "Not a priority right now. Maybe reach out again {when_late}."),
    ("objection", "timing", "en", "We're in the middle of a reorg, the timing is bad. Try me {when_late}."),
    ("objection", "timing", "en", "Interesting, but we're swamped until {when_late}. Can you follow up then?"),
    ("objection", "timing", "en", "Bad timing - we just froze all new projects for this half. Ping me {when_late}."),
    ("objection", "timing", "en", "Not now, we are heads down on a launch. Let's revisit {when_late}."),
    ("objection", "timing", "de", "Aktuell passt es zeitlich nicht. Melden Sie sich gern {when_late_de} wieder."),
    ("objection", "timing", "de", "Im Moment haben wir keine Kapazitäten dafür, vielleicht {when_late_de}."),
    ("objection", "timing", "de", "Derzeit nicht, wir stecken mitten in einer Umstellung. Später gerne."),
    ("objection", "timing", "fr", "Ce n'est pas le moment, recontactez-moi {when_late_fr}."),
    ("objection", "timing", "fr", "Nous sommes débordés en ce moment, revenez vers moi plus tard."),
    ("objection", "timing", "fr", "Pas maintenant, peut-être {when_late_fr}."),
    ("objection", "timing", "es", "Ahora no es buen momento, escríbeme {when_late_es}."),
    ("objection", "timing", "es", "Estamos a tope este trimestre, mejor más adelante."),
    ("objection", "timing", "es", "De momento no, quizá {when_late_es}."),
    # ---- objection: budget --------------------------------------------------------------------
    ("objection", "budget", "en", "We don't have budget for this this year."),
    ("objection", "budget", "en", "Looks good but it's too expensive for a company our size."),
    ("objection", "budget", "en", "Our budget is frozen after the last round of cuts, so no new tools for now."),
    ("objection", "budget", "en", "Honestly the price is the problem. We can't justify that spend."),
    ("objection", "budget", "en", "No money for new software until the next fiscal year, sorry."),
    ("objection", "budget", "de", "Dafür haben wir aktuell kein Budget."),
    ("objection", "budget", "de", "Das ist uns leider zu teuer."),
    ("objection", "budget", "de", "Unser Budget für dieses Jahr ist bereits verplant."),
    ("objection", "budget", "fr", "Nous n'avons pas de budget pour cela cette année."),
    ("objection", "budget", "fr", "C'est trop cher pour nous, malheureusement."),
    ("objection", "budget", "fr", "Le budget est gelé jusqu'à nouvel ordre."),
    ("objection", "budget", "es", "No tenemos presupuesto para esto este año."),
    ("objection", "budget", "es", "Es demasiado caro para nosotros."),
    ("objection", "budget", "es", "El presupuesto está congelado hasta el año que viene."),
    # ---- objection: has_solution --------------------------------------------------------------
    ("objection", "has_solution", "en", "We already use {tool} for this and we're happy with it."),
    ("objection", "has_solution", "en", "Thanks, but we built something in-house that does exactly this."),
    ("objection", "has_solution", "en", "We just signed a three-year contract with {tool}, so we're covered."),
    ("objection", "has_solution", "en", "Our current vendor handles this fine. Not looking to switch."),
    ("objection", "has_solution", "en", "We're on {tool} and it does the job."),
    ("objection", "has_solution", "de", "Wir nutzen bereits {tool} und sind damit zufrieden."),
    ("objection", "has_solution", "de", "Wir haben dafür schon eine eigene Lösung im Einsatz."),
    ("objection", "has_solution", "de", "Danke, aber wir arbeiten schon mit einem anderen Anbieter."),
    ("objection", "has_solution", "fr", "Nous utilisons déjà {tool} et cela nous convient."),
    ("objection", "has_solution", "fr", "Nous avons déjà une solution interne pour ça."),
    ("objection", "has_solution", "fr", "Merci, mais nous travaillons déjà avec un prestataire."),
    ("objection", "has_solution", "es", "Ya usamos {tool} y estamos contentos."),
    ("objection", "has_solution", "es", "Ya tenemos una solución interna para eso."),
    ("objection", "has_solution", "es", "Gracias, pero ya trabajamos con otro proveedor."),
    # ---- objection: other ---------------------------------------------------------------------
    ("objection", "other", "en", "I'm not convinced this fits our workflow. Our sales cycle is very different."),
    ("objection", "other", "en", "Security would never approve a tool that needs access to our mailboxes."),
    ("objection", "other", "en", "We had a bad experience with a similar product, so I'm sceptical."),
    ("objection", "other", "en", "Legal won't let us use AI-written emails with customers."),
    ("objection", "other", "de", "Ich bin skeptisch, ob das zu unseren Prozessen passt."),
    ("objection", "other", "de", "Unsere IT-Sicherheit würde so ein Tool nicht freigeben."),
    ("objection", "other", "fr", "Je doute que cela corresponde à notre façon de travailler."),
    ("objection", "other", "fr", "Notre service juridique refuserait ce type d'outil."),
    ("objection", "other", "es", "Dudo que encaje con nuestra forma de trabajar."),
    ("objection", "other", "es", "Nuestro equipo de seguridad no aprobaría una herramienta así."),
    # ---- not_interested -----------------------------------------------------------------------
    ("not_interested", None, "en", "Not interested, thanks."),
    ("not_interested", None, "en", "No thank you."),
    ("not_interested", None, "en", "We'll pass on this one."),
    ("not_interested", None, "en", "This isn't something we need. Please don't follow up."),
    ("not_interested", None, "en", "Thanks but no thanks."),
    ("not_interested", None, "en", "Not relevant for us at all."),
    ("not_interested", None, "en", "I'm going to decline, it's not a fit."),
    ("not_interested", None, "de", "Kein Interesse, danke."),
    ("not_interested", None, "de", "Nein danke, das brauchen wir nicht."),
    ("not_interested", None, "de", "Das ist für uns nicht relevant."),
    ("not_interested", None, "de", "Wir verzichten, vielen Dank."),
    ("not_interested", None, "fr", "Pas intéressé, merci."),
    ("not_interested", None, "fr", "Non merci, cela ne nous concerne pas."),
    ("not_interested", None, "fr", "Ce n'est pas pour nous."),
    ("not_interested", None, "fr", "Nous allons passer notre tour."),
    ("not_interested", None, "es", "No me interesa, gracias."),
    ("not_interested", None, "es", "No, gracias. No lo necesitamos."),
    ("not_interested", None, "es", "No es relevante para nosotros."),
    ("not_interested", None, "es", "Paso, gracias."),
    # ---- unsubscribe --------------------------------------------------------------------------
    ("unsubscribe", None, "en", "Please unsubscribe me."),
    ("unsubscribe", None, "en", "Remove me from your list."),
    ("unsubscribe", None, "en", "Stop emailing me."),
    ("unsubscribe", None, "en", "Take me off your mailing list, and don't contact me again."),
    ("unsubscribe", None, "en", "Not interested. Please remove my address from your database."),
    ("unsubscribe", None, "en", "STOP. Opt out."),
    ("unsubscribe", None, "en", "Interesting idea but please remove me, I get too many of these."),
    ("unsubscribe", None, "de", "Bitte tragen Sie mich aus Ihrem Verteiler aus."),
    ("unsubscribe", None, "de", "Bitte keine weiteren E-Mails."),
    ("unsubscribe", None, "de", "Entfernen Sie mich bitte aus Ihrer Liste. Abmelden."),
    ("unsubscribe", None, "de", "Kein Interesse. Bitte nicht mehr anschreiben."),
    ("unsubscribe", None, "fr", "Merci de me désabonner."),
    ("unsubscribe", None, "fr", "Retirez-moi de votre liste, s'il vous plaît."),
    ("unsubscribe", None, "fr", "Je ne souhaite plus recevoir vos e-mails."),
    ("unsubscribe", None, "fr", "Ne me contactez plus."),
    ("unsubscribe", None, "es", "Por favor, darme de baja."),
    ("unsubscribe", None, "es", "Elimíneme de su lista."),
    ("unsubscribe", None, "es", "No me escriba más, gracias."),
    ("unsubscribe", None, "es", "Dejen de enviarme correos."),
    # ---- wrong_person -------------------------------------------------------------------------
    ("wrong_person", None, "en", "I'm not the right person for this. Please reach out to {ref}, who runs sales ops."),
    ("wrong_person", None, "en", "Wrong person - try {ref}."),
    ("wrong_person", None, "en", "I no longer handle this area. {ref} is your best contact."),
    ("wrong_person", None, "en", "This would be for our marketing team. The right person is {ref}."),
    ("wrong_person", None, "en", "Not my department, but {ref} might be interested. Feel free to mention my name."),
    ("wrong_person", None, "en", "You want {ref} for this, she owns the tooling budget."),
    ("wrong_person", None, "de", "Dafür bin ich nicht zuständig. Wenden Sie sich bitte an {ref}."),
    ("wrong_person", None, "de", "Ich bin nicht der richtige Ansprechpartner, versuchen Sie es bei {ref}."),
    ("wrong_person", None, "de", "Der richtige Ansprechpartner wäre {ref}."),
    ("wrong_person", None, "fr", "Je ne suis pas la bonne personne. Contactez plutôt {ref}."),
    ("wrong_person", None, "fr", "Ce sujet est géré par {ref}, adressez-vous à lui."),
    ("wrong_person", None, "fr", "Pas le bon interlocuteur, voyez avec {ref}."),
    ("wrong_person", None, "es", "No soy la persona adecuada. Contacte con {ref}."),
    ("wrong_person", None, "es", "Esto lo lleva {ref}, escríbele a ella."),
    ("wrong_person", None, "es", "La persona indicada es {ref}."),
]

TOOLS = ["HubSpot", "Salesforce", "Outreach", "Apollo", "Pipedrive", "Salesloft", "Lemlist"]
WHEN = {"en": ["next week", "on Thursday", "early next week", "this Friday"],
        "de": ["nächste Woche", "am Donnerstag", "Anfang nächster Woche"],
        "fr": ["la semaine prochaine", "jeudi", "en début de semaine prochaine"],
        "es": ["la semana que viene", "el jueves", "a principios de la próxima semana"]}
LATE = {"en": ["next quarter", "in Q3", "in the new year", "in six months"],
        "de": ["im nächsten Quartal", "im neuen Jahr", "in einem halben Jahr"],
        "fr": ["au prochain trimestre", "l'année prochaine", "dans six mois"],
        "es": ["el próximo trimestre", "el año que viene", "dentro de seis meses"]}
FIRST = ["Alex", "Sam", "Jordan", "Maria"]
REFS = ["jane.doe@{d}", "m.keller@{d}", "sales-ops@{d}", "claire.martin@{d}", "j.garcia@{d}", "procurement@{d}"]
DOMAINS = ["acme-logistics.com", "nordwerk.de", "bellevue-conseil.fr", "iberia-tech.es", "example.org"]
GREETING = {"en": ["Hi {first},\n\n", "Hello,\n\n", ""], "de": ["Hallo {first},\n\n", "Guten Tag,\n\n", ""],
            "fr": ["Bonjour {first},\n\n", "Bonjour,\n\n", ""], "es": ["Hola {first},\n\n", "Buenos días,\n\n", ""]}
CLOSING = {"en": ["\n\nThanks,\nChris", "\n\nBest,\nPat", ""], "de": ["\n\nViele Grüße\nThomas", "\n\nBeste Grüße\nAnna", ""],
           "fr": ["\n\nCordialement,\nJulien", "\n\nBien à vous,\nSophie", ""], "es": ["\n\nSaludos,\nCarlos", "\n\nUn saludo,\nLucía", ""]}
SIGNATURE = {"en": ["\n\n-- \nChris Miller\nHead of Revenue Operations | Acme\n+1 555 0100", "\n\nSent from my iPhone"],
             "de": ["\n\n-- \nThomas Weber\nLeiter Vertrieb\nNordwerk GmbH", "\n\nVon meinem iPhone gesendet"],
             "fr": ["\n\n-- \nJulien Bernard\nDirecteur commercial", "\n\nEnvoyé de mon iPhone"],
             "es": ["\n\n-- \nCarlos Ruiz\nDirector comercial", "\n\nEnviado desde mi iPhone"]}
QUOTE_HEADER = {"en": "On Tue, 4 Jun 2024 at 09:12, Alex Rivera <alex@supervised-sdr.example> wrote:",
                "de": "Am Di., 4. Juni 2024 um 09:12 Uhr schrieb Alex Rivera <alex@supervised-sdr.example>:",
                "fr": "Le mar. 4 juin 2024 à 09:12, Alex Rivera <alex@supervised-sdr.example> a écrit :",
                "es": "El mar, 4 jun 2024 a las 09:12, Alex Rivera (<alex@supervised-sdr.example>) escribió:"}
OUTBOUND = ("Hi {first},\n\nI noticed your team is hiring SDRs. We help teams like yours book more meetings "
            "with less manual work. Would a 15-minute call next week make sense?\n\nBest,\nAlex\n\n"
            "If you'd rather not hear from me, reply or click here to unsubscribe.")
OUTLOOK = ("________________________________\nFrom: Alex Rivera <alex@supervised-sdr.example>\n"
           "Sent: Tuesday, June 4, 2024 9:12 AM\nTo: {first}\nSubject: Quick question\n\n")


def render(label, sub, lang, tmpl, rng: random.Random, variant: int) -> dict:
    domain = rng.choice(DOMAINS)
    ref = rng.choice(REFS).format(d=domain)
    slots = {"tool": rng.choice(TOOLS), "first": rng.choice(FIRST), "ref": ref,
             "when": rng.choice(WHEN["en"]), "when_de": rng.choice(WHEN["de"]), "when_fr": rng.choice(WHEN["fr"]),
             "when_es": rng.choice(WHEN["es"]), "when_late": rng.choice(LATE["en"]),
             "when_late_de": rng.choice(LATE["de"]), "when_late_fr": rng.choice(LATE["fr"]),
             "when_late_es": rng.choice(LATE["es"])}
    body = tmpl.format(**slots)
    if variant > 0:
        body = rng.choice(GREETING[lang]).format(**slots) + body + rng.choice(CLOSING[lang])
    if variant > 0 and rng.random() < 0.35:
        body += rng.choice(SIGNATURE[lang])
    if variant > 0 and rng.random() < 0.5:
        quoted = OUTBOUND.format(**slots)
        if rng.random() < 0.3:
            body += "\n\n" + OUTLOOK.format(**slots) + quoted
        else:
            body += "\n\n" + QUOTE_HEADER[lang] + "\n" + "\n".join("> " + ln for ln in quoted.split("\n"))
    if variant == 2:
        body = body.lower() if rng.random() < 0.5 else re.sub(r"[.!]$", "", body)
    referrals = [ref] if "{ref}" in tmpl else []
    return {"text": body, "label": label, "sub_reason": sub, "referrals": referrals, "lang": lang}


def main() -> None:
    rng = random.Random(20240604)
    rows = []
    for i, (label, sub, lang, tmpl) in enumerate(T):
        for variant in range(3):
            row = render(label, sub, lang, tmpl, rng, variant)
            row["template"] = i
            rows.append(row)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
