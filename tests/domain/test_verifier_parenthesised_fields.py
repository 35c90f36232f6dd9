"""A merge field a model leaves in parentheses or as a blank ("Book a time here: (link)", "Hi (first
name)", "(insert calendar link)", "Your ___ team") is an unfilled placeholder: the draft falls back
to the approved template, as one left in brackets does; words in parentheses that name no field go
out."""

import pytest

from tests.domain.truth_contexts import draft, judge

LEFT = ["Book a time here: (link).", "Book a time here: (insert calendar link).", "Hi (first name), one more thing.",
        "Congrats to (company name) on the news.", "Book a time here: ( Link ).", "Signed, (your name).",
        "Your ___ team will ask about pipeline."]
FAIR = ["Book a time here (it takes a minute).", "Pipeline (the name of the game after a round) matters.",
        "A short call (at a time that suits you) is all it takes."]


@pytest.mark.parametrize("claim", LEFT)
def test_a_field_left_in_parentheses_or_blank_is_held(claim):
    written, reasons = judge(draft("funding", claim))
    assert not written and any(r.startswith("unfilled placeholder") for r in reasons), reasons


@pytest.mark.parametrize("claim", FAIR)
def test_words_in_parentheses_that_name_no_field_go_out(claim):
    written, reasons = judge(draft("funding", claim))
    assert written, reasons
