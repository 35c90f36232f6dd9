"""A removal she says she never asked for, or asks why we made, is no request to stop: a person reads her reply,
and nothing is recorded by it ("I never asked you to remove me", "Why did you unsubscribe me?"). Asked as a question,
beside a request of her own, or followed by more she asks for ("only from your sales sequence", "I told you to"), it
is recorded as before. Written for this rule; none comes from an evaluation set."""

import pytest

from sdr_assets.triage.denied_requests import DENIALS
from sdr_assets.triage.optout_requests import DENIAL_RE

from .helpers import assert_read_by_a_person, assert_recorded, top_alternatives, unexercised

DENIED = [
    "I never asked you to remove me.", "I never asked to be removed from your list.",
    "I did not ask you to remove me.", "We never asked to be unsubscribed.",
    "I have never asked you to take me off your list.", "I haven't asked you to unsubscribe me.",
    "I never said remove me.", "I didnt ask you to remove me.", "I never asked for you to remove me.", "Why did you remove me? I never asked for that.", "Why did you unsubscribe me?",
    "I never asked you to unsubscribe me, why did I stop getting your newsletter?",
    "Je n'ai jamais demandé à être désinscrit.", "Je ne vous ai jamais demandé de me retirer de la liste.",
    "Je n'ai pas demandé qu'on me retire de la liste, continuez à m'écrire.",
    "Nunca pedí que me dieran de baja.", "Yo no pedí que me borraran de la lista.",
    "No pedí que me dieran de baja, quiero seguir recibiendo sus correos.",
    "Non ho mai chiesto di essere cancellato.",
]


@pytest.mark.parametrize("text", DENIED)
def test_a_removal_denied_or_questioned_reaches_a_person_unrecorded(text):
    assert_read_by_a_person(text)
    assert DENIAL_RE.search(text)


def test_every_phrase_of_a_denial_is_exercised():
    phrases = [alternative for denial in DENIALS.values() for alternative in top_alternatives(denial)]
    assert unexercised(phrases, DENIED) == []


@pytest.mark.parametrize("text", [
    "I never asked you to remove me, but please stop emailing me now.",
    "I never asked to be added. Remove me.",
    "I never asked for these emails, remove me.",
    "I never asked to be on this list, unsubscribe me.",
    "Didn't I ask you to remove me?",
    "I never asked you to remove me?",
    "¿No pedí que me dieran de baja?",
    "Non ho già chiesto di essere cancellato?",
    "I did not ask you to remove me from the meeting, I asked to be removed from your list!",
    "Why did you not remove me? I asked you to.",
    "I never asked to be removed from the newsletter, only from your sales sequence.",
    "I didn't ask you to remove me from LinkedIn, just from email.",
    "I never asked to be deleted from your database I just want the emails to stop",
    "I never asked you to remove me, I told you to.",
    "I have not asked you to remove me once, I've asked three times!",
    "We never requested to be removed, we pleaded with you to.",
    "Why did you unsubscribe me from only one list? I want off all of them.",
    "Why did you remove me from one list and not this one? Unsubscribe",
    "Je n'ai pas demandé à être retiré de la newsletter, seulement des mails commerciaux.",
    "Je n'ai pas demandé à être désinscrit, je l'ai exigé.",
    "No pedí que me dieran de baja del boletín, solo de los correos comerciales.",
    "No pedí que me quitaran de una lista, pedí que me quitaran de todas.",
    "Non ho chiesto di essere cancellato dalla newsletter, solo dalle email commerciali.",
    "Non ho chiesto di essere cancellato, l'ho preteso.",
])
def test_a_denial_asked_as_a_question_or_beside_a_request_is_recorded(text):
    assert_recorded(text)
