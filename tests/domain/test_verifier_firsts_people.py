"""A draft that ranks a prospect first, or greets or congratulates someone the facts never name in
lower case, is held; ordinary uses of "first" and greetings to a group pass."""

import pytest

from sdr_assets.domain.firsts import first_claim_reasons
from sdr_assets.domain.lowercase_people import lowercase_people
from sdr_assets.domain.verifier import Bounds, verify_draft

GROUNDS = ("Congrats on the Series B, Dana\nHi Dana, congratulations on Acme's $25M Series B. We help Logistics "
           "teams answer with outbound. Worth 20 minutes?\nDana\nOrtiz\nVP Sales\nAcme\nLogistics\n120\nGermany\n"
           "$25M\nSeries B\nyou just raised a Series B")
OPENING = "Hi Dana, congratulations on Acme's $25M Series B."


def _reasons(sentence: str, grounds: str = GROUNDS, mode: str = "lexicon") -> tuple[str, ...]:
    return verify_draft("Congrats on the Series B, Dana", f"{OPENING} {sentence}", grounds, first_touch=True,
                        bounds=Bounds(min_words=3), mode=mode)


@pytest.mark.parametrize("sentence, phrase", [
    ("You may be the first logistics company in Germany to do this.", "first logistics company in"),
    ("Acme was one of the first teams to adopt outbound.", "was one of the first teams to"),
    ("Acme was first to move.", "was first to"),
    ("It is a first-of-its-kind rollout.", "first-of-its-kind"),
    ("Your first-ever Series B deserves a plan.", "first-ever"),
    ("Germany's first logistics firm to go this way.", "first logistics firm to"),
    ("You are among the first movers in Germany.", "first movers in"),
    ("Be the first team in Germany to try it.", "first team in"),
])
def test_a_draft_that_ranks_the_prospect_first_is_held(sentence, phrase):
    assert f"ranking claim not in the facts: '{phrase}'" in _reasons(sentence)
    assert not any("ranking" in r for r in _reasons(sentence, f"{GROUNDS}\n{sentence}"))


@pytest.mark.parametrize("sentence", [
    "The first few weeks after a round decide the year.",
    "Worth a first call this week?",
    "This was the first step to a plan.",
    "Want to be one of the first teams to try it?",
    "Be the first team to try it.",
    "Your first customers in Germany matter most.",
])
def test_ordinary_uses_of_first_rank_no_one(sentence):
    assert not any("ranking" in r for r in _reasons(sentence))


def test_a_first_claim_is_read_outside_names_and_numbers_only():
    sentence = "You may be the first logistics company in Germany to do this."
    assert not any("ranking" in r for r in _reasons(sentence, mode="names_numbers"))
    assert any("ranking" in r for r in _reasons(sentence, mode="coverage"))
    assert first_claim_reasons("no claim here", "") == []


@pytest.mark.parametrize("body, name", [
    ("p.s. congrats to tom on the round.", "tom"),
    ("Say hi to bill for me.", "bill"),
    ("Kudos to mark and the team.", "mark"),
])
def test_a_person_congratulated_in_lower_case_must_be_in_the_facts(body, name):
    assert f"name not in the facts: {name}" in _reasons(body)
    assert f"name not in the facts: {name}" in _reasons(body, mode="names_numbers")


def test_a_lower_case_greeting_to_someone_else_is_held_and_to_the_contact_passes():
    def reasons(body: str) -> tuple[str, ...]:
        return verify_draft("Congrats on the Series B, Dana", body, GROUNDS, first_touch=True,
                            bounds=Bounds(min_words=3))
    assert "name not in the facts: tom" in reasons("hi tom,\ncongratulations on Acme's $25M Series B.")
    assert "name not in the facts: jo" in reasons("hey jo! congratulations on Acme's $25M Series B.")
    assert not any(r.startswith("name not") for r in reasons("hi dana,\ncongratulations on Acme's $25M Series B."))


@pytest.mark.parametrize("body", [
    "hi there,\nquick one.", "hey team - quick one.", "hi all,\nquick one.", "hello again!",
    "congrats to your team on the round.", "congrats to everyone at Acme.", "kudos to marketing on the launch.",
    "congratulations to the team.", "dear sir,", "Hi Dana,",
])
def test_a_greeting_to_a_group_or_the_contact_names_no_one(body):
    assert lowercase_people(body, GROUNDS) == []
