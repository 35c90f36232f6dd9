"""An objection of timing answered "I'll check back then, as you suggested" names the time she gave to come back;
a month or a season she only mentions (her signature "April", "our summer launch", "we just closed Q4", "Happy New
Year") is no such time, and the answer asks her when would be better instead of claiming she suggested one."""

import pytest

from sdr_assets.domain.suggestions import offline_suggestion


@pytest.mark.parametrize("reply", [
    "Not a good time for us, we are mid-migration.\n\nBest,\nApril",
    "Not now, we are swamped.\n\nSummer Lee\nHead of Operations",
    "Bad timing, our summer launch is eating every hour we have.",
    "Timing is bad, we just closed Q4 and the team is exhausted.",
    "Happy New Year! Unfortunately the timing is bad for us.",
    "We spent March on a migration and are still recovering, bad timing.",
    "This may not be the right time for us.",
])
def test_a_time_only_mentioned_is_not_taken_for_one_she_suggested(reply):
    answer = offline_suggestion("objection", "timing", "Ann", None, "", reply)
    assert answer.endswith("When would be a better time for me to check back?"), answer


@pytest.mark.parametrize("reply", [
    "Reach out in April.", "Check back after the summer.", "Try us again in the new year.", "Maybe early June?",
    "Let's revisit in Q3.", "Revisit in May.", "Melden Sie sich bitte im Januar wieder.", "Recontactez-moi en avril.",
    "Escríbame en septiembre, por favor.", "Not now, maybe next year.",
])
def test_a_time_to_come_back_is_still_taken_up(reply):
    answer = offline_suggestion("objection", "timing", "Ann", None, "", reply)
    assert "When would be" not in answer and "Wann wäre" not in answer and "meilleur moment" not in answer \
        and "mejor momento" not in answer, answer
