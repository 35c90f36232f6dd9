"""A provider's industry, department and seniority are read whatever their case, as countries are:
an account whose industry is "software" fits a segment of "Software", and a VP whose provider writes
"VP" in the department "sales" is the revops play's best contact, ahead of a director."""

from pathlib import Path

from sdr_assets.domain.targeting import choose_contact, segment_matches
from sdr_assets.playbook import load_play

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _contact(contact_id: str, title: str, seniority: str, department: str) -> dict:
    return {"contact_id": contact_id, "first_name": "Ann", "last_name": "Lee", "title": title,
            "seniority": seniority, "department": department, "email": f"{contact_id}@acme.example"}


def test_an_industry_in_lower_case_fits_the_segment_that_names_it():
    play = load_play(PLAYS / "revops-hiring.yaml")
    assert segment_matches(play.segment, {"industry": "software", "country": "US", "employees": 300}) == (
        True, "in segment")


def test_a_seniority_and_department_in_another_case_count_for_the_persona():
    play = load_play(PLAYS / "revops-hiring.yaml")
    vp = _contact("a", "VP Sales", "VP", "sales")
    director = _contact("b", "Sales Director", "director", "Sales")
    chosen, reason = choose_contact(play, [director, vp])
    assert chosen is vp, reason
    # A department and seniority alone, without a title of the persona, still reach a contact.
    head = _contact("c", "Head of Revenue", "Vp", "SALES")
    assert choose_contact(play, [head])[0] is head
