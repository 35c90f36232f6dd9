"""A sentence that ends with a value ending in a full stop ("Acme Inc.") takes no second one."""

from pathlib import Path

from resources.model import OfflineModel
from sdr_assets.domain.angles import offline_angle
from sdr_assets.domain.crm import note_text
from sdr_assets.domain.drafting import render
from sdr_assets.domain.drafts import draft_rows
from sdr_assets.domain.facts import Fact, facts_to_json
from sdr_assets.domain.suggestions import offline_suggestion
from sdr_assets.playbook import load_play

PLAY = load_play(Path(__file__).resolve().parents[2] / "data" / "plays" / "revops-hiring.yaml")


def test_a_linkedin_note_about_a_company_ending_in_a_full_stop_ends_with_one():
    values = {"first_name": "Ana", "company_name": "Acme Inc.", "role": "Head of RevOps", "employees": "300",
              "why_now": "you're hiring", "industry": "Software"}
    angle = {"company_domain": "acme.example", "contact_email": "ana@acme.example", "contact_name": "Ana",
             "linkedin_url": "", "signal_type": "hiring", "fit": 0.5, "research_instructions": "",
             "facts": facts_to_json([Fact(f"t.{k}", k, v, "text", "test") for k, v in values.items()])}
    rows, _ = draft_rows(PLAY, [angle], OfflineModel().write_drafts)
    note = next(r["body"] for r in rows if r["channel"] == "linkedin")
    assert "at Acme Inc. Glad to connect." in note
    assert ".." not in "".join(r["body"] for r in rows)


def test_a_template_keeps_the_full_stop_a_value_lacks_and_an_ellipsis_as_written():
    assert render("Hi {name}, at {company}.", {"name": "Ana", "company": "Acme Inc."}) == "Hi Ana, at Acme Inc."
    assert render("At {company}. Next.", {"company": "Acme"}) == "At Acme. Next."
    assert render("At {company}...", {"company": "Acme Inc."}) == "At Acme Inc...."
    assert render("{{a}}. {b}.", {"b": "B."}) == "{a}. B."


def test_an_offline_angle_answer_and_crm_note_end_with_one_full_stop():
    facts = [Fact("company.name", "company_name", "Acme Inc.", "text", "test")]
    assert offline_angle(facts).text == "Acme Inc."
    why = Fact("research.why_now", "why_now", "you're hiring", "derived", "test")
    assert offline_angle([*facts, why]).text == "Acme Inc.: you're hiring."
    assert offline_suggestion("question", None, "J.", None).startswith("Good question, J. Let me")
    assert offline_suggestion("question", None, "Jo", None).startswith("Good question, Jo. Let me")
    row = {"play": "p", "signal_type": "hiring", "why_now": "x", "escalation_id": "e1", "status": "open",
           "outcome": None, "owner": "Sam Lee Jr.", "notes": []}
    assert "owner Sam Lee Jr.\n" in note_text(row, []) + "\n" and ".." not in note_text(row, [])
    assert "owner nobody." in note_text({**row, "owner": None}, [])
