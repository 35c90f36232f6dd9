"""A request never to be called again that asks for mail instead ("Favor de no volver a llamarme, por correo está
bien", "Por favor, no volver a llamarnos, escríbanos por correo") is no opt-out: she asks for our mail, and a person
reads it. The plain request never to be contacted again took her call for our mail and recorded a permanent opt-out
with nobody told. Alone, or with our mail stopped too, it still opts out, as "dejen de llamarme" does."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Favor de no volver a llamarme, por correo está bien.",
    "Favor de no volver a llamarme, escríbanme por correo.",
    "Por favor, no volver a llamarnos. Por correo está bien.",
])
def test_no_more_calls_with_mail_welcome_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Favor de no volver a llamarme.",
    "Favor de no volver a contactarme.",
    "Favor de no volver a escribirme, ni a llamarme.",
])
def test_no_more_calls_alone_still_opts_out(text):
    assert_recorded(text)
