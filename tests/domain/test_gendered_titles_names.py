"""A title is told apart from the words around it: a company named with a title ("Mr. Cooper", "Mrs.
Meyer's") written as its fact writes it goes out, its possessive too, however the fact spells its
apostrophe; "Herr Ihrer Daten" ("master of your data") is no address; and a title before a surname
that opens with a particle ("Dhr. van Dijk", "Frau von Trapp", "Señora de la Cruz", "Madame d'Arc")
still holds the draft as the guess of her gender it is."""

import pytest

from sdr_assets.domain.drafting import HELD, WRITTEN, DraftRequest, settle
from sdr_assets.domain.facts import Fact

WHY = "tells a gender the facts do not give"


def _request(body: str, company: str = "Kestrel Pay", last_name: str = "Chen") -> DraftRequest:
    facts = (Fact("c.first_name", "first_name", "Maya", "name", "crm"),
             Fact("c.last_name", "last_name", last_name, "name", "crm"),
             Fact("c.company_name", "company_name", company, "name", "crm"),
             Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))
    return DraftRequest("adv", "a", "Pipeline at {company_name}", body, facts)


BODY = ("Hi {first_name},\n\n{company_name}'s servicing team grew this year. Teams that add reps usually spend a "
        "quarter untangling routing. We help them start clean.\n\nOpen to a short call?\n\n{sender_name}\n")


@pytest.mark.parametrize(("company", "written"), [
    ("Mr. Cooper", "{company_name}'s"), ("Madame Figaro", "{company_name}\u2019s"),
    ("Mrs. Meyer's", "At {company_name}, the"), ("Mrs. Meyer\u2019s", "At {company_name}, the"),
])
def test_a_company_named_with_a_title_goes_out_in_its_possessive(company, written):
    text = settle(_request(BODY.replace("{company_name}'s", written), company))
    assert not any(WHY in r for r in text.reasons), text.reasons
    assert text.verdict == WRITTEN, text.reasons


def test_herr_of_a_german_phrase_is_no_address():
    body = ("Hallo {first_name},\n\nmit uns bleiben Sie Herr Ihrer Daten, und jede Frau Ihres Teams sieht dieselben "
            "Zahlen. Wir helfen Teams wie {company_name}.\n\nHaben Sie Zeit für ein kurzes Gespräch?\n\n{sender_name}\n")
    text = settle(_request(body))
    assert not any(WHY in r for r in text.reasons), text.reasons


@pytest.mark.parametrize(("greeting", "last_name"), [
    ("Beste Dhr. {last_name},", "van Dijk"), ("Dear Mevrouw {last_name},", "van der Berg"),
    ("Sehr geehrte Frau {last_name},", "von Trapp"), ("Estimada Señora {last_name},", "de la Cruz"),
    ("Bonjour Madame {last_name},", "d'Arc"), ("Dear Mr. {last_name},", "de Groot"),
    ("Dear Miss {last_name},", "O\u2019Brien"),
])
def test_a_title_before_a_surname_with_a_particle_holds_the_draft(greeting, last_name):
    body = BODY.replace("Hi {first_name},", greeting)
    text = settle(_request(body, last_name=last_name))
    assert text.verdict == HELD
    assert any(WHY in r for r in text.reasons), text.reasons


@pytest.mark.parametrize("sentence", ["As a Sr. SRE you know the pager.", "Your Sr. Counsel reviews vendors.",
                                      "The Sr. UX Designer role is open.", "Don't Miss Dreamforce this year.",
                                      "Don't Miss Tuesday's session."])
def test_senior_before_a_role_and_miss_before_an_event_are_no_titles(sentence):
    """"Sr." and "Miss" before no name of a person of the facts are "Senior" and a verb."""
    text = settle(_request(BODY.replace("We help them start clean.", sentence)))
    assert not any(WHY in r for r in text.reasons), text.reasons
