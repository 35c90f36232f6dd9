"""A removal she says she never asked for, or asks why we made, is no request to stop: a person reads her reply,
and nothing is recorded by it ("I never asked you to remove me", "Why did you unsubscribe me?"). Asked as a question,
beside a request of her own, or followed by more she asks for ("only from your sales sequence", "I told you to"), it
is recorded as before; so is a question followed by anything but her wish to stay on ("Who unsubscribed me?
Thanks!"). Written for this rule; none comes from an evaluation set."""

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
    # Not remembered, with an adverb, "that you" or "to please", and the gate's "'ve not" and curly "don’t".
    "I don't recall ever asking to be unsubscribed from your list.",
    "I can't remember asking you to take me off your list.",
    "I don’t recall asking to be removed.", "I certainly never asked to be removed.",
    "I've not wanted to be taken off your list.", "I never asked that you remove me.",
    "I never asked you to please remove me.", "Never asked to be removed, please add me back.",
    "It wasn't me who asked to be removed. Keep sending.", "I wasn't the one who asked to be unsubscribed.",
    # Written without accents or apostrophes, "q" for "que", the negation put first.
    "Je n'ai jamais demande a etre desinscrit.", "Je n ai jamais demande a etre desabonne.",
    "Jamais je n'ai demandé à être désinscrit.", "Je ne me souviens pas avoir demandé à être désinscrit.",
    "Nunca pedi que me dieran de baja.", "nunca pedí q me dieran de baja",
    "No recuerdo haber pedido que me dieran de baja.",
    "Non ricordo di aver chiesto di essere cancellato.",
    # Who removed her, or why, asked in other words.
    "Who unsubscribed me?", "Who on earth unsubscribed us from your updates?",
    "Why on earth did you remove me from the list?", "Why did your team remove me from the mailing list?",
    "How come you unsubscribed me?", "What made you remove me from the list?", "Why did you take me off your list?",
    "Why did you remove my address?", "Why would u remove me?", "why do ya unsubscribe us?",
    # Her wish to stay on, told after the question.
    "Who removed me? Please add me back.", "Why did you unsubscribe me? I liked the updates.",
    "Who unsubscribed me? It wasn't me.", "Why did you remove me? It must be a mistake.",
    "Who unsubscribed me? I still want your updates.", "How come you unsubscribed me? Keep sending please.",
    "What made you remove me? I want to stay on the list.", "Why did your team remove me? Please resubscribe me.",
    "Who removed me? I didn't ask for that.",
    # Only a command carries a request over to the next line, not a "but".
    "I never asked to be removed.\nBut I liked the newsletter, add me back.",
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
    "I don't recall asking to be removed, but remove me anyway.",
    "I can't remember asking to be unsubscribed, so let me be clear: unsubscribe me.",
    "Je ne me souviens pas avoir demande a etre desinscrit, mais desinscrivez-moi.",
    "No recuerdo haber pedido la baja, pero denme de baja ya.",
    "Non ricordo di aver chiesto di essere cancellato, ma cancellatemi ora.",
    "I never asked that you remove me from the newsletter, only from sales.",
    "Never asked to be removed? Remove me now.",
    "Thanks. Never asked you to remove me, just to stop the sales emails.",
    "It wasn't me who asked to be removed, it was my boss, but remove me too.",
])
def test_a_denial_asked_as_a_question_or_beside_a_request_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Why did you unsubscribe me? Never mind, leave me off.",
    "Why did you remove me? Whatever, keep me off.",
    "Who unsubscribed me? Never mind, leave me off.",
    "Who unsubscribed me?\nNever mind, leave me off.",
    "Who unsubscribed me? Whoever it was, do it for the other list too.",
    "Why did you remove me from the newsletter? I want off all of them.",
    "Who unsubscribed me? I did, and I meant it.",
    "Why would you remove me from the events list? Unsubscribe",
    # Thanks or a shrug: nothing tells that she wants to stay on.
    "Who unsubscribed me? Thank you!", "Who unsubscribed me? Good.", "Who unsubscribed me? Thanks, whoever it was.",
    "Who unsubscribed me? Finally! I asked three times.", "Who unsubscribed me? Me, obviously.",
    "How come you unsubscribed me? Glad you did.", "Why did your team remove me? Appreciate it.",
    "Why did you take me off the list? Perfect, I was going to ask.",
    "What made you remove me? My request, I hope. Keep it so.",
    "Why did you guys unsubscribe me? lol fine, leave it.",
    "Who took me off your list? Much appreciated, please keep it so.",
    "Why did you unsubscribe me? Thank you, finally.", "Why did you unsubscribe me? Thanks, finally!",
    "Why did you unsubscribe me? Not complaining, I'm happy to be off.", "Why did you unsubscribe me? I'm relieved.",
    "Why did you remove me? Glad you did, stay away.", "Why did you remove me? Don't ever add me again.",
    "Why did you remove me? I asked you to months ago.",
    "Why did you remove me? I asked for that months ago and you kept emailing.",
    "Why would you remove me? Because I asked you to! Twice!",
])
def test_a_removal_questioned_then_kept_thanked_or_asked_of_more_is_recorded(text):
    """Her removal kept, thanked for or asked of more lists after the question: only her wish to stay on, or
    nothing at all, after it makes the question a denial."""
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "I never asked you to remove me.\nI TOLD you to.", "I never asked you to remove me. I commanded it.",
    "Never asked to be removed. Commanded it.", "I honestly never asked to be removed, I said get lost.",
    "I certainly never asked to be removed, I said please stop.", "We never asked to be removed; we said stop.",
    "I never asked to be removed — I said it, loud and clear.", "I never asked you to remove me, I said it. Twice.",
    "I never asked you to remove me.\nDo it now.", "I never asked to be removed. I expected it.",
    "Jamais je n'ai demandé à être désinscrit, faites-le maintenant.",
    "Je ne me souviens pas avoir demandé à être désinscrit.\nMais faites-le.",
    "Non ricordo di aver chiesto di essere rimosso.\nFatelo ora.",
])
def test_a_denial_followed_by_a_stronger_word_or_a_command_is_recorded(text):
    """She said, commanded, expected or tells us to do it, on the denial's line or the next: her request stands."""
    assert_recorded(text)


@pytest.mark.parametrize("text", ["Please make sure that you remove me from your list.", "I ask that you remove me."])
def test_a_removal_asked_with_that_is_no_denial(text):
    """"that you remove me" is a denial's only after "I never asked"."""
    assert not DENIAL_RE.search(text)
    assert_recorded(text)
