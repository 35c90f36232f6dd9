"""A request to stop writing on another channel (LinkedIn, texts, WhatsApp, Slack) that welcomes our mail is no
opt-out: she asks for our mail, not for less of it, and an opt-out would stop every play for good with nobody to lift
it; a person reads it. The same request without mail welcomed, or with our mail stopped too, still opts out, as a
request to stop calling does (``call_requests``)."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Stop messaging me on LinkedIn, email is fine.",
    "Please stop texting me, email me instead.",
    "Stop pinging me on Slack, just email me.",
    "Don't message me on WhatsApp, email me instead.",
    "Bitte schreiben Sie mir nicht mehr auf LinkedIn, E-Mails sind in Ordnung.",
    "Ne m'écrivez plus sur LinkedIn, l'email me convient.",
    "No me escriban más por WhatsApp, por correo está bien.",
])
def test_another_channel_stopped_with_mail_welcome_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Stop messaging me on LinkedIn and stop emailing me.",
    "Stop messaging me on LinkedIn, email is fine. Actually, just stop altogether.",
    "Stop emailing me.",
    "Stop messaging me.",
    "Ne m'écrivez plus.",
    "No me escriban más.",
    "Bitte schreiben Sie mir nicht mehr.",
])
def test_our_mail_stopped_still_opts_out(text):
    assert_recorded(text)
