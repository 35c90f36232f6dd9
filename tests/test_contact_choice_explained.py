"""The reason of an account's contact choice tells the analyst what happened: what of the chosen
contact matched the play's persona and among how many contacts, and, where no provider listed any
contact at the company, that none was listed (not that none matched the personas)."""

from sdr_assets.domain.targeting import choose_contact
from sdr_assets.playbook import load_play
from tests.test_targeting_any_case import PLAYS, _contact



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
