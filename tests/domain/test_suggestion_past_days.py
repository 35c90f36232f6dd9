"""A day or an hour a reply names as when something happened proposes no meeting: "we discussed it on
Monday", "I read your note last Friday", "our team met Wednesday", "onboarding was at 9am". The offline
answer to such interest offers times or the booking link instead of claiming to check a time she never
suggested; a day she offers in the same reply is still taken up."""

import pytest

from sdr_assets.domain.suggestions import offline_suggestion


@pytest.mark.parametrize("reply", [
    "We discussed this internally on Monday and we are interested. What are the next steps?",
    "I read your note last Friday. Yes, interested, what would a first call look like?",
    "Interested. We had a board meeting on Tuesday where this came up.",
    "Our team met Wednesday and agreed this is worth a look.",
    "Interested: we hired 3 SDRs this quarter and onboarding was at 9am every day for a month.",
    "We launched our new CRM on Thursday, so the timing is good. Let's talk.",
])
def test_a_day_that_tells_of_the_past_is_no_time_she_suggested(reply):
    for url in ("", "https://cal.example/team"):
        answer = offline_suggestion("interested", None, "Ann", None, url, reply)
        assert "time you suggested" not in answer, answer
        assert (url in answer) if url else "Which times suit you?" in answer, answer


@pytest.mark.parametrize("reply", [
    "We discussed this on Monday. Could we talk Thursday at 10?",
    "Yes. Monday works, or any day after 2pm.",
    "I saw your email on Monday, and Thursday afternoon would suit me.",
    "Could we get something scheduled for Tuesday?",
])
def test_a_day_she_offers_beside_one_past_is_taken_up(reply):
    assert "time you suggested" in offline_suggestion("interested", None, "Ann", None, "", reply)
