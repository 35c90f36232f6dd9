""""No enviar." alone ("Don't send.") names nothing it refuses: under our "¿Le envío el caso de estudio?" it declines
the case study, not every email of every play for good, as the English "Don't send." is no opt-out either; a person
reads it. Sending no more ("No enviar más", "No enviarme más"), or contact and writing refused ("No contactar", "No
escribir más"), are the opt-outs they say and are recorded."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded

QUOTED_QUESTION = ("\n\nEl lun, 3 jun 2024 a las 9:00, Alex <alex@sdr.example> escribió:\n"
                   "> Hola Pat, ¿le envío el caso de estudio de Banco Norte?\n> Alex\n")


@pytest.mark.parametrize("text", [
    "No enviar.",
    "No enviar, gracias.",
    "No mandar.",
    "No enviar." + QUOTED_QUESTION,
])
def test_a_bare_do_not_send_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "No enviar más.",
    "No enviarme más, gracias.",
    "No contactar.",
    "No escribir más, por favor.",
    "No mandar más." + QUOTED_QUESTION,
])
def test_sending_or_contact_refused_is_recorded(text):
    assert_recorded(text)
