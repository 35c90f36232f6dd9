"""An opt-out reads as a person sees it: spaces of any kind, characters that render as nothing and
full-width letters do not hide it from the rule; a subject that ends in a request to stop is one."""

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.reading import reading_form

from .helpers import make_message


def _html(body: str, subject: str = "Re: Quick question") -> bytes:
    head = make_message("x", subject=subject).split(b"\n\n", 1)[0].decode()
    head = "\n".join(line for line in head.splitlines() if not line.lower().startswith(("content-", "mime-")))
    return f"{head}\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n{body}".encode()


@pytest.mark.parametrize("text", [
    "Please remove\u00a0me from your list.",  # a no-break space inside the phrase
    "Please remove\u202fme from your list.",  # narrow no-break space
    "Please remove\u2007me from your list.",  # figure space
    "Please un\u200bsubscribe me.",  # zero-width space
    "Please un\u200csubscribe me.",  # zero-width non-joiner
    "Please un\u2060subscribe me.",  # word joiner
    "Please un\ufeffsubscribe me.",  # a byte order mark inside the text
    "\uff35\uff2e\uff33\uff35\uff22\uff33\uff23\uff32\uff29\uff22\uff25",  # full-width UNSUBSCRIBE
    "Please\u3000remove\u3000me\u3000from\u3000your\u3000list.",  # ideographic spaces
])
def test_an_opt_out_with_unusual_spaces_or_invisible_characters_is_recorded(text):
    result = classify_message(make_message(text), strict=True)
    assert (result.kind, result.label, result.needs_review) == ("human", "unsubscribe", False), result


def test_an_html_opt_out_written_with_nbsp_entities_is_recorded():
    html = "<html><body><table><tr><td>Hi Sam,<br>please&nbsp;remove&nbsp;me&nbsp;from&nbsp;your&nbsp;list." \
           "<br>Thanks</td></tr></table></body></html>"
    result = classify_message(_html(html), strict=True)
    assert (result.label, result.needs_review) == ("unsubscribe", False), result


def test_the_labeller_and_the_data_request_rule_read_the_same_text():
    """The visible text is what every rule read: a request to delete data hidden by no-break spaces
    is recorded as an opt-out and marked for a person, as the plain one is."""
    plain = classify_message(make_message("Please delete my data."), strict=True)
    spaced = classify_message(make_message("Please\u00a0delete\u00a0my\u00a0data."), strict=True)
    assert (spaced.label, spaced.data_request, spaced.needs_review) == (plain.label, plain.data_request, True)
    assert spaced.label == "unsubscribe" and spaced.data_request
    assert spaced.visible_text == "Please delete my data."


def test_the_reading_form():
    assert reading_form("a\u00a0b\u202fc\u2007d\u3000e") == "a b c d e"
    assert reading_form("un\u200b\u200c\u200d\u2060\ufeff\u00adsubscribe") == "unsubscribe"
    assert reading_form("\uff35\uff2e\uff33\uff35\uff22") == "UNSUB"
    assert reading_form("one\u2028two") == "one\ntwo"
    assert reading_form("Grüße, José") == "Grüße, José"
    text = "plain ascii \t\n stays"
    assert reading_form(text) is text


@pytest.mark.parametrize("subject", [
    "Re: Quick question - UNSUBSCRIBE", "Re: Quick question [unsubscribe]", "Re: Quick question – remove me",
    "Re: Quick question UNSUBSCRIBE", "Re: Quick question: unsubscribe.", "Re: Quick question (opt out)",
    "Re: Quick question - \uff35\uff2e\uff33\uff35\uff22\uff33\uff23\uff32\uff29\uff22\uff25",
])
@pytest.mark.parametrize("body", ["", "Sent from my iPhone"])
def test_a_subject_ending_in_a_request_to_stop_is_an_opt_out(subject, body):
    result = classify_message(make_message(body, subject=subject), strict=True)
    assert (result.label, result.needs_review) == ("unsubscribe", False), result


@pytest.mark.parametrize("subject", [
    "Re: unsubscribe link broken?", "Re: Unsubscribe flow in your product", "Re: How to unsubscribe",
    "Re: Quick question - unsubscribe?", "Re: Bus stop", "Re: Non-stop delivery",
])
def test_a_subject_about_unsubscribing_is_no_opt_out(subject):
    result = classify_message(make_message("Can you send me the details?", subject=subject), strict=True)
    assert result.label != "unsubscribe", result
