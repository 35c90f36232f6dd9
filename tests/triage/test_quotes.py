"""Quote and signature stripping against github/email_reply_parser's expectations."""

import time

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage.quotes import visible_text, written_text

from .helpers import make_message


def read(reply_emails_dir, name):
    return (reply_emails_dir / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name,expected", [
    ("email_2_1", "Outlook with a reply"),
    ("email_2_2", "Outlook with a reply directly above line"),
    ("email_2_3", "Outlook with a reply directly above line"),
    ("email_iPhone", "Here is another email"),
    ("email_BlackBerry", "Here is another email"),
    ("email_multi_word_sent_from_my_mobile_device", "Here is another email"),
    ("email_sent_from_my_not_signature",
     "Here is another email\n\nSent from my desk, is much easier then my mobile phone."),
    ("email_bullets", "test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n"
                      "   - how about bullets\n   - and another"),
])
def test_parse_reply_exact(reply_emails_dir, name, expected):
    assert visible_text(read(reply_emails_dir, name)) == expected


@pytest.mark.parametrize("name,starts,absent", [
    ("email_1_1", "Hi folks\n\nWhat is the best way to clear a Riak bucket", "Abhishek Kona"),
    ("email_1_3", "Oh thanks.\n\nHaving", "-A"),
    ("email_1_4", "Awesome", "Loader"),
    ("email_1_6", "I get", "Was this"),
    ("email_1_7", ":+1:", "Steps 0-2"),
    ("email_one_is_not_on", "Thank, this is really helpful.", "On Oct 1, 2012"),
    ("greedy_on", "On your remote host", "On 9 Jan 2014"),
    ("correct_sig", "this is an email with a correct -- signature.", "rick"),
])
def test_visible_part_kept_and_history_dropped(reply_emails_dir, name, starts, absent):
    text = visible_text(read(reply_emails_dir, name))
    assert text.startswith(starts)
    assert absent not in text


def test_inline_reply_keeps_answers_not_quotes(reply_emails_dir):
    text = visible_text(read(reply_emails_dir, "email_1_8"))
    assert "I will reply under this one" in text and "and under this." in text
    assert "okay?" not in text and "signature" not in text


def test_bottom_post_keeps_the_answer(reply_emails_dir):
    text = visible_text(read(reply_emails_dir, "email_1_2"))
    assert text.startswith("Hi,") and "You can list the keys" in text
    assert "> Hi folks" not in text


def test_signature_delimiter_mid_line_is_not_a_signature(reply_emails_dir):
    assert visible_text(read(reply_emails_dir, "email_sig_delimiter_in_middle_of_line")).endswith("kthxbai")


@pytest.mark.parametrize("name", ["pathological", "email_long_quote"])
def test_pathological_input_is_fast(reply_emails_dir, name):
    start = time.perf_counter()
    visible_text(read(reply_emails_dir, name))
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("header", [
    "On Tue, 4 Jun 2024 at 09:12, Alex <alex@x.example> wrote:",
    "Am Di., 4. Juni 2024 um 09:12 Uhr schrieb Alex <alex@x.example>:",
    "Le mar. 4 juin 2024 à 09:12, Alex <alex@x.example> a écrit :",
    "El mar, 4 jun 2024 a las 09:12, Alex (<alex@x.example>) escribió:",
])
def test_quoted_unsubscribe_footer_is_removed(header):
    body = f"Sounds good, let's talk.\n\n{header}\n> Hi,\n> would a call help?\n> Click here to unsubscribe."
    assert visible_text(body) == "Sounds good, let's talk."


def test_outlook_history_is_removed():
    body = ("Yes please send times.\n\n________________________________\nFrom: Alex <a@x.example>\n"
            "Sent: Tuesday, June 4, 2024 9:12 AM\nTo: Pat\nSubject: Hi\n\nHi Pat ... unsubscribe here")
    assert visible_text(body) == "Yes please send times."


def test_a_bullet_is_no_signature_and_a_postscript_after_the_signature_is_kept():
    bullets = "Thanks Sam, two things:\n-we are not a fit right now\n-please remove me from your list"
    assert visible_text(bullets) == bullets
    assert visible_text("Sounds good.\n-Jane\nVP Operations") == "Sounds good."
    signed = "No thanks.\n\n--\nJane Doe\nVP Operations\n\nPS: please unsubscribe me."
    assert visible_text(signed) == "No thanks.\n\nPS: please unsubscribe me."


def test_a_quote_header_indented_with_no_break_spaces_is_cut():
    # An HTML reply's "&nbsp;From:" becomes "\xa0From:": the quote under it is ours, footer and all.
    body = ("Please remove me.\n\n\xa0From: Alex <alex@sdr.example>\n\xa0Sent: Monday, June 3, 2024 9:12 AM\n"
            "\xa0To: Pat\n\nHi Pat, would a call help?\nUnsubscribe here: https://sdr.example/u/x")
    assert visible_text(body) == "Please remove me."
    separated = "Not now, thanks.\n\n\xa0-----Original Message-----\nFrom: Alex\nUnsubscribe here"
    assert visible_text(separated) == "Not now, thanks."


def test_the_token_in_our_footer_quoted_under_an_html_reply_is_not_the_writers():
    from email.message import EmailMessage

    from sdr_assets.domain.unsubscribe import unsubscribe_token
    from sdr_assets.triage import classify_message

    from .helpers import OUR_MESSAGE_ID

    token = unsubscribe_token(b"s" * 32, "b" * 24, "pat@customer.example")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Bo <bo@customer.example>", "alex@sdr.example", "Re: Quick question"
    msg["Message-ID"], msg["In-Reply-To"] = "<bo-1@customer.example>", OUR_MESSAGE_ID
    msg.set_content("<p>Please remove me.</p><p>&nbsp;From: Alex &lt;alex@sdr.example&gt;<br>&nbsp;Sent: Monday,"
                    " June 3, 2024<br>&nbsp;To: Pat<br><br>Hi Pat, would a call help?<br>"
                    f"Unsubscribe here: https://sdr.example/u/{token}</p>", subtype="html")
    result = classify_message(bytes(msg))
    assert (result.label, result.visible_text, result.unsubscribe_tokens) == ("unsubscribe", "Please remove me.", [])


def test_words_below_a_sign_off_are_written_though_the_labeller_reads_without_them():
    body = "Not for us, thanks.\n- Ann\n\nOh, and please take me off your list."
    assert written_text(body) == body
    assert visible_text(body) == "Not for us, thanks."


def test_words_below_a_rule_or_between_quotes_are_hers():
    ruled = "No thanks.\n--------------------\nUnsubscribe me."
    assert written_text(ruled) == ruled
    # The labeller reads above the rule, as above a sign-off; the opt-out rule reads all of it.
    assert visible_text(ruled) == "No thanks."
    result = classify_message(make_message(ruled))
    assert (result.label, result.needs_review) == ("unsubscribe", False)
    body = ("See below.\n\nOn Tue, 4 Jun 2024 at 09:12, Alex <alex@x.example> wrote:\n> Worth a call?\n\nNo.\n\n"
            "> Hi\n\nBye.")
    assert visible_text(body) == "See below.\n\nNo.\n\n\nBye."


def test_an_unmarked_quote_of_our_message_ends_with_our_footer():
    ours = ("From: Alex <alex@sdr.example>\nSent: Monday, June 3, 2024 9:12 AM\nTo: Pat\n\nHi Pat, a call?\n\n--\n"
            "1 Main St\nNot relevant? Unsubscribe with one\nclick:\n"
            "https://sdr.example/u/abcdefgh12-xyzw.abcdefghijklmnopqrstuv\n")
    assert written_text(ours + "\nPlease remove me.") == "Please remove me."
    assert written_text("Thanks\n\n" + ours) == "Thanks"
    other = "Thanks\n\nFrom: Bo <bo@x.example>\nSent: Monday\nTo: Pat\n\nAnything\n\nMore of Bo's"
    assert written_text(other) == "Thanks"


def test_our_footer_line_is_never_hers():
    link = "https://sdr.example/u/abcdefgh12-xyzw.abcdefghijklmnopqrstuv"
    footer = f"Not relevant? Unsubscribe with one click: {link}"
    assert written_text(f"Sounds good.\n\n{footer}") == "Sounds good."
