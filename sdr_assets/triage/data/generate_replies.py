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
    ("unsubscribe", None, "en", "This isn't something we need. Please don't follow up."),
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
    # ---- second set, 2026-12-03: registers (terse, blunt, formal, chatty, lower case) and languages
    # (Italian, Dutch, Portuguese) the first set lacked; appended, so the rows above stay as they were
    ("interested", None, "en", "This came at the right moment. We're rebuilding our outbound motion this quarter and I'd like to see how you'd handle it. Are you around {when}?"),
    ("interested", None, "en", "Happy to take a look. Grab 20 minutes on my calendar whenever suits you."),
    ("interested", None, "en", "Could be useful. Let's set something up with me and our VP Sales."),
    ("interested", None, "en", "interested - what does your availability look like"),
    ("interested", None, "en", "Let's do it. I'm free {when}, any time after 10."),
    ("interested", None, "en", "Sure thing, send a calendar invite for {when} and include a short agenda."),
    ("interested", None, "en", "You caught me at a good time. We're reviewing vendors in this space, can you walk us through it {when}?"),
    ("interested", None, "en", "I'd be open to a conversation. My team has been asking for exactly this."),
    ("interested", None, "en", "Works for me. Tuesday 2pm CET?"),
    ("interested", None, "en", "yep, send over a few times and I'll grab one"),
    ("interested", None, "de", "Passt, rufen Sie mich gern {when_de} an. Meine Durchwahl steht unten."),
    ("interested", None, "de", "Ja, klingt gut. Schicken Sie mir eine Einladung für 30 Minuten."),
    ("interested", None, "de", "Das kommt zur richtigen Zeit, wir schauen uns gerade Lösungen an. Gern ein kurzer Austausch."),
    ("interested", None, "fr", "Oui, pourquoi pas. Un appel de 20 minutes {when_fr} me conviendrait."),
    ("interested", None, "fr", "Avec plaisir. Je vous laisse m'envoyer une invitation."),
    ("interested", None, "fr", "Ça tombe bien, on cherche justement une solution. On se cale un rendez-vous ?"),
    ("interested", None, "es", "Perfecto, me viene bien {when_es} por la tarde. Envíame la invitación."),
    ("interested", None, "es", "Sí, me interesa verlo. ¿Te va bien el martes a las 10?"),
    ("interested", None, "es", "Justo lo que buscábamos. Organicemos una demo con mi equipo."),
    ("interested", None, "it", "Sì, mi interessa. Possiamo sentirci giovedì pomeriggio per una breve chiamata?"),
    ("interested", None, "it", "Volentieri, mandami un invito per una demo la settimana prossima."),
    ("interested", None, "nl", "Ja, klinkt interessant. Kunnen we volgende week even bellen?"),
    ("interested", None, "nl", "Graag, stuur me een uitnodiging voor een korte demo."),
    ("interested", None, "pt", "Sim, tenho interesse. Podemos marcar uma chamada na próxima semana?"),
    ("interested", None, "pt", "Claro, envie-me alguns horários para uma demonstração."),
    ("question", None, "en", "What CRMs do you sync with? We're on {tool}."),
    ("question", None, "en", "Do you have a security whitepaper or a SOC 2 report you can share?"),
    ("question", None, "en", "How is this different from what {tool} already does?"),
    ("question", None, "en", "Where do the emails get sent from, our domain or yours?"),
    ("question", None, "en", "what's the minimum contract length"),
    ("question", None, "en", "Is there an API? Our engineers would want to pull the data into our warehouse."),
    ("question", None, "en", "Can it handle phone tasks as well, or only email?"),
    ("question", None, "en", "Roughly what would 12 seats cost, and is it priced per seat?"),
    ("question", None, "en", "Who owns the data if we stop using the product?"),
    ("question", None, "en", "Can you clarify what you meant by hiring signals? Where did you see that we're hiring?"),
    ("question", None, "de", "Welche CRM-Systeme werden unterstützt? Wir arbeiten mit {tool}."),
    ("question", None, "de", "Gibt es auch einen Vertrag mit monatlicher Kündigung?"),
    ("question", None, "de", "Können Sie mir Unterlagen zur Datensicherheit schicken?"),
    ("question", None, "fr", "Quelle est la durée minimale d'engagement ?"),
    ("question", None, "fr", "Est-ce que vous proposez une API pour récupérer les données ?"),
    ("question", None, "fr", "Combien de temps prend la mise en place en général ?"),
    ("question", None, "es", "¿Qué CRM soportan? Nosotros usamos {tool}."),
    ("question", None, "es", "¿Cuánto dura la implantación normalmente?"),
    ("question", None, "es", "¿Tienen algún informe de seguridad o certificación ISO 27001?"),
    ("question", None, "it", "Quanto costa per un team di 10 persone?"),
    ("question", None, "it", "Si integra con {tool}? Avete un connettore?"),
    ("question", None, "nl", "Wat kost het voor een team van tien mensen?"),
    ("question", None, "nl", "Werkt het samen met {tool}? Is er een koppeling?"),
    ("question", None, "pt", "Quanto custa para uma equipa de 10 pessoas?"),
    ("question", None, "pt", "Integra com o {tool}? Existe um conector?"),
    ("objection", "timing", "en", "We're mid-migration to a new CRM. Circle back {when_late} once the dust settles."),
    ("objection", "timing", "en", "Can't take this on before the end of the quarter. Happy to hear from you {when_late}."),
    ("objection", "timing", "en", "Too busy with hiring right now. Maybe later in the year."),
    ("objection", "timing", "en", "Interesting, but the team has zero bandwidth until {when_late}."),
    ("objection", "timing", "de", "Wir sind gerade mitten im Jahresabschluss, bitte melden Sie sich {when_late_de}."),
    ("objection", "timing", "fr", "On lance un gros projet ce trimestre, ce sera pour plus tard. Relancez-moi {when_late_fr}."),
    ("objection", "timing", "es", "Estamos cerrando el año fiscal, no podemos mirar esto ahora. Escríbeme {when_late_es}."),
    ("objection", "timing", "it", "Al momento non è una priorità, risentiamoci tra qualche mese."),
    ("objection", "timing", "nl", "Op dit moment hebben we er geen tijd voor, misschien volgend kwartaal."),
    ("objection", "timing", "pt", "Agora não é o momento, fale comigo daqui a alguns meses."),
    ("objection", "budget", "en", "Love the idea, but there's no line item for this in our budget."),
    ("objection", "budget", "en", "We can't spend more than a few hundred a month on tooling, so this is out of reach."),
    ("objection", "budget", "en", "Finance cut every discretionary spend this year."),
    ("objection", "budget", "en", "Your pricing is way above what we pay today."),
    ("objection", "budget", "de", "Die Kosten können wir derzeit nicht rechtfertigen."),
    ("objection", "budget", "fr", "Le coût est trop élevé pour une structure comme la nôtre."),
    ("objection", "budget", "es", "Ahora mismo no hay presupuesto para herramientas nuevas."),
    ("objection", "budget", "it", "Non abbiamo budget per questo quest'anno."),
    ("objection", "budget", "nl", "Daar hebben we dit jaar geen budget voor."),
    ("objection", "budget", "pt", "Não temos orçamento para isso este ano."),
    ("objection", "has_solution", "en", "We renewed with {tool} last month, so we're set for now."),
    ("objection", "has_solution", "en", "Our RevOps team built this ourselves last year."),
    ("objection", "has_solution", "en", "We already have an agency running our outbound."),
    ("objection", "has_solution", "en", "Covered. We use {tool} and a couple of scripts."),
    ("objection", "has_solution", "de", "Das machen wir bereits mit {tool}."),
    ("objection", "has_solution", "fr", "On a déjà un outil qui fait ça très bien."),
    ("objection", "has_solution", "es", "Ya contamos con {tool} para esto."),
    ("objection", "has_solution", "it", "Usiamo già {tool} e ci troviamo bene."),
    ("objection", "has_solution", "nl", "We gebruiken al {tool} en zijn daar tevreden over."),
    ("objection", "has_solution", "pt", "Já usamos o {tool} e estamos satisfeitos."),
    ("objection", "other", "en", "Our compliance team doesn't allow third parties to email on our behalf."),
    ("objection", "other", "en", "I'm wary of anything that automates outreach. Our buyers can smell a template."),
    ("objection", "other", "en", "We're a team of four, this feels like overkill for us."),
    ("objection", "other", "en", "Our works council would have to approve any tool that tracks email activity."),
    ("objection", "other", "de", "Unser Datenschutzbeauftragter hätte da große Bedenken."),
    ("objection", "other", "fr", "Je ne suis pas sûr que ce soit adapté à un marché aussi réglementé que le nôtre."),
    ("objection", "other", "es", "No me convence que una IA escriba a nuestros clientes."),
    ("objection", "other", "it", "Non sono convinto che sia adatto al nostro modo di lavorare."),
    ("objection", "other", "nl", "Ik betwijfel of dit bij onze manier van werken past."),
    ("objection", "other", "pt", "Não estou convencido de que isso se adapte à nossa forma de trabalhar."),
    ("not_interested", None, "en", "no"),
    ("not_interested", None, "en", "Nope."),
    ("not_interested", None, "en", "Not for us. Good luck."),
    ("not_interested", None, "en", "I appreciate the note but we have no need for this."),
    ("not_interested", None, "en", "Hard pass."),
    ("not_interested", None, "en", "Not something we'd ever consider, thanks anyway."),
    ("not_interested", None, "en", "We're good, thanks."),
    ("not_interested", None, "en", "Please don't bother, we're not buying."),
    ("not_interested", None, "de", "Nein, danke. Kein Bedarf."),
    ("not_interested", None, "de", "Danke für die Nachricht, aber das ist nichts für uns."),
    ("not_interested", None, "fr", "Non, ça ne nous intéresse pas."),
    ("not_interested", None, "fr", "Merci, mais nous n'avons aucun besoin de ce côté."),
    ("not_interested", None, "es", "No, gracias, no es para nosotros."),
    ("not_interested", None, "es", "Gracias, pero no nos interesa."),
    ("not_interested", None, "it", "No grazie, non ci interessa."),
    ("not_interested", None, "it", "Grazie, ma non fa per noi."),
    ("not_interested", None, "nl", "Nee, bedankt. Geen interesse."),
    ("not_interested", None, "nl", "Dit is niets voor ons."),
    ("not_interested", None, "pt", "Não, obrigado. Não temos interesse."),
    ("not_interested", None, "pt", "Obrigado, mas não é para nós."),
    ("unsubscribe", None, "en", "Please take me off this list. I never signed up for it."),
    ("unsubscribe", None, "en", "unsubscribe. this is the third email this week"),
    ("unsubscribe", None, "it", "Per favore cancellatemi dalla vostra lista."),
    ("unsubscribe", None, "it", "Non scrivetemi più, grazie."),
    ("unsubscribe", None, "nl", "Graag uitschrijven, ik wil deze mails niet meer ontvangen."),
    ("unsubscribe", None, "nl", "Verwijder mij alstublieft van uw lijst."),
    ("unsubscribe", None, "pt", "Por favor, removam-me da vossa lista."),
    ("unsubscribe", None, "pt", "Não quero receber mais e-mails, obrigado."),
    ("wrong_person", None, "en", "You'll want to talk to {ref}. I moved to finance in January."),
    ("wrong_person", None, "en", "I left the sales team last year. {ref} runs it now."),
    ("wrong_person", None, "en", "Please contact {ref} instead, procurement handles all new vendors."),
    ("wrong_person", None, "en", "I'm in engineering, so not me. Try {ref}."),
    ("wrong_person", None, "en", "cc'ing {ref} who looks after our CRM"),
    ("wrong_person", None, "en", "Not my call, {ref} owns the sales tech stack."),
    ("wrong_person", None, "de", "Ich habe die Abteilung gewechselt. Bitte schreiben Sie an {ref}."),
    ("wrong_person", None, "de", "Zuständig ist {ref}, nicht ich."),
    ("wrong_person", None, "fr", "Je ne m'occupe plus de ce sujet, écrivez à {ref}."),
    ("wrong_person", None, "fr", "C'est {ref} qui gère les outils commerciaux."),
    ("wrong_person", None, "es", "Ya no llevo esta área, escribe a {ref}."),
    ("wrong_person", None, "es", "Mejor habla con {ref}, ella decide sobre herramientas."),
    ("wrong_person", None, "it", "Non sono la persona giusta, contatta {ref}."),
    ("wrong_person", None, "nl", "Ik ben niet de juiste persoon, neem contact op met {ref}."),
    ("wrong_person", None, "pt", "Não sou a pessoa certa, fale com {ref}."),
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
            "fr": ["Bonjour {first},\n\n", "Bonjour,\n\n", ""], "es": ["Hola {first},\n\n", "Buenos días,\n\n", ""],
            "it": ["Ciao {first},\n\n", "Buongiorno,\n\n", ""], "nl": ["Hoi {first},\n\n", "Goedemiddag,\n\n", ""],
            "pt": ["Olá {first},\n\n", "Bom dia,\n\n", ""]}
CLOSING = {"en": ["\n\nThanks,\nChris", "\n\nBest,\nPat", ""], "de": ["\n\nViele Grüße\nThomas", "\n\nBeste Grüße\nAnna", ""],
           "fr": ["\n\nCordialement,\nJulien", "\n\nBien à vous,\nSophie", ""], "es": ["\n\nSaludos,\nCarlos", "\n\nUn saludo,\nLucía", ""],
           "it": ["\n\nCordiali saluti,\nMarco", "\n\nGrazie,\nGiulia", ""],
           "nl": ["\n\nMet vriendelijke groet,\nPieter", "\n\nGroeten,\nSanne", ""],
           "pt": ["\n\nCumprimentos,\nJoão", "\n\nObrigada,\nInês", ""]}
SIGNATURE = {"en": ["\n\n-- \nChris Miller\nHead of Revenue Operations | Acme\n+1 555 0100", "\n\nSent from my iPhone"],
             "de": ["\n\n-- \nThomas Weber\nLeiter Vertrieb\nNordwerk GmbH", "\n\nVon meinem iPhone gesendet"],
             "fr": ["\n\n-- \nJulien Bernard\nDirecteur commercial", "\n\nEnvoyé de mon iPhone"],
             "es": ["\n\n-- \nCarlos Ruiz\nDirector comercial", "\n\nEnviado desde mi iPhone"],
             "it": ["\n\n-- \nMarco Rossi\nDirettore commerciale", "\n\nInviato da iPhone"],
             "nl": ["\n\n-- \nPieter de Vries\nSales Manager", "\n\nVerzonden vanaf mijn iPhone"],
             "pt": ["\n\n-- \nJoão Silva\nDiretor comercial", "\n\nEnviado do meu iPhone"]}
QUOTE_HEADER = {"en": "On Tue, 4 Jun 2024 at 09:12, Alex Rivera <alex@supervised-sdr.example> wrote:",
                "de": "Am Di., 4. Juni 2024 um 09:12 Uhr schrieb Alex Rivera <alex@supervised-sdr.example>:",
                "fr": "Le mar. 4 juin 2024 à 09:12, Alex Rivera <alex@supervised-sdr.example> a écrit :",
                "es": "El mar, 4 jun 2024 a las 09:12, Alex Rivera (<alex@supervised-sdr.example>) escribió:",
                "it": "Il giorno mar 4 giu 2024 alle ore 09:12 Alex Rivera <alex@supervised-sdr.example> ha scritto:",
                "nl": "Op di 4 jun 2024 om 09:12 schreef Alex Rivera <alex@supervised-sdr.example>:",
                "pt": "Em ter., 4 de jun. de 2024 às 09:12, Alex Rivera <alex@supervised-sdr.example> escreveu:"}
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
