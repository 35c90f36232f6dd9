"""Hostile replies are read by a person with no pitch offered; talk of spam or the law that blames
nobody is an ordinary reply. The examples were written for this rule; none comes from an evaluation set."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.hostility import is_hostile
from sdr_assets.triage.result import HOSTILE

from .helpers import make_message

HOSTILE_REPLIES = [
    "This is spam. Reported.", "Reported to Google as spam.", "Are you serious? Third time. Spam.",
    "Stop spamming me.", "I've marked this as spam.", "You are spammers.", "unsubscribe me you spammers", "This is pure spam and I am done.",
    "How did you get my email? This is harassment.", "Where did you get my details?",
    "Who gave you my number? This is illegal under GDPR.", "This violates the GDPR.", "I will report you to the ICO.",
    "Cease and desist.", "Stop harassing me.", "This is harassment.", "I will take legal action.",
    "What a tone-deaf email. We just had layoffs.", "This is creepy.", "wtf is this",
    "Is this a joke? What is wrong with you people?", "f*** off",
    "Das ist Spam. Woher haben Sie meine Adresse?", "Unverschämt.", "C'est du spam, arrêtez.",
    "Où avez-vous eu mon adresse ?", "Esto es spam.", "¿De dónde sacaron mi correo?", "Questo è spam.",
    "Come avete avuto il mio indirizzo?", "Dit is spam.", "Hoe komt u aan mijn e-mailadres?", "Isso é spam.",
]
ORDINARY = [
    "Your email went to my spam folder, sorry for the late reply.", "Our filter marked it as spam, but I found it.",
    "It was not spam, I just missed it.", "It's spam season for our support team, ha.",
    "Is this spam? Just checking it is really you.", "We sell anti-spam software.",
    "Are you GDPR compliant?", "How do you handle GDPR and data residency?",
    "Our lawyer will review the contract.", "I'll report this to our CTO, sounds interesting.",
    "Not creepy at all, great research.", "We help banks fight payment scams.", "Non è spam, l'ho letto.",
    "We just blocked time for this next week.", "Yes, interested. Can we talk Tuesday?",
    "Thanks for reaching out! How did you find my profile? Happy to chat Thursday.",
    "Where did you find my talk? Loved it. Let's set up a call.",
    "Yes please. Our avg customer complaint volume doubled this year, can you help?",
    "Our GDPR complaint handling is manual, could you show me how you automate it?",
    "This is not offensive at all, good research. Let's talk.",
    "We are drowning in harassment reports on our platform; does your product handle trust and safety?",
    "We rarely take legal action, but our contracts team is swamped.",
    "Can you fight spammers for us?", "We help you stop scammers at checkout.",
]


@pytest.mark.parametrize("text", HOSTILE_REPLIES)
def test_a_hostile_reply_is_flagged(text):
    assert is_hostile(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_spam_or_the_law_named_without_blame_is_not(text):
    assert not is_hostile(text)


def test_a_hostile_question_is_no_lead_and_waits_for_a_person():
    result = classify_message(make_message("How did you get my email? This is harassment."),
                              reply_labeller=lambda _text: ("question", None, 0.9))
    assert (result.label, result.needs_review, result.reason) == ("not_interested", True, HOSTILE)


def test_hostile_interest_stays_interest_and_waits_for_a_person():
    result = classify_message(make_message("Interesting, but how did you get my email address?"),
                              reply_labeller=lambda _text: ("interested", None, 0.9))
    assert (result.label, result.needs_review, result.reason) == ("interested", True, HOSTILE)


@pytest.mark.parametrize("text", ["This is spam. Unsubscribe me now.", "Unsubscribe me, you spammers."])
def test_a_hostile_request_to_stop_stays_an_opt_out_and_is_marked_hostile(text):
    """Handled as any opt-out, with nobody to read it; the mark is what the monitor weighs."""
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.reason) == ("unsubscribe", False, HOSTILE)


# The verbs and threats beside the nouns the rule knew: a stop request in these words was read as a
# polite one (or as interest), and the monitor weighed the anger as nothing.
HOSTILE_IN_OTHER_WORDS = [
    "Arrêtez de me harceler.", "Vous êtes des spammeurs.", "Je vais porter plainte.", "Dejen de acosarme.",
    "Smettetela di molestarmi.", "Pare de me assediar.", "Ich werde Anzeige erstatten.",
    "Dejen de molestarme.", "Ya me están molestando con estos correos.", "Parem de me molestar.",
    "Ci state molestando.",
    "Smettete di molestarla.", "Smettetela di molestarlo!", "Continuate a molestarla con queste email.",
    "La state molestando da settimane.", "Lo stanno molestando ogni giorno.", "Basta di molestarla.",
    "Smetta di molestarla.", "Smettila di molestarlo con queste email.",
]
ORDINARY_IN_OTHER_WORDS = [
    "Nos clients veulent porter plainte plus vite, pouvez-vous aider ?", "Nous luttons contre les spammeurs.",
    "Estoy acostumbrado a estos correos, pero me interesa.", "We protect our users from spammers.",
]
# "Molestar" is also the polite "to bother" in Spanish and Portuguese: an apology before a question.
POLITE_BOTHER = [
    "Siento molestarle, pero ¿cuánto cuesta la licencia?", "No quiero molestar, ¿tienen integración con HubSpot?",
    "Desculpe molestar, qual é o preço?", "Perdón por molestarlos, ¿tienen API?",
    "No me está molestando, pero ahora no es buen momento.",
    "Siento molestarla, pero ¿tienen API?", "Perdone por molestarlo, ¿cuánto cuesta?",
    "Disculpe molestarla con esto.", "No quiero molestarlo más, gracias.", "No la está molestando.",
    "Smetto di molestarla: grazie del suo tempo.", "Allora smettiamo di molestarlo, a presto.",
]


@pytest.mark.parametrize("text", HOSTILE_IN_OTHER_WORDS)
def test_harassment_and_threats_in_other_languages_are_flagged(text):
    assert is_hostile(text)


@pytest.mark.parametrize("text", ORDINARY_IN_OTHER_WORDS)
def test_their_nouns_without_blame_are_not(text):
    assert not is_hostile(text)


@pytest.mark.parametrize("text", POLITE_BOTHER)
def test_an_apology_for_bothering_is_no_anger(text):
    assert not is_hostile(text)


def test_a_polite_buying_question_in_spanish_stays_a_question():
    result = classify_message(make_message("Siento molestarle, pero ¿cuánto cuesta la licencia?"),
                              reply_labeller=lambda _text: ("question", None, 0.9))
    assert (result.label, result.reason) == ("question", None)
