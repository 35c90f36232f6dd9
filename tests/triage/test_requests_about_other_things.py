"""A reply that asks to be taken off a meeting, to be left alone for a while, to lose a phone number while
mail is welcome, or to be sent no more of something that is not our mail is no opt-out: an opt-out stops
every play for good and nobody may lift it, so such a reply goes to a person, who reads what she asked.
A request to leave one of our lists, whatever the list is called, still opts out."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Please remove me from tomorrow's meeting, Sam will join instead.",
    "Can you take me off the Thursday invite? Dana will attend.",
    "Please remove me from the Zoom invite, I'll forward it to our VP.",
    "Remove me from the demo invite, my colleague will take it.",
    "Please remove me from the 3pm call, I'm double booked. Can we do 4pm?",
    "Remove me from the weekly sync invite please, Dana will cover.",
])
def test_a_removal_from_a_meeting_named_with_a_word_before_it_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Please remove me from your call list.",
    "Remove me from your calling list.",
    "Remove me from your webinar list.",
    "Please remove me from your event mailing list.",
    "Take me off your events list, please.",
    "Remove me from all your events.",
    "Remove me from your email group.",
])
def test_a_removal_from_a_list_named_for_calls_or_events_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Leave me alone until after the holidays, then let's talk.",
    "Leave us alone for now, we're in a merger. Try again in Q3.",
    "Leave me alone for a couple of weeks, I'm on vacation; ping me in March.",
])
def test_being_left_alone_for_a_while_is_timing_not_an_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", ["Leave me alone.", "Leave me alone for good.", "Please just leave us alone!"])
def test_being_left_alone_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Delete my number please, I prefer email.",
    "Please remove my phone number from your records, email me instead.",
])
def test_a_phone_number_removed_where_mail_is_welcome_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", ["Delete my number.", "Please remove my phone number and stop emailing me."])
def test_a_phone_number_removed_alone_or_with_the_mail_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Don't send me any more attachments, a link is fine.",
    "Please don't send me any more calendar invites without an agenda. Happy to chat by email.",
    "Don't send me any more meeting requests; reply here with details instead.",
])
def test_no_more_of_something_that_is_not_our_mail_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Don't send me any more.", "Please don't send me any more of these.", "Don't send us any more emails.",
    "Don't send me any more, thanks.", "Do not send me any more sales pitches.",
])
def test_no_more_of_our_mail_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Entfernen Sie mich bitte aus der Einladung für Donnerstag, mein Kollege Herr Braun übernimmt.",
    "Nehmen Sie mich bitte aus dem Termin am Donnerstag raus, Frau Yilmaz kommt stattdessen.",
    "Löschen Sie mich aus dem Meeting, Herr Braun nimmt teil.",
    "Retirez-moi de l'invitation de jeudi, mon collègue s'en occupe.",
    "Quítenme de la reunión del jueves, irá mi compañero Javier.",
    "Elimínenme de la invitación del jueves, va mi colega.",
])
def test_a_removal_from_a_meeting_in_another_language_the_plays_write_in_is_no_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", [
    "Bitte nehmen Sie mich aus dem Verteiler.", "Entfernen Sie mich bitte aus Ihrem Einladungsverteiler.",
    "Löschen Sie mich.", "Streichen Sie mich von Ihrer Liste für Veranstaltungen.",
    "Retirez-moi de votre liste.", "Retirez-moi de la liste des invitations.", "Supprimez-moi.",
    "Quítenme de su lista.", "Quítenme de la lista de eventos.", "Bórrenme, por favor.",
])
def test_a_removal_from_a_list_in_another_language_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Don't email me until after the 15th, then happy to chat.",
    "Don't contact me before Monday, I'm travelling.",
    "Please do not email me for the next two weeks, I'm on leave. Then yes, let's talk.",
    "Don't reach out to me this month, we're closing the quarter; try me in July.",
])
def test_no_mail_for_a_while_is_timing_not_an_opt_out(text):
    assert_read_by_a_person(text)


@pytest.mark.parametrize("text", ["Don't email me.", "Do not contact me again.", "Never email me again, please.",
                                  "Don't contact us for any reason."])
def test_no_mail_at_all_opts_out(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Don't email me before I ask.", "Don't contact me until I contact you.", "Leave me alone until I say otherwise.",
    "Don't email me until hell freezes over.",
])
def test_no_mail_until_she_asks_or_for_ever_opts_out(text):
    """No mail until she asks for it, or until a time that never comes, is no while: it opts out."""
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Don't send me any more quotes or emails.", "Please don't send me any more brochures or emails.",
    "Don't send me any more samples, or anything else.",
])
def test_no_more_of_something_and_of_our_mail_opts_out(text):
    """No more of a deal's documents and of our mail too asks for no mail: it opts out."""
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Don't email me until I'm back from leave on the 20th.", "Don't send me any more PDFs, and emails with links are fine.",
])
def test_no_mail_until_she_is_back_or_no_more_documents_by_mail_is_no_opt_out(text):
    """No mail until she is back, or no more documents while mail is welcome, is read by a person."""
    assert_read_by_a_person(text)
