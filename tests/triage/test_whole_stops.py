"""A request to stop everything takes back the mail she allowed beside a request to stop calling: "Stop calling me, email
is fine if you must, but I'd rather you stopped altogether" (``whole_stops``)."""


import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from sdr_assets.triage.whole_stops import WHOLE_STOPS
from tests.triage.helpers import assert_read_by_a_person, assert_recorded, make_message, top_alternatives, unexercised


@pytest.mark.parametrize("text", [
    "Stop calling me, email is fine if you must, but I'd rather you stopped altogether",
    "Stop calling me, email is fine if you must, but I would prefer you stop altogether.",
    "Please stop calling me, email is fine. Actually, just stop everything.",
    "Stop calling me, email is fine. On second thought, stop emailing too.",
    "Stop calling me, email is fine. Honestly, stop for good, thanks.",
    "Stop calling me, email is fine. I'm done with this (really) stop everything.",
])
def test_a_request_to_stop_everything_is_an_opt_out_whatever_mail_she_allowed_before(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "I'd rather you stopped altogether.",
    "Please stop altogether.",
    "Just stop everything and listen: we want 50 seats.",
    "Honestly, stop everything, the CFO approved it. Send the order form.",
    "We'd rather you stop, regroup with your SE, and come back with a demo next week.",
    "I'd rather you stopped, took a breath, and sent me a proper proposal.",
    "Stop it altogether, the old tool I mean. We're switching to you, send the contract.",
    "Stop everything, we just got budget approved. Call me tomorrow!",
])
def test_a_stop_of_everything_with_no_mail_allowed_before_it_is_read_by_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Please stop calling me, email is fine.",
    "Stop calling altogether, email is fine.",
    "I'd rather you stopped calling, email works.",
    "Stop calling me, email is fine. Don't stop everything, I like the updates.",
    "We stopped altogether last year, so the timing is good.",
    "Should we stop altogether?",
    "Stop everything you are doing and book a call with me!",
])
def test_a_stop_of_one_thing_ours_told_of_or_asked_is_no_request_to_stop_everything(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)


def test_a_request_to_stop_calling_that_welcomes_mail_still_goes_to_a_person_with_her_mail_held():
    result = classify_message(make_message("Please stop calling me, email is fine"))
    assert (result.label != "unsubscribe", result.reason) == (True, MAY_ASK_TO_STOP)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)


ABROAD = [
    "Hören Sie auf, mich anzurufen, schreiben Sie mir lieber. Eigentlich: hören Sie ganz auf.",
    "Rufen Sie mich bitte nicht mehr an, E-Mail ist ok. Nein, lassen Sie es ganz.",
    "Rufen Sie mich nicht mehr an, E-Mails sind ok. Aber mir wäre lieber, dass Sie ganz aufhören.",
    "Rufen Sie mich nicht mehr an, schreiben Sie mir lieber. Nein, schreiben Sie mir auch nicht.",
    "Arrêtez de m'appeler, écrivez-moi plutôt. En fait, arrêtez tout.",
    "Arrêtez de m'appeler, l'e-mail me convient. Mais je préférerais que vous arrêtiez complètement.",
    "Ne m'appelez plus, écrivez-moi. Enfin non, ne m'écrivez pas non plus.",
    "Dejen de llamarme, escríbanme. Mejor dicho, paren todo.",
    "Dejen de llamarme, por correo está bien. Pensándolo mejor, tampoco me escriban.",
    "No me llamen más, el correo está bien. Bueno, prefiero que paren del todo.",
    "Smettete di chiamarmi, l'email va bene. Anzi, smettete del tutto.",
    "Non chiamatemi più, l'email va bene. Anzi, preferirei che smetteste del tutto.",
    "Non chiamatemi più, scrivetemi per email. Anzi, non scrivetemi nemmeno.",
    "Wilt u mij niet meer bellen? Mailen is prima. Nee, stop er maar helemaal mee.",
    "Bel mij niet meer, mail is prima. Eigenlijk heb ik liever dat u helemaal stopt.",
    "Bel mij niet meer, mail mij liever. Nee, mail mij ook niet.",
    "Parem de me ligar, por e-mail está ótimo. Aliás, parem com tudo.",
    "Parem de me ligar, prefiro o e-mail. Na verdade, prefiro que parem de vez.",
    "Não me liguem mais, o e-mail está bem. Aliás, também não me mandem e-mails.",
    "Rufen Sie mich nicht mehr an, E-Mail ist ok. Nein: auch keine E-Mails.",
    "Ne m'appelez plus, l'e-mail me convient. Non, pas de mails non plus.",
    "No me llamen más, escríbanme. Bueno, ni me escriban tampoco.",
    "Non chiamatemi più, l'email va bene. Anzi, neanche mi scrivete.",
    "Bel mij niet meer, mail is prima. Nee, ook niet mailen.",
]


@pytest.mark.parametrize("text", ABROAD)
def test_a_request_to_stop_everything_in_another_language_takes_back_the_mail_she_allowed(text):
    assert_recorded(text)


def test_every_phrase_of_a_whole_stop_is_exercised():
    """Each phrase of a whole stop takes back the mail allowed in one of the requests above or the first test's."""
    texts = ABROAD + ["Stop calling me, email is fine if you must, but I'd rather you stopped altogether",
                      "Please stop calling me, email is fine. Actually, just stop everything.",
                      "Stop calling me, email is fine. On second thought, stop emailing too."]
    assert unexercised(top_alternatives(WHOLE_STOPS), texts) == []


@pytest.mark.parametrize("text", [
    "Smettete di chiamarmi, l'email va bene.",
    "Arrêtez de m'appeler, l'e-mail me convient. Arrêtez tout et lisez ma proposition.",
    "Dejen de llamarme, escríbanme. ¿Paramos todo?",
    "Parem de me ligar, por e-mail está ótimo. Nós paramos tudo no ano passado.",
    "Hören Sie auf, mich anzurufen, schreiben Sie mir lieber. Hören Sie nicht ganz auf.",
    "Wilt u mij niet meer bellen? Mailen is prima. Wij zijn helemaal gestopt met de oude tool.",
])
def test_a_stop_of_one_thing_ours_told_of_or_asked_abroad_is_no_request_to_stop_everything(text):
    assert_read_by_a_person(text)
