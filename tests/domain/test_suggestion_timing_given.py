"""An objection of timing that says when to come back ("reach out in Q2", "try again next year", "check
back in April") is answered that we will, not asked when would be better: the offline answer asked her
again what she had just said. One that names no time is still asked."""

import pytest

from sdr_assets.domain.suggestions import offline_suggestion


@pytest.mark.parametrize("reply", ["Not now. Reach out in Q2.", "Bad timing, try again next year.",
                                   "Ping me again in 3 months.", "We are mid-migration, check back in April.",
                                   "Not right now, maybe after the summer.",
                                   "Gerade nicht, melden Sie sich bitte im Januar wieder."])
def test_a_time_to_come_back_she_gave_is_taken_up(reply):
    answer = offline_suggestion("objection", "timing", "Ann", None, "", reply)
    assert "When would be" not in answer and "Wann wäre" not in answer, answer


@pytest.mark.parametrize("reply", ["Not now, we are busy.", "Bad timing, sorry."])
def test_a_time_she_did_not_give_is_asked_for(reply):
    answer = offline_suggestion("objection", "timing", "Ann", None, "", reply)
    assert answer.endswith("When would be a better time for me to check back?"), answer
