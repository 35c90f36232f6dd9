"""A request to stop said as already made is never closed unread, in each language the rules read: "Já pedi para me
tirarem da lista", "This is the third time I'm asking you to stop" (``repeated_requests``). The rule records it where
its own words ask to stop; where only the telling of it does, a person reads it, her mail held. Written for this rule;
none comes from an evaluation set."""

from datetime import timedelta

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.optout_requests import REFUSAL_RE
from sdr_assets.triage.repeated_requests import REPEATED_REQUESTS
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.send_world import first_emails_sent, human_reply

from .helpers import assert_read_by_a_person, assert_recorded, make_message, unexercised

REPEATED = [
    "Já pedi para me tirarem da lista", "Ich habe Sie bereits gebeten, mich zu entfernen",
    "Je vous ai déjà demandé de me retirer", "Ik heb al gevraagd om me af te melden",
    "This is the third time I'm asking you to stop", "How many times do I have to ask you to stop?",
    "I already asked you not to contact me again.", "We have asked you repeatedly not to email us.",
    "I keep telling you to stop emailing me.",
    "Wir haben Sie bereits aufgefordert, uns nicht mehr zu kontaktieren.",
    "Ich habe bereits darum gebeten, mich abzumelden.", "Bereits zweimal habe ich Sie gebeten, mich auszutragen.",
    "Ich bat Sie schon, mich aus Ihrem Verteiler zu streichen.",
    "Zum dritten Mal bitte ich Sie, mich aus Ihrer Liste zu löschen.",
    "Je vous ai demandé à plusieurs reprises de ne plus me contacter.",
    "C'est la troisième fois que je vous demande d'arrêter.", "Je vous ai déjà demandé d’arrêter de m’écrire.",
    "Ya les he pedido dos veces la baja.", "Ya pedí que dejen de escribirme.",
    "Es la tercera vez que les pido que no me escriban.", "Ya les dije que me borren de su lista.",
    "Ho chiesto più volte di non essere più contattato.", "È la terza volta che vi chiedo di smettere.",
    "Vi avevo già chiesto di smettere di scrivermi.",
    "We hebben al eerder verzocht om ons uit te schrijven.", "Dit is de derde keer dat ik vraag om te stoppen.",
    "Ik had jullie al gevraagd mij niet meer te mailen.", "Ik heb u al twee keer gevraagd om te stoppen met mailen.",
    "Já pedi várias vezes para pararem de me enviar e-mails.", "É a terceira vez que peço para me descadastrarem.",
    "Eu já tinha pedido para não me enviarem mais nada.",
]


def _held(result) -> bool:
    """Recorded as an opt-out, or read by a person with her mail held."""
    return result.label == "unsubscribe" or (result.needs_review and result.reason == MAY_ASK_TO_STOP)


@pytest.mark.parametrize("text", REPEATED)
def test_a_request_said_as_already_made_is_recorded_or_held_for_a_person(text):
    result = classify_message(make_message(text))
    assert _held(result), (text, result)


@pytest.mark.parametrize("text", REPEATED)
def test_a_request_said_as_already_made_is_recorded_or_held_for_a_person_in_a_new_message(text):
    fresh = make_message(text, reply=False, subject="Hello")
    for result in (classify_message(fresh, is_contact=lambda address: True), classify_message(fresh)):
        assert _held(result), (text, result)


@pytest.mark.parametrize("text", [
    "I asked you to remove our logo from the case study draft; otherwise it looks great, let's proceed.",
    "I've asked you twice to take my colleague Sarah in CC. Please do, and send the proposal.",
    "I asked you not to email me on weekends; weekday mornings are fine.",
    "We asked you not to contact us before the board meeting; it's done now, let's talk.",
    "Les había pedido que no me contactaran antes de enero; ya es enero, hablemos.",
    "Vi avevo chiesto di non scrivermi prima di gennaio; ora è gennaio, parliamone.",
    "Ya pedí la baja con mi proveedor actual, así que podemos hablar.",
    "Ik heb al gevraagd om me uit de cc te halen, maar stuur de offerte gerust.",
    "Já pedi para me tirarem da lista do webinar, mas estes e-mails me interessam.",
])
def test_what_she_says_she_asked_before_suppresses_nobody_the_rule_would_not(text):
    """The grammar of asking before tells of much besides a request to stop: none is recorded for it alone."""
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result)
    assert _held(result), (text, result)


def test_every_phrase_of_a_repeated_request_is_exercised():
    """Each phrase finds at least one of the requests above: none is written for nothing."""
    assert unexercised([phrase for phrases in REPEATED_REQUESTS.values() for phrase in phrases], REPEATED) == []


@pytest.mark.parametrize("text", [
    "I already asked my team to remove the old vendor, can you send pricing?",
    "I asked you to remove me from the calendar invite, not the list. Looking forward to Tuesday.",
    "I asked you to stop by on Tuesday, are you still coming?",
    "Ich habe meinen Kollegen gebeten, die alte Adresse zu entfernen.",
    "J'ai demandé à mon équipe de retirer l'ancien fournisseur.",
    "Ya le pedí a mi equipo que quiten al proveedor antiguo.",
    "Ho chiesto al mio team di rimuovere il vecchio fornitore.",
    "Ik heb mijn collega gevraagd om de oude leverancier te verwijderen.",
    "Já pedi à minha equipe para remover o fornecedor antigo.",
    "Nunca pedi para me tirarem da lista.",
])
def test_a_removal_asked_of_someone_else_or_denied_is_no_repeated_request(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)


@pytest.mark.parametrize("text", [
    "I asked to be removed from the other list, but this one is fine",
    "I asked to be removed from another newsletter last year; this one I read, send me the deck.",
    "We requested to be unsubscribed from your other list. Keep sending the product news.",
])
def test_a_removal_asked_from_another_list_reaches_a_person_unrecorded(text):
    assert_read_by_a_person(text)
    assert REFUSAL_RE.search(text)


@pytest.mark.parametrize("text", [
    "I asked to be removed from your previous list and I'm still getting these emails!",
    "I already asked to be removed from the old list months ago. Why am I still getting this?",
    "I requested to be unsubscribed from your old newsletter and now this. Enough.",
    "I asked to be removed from the other list and you mail me again here.",
    "I requested to be unsubscribed from your other mailing list. Please do the same here.",
    "I asked to opt out of the other list. Apply that here as well.",
    "I asked to be removed from another list of yours; please extend that to this one.",
])
def test_a_removal_asked_before_and_still_mailed_or_asked_again_here_is_recorded(text):
    assert_recorded(text)


def test_a_repeated_request_in_a_reply_holds_her_mail_for_a_person(tmp_path):
    world = first_emails_sent(tmp_path)
    ann = next(s for s in world.outbox() if s.address.startswith("ann"))
    world.deliver(human_reply(ann.address, "Já pedi para me tirarem da lista.", ann.message_id,
                              world.now + timedelta(minutes=5)))
    world.process()
    assert world.suppressed(ann.address) is None
    world.advance(3 * 24 * 60)
    world.send()
    assert [s for s in world.outbox() if s.address == ann.address] == [ann]
