"""A draft does not guess the prospect's gender: research gives none, so "Hi Ms. Chen,", "Dear Mr
Okafor,", "Sehr geehrte Frau Nair,", "Estimado Sr. Romero" and "Dear Sir," hold a model's draft and a
template that writes one, with a reason that says so. A name holding those letters ("Herrera",
"Mrsic", "Srinivasan"), a "Sr. Director", "Don't Miss Out" and a title a fact itself writes go out."""

import pytest

from sdr_assets.domain.drafting import HELD, WRITTEN, Candidate, DraftRequest, settle
from sdr_assets.domain.facts import Fact
from tests.domain.truth_contexts import OPEN_OF, judge, request

WHY = "tells a gender the facts do not give"


def _draft(context: str, greeting: str, extra: str = "") -> dict:
    _, opener, offer, ask, sender, subject = OPEN_OF[context]
    return {"context": context, "subject": subject,
            "body": f"{greeting}\n\n{opener} {extra}{offer}\n\n{ask}\n\n{sender}"}


GUESSED = [
    ("funding", "Hi Ms. Chen,", ""),
    ("funding", "Dear Mrs Chen,", ""),
    ("hiring", "Hello Mr. Okafor,", ""),
    ("tech", "Sehr geehrte Frau Nair,", ""),
    ("launch", "Estimado Sr. Romero,", ""),
    ("launch", "Hola Sra. Romero,", ""),
    ("leadership", "Bonjour Madame Ortiz,", ""),
    ("funding", "Dear Sir,", ""),
    ("funding", "Hi Maya,", "Miss Chen, your board will ask about pipeline. "),
]

@pytest.mark.parametrize(("context", "greeting", "extra"), GUESSED, ids=[g + e for _, g, e in GUESSED])
def test_a_guessed_gender_holds_the_models_draft(context, greeting, extra):
    written, reasons = judge(_draft(context, greeting, extra))
    assert not written
    assert any(WHY in r for r in reasons), reasons


def test_a_draft_without_a_title_goes_out():
    written, reasons = judge(_draft("funding", "Hi Maya,"))
    assert written, reasons


def _templated(body: str, last_name: str, first_name: str = "Maya") -> DraftRequest:
    facts = (Fact("c.first_name", "first_name", first_name, "name", "crm"),
             Fact("c.last_name", "last_name", last_name, "name", "crm"),
             Fact("c.title", "title", "Sr. Director of Sales", "title", "crm"),
             Fact("c.company_name", "company_name", "Kestrel Pay", "name", "crm"),
             Fact("play.sender_name", "sender_name", "Jordan Lee", "name", "play file"))
    return DraftRequest("adv", "a", "Pipeline at {company_name}", body, facts)


TEMPLATE = ("{greeting} {last_name},\n\nTeams at {company_name} that add reps usually spend a quarter "
            "untangling routing. We help them start clean.\n\nOpen to a short call?\n\n{sender_name}\n")


def test_the_offline_writer_writes_no_guessed_title():
    """A template that writes "Ms." for every prospect is held, not filled and sent as written."""
    text = settle(_templated(TEMPLATE.replace("{greeting}", "Dear Ms."), "Chen"))
    assert text.verdict == HELD
    assert any(WHY in r for r in text.reasons), text.reasons


@pytest.mark.parametrize("last_name", ["Herrera", "Mrsic", "Srinivasan", "Frauke", "Msimang"])
def test_a_name_holding_the_letters_of_a_title_is_no_title(last_name):
    text = settle(_templated(TEMPLATE.replace("{greeting}", "Dear {first_name}"), last_name))
    assert text.verdict == WRITTEN, text.reasons


def test_a_senior_role_and_a_missed_chance_are_no_titles():
    """"Sr." before a role and "Miss" before an English word address no one."""
    body = TEMPLATE.replace("{greeting} {last_name},", "Hi {first_name},").replace(
        "We help", "As {title}, Don't Miss Out: we help")
    text = settle(_templated(body, "Chen"))
    assert text.verdict == WRITTEN, text.reasons


def test_a_title_a_fact_writes_is_grounded():
    """A fact that itself writes "Mr. Okafor" (a provider's salutation field) grounds the same title."""
    req = request("hiring")
    req = DraftRequest(req.play, req.variant_id, req.subject_template, req.body_template,
                       (*req.facts, Fact("c.salutation", "salutation", "Mr. Okafor", "name", "crm")))
    _, opener, offer, ask, sender, subject = OPEN_OF["hiring"]
    text = settle(req, Candidate(subject, f"Hello Mr. Okafor,\n\n{opener} {offer}\n\n{ask}\n\n{sender}", (), "m"))
    assert text.verdict == WRITTEN, text.reasons
