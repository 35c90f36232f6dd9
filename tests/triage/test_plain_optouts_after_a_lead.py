"""Plain requests to stop, short or after a decline set off by a comma or a dash ("Kein Bedarf, bitte abmelden",
"Danke, bitte aus dem Verteiler nehmen", "Not interested - unsubscribe", "Pls remove", "Please delist me", "Strike me
off", "Please discontinue these emails", "Quiero desuscribirme", "Favor de no volver a contactarme"), are recorded:
each waited for a person, her mail held, though nothing in it needed one. A removal of someone else, of a thing, from
a meeting, refused, or asked about is none."""

import pytest

from sdr_assets.triage.labels import is_unsubscribe
from tests.triage.helpers import assert_recorded


@pytest.mark.parametrize("text", [
    "Kein Bedarf, bitte abmelden",
    "Kein Bedarf. Bitte abmelden",
    "Danke, bitte aus dem Verteiler nehmen",
    "Kein Interesse - bitte aus dem Verteiler löschen",
    "Pls remove",
    "Not interested - unsubscribe",
    "Not interested, unsubscribe.",
    "Please delist me",
    "Please delist us, thanks.",
    "Strike me off",
    "Strike us off, please.",
    "Please discontinue these emails",
    "Kindly discontinue your marketing emails.",
    "Quiero desuscribirme",
    "Queremos desuscribirnos, gracias.",
    "Favor de no volver a contactarme",
    "Por favor, no volver a contactarnos.",
])
def test_a_plain_request_to_stop_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Danke, bitte Herrn Braun aus dem Verteiler nehmen",
    "Danke, bitte vom Webinar abmelden",
    "Kein Bedarf, bitte nicht abmelden",
    "Pls remove the attachment",
    "Not interested - unsubscribe? No, I'd rather hear about pricing.",
    "Thursday works.\nAcme Weekly - Manage preferences - unsubscribe",
    "How do I delist my company from the directory?",
    "Please delist me from the webinar attendees.",
    "Strike me off the guest list for Friday.",
    "Strike me off the guest list\nfor Friday, I can't make it.",
    "Please discontinue these emails to my old address and use pat@newco.example.",
    "We discontinued these emails internally last year.",
    "No quiero desuscribirme, me interesan.",
    "¿Cómo puedo desuscribirme del webinar?",
    "Quiero desuscribirme del webinar del jueves.",
    "Favor de no volver a contactarme hasta marzo.",
])
def test_a_near_miss_is_no_opt_out(text):
    assert not is_unsubscribe(text), text
