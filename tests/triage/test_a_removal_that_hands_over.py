"""A request to stop that names who owns the matter now ("Sie können mich als Ansprechpartner streichen, zuständig ist
jetzt Frau Meier", "Vous pouvez me retirer de la boucle, ma collègue Julie suit le dossier", "Please remove me from
your list, my colleague Priya Shah handles vendor tools now") is recorded for her AND read by a person, as an opt-out
that names someone else's address is ("remove me; write to bob@acme.example"): label ``unsubscribe``, reason
``ASKS_BESIDES``, escalated, her referrals proposed as a wrong person's are. One reply carries one label: the wrong-person
label alone would hold her mail until a person recorded her request by hand, so the opt-out path that also asks a
person keeps both her stop and the colleague. Recorded with nobody told, the colleague was lost. A plain request to
stop, or one that speaks of a colleague without handing over ("remove me and my colleague"), asks nobody."""

import pytest

from sdr_assets.domain.escalation_rows import _asks_a_person
from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import ASKS_BESIDES

from .helpers import make_message


@pytest.mark.parametrize("text", [
    "Sie können mich als Ansprechpartner streichen, zuständig ist jetzt Frau Meier.",
    "Kein Interesse, Sie können mich streichen. Dafür ist jetzt meine Kollegin Frau Meier zuständig.",
    "Vous pouvez me retirer de la boucle, ma collègue Julie suit le dossier.",
    "Pas intéressé, vous pouvez me retirer. C'est Julie Martin qui s'occupe désormais de ce sujet.",
    "Please remove me from your list, my colleague Priya Shah handles vendor tools now.",
    "Not interested, so you can drop me. Priya Shah owns vendor tools now.",
    "No me interesa, pueden borrarme; ahora lo lleva mi compañera Ana López.",
    "Pueden darme de baja, de esto se encarga ahora Ana López.",
])
def test_a_removal_that_hands_over_is_recorded_and_read_by_a_person(text):
    result = classify_message(make_message(text))
    assert result.label == "unsubscribe", (text, result.label)
    assert result.needs_review and result.reason == ASKS_BESIDES, (text, result.reason)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    row = {"label": result.label, "reason": result.reason, "needs_review": True, "data_request": False,
           "sub_reason": None}
    assert not _asks_a_person(row), "recorded already: the person reads whom to write to, not whether she opted out"


def test_her_words_with_an_address_are_proposed_as_a_referral():
    result = classify_message(make_message("You can drop me. Priya Shah (priya@acme.example) handles vendor tools now."))
    assert (result.label, result.reason, result.referrals) == ("unsubscribe", ASKS_BESIDES, ["priya@acme.example"])


@pytest.mark.parametrize("text", [
    "You can drop me from this, Priya Shah handles vendor tools now.",
])
def test_a_hand_off_in_words_the_rule_does_not_record_still_reaches_a_person(text):
    result = classify_message(make_message(text))
    assert escalates(result.kind, result.label, result.needs_review, result.reason), text
    assert result.label != "unsubscribe" or result.reason == ASKS_BESIDES, text


@pytest.mark.parametrize("text", [
    "Please remove me from your list.",
    "Kein Interesse, Sie können mich streichen.",
    "Vous pouvez me retirer.",
    "No me interesa, pueden borrarme.",
    "Please remove me and my colleague from your list.",
    "Unsubscribe me. My colleague already asked you twice.",
])
def test_a_plain_removal_asks_nobody(text):
    result = classify_message(make_message(text))
    assert result.label == "unsubscribe", (text, result.label)
    assert result.reason != ASKS_BESIDES, text


@pytest.mark.parametrize("text, referrals", [
    ("Please remove me from your list, my colleague Priya Shah handles vendor tools now.", []),
    ("Please remove me from your list. Priya Shah (priya@acme.example) handles vendor tools now.",
     ["priya@acme.example"]),
])
def test_a_new_message_that_hands_over_is_recorded_and_read_by_a_person(text, referrals):
    """A contact who writes anew rather than pressing Reply hands over all the same."""
    result = classify_message(make_message(text, reply=False), is_contact=lambda address: True)
    assert (result.label, result.referrals) == ("unsubscribe", referrals), (text, result.label, result.referrals)
    assert result.needs_review and result.reason == ASKS_BESIDES, (text, result.reason)


def test_a_plain_new_message_asking_to_stop_asks_nobody():
    result = classify_message(make_message("Please remove me from your list.", reply=False),
                              is_contact=lambda address: True)
    assert (result.label, result.needs_review) == ("unsubscribe", False)
