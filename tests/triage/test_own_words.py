"""Everything a person wrote reaches the opt-out rule and the person who reads her reply: below her
sign-off or a rule, below or between quotes, at any length; what we wrote (the quote of our message,
marked with ``>`` or not, and its footer's unsubscribe link) never does. Real replies, in
``tests/fixtures/replies/own_words``."""

from pathlib import Path

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP, MAY_ASK_TO_STOP

OWN_WORDS = Path(__file__).resolve().parents[1] / "fixtures" / "replies" / "own_words"


def triage(name: str):
    return classify_message((OWN_WORDS / f"{name}.eml").read_bytes())


@pytest.mark.parametrize("name,request_words", [
    ("ooo_stop_below_signature", "please remove me from your mailing lists"),
    ("ooo_stop_below_underscores", "please remove me from your mailing list"),
    ("helpdesk_stop_below_rule", "Please remove us from your mailing list"),
    ("ooo_stop_after_two_thousand_characters", "Please remove me from your mailing list"),
    ("afterthought_below_signoff", "please take me off your list"),
    ("afterthought_below_sent_from", "please remove me from the list"),
    ("stop_below_the_quote", "please remove me from your list"),
    ("answers_inline", "Please take me off your list"),
    ("html_stop_below_gmail_quote", "Please stop emailing me"),
    ("outlook_stop_below_unmarked_quote", "Take me off your list"),
])
def test_her_request_to_stop_is_an_opt_out_and_shown_to_whoever_reads_it(name, request_words):
    result = triage(name)
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.label, result.reason)
    assert request_words in result.visible_text
    assert result.unsubscribe_tokens == [], "the token in our quoted footer is not hers"


def test_a_question_below_the_quote_goes_to_a_person_who_sees_it():
    result = triage("question_below_the_quote")
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    assert result.visible_text.startswith("Not interested") and result.visible_text.endswith("what does it cost?")


def test_answers_written_between_quotes_are_all_shown_and_our_lines_are_not():
    text = triage("answers_inline").visible_text
    assert "We hired them already" in text and "take me off your list" in text
    assert "Worth a 15-minute call" not in text and "Unsubscribe" not in text


@pytest.mark.parametrize("name", ["html_stop_below_gmail_quote", "outlook_stop_below_unmarked_quote"])
def test_our_message_quoted_without_marks_is_not_read_as_hers(name):
    result = triage(name)
    assert "Saw Acme is hiring" not in result.visible_text and "Unsubscribe" not in result.visible_text


def test_a_reply_over_our_unmarked_quote_is_no_opt_out():
    """Our footer's "Unsubscribe with one click" comes back under every Outlook reply: it is ours."""
    result = triage("outlook_top_post_over_unmarked_quote")
    assert (result.kind, result.label) == ("human", "interested"), (result.label, result.reason)
    assert result.visible_text == "Sounds good, send me a few times for Thursday.\n\nAnn"
    assert result.reason is None and result.unsubscribe_tokens == []


@pytest.mark.parametrize("name,her_words,notice", [
    ("interested_over_company_footer", "Thursday 2pm works for me", "please unsubscribe or reply REMOVE"),
    ("interested_over_company_footer_de", "Thursday 2pm works for me", "melden Sie sich hier ab"),
    ("interested_over_newsletter_footer", "happy to chat next week", "subscribed to Acme news. Unsubscribe"),
    ("ooo_over_company_footer", "out of the office until 14 December", "please unsubscribe or reply REMOVE"),
    ("ooo_over_company_footer_de", "nicht im Büro", "melden Sie sich hier ab"),
    ("fresh_over_company_footer", "Thursday 2pm works for me", "please unsubscribe or reply REMOVE"),
])
def test_her_companys_footer_below_her_sign_off_is_read_by_a_person_not_taken_for_her_request(
        name, her_words, notice):
    """"If you would prefer not to receive marketing emails from Acme, please unsubscribe" speaks to
    Acme's readers, not for her: nobody is suppressed, and a person reads all of it while her mail waits."""
    result = triage(name)
    assert result.label != "unsubscribe", (result.kind, result.label, result.reason)
    # Below an out-of-office notice, the words are an automatic reply's: read as such, no person's reply.
    expected = AUTO_MAY_ASK_TO_STOP if name.startswith("ooo_") else MAY_ASK_TO_STOP
    assert result.needs_review and result.reason == expected, (result.kind, result.label, result.reason)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    assert her_words in result.visible_text and notice in result.visible_text


@pytest.mark.parametrize("name", ["stop_inline_in_unmarked_quote", "html_stop_inline_in_unmarked_quote",
                                  "stop_below_clipped_unmarked_quote", "stop_below_colleagues_unmarked_quote",
                                  "stop_below_memo_header", "stop_below_own_wrote_line"])
def test_a_request_to_stop_in_or_below_a_quote_without_marks_reaches_a_person_who_sees_it(name):
    """Words in a quote without ``>`` marks may be hers or history: only a person can tell, so the reply
    is marked as possibly asking us to stop, and she reads the whole message, never an empty text."""
    result = triage(name)
    assert result.label == "unsubscribe" or (result.needs_review and result.reason == MAY_ASK_TO_STOP), (
        result.kind, result.label, result.reason)
    assert escalates(result.kind, result.label, result.needs_review, result.reason)
    assert "Please remove me from your list." in result.visible_text


@pytest.mark.parametrize("name", ["interested_over_opt_out_line_below_rule",
                                  "interested_over_opt_out_line_below_signoff"])
def test_words_of_opting_out_below_a_reply_that_takes_up_the_offer_go_to_a_person(name):
    """"Thursday 2pm works for me" over "Remove us from your list" below her name: a standing line of her
    company's or her answer? A person reads which, her mail waiting; she is not suppressed unread."""
    result = triage(name)
    assert (result.kind, result.label) == ("human", "interested"), (result.kind, result.label, result.reason)
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "Thursday 2pm works for me" in result.visible_text and "from your list" in result.visible_text
