"""A reply that opts out and makes a data-protection request is still an opt-out, recorded as any
other, and goes to a person who answers the request; a plain opt-out goes to nobody. The examples
were written for this rule; none comes from an evaluation set."""

import json
from datetime import UTC, datetime

import pytest

from sdr_assets.domain.mail_optouts import known_mailboxes, mail_optout
from sdr_assets.domain.suppression import events_from_replies
from sdr_assets.triage import classify_message
from sdr_assets.triage.data_requests import asks_erasure, is_data_request
from sdr_assets.triage.result import DATA_REQUEST, HOSTILE

from .helpers import make_message

PAT = "pat@customer.example"
# (text, label, reason): the label, and a reason the queue or the monitor acts on, stay; a request to erase her
# data is an opt-out, whatever the labeller called the reply.
REQUESTS = [
    ("Unsubscribe me. How did you get my email address?", "unsubscribe", HOSTILE),
    ("Remove me and tell me what data you hold on me under GDPR", "unsubscribe", DATA_REQUEST),
    ("Where did you get my details? Delete them.", "unsubscribe", HOSTILE),
    ("Woher haben Sie meine E-Mail-Adresse? Bitte löschen.", "unsubscribe", HOSTILE),
    ("Comment avez-vous obtenu mon adresse ? Supprimez mes données.", "unsubscribe", HOSTILE),
    ("Please unsubscribe me and delete my personal data.", "unsubscribe", DATA_REQUEST),
    ("Bitte aus dem Verteiler nehmen und meine Daten löschen.", "unsubscribe", DATA_REQUEST),
    ("Por favor, borren mis datos y no me escriban más.", "unsubscribe", DATA_REQUEST),
]
PLAIN = ["Please remove me from your list.", "Stop emailing me.", "Unsubscribe", "Remove my email from your list.",
         "Bitte nehmen Sie mich aus Ihrem Verteiler.", "Merci de me retirer de votre liste.",
         "Por favor, no me escriban más.",
         # Leaving a list is no erasure, whatever it is called.
         "Please remove my details from your list."]
# Sales questions about data, which keep their suggested answer: no opt-out, no request.
SALES_QUESTIONS = ["Are you GDPR compliant?", "How do you handle GDPR and data residency?",
                   "What data do you have on churn in our segment?",
                   "What information do you store, and is it hosted in the EU?",
                   "What details do you have about pricing?", "Can I export a copy of our data?",
                   "Can we delete our data if we cancel?", "Where does your company get our industry benchmarks?",
                   "Können Sie mir Auskunft über die Preise geben?", "Wie kommen Sie zu unserer Einschätzung?",
                   "Pouvez-vous supprimer nos données après l'essai ?"]
# Requests in the words the narrowed rule still reads (apostrophes as mail clients type them).
ALSO_REQUESTS = ["What personal data do you hold about me?", "Please delete our personal data.",
                 "Ich bitte um Auskunft über meine gespeicherten Daten.", "Auskunft nach Art. 15 DSGVO, bitte.",
                 "Wie sind Sie an meine E-Mail-Adresse gekommen?", "J’exerce mon droit d’accès.",
                 "Merci d’effacer nos données personnelles."]


@pytest.mark.parametrize("text,label,reason", REQUESTS)
def test_a_data_request_goes_to_a_person_and_keeps_its_label_and_reason(text, label, reason):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.sub_reason, result.reason) == (label, True, DATA_REQUEST, reason)


@pytest.mark.parametrize("text", ALSO_REQUESTS)
def test_a_request_in_other_words_is_still_read(text):
    assert is_data_request(text)


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_opt_out_is_no_data_request(text):
    assert not is_data_request(text)
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.sub_reason, result.reason, result.data_request) == (
        "unsubscribe", False, None, None, False)


@pytest.mark.parametrize("text", SALES_QUESTIONS)
def test_a_question_about_compliance_or_data_is_no_request_and_no_opt_out(text):
    assert not is_data_request(text)
    result = classify_message(make_message(text))
    assert result.sub_reason != DATA_REQUEST and result.reason != DATA_REQUEST
    assert result.label != "unsubscribe"


@pytest.mark.parametrize("text", [t for t, label, _ in REQUESTS if label == "unsubscribe"])
def test_the_opt_out_of_a_data_request_is_suppressed_as_any_other(text):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review) == ("unsubscribe", True)
    decision = mail_optout(from_addr=result.from_addr, contact_email=PAT, verified_address=None,
                           known_mailboxes=known_mailboxes([PAT]), to_unsubscribe_address=False)
    assert decision.needs_review is False
    row = {"message_id": "<r1@customer.example>", "kind": result.kind, "label": result.label, "hard": None,
           "recipients": [], "contact_email": PAT, "optout_targets": json.loads(json.dumps(decision.targets)),
           "optout_via": decision.via, "received_at": None, "fetched_at": None}
    events = events_from_replies([row], datetime(2026, 12, 1, tzinfo=UTC))
    assert [(e.target, e.reason) for e in events] == [(PAT, "unsubscribe_reply")]


def test_an_objection_with_a_data_request_keeps_its_own_reason_and_goes_to_a_person():
    result = classify_message(make_message("No budget this year. Where did you get my email address?"),
                              reply_labeller=lambda text: ("objection", "budget", 0.95))
    assert (result.label, result.sub_reason, result.needs_review) == ("objection", "budget", True)


@pytest.mark.parametrize("to,reply", [("unsubscribe@sdr.example", True), ("alex@sdr.example", False)])
def test_a_data_request_to_the_unsubscribe_address_or_in_a_new_message_goes_to_a_person(to, reply):
    raw = make_message("Unsubscribe me. How did you get my email address?", subject="Unsubscribe",
                       reply=reply).replace(b"To: alex@sdr.example", f"To: {to}".encode())
    result = classify_message(raw)
    assert (result.label, result.needs_review, result.sub_reason) == ("unsubscribe", True, DATA_REQUEST)
    plain = classify_message(make_message("Unsubscribe me.", subject="Unsubscribe", reply=reply)
                             .replace(b"To: alex@sdr.example", f"To: {to}".encode()))
    assert (plain.label, plain.needs_review, plain.sub_reason) == ("unsubscribe", False, None)


# An erasure request alone, in no words of unsubscribing: it stops all mail to her and goes to a person.
ERASURES = ["Please erase my details.", "Remove me from your database.", "I want my data deleted.",
            "Kindly delete all my personal information from your systems.",
            "Erase my email address from your records, thank you.", "Delete my contact details.",
            "Bitte entfernen Sie mich aus Ihrer Datenbank.", "Löschen Sie bitte alle meine Kontaktdaten.",
            "Retirez-moi de votre base de données.", "Elimínenme de su base de datos, por favor."]
# Questions about deleting data, which ask us to erase nothing.
DELETION_QUESTIONS = ["Does your tool let me delete my records?",
                      "How do you handle requests to erase my data from backups?",
                      "How do I delete my data in your app once the pilot ends?",
                      "Could we remove my team's records from the system ourselves?",
                      "Sounds good. Do you delete my data on request?",
                      "Can your API purge all my records from the database?",
                      "Does the tool delete my information from the crm automatically?",
                      "We use Salesforce. Can your sync delete my records from the crm?",
                      "Interesting, but how does your tool erase my data in the CRM?",
                      "We need a tool that can delete my data automatically."]
# A question about where we got her address, then a sales question about deleting records: a request for the
# source, which a person answers, and no opt-out.
SOURCE_THEN_SALES = ["How did you get my email? Anyway, I'm interested: we need to delete everything older than "
                     "2 years in HubSpot - can you help?",
                     "Where did you get my address? I'm interested. Our old leads pile up and we have to remove them "
                     "by hand."]
# Erasure requests the rule once missed, put off by nothing or in words it lacked.
MORE_ERASURES = ["Please remove me from your database, if you don't mind.",
                 "Please delete my data as soon as possible, once and for all.",
                 "Please delete my personal data after you read this.", "delete my records when the contract ends",
                 "Please delete everything you have about me.",
                 "Take me off your list and delete everything you have on me.",
                 "I don't want my data stored. Remove it.", "Delete all information you hold about me.",
                 "Forget me. Delete any data you have on me.", "Could you please delete my data?",
                 "Please delete my data?"]


@pytest.mark.parametrize("text", ERASURES)
def test_an_erasure_request_alone_is_an_opt_out_recorded_at_once_and_a_data_request(text):
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.sub_reason, result.data_request) == (
        "unsubscribe", True, DATA_REQUEST, True)
    decision = mail_optout(from_addr=result.from_addr, contact_email=PAT, verified_address=None,
                           known_mailboxes=known_mailboxes([PAT]), to_unsubscribe_address=False)
    row = {"message_id": "<r1@customer.example>", "kind": result.kind, "label": result.label, "hard": None,
           "recipients": [], "contact_email": PAT, "optout_targets": list(decision.targets),
           "optout_via": decision.via, "received_at": None, "fetched_at": None}
    events = events_from_replies([row], datetime(2026, 12, 1, tzinfo=UTC))
    assert [(e.target, e.reason) for e in events] == [(PAT, "unsubscribe_reply")]


def test_an_erasure_request_in_a_new_message_stops_mail_too():
    result = classify_message(make_message("Please erase my details.", subject="My data", reply=False))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)


@pytest.mark.parametrize("reply", [True, False])
@pytest.mark.parametrize("text", DELETION_QUESTIONS)
def test_a_question_about_deleting_data_asks_for_no_erasure(text, reply):
    result = classify_message(make_message(text, reply=reply))
    assert not is_data_request(text) and not asks_erasure(text)
    assert result.label != "unsubscribe" and not result.data_request and result.sub_reason != DATA_REQUEST


@pytest.mark.parametrize("reply", [True, False])
@pytest.mark.parametrize("text", SOURCE_THEN_SALES)
def test_a_source_request_with_a_sales_question_about_deleting_is_no_opt_out(text, reply):
    result = classify_message(make_message(text, reply=reply))
    assert is_data_request(text) and not asks_erasure(text)
    assert result.label != "unsubscribe"


@pytest.mark.parametrize("text", MORE_ERASURES)
def test_an_erasure_request_with_a_condition_or_in_other_words_is_an_opt_out_and_a_request(text):
    assert is_data_request(text) and asks_erasure(text)
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)


# Requests for the source or a copy of her data, in words the rules first missed.
SOURCE_OR_COPY = ["Which data do you have about me?", "Which personal information do you store about me?",
                  "Where have you got my email address from?", "Where did you get my name?",
                  "Please send me all the data you hold about me.", "Who sold you my details?",
                  "How did my email end up on your list?", "What information have you got stored on me?",
                  "Welche Informationen haben Sie über mich gespeichert?", "Woher stammen meine Daten?",
                  "Woher haben Sie meinen Namen?", "Quelles données personnelles avez-vous sur moi ?",
                  "D'où tenez-vous mes coordonnées ?", "¿Qué datos personales tienen sobre mí?"]
NEAR_MISSES = ["What information do you need from me?", "Which data do you have about the mid-market?",
               "Where did you get these benchmarks?", "What details do you need from me to start a trial?",
               "Welche Informationen brauchen Sie von mir?", "Quelles données avez-vous sur le marché ?"]


@pytest.mark.parametrize("text", SOURCE_OR_COPY)
def test_a_request_for_the_source_or_a_copy_of_her_data_is_read(text):
    assert is_data_request(text)
    result = classify_message(make_message(text))
    assert (result.needs_review, result.data_request) == (True, True)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_question_that_asks_nothing_of_her_data_is_no_request(text):
    assert not is_data_request(text)


@pytest.mark.parametrize("labeller,sub_reason", [(lambda text: ("objection", "timing", 0.95), "timing"),
                                                 (None, DATA_REQUEST)])
def test_a_hostile_reply_that_asks_for_her_data_keeps_its_reason_and_the_mark(labeller, sub_reason):
    result = classify_message(make_message("Stop spamming me, and tell me where you got my address."),
                              reply_labeller=labeller)
    assert (result.sub_reason, result.reason, result.data_request, result.needs_review) == (
        sub_reason, HOSTILE, True, True)


def test_an_objection_that_asks_for_her_data_is_marked_as_a_request():
    result = classify_message(make_message("No budget this year. Where did you get my email address?"),
                              reply_labeller=lambda text: ("objection", "budget", 0.95))
    assert (result.sub_reason, result.data_request) == ("budget", True)


# Erasure requests with a side remark after them, put politely or as a condition, in any of the four languages,
# or a bare "delete it/everything" after a request: each is an opt-out recorded at once, with the mark.
SECOND_ROUND_ERASURES = [
    "I want my data deleted - how is this even legal?", "Please delete my data, do you understand?",
    "Delete my data now, do you hear me?", "Delete my data or do you want me to report you to the ICO?",
    "Erase my details from your database, it is not something that can wait.",
    "Können Sie bitte meine Daten löschen?", "¿Pueden borrar mis datos?", "¿Podrían eliminar mis datos, por favor?",
    "Si possible, supprimez mes données.", "Si es posible, borren mis datos.",
    "If you could delete my data that would be great.", "Are you able to delete my data?",
    "Would you be able to delete my data?", "Where did you get my address? I want you to delete it.",
    "What data do you hold on me? Delete everything.", "What data do you hold on me? And then delete everything."]


@pytest.mark.parametrize("text", SECOND_ROUND_ERASURES)
def test_an_erasure_request_with_a_remark_politely_or_after_a_question_is_an_opt_out_and_a_request(text):
    assert is_data_request(text) and asks_erasure(text)
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)


# A buyer's questions about deleting data, and a wish about a product: never suppressed.
DELETION_SALES_QUESTIONS = [
    "Will you delete my data after the trial?", "Would you delete our data if we cancel?",
    "Is there an option to delete our data at the end?", "Is it possible to delete our data after the pilot?",
    "Does it let you delete our data later?", "We'd want the option to delete our data at the end of the contract.",
    "Comment supprimer mes données dans votre outil ?", "Est-ce que je peux supprimer mes données moi-même ?",
    "Ideally the software would erase all my data after export.",
    "Delete our data older than 2 years, can your tool do that?",
    "I want to remove my data from the report before sharing it.",
    "Can you delete our data older than 2 years?", "Our process: export, then delete our data.",
    "Could you remove our data from HubSpot for us as part of onboarding?", "Does it remove our data, and how fast?",
    # A polite question that goes on asks, where an order that goes on is still an order.
    "Can you delete our data and re-import it?", "Could you delete our data, and then re-import it from the backup?",
    "Can you remove our data, or do we have to do it ourselves?", "Could you remove our data, and what does it cost?",
    "Can you remove our data as well as the duplicates?", "Would you remove our data too, or only the leads?",
    "During onboarding, can you delete our data?", "Can you remove my data and re-import it?",
    "Could you remove my data, and what does it cost?"]
# ... while an order to delete data is an opt-out.
DELETION_ORDERS = ["Please delete our data.", "Please remove my data.", "Merci de supprimer mes données.",
                   "Delete our data now, thanks.", "Could you please delete my data when you get a chance?"]


@pytest.mark.parametrize("reply", [True, False])
@pytest.mark.parametrize("text", DELETION_SALES_QUESTIONS)
def test_a_sales_question_about_deleting_data_is_never_an_opt_out(text, reply):
    assert not asks_erasure(text)
    assert classify_message(make_message(text, reply=reply)).label != "unsubscribe"


@pytest.mark.parametrize("text", DELETION_ORDERS)
def test_an_order_to_delete_data_is_an_opt_out_and_a_request(text):
    assert asks_erasure(text)
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)


# Orders about "our" data or to remove "my" data, with a remark, a courtesy, "asap" or put politely, in English and
# French: each was an opt-out before the order was read apart from a question, and is one again.
THIRD_ROUND_ORDERS = [
    "Remove our data, we are not interested.", "Delete our data, we are not interested.",
    "Not a fit, delete our data.", "Not a fit - delete our data.", "Could you delete our data?",
    "Pouvez-vous supprimer nos données ?", "Remove my data, we already use HubSpot for this.",
    "Remove my data, I never asked for this.", "Remove my data as well as my colleague's.", "Remove my data ASAP",
    "Please remove my data asap.", "Remove our data asap please.", "Remove my data and stop.",
    "Can you remove my data please?", "Could you please remove my data?", "Would you remove my data please?",
    "Can you please remove our data?", "We just signed with a competitor, so please delete our data.",
    "Thanks for reaching out, but please delete our data.", "Please delete our data, we went with someone else.",
    "Delete our data from your list.", "Delete our data asap.", "Remove our data from your list please, thanks.",
    "Remove our data from your records, we are not interested.", "supprimer nos données svp",
    "Merci de supprimer nos données.", "Merci de supprimer nos données de vos fichiers.",
    "Supprimer nos données, merci.", "Je vous prie de supprimer nos données.", "Veuillez supprimer nos données.",
    "Pouvez-vous supprimer nos coordonnées de vos fichiers ?", "Supprimez nos données."]


@pytest.mark.parametrize("text", THIRD_ROUND_ORDERS)
def test_an_order_about_our_data_or_to_remove_my_data_with_a_remark_or_politely_is_an_opt_out(text):
    assert asks_erasure(text)
    result = classify_message(make_message(text))
    assert (result.label, result.needs_review, result.data_request) == ("unsubscribe", True, True)
