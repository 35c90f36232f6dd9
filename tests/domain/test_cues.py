"""A check's cues found in one pass for every check are the cues a test of each one by one finds: the
shortcut never spares a text one of its cues would send to the check's patterns."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sdr_assets.domain import (adoption_stages, cues, effort_promises, hard_periods, hearsay, how_things_stand,
                               lowercase_names, lowercase_people, momentum_claims, new_hires, new_roles,
                               predecessors, product_demand, prospect_plans, role_titles, team_makeup, their_works,
                               verifier)
from sdr_assets.domain.cues import Cues

REGISTERED = sorted(cues._REGISTERED)
PIECES = st.sampled_from([*REGISTERED, *(c[:-1] for c in REGISTERED), *(c[1:] for c in REGISTERED),
                          " ", "\n", "x", "’", "İ", ""])
TEXTS = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@example("their plans are set  to go")
@example("set to")
@example("momentu")
@given(TEXTS)
def test_every_registered_cue_a_text_holds_is_found(text):
    assert cues._held(text) == {cue for cue in REGISTERED if cue in text}


@settings(max_examples=300, deadline=None)
@example("we plan to fund it", prospect_plans._ALLOCATION_CUES)
@given(TEXTS, st.sampled_from([prospect_plans._PLAN_CUES, prospect_plans._ALLOCATION_CUES, new_roles._VERB_STEMS]))
def test_the_cues_a_text_holds_are_each_cue_of_the_check_found_in_it(text, check_cues):
    assert check_cues.held_in(text) == {cue for cue in check_cues if cue in text}


@settings(max_examples=60, deadline=None)  # each example compiles the pattern of every cue anew
@example(["plan", "planning"], "we are planning")
@example(["planning", "plan"], "plan")
@example(["", "x"], "")
@example(["ab", "b"], "ab")
@given(st.lists(st.text(alphabet="abc ’", max_size=4), min_size=1, max_size=6), st.text(alphabet="abc ’", max_size=20))
def test_cues_made_after_others_are_found_as_a_test_of_each_finds_them(strings, text):
    registered = set(cues._REGISTERED)
    try:
        made = Cues(strings)
        assert made.any_in(text) == any(cue in text for cue in strings)
        assert cues._held(text) == {cue for cue in cues._REGISTERED if cue in text}
    finally:
        cues._REGISTERED.intersection_update(registered)
        cues._held.cache_clear()
        cues._reading.cache_clear()


def test_the_verifier_checks_ask_for_their_cues_through_one_pass():
    for module_cues in (adoption_stages._CUES, hearsay._CUES, how_things_stand._CUES, momentum_claims._CUES,
                        prospect_plans._PLAN_CUES, prospect_plans._ALLOCATION_CUES, their_works._CUES,
                        verifier._REPLY_CUES, team_makeup._CUES, team_makeup._OWNER_CUES, effort_promises._CUES,
                        hard_periods._CUES, hard_periods._JUDGED_CUES, product_demand._CUES, new_roles._SEAT_NOUNS,
                        new_roles._VERB_STEMS, new_hires._MADE_CUES, role_titles._HINT_WORDS,
                        lowercase_people._CONGRATULATED_MARKS, lowercase_names._WORD_NAMED, predecessors._HOLDER_CUES):
        assert isinstance(module_cues, Cues) and set(module_cues) <= cues._REGISTERED
