"""The reason of an account's contact choice tells the analyst what happened: what of the chosen
contact matched the play's persona and among how many contacts, and, where no provider listed any
contact at the company, that none was listed (not that none matched the personas)."""

from pathlib import Path

from sdr_assets.domain.targeting import choose_contact
from sdr_assets.playbook import load_play

PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _contact(contact_id: str, title: str, seniority: str, department: str) -> dict:
    return {"contact_id": contact_id, "first_name": "Ann", "last_name": "Lee", "title": title,
            "seniority": seniority, "department": department, "email": f"{contact_id}@acme.example"}


def test_the_reason_names_what_matched_and_among_how_many():
    play = load_play(PLAYS / "revops-hiring.yaml")
    contacts = [_contact("a", "VP Sales", "vp", "Sales"), _contact("b", "Sales Director", "director", "Sales"),
                _contact("c", "Accountant", "ic", "Finance")]
    chosen, reason = choose_contact(play, contacts)
    assert chosen is contacts[0]
    assert reason == "persona match: VP Sales (title, department, seniority; score 20, the best of 3 contacts)"
    assert choose_contact(play, contacts[2:]) == (None, "no contact of 1 matches the play's personas")


def test_an_account_without_contacts_says_no_provider_listed_one():
    play = load_play(PLAYS / "revops-hiring.yaml")
    assert choose_contact(play, []) == (None, "no provider lists a contact at this company")
