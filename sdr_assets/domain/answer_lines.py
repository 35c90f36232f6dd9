"""The offline suggested answer's sentences in each language the verifier reads, and the language of a reply.

A prospect who writes in German is answered in German: an answer in English is one a person sends as it
stands or translates. Each language says the same, and no more, than the English: in the polite form
("Sie", "vous", "usted", "u", "Lei"), and with no word that says whether its writer is a man or a woman.
``{name}`` is the first name, left out with its comma where there is none; ``{to}`` whom an introduction
is to (``to`` filled with the referral, else ``colleague``).
"""

from __future__ import annotations

import re

from sdr_assets.domain.languages import FUNCTION_WORDS, MIN_WORDS, languages_of, plain, read_words

LINES: dict[str, dict[str, str]] = {
    "en": {
        "interested": "Thanks {name}, glad this is timely.",
        "proposed": "I'll check the time you suggested and confirm it with an invite.",
        "material": "I'll send over what you asked for first.",
        "booking": "You can pick a time that suits you here: {url}",
        "times": "Which times suit you? I'll send an invite for the one you choose.",
        "question": "Good question, {name}",
        "question_rest": "Let me answer it properly rather than guess: I'll confirm the details and come back to you.",
        "objection": "Understood, {name}, and thanks for saying so plainly.",
        "timing": "When would be a better time for me to check back?",
        "timing_given": "I'll check back then, as you suggested.",
        "budget": "If budget is the blocker, would it help if I checked back once it is set?",
        "has_solution": "Good to hear it is covered. If that changes, I'm glad to compare notes.",
        "other": "If it is useful later, a reply here reaches me.",
        "helps": "Thanks {name}, that helps.",
        "introduction": "Would you be comfortable introducing me to {to}, or shall I reach out and mention you "
                        "pointed me their way?",
        "to": "{referral}", "colleague": "the right colleague",
        "understood": "Thanks {name}, understood.",
        "declined": "Thanks {name}, understood, and thank you for letting me know. All the best.",
        "follow_up": "Thanks {name}, I'll follow up shortly.",
    },
    "de": {
        "interested": "Danke, {name}, schön, dass es gerade passt.",
        "proposed": "Ich prüfe den Termin, den Sie vorgeschlagen haben, und bestätige ihn mit einer Einladung.",
        "material": "Ich schicke Ihnen zuerst, worum Sie gebeten haben.",
        "booking": "Hier können Sie einen passenden Termin wählen: {url}",
        "times": "Welche Zeiten passen Ihnen? Ich schicke Ihnen eine Einladung für den Termin Ihrer Wahl.",
        "question": "Gute Frage, {name}",
        "question_rest": "Ich möchte sie richtig beantworten, statt zu raten: Ich kläre die Details und melde "
                         "mich wieder bei Ihnen.",
        "objection": "Verstanden, {name}, und danke für die offenen Worte.",
        "timing": "Wann wäre ein besserer Zeitpunkt, um mich wieder bei Ihnen zu melden?",
        "timing_given": "Dann melde ich mich zu diesem Zeitpunkt wieder bei Ihnen.",
        "budget": "Falls das Budget der Haken ist: Soll ich mich wieder melden, sobald es feststeht?",
        "has_solution": "Schön, dass das abgedeckt ist. Falls sich das ändert, tausche ich mich gern mit Ihnen aus.",
        "other": "Falls es später nützlich ist: Eine Antwort auf diese E-Mail erreicht mich.",
        "helps": "Danke, {name}, das hilft.",
        "introduction": "Würden Sie mich mit {to} bekannt machen, oder soll ich mich selbst melden und erwähnen, "
                        "dass der Hinweis von Ihnen kommt?",
        "to": "{referral}", "colleague": "der richtigen Ansprechperson",
        "understood": "Danke, {name}, verstanden.",
        "declined": "Danke, {name}, verstanden, und danke für Ihre Rückmeldung. Alles Gute.",
        "follow_up": "Danke, {name}, ich melde mich in Kürze bei Ihnen.",
    },
    "fr": {
        "interested": "Merci {name}, cela tombe bien.",
        "proposed": "Je vérifie le créneau que vous avez proposé et vous le confirme par une invitation.",
        "material": "Je vous envoie d'abord ce que vous avez demandé.",
        "booking": "Vous pouvez choisir ici un créneau qui vous convient : {url}",
        "times": "Quels créneaux vous conviennent ? Je vous enverrai une invitation pour celui que vous choisirez.",
        "question": "Bonne question, {name}",
        "question_rest": "Je préfère y répondre précisément plutôt que de deviner : je vérifie les détails et je "
                         "reviens vers vous.",
        "objection": "Compris, {name}, et merci de votre franchise.",
        "timing": "Quel serait un meilleur moment pour reprendre contact avec vous ?",
        "timing_given": "Je reprendrai donc contact avec vous à ce moment-là.",
        "budget": "Si le budget est le frein, voulez-vous que je reprenne contact une fois qu'il sera fixé ?",
        "has_solution": "Tant mieux si c'est couvert. Si cela change, échangeons volontiers.",
        "other": "Si cela peut vous servir plus tard, il suffit de répondre à ce message.",
        "helps": "Merci {name}, c'est utile.",
        "introduction": "Pourriez-vous me mettre en relation avec {to}, ou dois-je prendre contact directement en "
                        "mentionnant que vous m'avez indiqué ce contact ?",
        "to": "{referral}", "colleague": "la bonne personne",
        "understood": "Merci {name}, c'est compris.",
        "declined": "Merci {name}, c'est compris, et merci de m'avoir répondu. Bonne continuation.",
        "follow_up": "Merci {name}, je reviens vers vous très vite.",
    },
    "es": {
        "interested": "Gracias, {name}, me alegra que sea un buen momento.",
        "proposed": "Compruebo la hora que propuso y se la confirmo con una invitación.",
        "material": "Primero le envío lo que me pidió.",
        "booking": "Aquí puede elegir el horario que mejor le convenga: {url}",
        "times": "¿Qué horarios le vienen bien? Le enviaré una invitación para el que elija.",
        "question": "Buena pregunta, {name}",
        "question_rest": "Prefiero responderle bien en lugar de adivinar: confirmo los detalles y vuelvo a "
                         "escribirle.",
        "objection": "Entendido, {name}, y gracias por decirlo con claridad.",
        "timing": "¿Cuándo sería un mejor momento para volver a escribirle?",
        "timing_given": "Entonces volveré a escribirle en ese momento.",
        "budget": "Si el presupuesto es el obstáculo, ¿le parece que vuelva a escribirle cuando esté definido?",
        "has_solution": "Me alegra que lo tengan cubierto. Si eso cambia, con gusto lo hablamos.",
        "other": "Si más adelante le resulta útil, basta con responder a este mensaje.",
        "helps": "Gracias, {name}, eso ayuda.",
        "introduction": "¿Le parecería bien presentarme a {to}, o prefiere que me ponga en contacto directamente "
                        "y mencione que usted me lo sugirió?",
        "to": "{referral}", "colleague": "la persona indicada",
        "understood": "Gracias, {name}, entendido.",
        "declined": "Gracias, {name}, entendido, y gracias por avisarme. Le deseo lo mejor.",
        "follow_up": "Gracias, {name}, le escribo en breve.",
    },
    "nl": {
        "interested": "Bedankt, {name}, fijn dat het goed uitkomt.",
        "proposed": "Ik controleer het tijdstip dat u voorstelde en bevestig het met een uitnodiging.",
        "material": "Ik stuur u eerst wat u vroeg.",
        "booking": "Hier kunt u een tijdstip kiezen dat u schikt: {url}",
        "times": "Welke tijden schikken u? Ik stuur u een uitnodiging voor het tijdstip dat u kiest.",
        "question": "Goede vraag, {name}",
        "question_rest": "Ik beantwoord die liever goed dan dat ik gok: ik zoek de details uit en kom bij u terug.",
        "objection": "Begrepen, {name}, en bedankt voor uw duidelijkheid.",
        "timing": "Wanneer zou een beter moment zijn om weer contact met u op te nemen?",
        "timing_given": "Dan neem ik op dat moment weer contact met u op.",
        "budget": "Als het budget het struikelblok is, zal ik dan weer contact opnemen zodra het vastligt?",
        "has_solution": "Fijn dat het geregeld is. Als dat verandert, denk ik graag met u mee.",
        "other": "Als het later van pas komt, bereikt een antwoord op deze e-mail mij.",
        "helps": "Bedankt, {name}, dat helpt.",
        "introduction": "Zou u mij willen voorstellen aan {to}, of zal ik zelf contact opnemen en vermelden dat u "
                        "mij heeft doorverwezen?",
        "to": "{referral}", "colleague": "de juiste collega",
        "understood": "Bedankt, {name}, begrepen.",
        "declined": "Bedankt, {name}, begrepen, en bedankt dat u het liet weten. Het beste.",
        "follow_up": "Bedankt, {name}, ik kom er snel bij u op terug.",
    },
    "it": {
        "interested": "Grazie, {name}, mi fa piacere che sia il momento giusto.",
        "proposed": "Verifico l'orario che ha proposto e glielo confermo con un invito.",
        "material": "Le invio prima quello che mi ha chiesto.",
        "booking": "Qui può scegliere l'orario che preferisce: {url}",
        "times": "Quali orari le vanno bene? Le invierò un invito per quello che sceglierà.",
        "question": "Bella domanda, {name}",
        "question_rest": "Preferisco risponderle bene piuttosto che tirare a indovinare: verifico i dettagli e "
                         "le riscrivo.",
        "objection": "Capito, {name}, e grazie per la franchezza.",
        "timing": "Quando sarebbe un momento migliore per risentirci?",
        "timing_given": "Allora la ricontatterò in quel momento.",
        "budget": "Se il budget è l'ostacolo, vuole che la ricontatti quando sarà definito?",
        "has_solution": "Bene che sia già coperto. Se le cose cambiano, sarò felice di confrontarci.",
        "other": "Se in futuro le può essere utile, basta rispondere a questa email.",
        "helps": "Grazie, {name}, è utile.",
        "introduction": "Le andrebbe di presentarmi {to}, o preferisce che mi metta in contatto direttamente "
                        "dicendo che me l'ha indicato lei?",
        "to": "a {referral}", "colleague": "alla persona giusta",
        "understood": "Grazie, {name}, capito.",
        "declined": "Grazie, {name}, capito, e grazie di avermelo fatto sapere. Le auguro il meglio.",
        "follow_up": "Grazie, {name}, le scrivo a breve.",
    },
    "pt": {
        "interested": "Agradeço a resposta, {name}, que bom que o momento é oportuno.",
        "proposed": "Vou verificar o horário que sugeriu e confirmo com um convite.",
        "material": "Primeiro envio o que pediu.",
        "booking": "Pode escolher aqui o horário que lhe for mais conveniente: {url}",
        "times": "Que horários lhe convêm? Envio um convite para o que escolher.",
        "question": "Boa pergunta, {name}",
        "question_rest": "Prefiro responder com rigor em vez de adivinhar: vou confirmar os detalhes e volto a "
                         "escrever-lhe.",
        "objection": "Entendido, {name}, e agradeço a franqueza.",
        "timing": "Quando seria um momento melhor para voltar a falar?",
        "timing_given": "Então volto a escrever-lhe nessa altura.",
        "budget": "Se o orçamento é o entrave, posso voltar a escrever-lhe quando estiver definido?",
        "has_solution": "Ainda bem que já está resolvido. Se isso mudar, terei todo o gosto em conversar.",
        "other": "Se mais tarde for útil, basta responder a esta mensagem.",
        "helps": "Agradeço, {name}, isso ajuda.",
        "introduction": "Poderia apresentar-me {to}, ou prefere que eu entre em contacto diretamente e mencione a "
                        "sua indicação?",
        "to": "a {referral}", "colleague": "à pessoa certa",
        "understood": "Entendido, {name}, agradeço.",
        "declined": "Entendido, {name}, e agradeço por me avisar. Tudo de bom.",
        "follow_up": "Agradeço, {name}, volto a escrever-lhe em breve.",
    },
}


# Words of a short reply that the verifier's lists leave out (a yes, a no, a please), and English function words that
# are as much another language's ("No, gracias", "Me interesa"): a reply too short to read otherwise is read by them.
_REPLY_WORDS = {"fr": frozenset({"oui", "non", "svp", "stp"})}
_SHARED = frozenset({"no", "me"})
_WORDS = re.compile(r"[^\W\d_]+")


def reply_language(reply: str) -> str:
    """The language ``reply`` is written in, of those ``LINES`` has: that of its first line whose words read as
    one, as she writes before her signature and her company's footer ("Thanks, send it over." above a German
    disclaimer is English); of a reply too short for that, the one language most of its words are in ("Ok,
    danke", "Non merci"); English unless its words read as another."""
    for text in (*(reply or "").splitlines(), reply or ""):
        read, counts = read_words(text)
        found = languages_of(read, counts, short=False)
        if found or counts["en"] >= MIN_WORDS:
            return next((code for code in found if code in LINES), "en")
    return _short_reply_language(reply or "")


def _short_reply_language(reply: str) -> str:
    """The language of more of ``reply``'s words than any other and than its English words not shared with it. A
    foreign word counts from three letters ("um", "de", "si" are too many languages' to tell one); a capitalised one
    after the first is a name, as ``languages.read_words`` reads it."""
    counts = dict.fromkeys(LINES, 0)
    for n, raw in enumerate(_WORDS.findall(reply)):
        word = plain(raw)
        if n and raw != raw.lower() or word in _SHARED:
            continue
        for code in counts:
            listed = word in FUNCTION_WORDS[code] or word in _REPLY_WORDS.get(code, ())
            counts[code] += listed and (code == "en" or len(word) >= 3)
    first, second = sorted((code for code in counts if code != "en"), key=lambda code: -counts[code])[:2]
    return first if counts[first] > max(counts["en"], counts[second]) else "en"


def line(language: str, key: str, name: str = "", **values: str) -> str:
    """The sentence ``key`` in ``language``, with ``name`` (left out with its comma where there is none)."""
    template = LINES[language][key]
    if not name:
        template = template.replace(", {name}", "").replace(" {name}", "")
    return template.format(name=name, **values)
