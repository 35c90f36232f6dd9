"""Her request to stop, wherever and however she puts it, is recorded; a company's words to its readers are
not hers, and a reply that takes up the offer over them goes to a person with her mail held. Real replies, in
``tests/fixtures/replies/requests_to_stop``, read by the entry point the replies job calls."""

from pathlib import Path

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.reader_notices import is_reader_notice
from sdr_assets.triage.result import MAY_ASK_TO_STOP
from tests.triage.helpers import make_message

REQUESTS = Path(__file__).resolve().parents[1] / "fixtures" / "replies" / "requests_to_stop"


def triage(name: str):
    return classify_message((REQUESTS / f"{name}.eml").read_bytes())


@pytest.mark.parametrize("name,request_words", [
    ("fresh_stop_after_long_preamble", "Please take me off your list."),
    ("fresh_stop_after_long_preamble_de", "Bitte nehmen Sie mich aus Ihrem Verteiler."),
    ("fresh_html_stop_beside_a_link", "please remove me from your list."),
])
def test_a_new_message_asking_to_stop_after_a_long_preamble_is_an_opt_out(name, request_words):
    """A request to stop after paragraphs of explanation, in a message that answers none of ours and comes from an
    address we never mailed: in plain text, base64 German, or html whose paragraph names a web address."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert request_words in result.visible_text


@pytest.mark.parametrize("name,request_words", [
    ("conditional_request_below_signoff", "If you could take me off your list that would be great."),
    ("conditional_stop_below_rule", "if you would stop emailing me, thanks"),
    ("conditional_request_below_signoff_de", "Wenn Sie mich aus Ihrem Verteiler nehmen könnten"),
    ("ooo_conditional_request_below_signoff", "If you could remove me from your mailing list"),
    ("conditional_request_below_sent_from", "If you wouldn't mind removing me from your list"),
])
def test_her_request_put_as_a_condition_below_her_sign_off_is_her_opt_out(name, request_words):
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert request_words in result.visible_text


def test_a_notice_to_its_readers_below_a_decline_goes_to_a_person_not_taken_for_her_request():
    """"If you no longer wish to receive these emails, click here to unsubscribe" speaks to the reader."""
    result = triage("notice_below_signoff_of_a_decline")
    assert result.label != "unsubscribe" and result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert escalates(result.kind, result.label, result.needs_review, result.reason)


@pytest.mark.parametrize("name,footer", [
    ("interested_over_bare_company_footer", "Acme Ltd. Unsubscribe."),
    ("html_interested_over_bare_company_footer", "Acme Ltd. Unsubscribe."),
    ("interested_over_copyright_footer", "(c) 2026 Acme Inc. All rights reserved. Unsubscribe"),
])
def test_an_interested_reply_over_a_bare_company_footer_goes_to_a_person_and_is_not_suppressed(name, footer):
    """"Acme Ltd. Unsubscribe." closing "Thursday 2pm works for me": the company's link, not her answer."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "Thursday 2pm works for me" in result.visible_text and footer in result.visible_text


def test_a_decline_over_a_bare_company_footer_is_still_recorded_as_an_opt_out():
    """With no offer taken up, the house records the opt-out rather than risk missing one."""
    result = triage("decline_over_bare_company_footer")
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


def test_a_blockquote_of_another_persons_message_with_no_quote_header_is_not_read_as_hers():
    """"Yes, interested" over a ``<blockquote>`` holding Bob's "Please stop emailing me.": her interest stands,
    Bob's words suppress nobody, and a person reads the whole message with her mail held."""
    result = triage("interested_over_headerless_blockquote")
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "> Please stop emailing me." in result.visible_text


def test_a_colleagues_blockquote_left_unmarked_in_the_plain_alternative_is_not_read_as_hers():
    """The plain alternative gives Bob's "Please stop emailing me." with no ``>`` under her "Yes, interested"; the
    html one quotes it in a ``<blockquote>``: her interest stands and a person reads whose the request is."""
    result = triage("interested_over_colleagues_blockquote_plain_alternative_unmarked")
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "Please stop emailing me." in result.visible_text


def test_her_earlier_request_quoted_unmarked_under_a_reply_that_takes_up_nothing_is_recorded():
    """"Still getting these." over her own earlier request, which the html quotes and the plain text gives unmarked:
    no reading tells hers from a colleague's, and nothing she wrote takes up the offer, so the request stands."""
    result = triage("still_getting_these_over_her_earlier_request_in_a_blockquote")
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


def test_her_request_in_her_own_blockquote_with_only_her_sign_off_outside_it_is_recorded():
    """Her client indents what she writes in a ``<blockquote>`` and leaves her name outside it: the plain alternative
    gives the same words unmarked, and they are hers, not a quote of someone else's."""
    result = triage("html_stop_in_her_own_blockquote_above_her_sign_off")
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


def test_a_contacts_new_message_taking_up_the_offer_over_a_bare_company_footer_goes_to_a_person():
    """Written anew rather than as a reply, from a contact we mailed: the footer's link is no request of hers."""
    raw = (REQUESTS / "fresh_interested_over_bare_company_footer.eml").read_bytes()
    result = classify_message(raw, is_contact=lambda address: address == "ann.lee@acme.example")
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP


def test_a_new_message_asking_for_a_demo_over_a_notice_put_in_the_negative_goes_to_a_person():
    """"If you would not like to receive further emails from us" is her company's condition on its reader's wish,
    not her asking us not to do something: a stranger's request for a demo over it, past the opening words every
    new message is read in whole for a request, is no opt-out."""
    result = triage("fresh_demo_request_over_a_negated_notice")
    assert result.label != "unsubscribe" and result.needs_review, (result.kind, result.label, result.reason)


@pytest.mark.parametrize("clause", [
    "If you would not like to receive further emails from us, please unsubscribe.",
    "If you'd no longer like to hear from us, click here.",
    "If you would not want to receive our newsletter, you can opt out below.",
])
def test_a_notice_on_the_readers_wish_in_the_negative_stays_a_notice(clause):
    assert is_reader_notice(clause)


@pytest.mark.parametrize("request_words", [
    "Hi, I'd appreciate it if you stopped reaching out. Thanks.",
    "I would appreciate it if you took me off your mailing list.",
])
def test_her_wish_in_the_past_tense_after_a_long_preamble_is_her_opt_out(request_words):
    """"I'd appreciate it if you took me off your list" has no modal: still her request, not a notice's condition."""
    preamble = ("We are a small team in Leeds working on logistics software, and I have been reading about outbound "
                "tools for a while, mostly because our board keeps asking how we plan to grow the pipeline. ") * 3
    result = classify_message(make_message(f"{preamble}\n\n{request_words}", reply=False, subject="Hello"))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)


@pytest.mark.parametrize("name,request_words", [
    ("html_stop_in_her_own_blockquote", "Please take me off your list."),
    ("html_stop_alone_in_her_own_blockquote", "could you please remove me from your mailing list?"),
])
def test_her_request_written_in_a_blockquote_that_holds_her_whole_reply_is_her_opt_out(name, request_words):
    """Some mail programs put the whole reply in one ``<blockquote>``, the history quoted below a header inside it:
    with nothing of hers outside it, it is her reply, not a quote."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert request_words in result.visible_text and "Saw Acme is hiring" not in result.visible_text


def test_our_message_quoted_whole_in_a_blockquote_with_nothing_of_hers_stays_a_quote():
    """An empty reply whose blockquote holds our own message, footer and all: our words are not read as hers."""
    result = triage("html_empty_reply_quoting_our_message_in_a_blockquote")
    assert result.label != "unsubscribe" and result.needs_review and result.confidence == 0.0
    assert result.visible_text.startswith("> Hi Ann,")


@pytest.mark.parametrize("name,request_words", [
    ("conditional_request_verb_last_nl", "Als u mij van uw lijst zou kunnen verwijderen"),
    ("conditional_request_verb_last_de", "Wenn Sie mich von Ihrer Liste streichen könnten"),
    ("polite_question_verb_last_de", "könnten Sie mich bitte aus Ihrer Datenbank löschen?"),
    ("conditional_request_address_fr", "Si vous pouviez supprimer mon adresse de votre liste"),
    ("conditional_request_subjunctive_es", "Le agradecería que me quitaran de su lista de correo."),
    ("conditional_request_subjunctive_pt", "Se puderem me remover da vossa lista, agradeço."),
])
def test_her_request_put_as_a_condition_with_the_verb_last_is_her_opt_out(name, request_words):
    """Dutch and German put the verb after the list ("van uw lijst zou kunnen verwijderen"), where the rule's
    imperatives ("verwijder mij") look for it first; French names her address in the condition's infinitive; Spanish
    and Portuguese put the removal in the subjunctive, her pronoun before it ("que me quitaran", "se me retirarem")."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert request_words in result.visible_text


@pytest.mark.parametrize("text", [
    "Als u deze e-mails niet langer wilt ontvangen, kunt u zich hier afmelden.",
    "Bedankt! Kunt u mij voor het webinar afmelden? Ik kan er helaas niet bij zijn.",
    "Zou u mij van de deelnemerslijst van het webinar kunnen halen? Ik ben dan op reis.",
    "Könnten Sie mich von der Teilnehmerliste streichen? Ich bin an dem Tag verreist.",
    "Wenn Sie mich nicht von Ihrer Liste streichen, freue ich mich über Neuigkeiten.",
    "Würden Sie mich bitte in Ihren Verteiler aufnehmen?",
    "Kunt u mij uit de lijst van sprekers halen? Ik kan helaas niet komen.",
    "Zou u mij uit de lijst van deelnemers kunnen halen?",
    "Wenn Sie mich aus der Liste der Referenten streichen könnten, wäre das nett.",
    "Si vous pouviez supprimer mon adresse de votre liste de participants au salon, merci.",
    "Si vous pouviez supprimer mon nom de votre liste d'invités, merci.",
    "Pouvez-vous retirer mon nom de votre liste des intervenants ?",
    "Könnten Sie mich aus dem System als Ansprechpartner entfernen und stattdessen meine Kollegin eintragen?",
    "Zou u mij niet meer willen bellen? Mailen is prima.",
    "Le agradecería que me quitaran de la lista de invitados del evento.",
    "Si pudieran retirarme de la lista de ponentes, se lo agradezco; no podré ir.",
    "Le agradecería que me quitaran de su lista de contactos y pongan a mi compañera Ana en mi lugar.",
    "Le agradecería que me quitaran de su lista de llamadas; por correo está bien.",
    "Le agradecería que no me quitaran de su lista.",
    "Que me quitaran de su lista fue un error; por favor vuelvan a incluirme.",
    "Si me quitan de la lista, ¿sigo recibiendo las facturas?",
    "Se puderem me remover da lista de palestrantes, agradeço.",
    "Agradeço se me retirarem da lista de convidados do evento.",
    "Se puderem me remover da vossa lista de contatos e colocar a minha colega no meu lugar, agradeço.",
    "Agradeço se me retirarem da lista de ligações; por e-mail está ótimo.",
])
def test_a_condition_with_the_verb_last_that_asks_no_removal_from_our_list_is_no_opt_out(text):
    """A notice's condition on its reader's wish, a removal from an event's list, one refused, a list to join, her
    place handed to a colleague or a request to stop calling; in Spanish and Portuguese a list of calls, a removal told
    of as a mistake and a condition a question follows too."""
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe", (text, result.label)


@pytest.mark.parametrize("text", [
    "Si pudiera eliminarme de su lista, se lo agradecería.",
    "Si me quitaran de su base de datos, mejor.",
    "Si me pudieran retirar de su lista de correo, gracias.",
    "¿Le importaría que me eliminaran de sus envíos?",
    "Le agradecería que me dieran de baja.",
    "Agradeço se me retirarem da lista.",
    "Gostaria que me removessem do vosso mailing.",
    "Se puderem remover-me da lista, obrigado.",
    "Ficaria grata se me descadastrassem.",
    "Please stop calling me.",
    "Stop calling and emailing me.",
    "Stop calling me, email is fine. Actually, remove me from your list.",
    "Stop calling me, and don't email me instead either.",
    "Dejen de llamarme y de escribirme.",
    "Por favor, que me quiten de la lista de llamadas y de correos.",
    "Stop calling and emailing me. Email is fine though.",
    "Stop calling and emailing me. Email is fine for my colleague Bob though.",
    "Stop calling me. I'd rather have emails stop too.",
])
def test_requests_in_the_subjunctive_and_to_stop_calling_with_no_mail_asked_for_are_opt_outs(text):
    """Spanish and Portuguese requests put as a condition or a wish; a request to stop calling that asks for no mail
    instead, or whose mail is refused or asked to stop too."""
    result = classify_message(make_message(text))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (text, result.label, result.reason)


def test_a_request_to_stop_calling_that_asks_for_email_goes_to_a_person_and_is_not_suppressed():
    """"Please stop calling me, email is fine": she asks for our mail, not for less of it; its words of opting out
    send it to a person, with her mail held."""
    result = triage("stop_calling_email_is_fine")
    assert result.label != "unsubscribe" and result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert escalates(result.kind, result.label, result.needs_review, result.reason)


@pytest.mark.parametrize("text", [
    "Stop calling me and email instead.",
    "Please stop calling me. Email works better for me.",
    "Email is fine, but don't call me.",
    "Wilt u mij niet meer bellen? Mailen is prima.",
    "niet meer bellen, mailen is prima",
    "Hören Sie auf, mich anzurufen, schreiben Sie mir lieber eine E-Mail.",
    "Merci de ne plus m'appeler, l'e-mail me convient.",
    "Arrêtez de m'appeler, écrivez-moi plutôt par e-mail.",
    "Dejen de llamarme, por correo está bien.",
    "Parem de me ligar, por e-mail está ótimo.",
    "Smettete di chiamarmi, l'email va bene.",
])
def test_a_request_to_stop_calling_that_asks_for_email_is_no_opt_out_in_any_language(text):
    result = classify_message(make_message(text))
    assert result.label != "unsubscribe" and result.needs_review and result.reason == MAY_ASK_TO_STOP, (
        text, result.label, result.reason)


@pytest.mark.parametrize("name", ["objection_over_request_below_signature", "objection_over_request_below_sent_from"])
def test_her_request_below_her_sign_off_under_an_objection_is_recorded_as_under_any_decline(name):
    """"We're all set, thanks", then "Please take me off your list." below her signature: an objection takes up
    nothing, so the request below it is hers to be recorded, not a company's standing line for a person to read."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert not result.needs_review


def test_a_lone_unsubscribe_line_under_a_reply_taking_up_the_offer_goes_to_a_person_with_her_mail_held():
    """"Thursday at 2pm works for me" over a last line "Unsubscribe" and no company named: the word may be a link
    copied with her text, so she is neither suppressed nor lost: a person reads it as one that may ask to stop."""
    result = triage("interested_over_lone_unsubscribe_line")
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    assert result.visible_text.endswith("Unsubscribe")


@pytest.mark.parametrize("text", [
    "Who gave you my address?\n\nUnsubscribe",
    "Can you send pricing?\n\nUnsubscribe",
    "Not for us, thanks.\n\nUnsubscribe",
    "Hi Alex,\n\nUnsubscribe",
    "Sounds great, Thursday at 2pm works for me.\n\nPlease unsubscribe me.",
])
def test_a_lone_unsubscribe_line_under_anything_but_interest_or_a_request_in_words_is_recorded(text):
    result = classify_message(make_message(text))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (text, result.label, result.reason)


def test_a_lone_unsubscribe_line_under_interest_is_recorded_when_the_subject_asks_to_stop_too():
    result = classify_message(make_message("Sounds great, Thursday at 2pm works for me.\n\nUnsubscribe",
                                           subject="Re: Quick question - unsubscribe"))
    assert (result.kind, result.label) == ("human", "unsubscribe")


def test_a_lone_unsubscribe_line_under_a_question_of_where_we_got_her_address_is_recorded():
    result = triage("question_over_lone_unsubscribe_line")
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
