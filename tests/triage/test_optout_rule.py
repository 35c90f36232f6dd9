"""The opt-out rule: requests to stop writing are suppressed with no person, near-misses are not."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.labels import is_unsubscribe

from . import evaluation
from .helpers import make_message

# Opt-outs the rule missed before it was written from the development set (each failed then).
OPT_OUTS = [
    "Leave me alone.", "Kindly cease all communication.", "Cease and desist.", "Quit emailing me.",
    "Not interested, please don't follow up.", "I don't want to hear from you again.", "Lose my email address.",
    "I want off this list.", "Do not reach out again.", "Please do not send further emails.",
    "No further contact please.", "This is spam. Stop.", "Please mark me as do not contact.",
    "Add me to your do-not-contact list.", "Please stop the emails.", "Enough emails, please stop.",
    "Please refrain from contacting me further.", "Please don't reach out to me again.", "no more please",
    "Please forget me.", "pls unsubscirbe me", "Please take this address off your distribution.",
    "You can drop me from your cadence.", "I do not wish to be contacted by your company.",
    "Consider this my formal request to be excluded from all future marketing.",
    "I request erasure of all personal data you hold about me.",
    "Hören Sie bitte auf, mir zu schreiben.", "Lassen Sie mich in Ruhe.", "Ich möchte keine Werbemails mehr.",
    "Arrêtez de m'envoyer vos mails.", "Merci de me retirer de votre liste de diffusion.", "Fichez-moi la paix !",
    "¿Me pueden quitar de su base de datos?", "No me vuelvan a contactar.", "Déjame en paz.",
    "Basta con queste email!", "Potete togliermi dalla lista?", "Lasciatemi in pace.",
    "Laat me met rust.", "Ik wil niet meer benaderd worden.", "Neem geen contact meer met mij op.",
    "Pare de me mandar mensagem, por favor.", "Me deixa em paz.", "Não entrem mais em contato.",
    "Ta bort mig från er lista.", "Fjern mig venligst fra jeres liste.", "Proszę usunąć mnie z listy.",
    "I'd rather you stopped reaching out altogether.", "Please make this the last email I get from you.",
    "Could you not email me again? Thanks.", "Can you stop?", "take me of ur list",
    "Our legal team asks that this domain opts out of all unsolicited email. Please suppress @acme.example.",
    "Please log this as a do-not-contact request.", "I object to the processing of my personal data.",
    "Von weiteren Kontaktaufnahmen bitte ich abzusehen.", "Pourriez-vous cesser de m'écrire ?",
    "Les agradecería que este fuera el último mensaje.", "Potete smettere di scrivermi?",
    "Kunnen jullie stoppen met mailen?", "Vocês podem parar de me mandar e-mail?",
]

# Near-misses: each is close to a phrase of the rule and asks for no such thing.
NEAR_MISSES = [
    "Consider this a request for a demo next week.", "We request the removal of the old data before the migration.",
    "Forget my last email, I mixed up the dates.", "I'll lose my email access on Friday, use my colleague's.",
    "Drop me from the invite, Ana will join instead.", "Don't call me, email is better.",
    "We don't need to receive more quotes, we picked a vendor.", "I don't want to hear from you until Q3.",
    "Don't follow up until next year, budgets are frozen.", "Don't reach out, I will.",
    "Don't write back if it's not a fit, just send the deck.", "I'll tell you when to stop.",
    "We ceased all communication with our old vendor.", "Please don't send more emails to Joe, he left.",
    "No further questions, let's sign.", "Stop the trial please, and send an invoice for the annual plan.",
    "Please don't forget my email when you send the recording.", "Leave me a voicemail if email doesn't work.",
    "Herr Schulz ist nicht mehr bei uns. Bitte streichen Sie ihn aus Ihrem Verteiler.",
    "Hören Sie, ich melde mich nächste Woche.", "Merci, plus de détails svp.", "Basta così, mandatemi il contratto.",
    "Sounds good, let's talk Tuesday.\n\nIf you are not the intended recipient, please delete this email from your "
    "system.",
    "This will be the last email I send before my vacation.", "I'd rather you didn't email me the contract.",
    "I'd prefer not getting a call, email is fine.", "Can users opt out of marketing emails in your tool?",
    "Can you remove it from the list of requirements?", "I asked you to stop by the booth.", "Can you stop by our booth?",
    "You can stop sending me the PDFs, I've got them all now.", "Take me off the calendar invite, Ana will join.",
    "Please remove me from the webinar registration, is there a recording?",
    "I unsubscribed from your newsletter a while back, but this caught my eye.",
    "Dies ist die letzte Mail vor meinem Urlaub.", "Comment gérez-vous le droit d'opposition ?",
    "Este es el último correo que te envío.", "Questa è l'ultima email che ti mando.",
    "Quero ser contatado na próxima semana.", "Pode parar de mandar os PDFs, já recebi tudo.",
    "We opted out of the beta program, is that a problem?", "I'm no longer bothered by the price, send the quote.",
]


@pytest.mark.parametrize("text", OPT_OUTS)
def test_a_request_to_stop_writing_is_an_opt_out(text):
    """Recorded with nobody to decide it; one that asks to erase her data goes to a person who answers that."""
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review) == ("unsubscribe", result.data_request)
    assert result.data_request == (text == "I request erasure of all personal data you hold about me.")


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_is_no_opt_out(text):
    assert not is_unsubscribe(text)


def test_the_development_sets_are_decided_as_labelled():
    first, second = (evaluation.evaluate_optouts(path) for path in (evaluation.OPTOUTS_DEV, evaluation.OPTOUTS_DEV2))
    assert (first["suppressed"], first["optouts"]) == (120, 120)
    # Two are missed, "Now please forget it." and "No need to circle back. Ever.": the opt-out model,
    # which learns from this set, marks both for a person.
    assert (second["suppressed"], second["optouts"]) == (118, 120)
    assert (second["to_person"], second["marked"], second["closed"]) == (2, 2, 0)
    assert (first["taken"], first["near_misses"], second["taken"], second["near_misses"]) == (0, 80, 0, 80)


def test_on_the_held_out_set_few_opt_outs_are_closed_with_nobody_told():
    """A floor, not a target: nothing in the rule or the opt-out model was written or chosen from
    these replies (105 of 150 suppressed, 2 closed with nobody told and 1 near-miss of 100 suppressed
    when the rule was last changed; 48, 11 and 2 before it was measured. With the model, 0 closed, and
    43 of the 45 requests a person reads marked as such)."""
    result = evaluation.evaluate_optouts()
    assert result["optouts"] == 150 and result["near_misses"] == 100
    assert result["suppressed"] >= 95, result["suppressed"]
    assert result["closed"] <= 2, result["closed"]
    assert result["marked"] >= 35, result["marked"]
    assert result["taken"] <= 2, result["taken"]
