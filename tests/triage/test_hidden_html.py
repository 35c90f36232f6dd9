"""Html hidden from its reader (a preheader, a block of size 0) is not her words: what it says neither
speaks for her nor is lost. An opt-out only hidden sends the reply to a person, with her mail held."""

import base64

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.parse import html_to_text, parse_bytes
from sdr_assets.triage.result import MAY_ASK_TO_STOP

from .helpers import OUR_MESSAGE_ID


def _html(body: str, *, reply: bool = True) -> bytes:
    head = ("From: Ann Lee <ann@acme.example>\nTo: sam@sdr.example\nSubject: Re: Quick question\n"
            "Message-ID: <r1@acme.example>\nDate: Tue, 01 Dec 2026 10:00:00 +0000\n")
    head += f"In-Reply-To: {OUR_MESSAGE_ID}\n" if reply else ""
    return (head + f"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n{body}").encode()


def _base64(body: str) -> bytes:
    """As mail clients send html: base64, so that raw bytes read as text say nothing."""
    head = _html("").decode().replace("charset=utf-8\n\n", "charset=utf-8\nContent-Transfer-Encoding: base64\n\n")
    return (head + base64.encodebytes(body.encode()).decode()).encode()


HIDING = [
    '<div style="display:none;font-size:0">{}</div>',
    '<span style="visibility: hidden">{}</span>',
    '<div style="opacity:0;max-height:0;overflow:hidden">{}</div>',
    '<div style="opacity: 0">{}</div>',
    "<div hidden>{}</div>",
    '<p style="mso-hide:all">{}</p>',
    '<div style="DISPLAY: NONE"><div>{}</div><div>more</div></div>',
]


@pytest.mark.parametrize("hiding", HIDING)
def test_a_hidden_opt_out_beside_visible_interest_goes_to_a_person_never_closed(hiding):
    result = classify_message(_html(hiding.format("unsubscribe") + "<p>Yes, let's talk Thursday at 3pm.</p>"))
    assert result.label != "unsubscribe", "hidden words are not hers to be taken at"
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP
    assert "unsubscribe" not in result.visible_text and "Thursday" in result.visible_text


def test_hidden_interest_is_not_shown_as_hers():
    raw = _html('<span style="display:none;max-height:0">Yes I\'m interested</span><p>Do not contact me again.</p>')
    result = classify_message(raw)
    assert result.label == "unsubscribe" and not result.needs_review
    assert result.visible_text.strip() == "Do not contact me again."


def test_a_hidden_opt_out_in_a_new_message_is_read_by_a_person():
    result = classify_message(_html('<div style="display:none">please remove me</div><p>Hello there</p>', reply=False))
    assert result.needs_review and result.reason == MAY_ASK_TO_STOP


@pytest.mark.parametrize("markup", [
    '<p style="font-size:0.9em">Please unsubscribe me.</p>',
    '<p style="opacity:0.5">Please unsubscribe me.</p>',
    '<p aria-hidden="true">Please unsubscribe me.</p>',
    '<div style="display:block">Please unsubscribe me.</div>',
])
def test_a_visible_opt_out_styled_otherwise_is_read_as_hers(markup):
    result = classify_message(_html(markup))
    assert result.label == "unsubscribe" and not result.needs_review


def test_hidden_markup_is_set_apart_and_what_follows_it_kept():
    markup = '<div style="display:none">pre<div>inner</div>header</div><p>Shown <b>text</b></p><div hidden>x'
    assert html_to_text(markup).split() == ["Shown", "text"]
    assert parse_bytes(_html(markup)).hidden_text.split() == ["pre", "inner", "header", "x"]


@pytest.mark.parametrize("markup", [
    '<div style="font-size:0"><span style="font-size:14px">Please remove me from your list.</span></div>',
    '<table><tr><td style="font-size:0px"><div style="display:inline-block">'
    '<p style="font-size:16px">Please remove me from your list.</p></div></td></tr></table>',
    '<div style="max-height:0;overflow:visible"><p>Please remove me from your list.</p></div>',
])
def test_a_wrapper_of_size_0_hides_nothing_its_words_are_read(markup):
    """Templates close the gaps between blocks with a wrapper of size 0 and size the words inside."""
    result = classify_message(_base64(markup))
    assert result.label == "unsubscribe" and not result.needs_review
    assert "Please remove me from your list." in result.visible_text


def test_a_message_that_is_all_hidden_is_read_as_hers_not_as_its_raw_payload():
    """A preheader never closed hides the rest: nothing is shown, so the hiding was misread."""
    result = classify_message(_base64('<div style="display:none">preheader<p>Please remove me from your list.</p>'))
    assert result.label == "unsubscribe"
    assert "Please remove me from your list." in result.visible_text
