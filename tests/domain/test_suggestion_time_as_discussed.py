"""A time she proposes "as discussed", "as promised" or "as mentioned" is still one she proposes: the words in -ed
after "as" point back to what was said, they tell of no past event, and the answer to her interest checks her
time rather than asking her again which times suit her. A day told of as past ("we discussed it on Monday") is none."""

import pytest

from sdr_assets.domain.suggestions import offline_suggestion

CHECKS = "I'll check the time you suggested and confirm it with an invite."


@pytest.mark.parametrize("reply", ["Let's do Tuesday at 3pm as discussed.", "Thursday at 10 as promised works for me.",
                                   "Could we do Friday at 2pm as mentioned?"])
def test_a_time_proposed_as_discussed_is_checked(reply):
    assert offline_suggestion("interested", None, "Ann", None, "", reply).endswith(CHECKS)


@pytest.mark.parametrize("reply", ["We discussed it on Monday, send me the details.",
                                   "Interested. I mentioned it to my team at 9am."])
def test_a_day_told_of_as_past_is_no_proposal(reply):
    assert not offline_suggestion("interested", None, "Ann", None, "", reply).endswith(CHECKS)
