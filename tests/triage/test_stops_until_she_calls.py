"""A request to stop the follow-ups from a prospect who says she will be in touch herself ("Stop aux relances, je vous
rappelle la semaine prochaine", "Stop following up, I'll call you next week") asks this chase to end, not every play
to stop for good: she means to talk to us. Recorded as an opt-out, she is suppressed for good with nobody told of the
call she announced; so a person reads it, her mail held, and records the opt-out if that is what she meant. A request
to stop with no such promise, or one that names someone else to be called ("I'll call my lawyer") or refuses to be
in touch ("I will never contact you"), is recorded as the opt-out it is."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Stop aux relances, je vous rappelle la semaine prochaine",
    "Arrêtez les relances, je reviens vers vous lundi.",
    "Stop following up, I'll call you next week.",
    "Stop following up, I’ll call you next week.",
    "Please stop the follow-ups, we'll get back to you after the board meeting.",
    "Hören Sie auf, mir zu schreiben, ich rufe Sie nächste Woche an.",
    "Bitte keine Mails mehr, ich melde mich im Herbst bei Ihnen.",
    "Dejen de escribirme, yo les llamo la semana que viene.",
    "No me escriba más, me pondré en contacto con usted en marzo.",
])
def test_a_stop_from_someone_who_will_call_goes_to_a_person(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Stop aux relances.",
    "Stop following up, I'll call my lawyer next.",
    "Stop emailing me. I will never contact you.",
    "Bitte keine Mails mehr. Ich melde mich ab.",
    "Stop emailing me or I'll report you.",
])
def test_a_stop_with_no_call_promised_is_recorded(text):
    assert_recorded(text)
