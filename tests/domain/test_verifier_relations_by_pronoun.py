"""A draft invents no relation between us and the reader, or a person of theirs named by a pronoun:
"I worked with you before", "she and I go way back", "she used us at her last company" are held as
"Maria Lopez and I worked together" is; an offer to work with them, a condition and what we do for
teams go out."""

import pytest

from tests.domain.truth_contexts import assert_stopped, assert_written

UNTRUE = [
    ("funding", "I worked with you before, so I'll keep this short."),
    ("funding", "You used us at your last company."),
    ("funding", "You and I go way back."),
    ("funding", "You were a customer of ours years ago."),
    ("leadership", "I know her from her last company."),
    ("leadership", "She and I worked together years ago."),
    ("leadership", "She is a friend of mine."),
    ("leadership", "She used us at her last company."),
    ("leadership", "She loved working with us before."),
    ("leadership", "She already knows our product."),
]

FAIR = [
    ("funding", "We would love to work with you on it."),
    ("funding", "If you used our drafts, you would see the difference."),
    ("funding", "Teams use us to draft outbound that a person approves."),
    ("funding", "You can use our tables in the tools you run today."),
    ("leadership", "She will likely review how pipeline is built."),
    ("leadership", "You and I could walk through it in a short call."),
]


@pytest.mark.parametrize("claim", [c for _, c in UNTRUE], ids=[c for _, c in UNTRUE])
def test_a_relation_with_the_reader_or_their_person_is_held(claim):
    context = next(c for c, said in UNTRUE if said == claim)
    assert_stopped(context, claim, "relation with us not in the facts")


@pytest.mark.parametrize("claim", [c for _, c in FAIR], ids=[c for _, c in FAIR])
def test_offers_conditions_and_what_we_do_go_out(claim):
    context = next(c for c, said in FAIR if said == claim)
    assert_written(context, claim)
