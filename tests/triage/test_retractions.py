"""A request to stop she takes back in the same message goes to a person, her mail held; one she does not take back
is recorded (``retractions``)."""

from datetime import timedelta

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.send_world import first_emails_sent, human_reply
from tests.triage.helpers import assert_recorded, make_message


@pytest.mark.parametrize("text", [
    "Le agradecería que me quitaran de su lista. Es broma, me interesa, llámenme.",
    "Unsubscribe me. Just kidding, I'm interested, call me.",
    "Please remove me from your list. Haha, only joking! Sounds interesting, can we set up a call on Thursday?",
    "Retirez-moi de votre liste. C'est une blague, ça m'intéresse, appelez-moi.",
    "Tragen Sie mich aus dem Verteiler aus. War nur Spaß, ich bin interessiert, rufen Sie mich an.",
    "Haal me van jullie lijst. Grapje! Klinkt interessant, kunnen we donderdag bellen?",
    "Cancellatemi dalla lista. Sto scherzando, mi interessa, chiamatemi.",
    "Removam-me da lista. É brincadeira, tenho interesse, liguem-me.",
])
def test_a_request_she_takes_back_for_the_offer_goes_to_a_person_with_her_mail_held(text):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.reason) == ("interested", True, MAY_ASK_TO_STOP), (text, result)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)


def test_a_request_she_takes_back_to_ask_about_the_offer_goes_to_a_person_with_her_mail_held():
    result = classify_message(make_message("Unsubscribe me. Just kidding. How much does it cost for a team of 20?"))
    assert (result.label, result.needs_review, result.reason) == ("question", True, MAY_ASK_TO_STOP), result


@pytest.mark.parametrize("text", [
    "Remove me from your list. Just kidding, not interested.",
    "Remove me from your list. Your pitch is a joke, but I'm interested in nothing you sell.",
    "Remove me. Just kidding about the budget, we have one, just not for you.",
    "Retirez-moi de votre liste. C'est une blague ? Je suis intéressé par rien.",
    "Just kidding, I'm interested. Remove me from your list though.",
    "Spaß beiseite, tragen Sie mich aus dem Verteiler aus. Ich bin interessiert an nichts.",
    "Unsubscribe me. Just kidding. Actually, unsubscribe me and call me never.",
    "Le agradecería que me quitaran de su lista. Es broma que me escriban tanto.",
])
def test_a_request_not_taken_back_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Take me off your list. We had a laugh at your subject line. Just kidding. Who are you again?",
    "Unsubscribe. I thought your last one was satire lol. jk. Why do you email me?",
])
def test_a_joke_taken_back_sentences_after_the_request_leaves_it_recorded(text):
    """What she takes back is what she wrote just before: here a remark, not the request."""
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Me tirem da lista. É brincadeira! Quantas vezes preciso pedir?",
    "Unsubscribe me please. Just kidding, who is this?",
    "Remove me. Just kidding, can you also remove my colleague?",
])
def test_a_request_taken_back_for_a_question_about_anything_but_the_offer_stays_recorded(text):
    """A question alone after the joke is exasperation more than interest: in doubt, the opt-out is recorded."""
    assert_recorded(text)


def test_a_request_taken_back_with_nothing_asked_instead_stays_recorded():
    """"Unsubscribe me. Just kidding!" asks for nothing in its place: in doubt, the opt-out is recorded."""
    result = classify_message(make_message("Unsubscribe me. Just kidding!"))
    assert (result.kind, result.label) == ("human", "unsubscribe")


@pytest.mark.parametrize("text", [
    "Le agradecería que me quitaran de su lista. Es broma, me interesa, llámenme.",
    "Unsubscribe me. Just kidding, I'm interested, call me.",
    "Retirez-moi de votre liste. C'est une blague, ça m'intéresse, appelez-moi.",
    "Take me off your list. Just kidding, how much does it cost?",
])
def test_a_request_she_takes_back_for_the_offer_in_a_new_message_goes_to_a_person(text):
    """Whether she pressed Reply changes nothing she said: from a contact as in a reply, from anyone else as other
    mail a person reads, marked."""
    fresh = make_message(text, reply=False, subject="Hello")
    result = classify_message(fresh, is_contact=lambda address: True)
    assert (result.label in ("interested", "question"), result.needs_review, result.reason) == (
        True, True, MAY_ASK_TO_STOP), (text, result)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    stranger = classify_message(fresh)
    assert (stranger.kind, stranger.needs_review, stranger.reason) == ("other", True, MAY_ASK_TO_STOP), (text, stranger)


@pytest.mark.parametrize("text", [
    "Remove me from your list. Just kidding, not interested.",
    "Unsubscribe me. Just kidding!",
    "Unsubscribe me please. Just kidding, who is this?",
    "Take me off your list. We had a laugh at your subject line. Just kidding. Who are you again?",
    "Just kidding, I'm interested. Remove me from your list though.",
])
def test_a_request_not_taken_back_for_the_offer_in_a_new_message_stays_recorded(text):
    fresh = make_message(text, reply=False, subject="Hello")
    for result in (classify_message(fresh, is_contact=lambda address: True), classify_message(fresh)):
        assert (result.kind, result.label) == ("human", "unsubscribe"), (text, result)


def test_a_contact_who_takes_back_her_request_in_a_new_message_is_not_suppressed_but_her_mail_waits(tmp_path):
    world = first_emails_sent(tmp_path)
    ann = next(s for s in world.outbox() if s.address.startswith("ann"))
    world.deliver(human_reply(ann.address, "Take me off your list. Just kidding, how much does it cost?", None,
                              world.now + timedelta(minutes=5)))
    world.advance(10)
    world.process()
    assert world.suppressed(ann.address) is None
    world.advance(3 * 24 * 60)
    world.send()
    assert [s for s in world.outbox() if s.address == ann.address] == [ann]
