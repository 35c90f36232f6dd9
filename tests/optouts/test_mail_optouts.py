"""Opt-outs by mail: recognised in triage, honoured only from the recipient's address or with a valid token."""

import json
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from sdr_assets.bench_extras import mail_corpus
from sdr_assets.domain.mail_optouts import known_mailboxes, mail_optout, optout_columns, token_address
from sdr_assets.domain.unsubscribe import unsubscribe_mailto, unsubscribe_token
from sdr_assets.triage import classify_message

SECRET = b"the-project-secret"
KEY = "0123456789abcdef01234567"
KNOWN = known_mailboxes(["jane@acme.example", "Ann+Sales@acme.example", "not an address"])


def _raw(sender: str, subject: str, body: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = headers.pop("To", "sam@outreach.example")
    msg["Subject"] = subject
    msg["Message-ID"] = "<m1@mail.example>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return bytes(msg)


def test_mail_to_the_mailto_address_is_an_opt_out_carrying_its_token():
    token = unsubscribe_token(SECRET, KEY, "jane@acme.example")
    address = unsubscribe_mailto("outreach.example", token).removeprefix("mailto:").split("?")[0]
    result = classify_message(_raw("Jane <jane@acme.example>", f"unsubscribe {token}", "", To=address))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True)
    assert result.unsubscribe_tokens == [token]
    assert token_address(SECRET, result.unsubscribe_tokens) == "jane@acme.example"
    assert token_address(b"another secret", result.unsubscribe_tokens) is None


@pytest.mark.parametrize("subject", ["unsubscribe%20{token}", "unsubscribe+{token}", "Unsubscribe%20{token}%0A"])
def test_a_mailto_subject_left_percent_encoded_still_proves_its_token(subject):
    """A mail client that does not decode the mailto's ``?subject=`` sends it as written: the token
    still names the recipient, though the mail comes from another of her addresses."""
    token = unsubscribe_token(SECRET, KEY, "jane@acme.example")
    address = unsubscribe_mailto("outreach.example", token).removeprefix("mailto:").split("?")[0]
    result = classify_message(_raw("Jane <jane.home@mail.example>", subject.format(token=token), "", To=address))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True)
    assert token_address(SECRET, result.unsubscribe_tokens) == "jane@acme.example"


def test_a_new_message_asking_to_stop_is_an_opt_out_but_a_newsletter_is_not():
    fresh = classify_message(_raw("ann@acme.example", "hello", "Please stop emailing me."))
    assert (fresh.kind, fresh.label) == ("human", "unsubscribe")
    assert classify_message(_raw("ann@acme.example", "STOP", "")).label == "unsubscribe"
    newsletter = classify_message(_raw("news@shop.example", "Deals", "Click here to unsubscribe.",
                                       List_Unsubscribe="<https://shop.example/u>"))
    assert newsletter.kind == "other"
    assert classify_message(_raw("ann@acme.example", "lunch?", "Are you free on Friday?")).kind == "other"


def test_a_reply_whose_subject_asks_to_unsubscribe_is_an_opt_out():
    result = classify_message(_raw("jane@acme.example", "Re: unsubscribe", "Thanks.", In_Reply_To="<x@y.example>"))
    assert (result.kind, result.label) == ("human", "unsubscribe")


def test_only_the_recipient_or_a_valid_token_suppresses_a_contact():
    own = mail_optout(from_addr="JANE+x@acme.example", contact_email="jane@acme.example", verified_address=None,
                      known_mailboxes=KNOWN, to_unsubscribe_address=False)
    assert (own.targets, own.needs_review, own.via) == (("jane+x@acme.example",), False, "unsubscribe_reply")
    forged = mail_optout(from_addr="mallory@evil.example", contact_email="jane@acme.example", verified_address=None,
                         known_mailboxes=KNOWN, to_unsubscribe_address=False)
    assert forged.targets == ("mallory@evil.example",) and forged.needs_review
    token = mail_optout(from_addr="jane.home@mail.example", contact_email=None, verified_address="jane@acme.example",
                        known_mailboxes=KNOWN, to_unsubscribe_address=True)
    assert (token.targets, token.needs_review, token.via) == (
        ("jane.home@mail.example", "jane@acme.example"), False, "unsubscribe_mail")
    fresh = mail_optout(from_addr="ann@acme.example", contact_email=None, verified_address=None,
                        known_mailboxes=KNOWN, to_unsubscribe_address=False)
    assert fresh.targets == ("ann@acme.example",) and not fresh.needs_review
    stranger = mail_optout(from_addr="who@else.example", contact_email=None, verified_address=None,
                           known_mailboxes=KNOWN, to_unsubscribe_address=False)
    assert stranger.needs_review and "no contact" in stranger.reason


def test_a_token_in_the_quote_of_a_reply_proves_nothing_but_one_the_sender_wrote_does():
    """Replies quote our message, whose footer carries its recipient's token: a colleague answering
    in her thread does not prove her address by it."""
    token = unsubscribe_token(SECRET, KEY, "ann@acme.example")
    footer = f"Sam Carter\n1 Test Street\nUnsubscribe with one click: https://outreach.example/unsubscribe/{token}"
    quoted = "\n".join(f"> {line}" for line in f"Hi Ann, a note.\n\n{footer}".splitlines())
    text = f"Please unsubscribe Ann, she is on leave.\n\nOn Fri, 20 Nov 2026, Sam Carter wrote:\n{quoted}\n"
    colleague = classify_message(_raw("Bob <bob@acme.example>", "Re: a note", text, In_Reply_To="<x@y.example>"))
    assert (colleague.kind, colleague.label) == ("human", "unsubscribe")
    assert colleague.unsubscribe_tokens == []
    decided = mail_optout(from_addr="bob@acme.example", contact_email="ann@acme.example",
                          verified_address=token_address(SECRET, colleague.unsubscribe_tokens), known_mailboxes=KNOWN,
                          to_unsubscribe_address=False)
    assert decided.needs_review and decided.targets == ("bob@acme.example",)

    pasted = classify_message(_raw("Bob <bob@acme.example>", "Re: a note",
                                   f"Please unsubscribe Ann: https://outreach.example/unsubscribe/{token}",
                                   In_Reply_To="<x@y.example>"))
    assert pasted.unsubscribe_tokens == [token], "a link the sender pasted in what they wrote still counts"
    fresh = classify_message(_raw("Bob <bob@acme.example>", "stop", f"Please stop emailing.\n\n{quoted}"))
    assert fresh.label == "unsubscribe" and fresh.unsubscribe_tokens == []


def test_a_gmail_recipient_asking_from_another_spelling_of_her_mailbox_is_no_stranger():
    asked = mail_optout(from_addr="Jane.Doe@googlemail.com", contact_email="janedoe@gmail.com", verified_address=None,
                        known_mailboxes=known_mailboxes(["janedoe@gmail.com"]), to_unsubscribe_address=False)
    assert (asked.targets, asked.needs_review) == (("jane.doe@googlemail.com",), False), asked.reason
    other = mail_optout(from_addr="jane.doe@acme.example", contact_email="janedoe@acme.example",
                        verified_address=None, known_mailboxes=KNOWN, to_unsubscribe_address=False)
    assert other.needs_review, "dots count outside Gmail"


MAIL = Path(__file__).resolve().parents[1] / "fixtures" / "mail" / "sisimai" / "emails" / "bsd"
UNSUBSCRIBE = "unsubscribe@outreach.example"


@pytest.mark.parametrize("subject, body", [
    ("Delivery Status Notification (Failure)", "Please take me off your list."),
    ("Undeliverable: a note", "This message could not be delivered. Stop writing to me."),
    ("failure notice", ""),
    ("Automatic reply: a note", "I am out of the office until Monday."),
    ("Returned mail: see transcript for details", "user unknown"),
])
def test_a_person_writing_to_the_mailto_address_opts_out_whatever_the_subject_says(subject, body):
    """RFC 2369: mail to the List-Unsubscribe's mailto address asks to stop, whatever it says. A
    subject a bounce or an auto-reply would carry does not make a person's message a bounce."""
    result = classify_message(_raw("Jane <jane@acme.example>", subject, body, To=UNSUBSCRIBE))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason
    columns = optout_columns(result, None, SECRET, KNOWN)
    assert (json.loads(columns["optout_targets"]), columns["optout_via"]) == (["jane@acme.example"], "unsubscribe_mail")
    assert "needs_review" not in columns


@pytest.mark.parametrize("sender", ['"Pat Lee, System Administrator" <pat@acme.example>',
                                    "Mail Delivery Team at Acme <pat@acme.example>", "Bounce Lee <pat@acme.example>"])
def test_a_person_whose_name_reads_like_a_mail_server_opts_out_by_the_mailto_address(sender):
    """Whether a mail server wrote is read from its address: a person's name or title that sounds like
    one, on mail in a bounce's words to the mailto address, does not make her opt-out a bounce."""
    result = classify_message(_raw(sender, "Undeliverable: a note",
                                   "This message could not be delivered. Stop writing to me.", To=UNSUBSCRIBE))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason


@pytest.mark.parametrize("sender", ["postmaster@acme.example", "Pat <post_master@acme.example>",
                                    "no-reply@acme.example", "Acme <noreply@acme.example>"])
@pytest.mark.parametrize("return_path", ["", "Return-Path: <{address}>\n"])
@pytest.mark.parametrize("subject, body", [
    ("Undeliverable: a note", "This message could not be delivered. Stop writing to me."),
    ("Returned mail: see transcript for details", "Delivery failed: please take us off your list."),
    ("Mail delivery failed", "Remove this address, we are not interested."),
])
def test_a_person_writing_from_a_shared_server_mailbox_opts_out(sender, return_path, subject, body):
    """A small company's admin reads and writes as ``postmaster@`` or ``no-reply@``: her message to
    the mailto address, in a bounce's words but with nothing a server's report carries (no returned
    original, no failed address, no status code), is her opt-out, not a bounce."""
    address = sender.rpartition("<")[2].rstrip(">")
    raw = return_path.format(address=address).encode() + _raw(sender, subject, body, To=UNSUBSCRIBE)
    result = classify_message(raw)
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason
    columns = optout_columns(result, None, SECRET, KNOWN)
    assert (json.loads(columns["optout_targets"]), columns["optout_via"]) == ([address], "unsubscribe_mail")


SIGNED = "This message could not be delivered. Stop writing to me.\n\nPat Lee, Acme\n415-555-0100\n"
QUOTING = ("Please take us off your list.\n\nOn Mon, 2 Dec 2024 at 09:00, {who} wrote:\n"
           "> Hi Pat, a quick question about your mail setup.\n")


@pytest.mark.parametrize("sender", ["postmaster@acme.example", "no-reply@acme.example"])
@pytest.mark.parametrize("body", [
    SIGNED,  # a phone number line is no transcript's reply code
    SIGNED.replace("415-555-0100", "450 Park Avenue, New York"),  # nor a street address line
    QUOTING.format(who="Sam <sam@outreach.example>"),  # our own address, in her quote
    QUOTING.format(who="Jo Fox <jo@acme.example>"),  # a colleague's, in her quote
    "Delivery failed: take sam@outreach.example and unsubscribe@outreach.example off.\n",  # ours
], ids=["phone number", "street address", "our address quoted", "a colleague quoted", "our addresses named"])
def test_a_shared_mailbox_persons_phone_number_or_quote_makes_no_report(sender, body):
    """What marks a server's report is looked for in what she wrote: a phone number is no reply code,
    and an address in her quote or one of ours is no failed recipient."""
    result = classify_message(_raw(sender, "Returned mail: see transcript for details", body, To=UNSUBSCRIBE))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason
    columns = optout_columns(result, None, SECRET, KNOWN)
    assert json.loads(columns["optout_targets"]) == [sender]


NOTICE = "Your message to the neko list awaits the moderator's approval. To unsubscribe, reply with 'remove'."


@pytest.mark.parametrize("sender, headers", [
    ("neko-admin@lists.example", {"X_MLServer": "fml [fml 4.0.3 release]"}),
    ("mailman-owner@lists.example", {"X_List_Administrivia": "yes"}),
    ("neko-bounces@lists.example", {"List_Id": "<neko.lists.example>"}),
    ("owner-neko@lists.example", {"Mailing_List": "contact neko-help@lists.example; run by ezmlm"}),
    ("Mailman <mailman@lists.example>", {"List_Post": "<mailto:neko@lists.example>"}),
    ("Neko list <list-keeper@lists.example>", {"Auto_Submitted": "auto-generated"}),
    ("admin@lists.example", {"List_Id": "<neko.lists.example>"}),
    ("neko-owner@lists.example", {"List_Id": "<neko.lists.example>", "Auto_Submitted": "auto-generated",
                                  "In_Reply_To": "<x@y.example>"}),
])
def test_a_list_managers_notice_to_the_mailto_address_suppresses_nobody(sender, headers):
    """A mailing-list manager's notice arriving at unsubscribe@ asks nothing, whatever words it holds:
    it is kept as the automatic notice it is, and no address is suppressed for it."""
    result = classify_message(_raw(sender, "Your message to neko awaits moderator approval", NOTICE,
                                   To=UNSUBSCRIBE, **headers))
    assert result.kind == "auto_reply" and result.label is None, (result.kind, result.label, result.reason)
    assert optout_columns(result, None, SECRET, KNOWN) == {"optout_targets": "[]", "optout_via": None}


@pytest.mark.parametrize("sender, subject, body", [
    ("Jo <it-admin@acme.example>", "Please remove me", "Please remove me from your list."),
    ("product-owner@acme.example", "unsubscribe", ""),
    ("Sales <sales-request@acme.example>", "hello", "Hi, we are not interested. Thanks."),
    ("neko-admin@lists.example", "Your message to neko awaits moderator approval", NOTICE),
])
def test_a_list_managers_kind_of_mailbox_name_alone_makes_no_notice(sender, subject, body):
    """A shared or personal mailbox may be named like a list manager's (``it-admin@``,
    ``product-owner@``): without a list's headers or ``Auto-Submitted``, her mail to the mailto
    address is her opt-out, and her address is suppressed."""
    result = classify_message(_raw(sender, subject, body, To=UNSUBSCRIBE))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason
    address = sender.rpartition("<")[2].rstrip(">")
    assert json.loads(optout_columns(result, None, SECRET, KNOWN)["optout_targets"]) == [address]


@pytest.mark.parametrize("where", ["body", "forward", "to"])
def test_a_token_outside_the_subject_keeps_a_list_notice_an_opt_out(where):
    """A token in the body (a forward of the mailto) or in the recipient keeps a mail with a list's
    headers from a list manager's kind of mailbox an opt-out, proving whom to suppress."""
    token = unsubscribe_token(SECRET, KEY, "jane@acme.example")
    to = UNSUBSCRIBE
    body = {"body": f"unsubscribe {token}\n", "forward": (
        f"---------- Forwarded message ---------\nTo: {UNSUBSCRIBE}\nSubject: unsubscribe {token}\n"),
        "to": "Sent from my phone\n"}[where]
    if where == "to":
        to = f'"unsubscribe {token}" <{UNSUBSCRIBE}>'  # a client that names the recipient by the mailto
    result = classify_message(_raw("sales-request@acme.example", "Fwd: a note", body, To=to,
                                   List_Id="<sales.acme.example>", Auto_Submitted="auto-forwarded"))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.reason)
    assert token_address(SECRET, result.unsubscribe_tokens) == "jane@acme.example"


@pytest.mark.parametrize("subject, body", [
    ("unsubscribe", ""),
    ("Re: a note", "Please stop emailing me.\n"),
    ("STOP", "Sent by my mail rules.\n"),
])
def test_an_auto_submitted_mail_whose_own_text_asks_to_stop_opts_out(subject, body):
    """``Auto-Submitted`` with no token: when its own text asks to stop, the address is suppressed
    (the safe side); a list's footer asking nothing is no such text (the notice test above)."""
    result = classify_message(_raw("jo@acme.example", subject, body, To=UNSUBSCRIBE, Auto_Submitted="auto-generated"))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason
    assert json.loads(optout_columns(result, None, SECRET, KNOWN)["optout_targets"]) == ["jo@acme.example"]


def test_an_auto_submitted_notice_with_a_list_footer_suppresses_nobody():
    """Words of leaving in a list's footer are the list's instructions, not the notice's own text."""
    body = ("Your message awaits approval.\n\n_______________________________________________\n"
            "Please remove me from your list: send 'unsubscribe' to neko-request@lists.example\n")
    result = classify_message(_raw("keeper@lists.example", "Your message awaits approval", body,
                                   To=UNSUBSCRIBE, Auto_Submitted="auto-replied"))
    assert result.kind == "auto_reply" and result.label is None, (result.kind, result.reason)
    assert optout_columns(result, None, SECRET, KNOWN) == {"optout_targets": "[]", "optout_via": None}


def test_a_mail_client_sending_the_mailto_for_its_user_still_opts_out():
    """A client that sends the mailto on its user's click may mark it Auto-Submitted: the subject it
    was given, token and all, keeps it her opt-out."""
    token = unsubscribe_token(SECRET, KEY, "jane@acme.example")
    result = classify_message(_raw("Jane <jane@acme.example>", f"unsubscribe {token}",
                                   "This message was automatically generated.", To=UNSUBSCRIBE,
                                   Auto_Submitted="auto-generated"))
    assert (result.kind, result.label) == ("human", "unsubscribe")
    assert token_address(SECRET, result.unsubscribe_tokens) == "jane@acme.example"


@pytest.mark.parametrize("sender", ["it-admin@acme.example", "Office <office-admin@acme.example>",
                                    "sales-request@acme.example", "neko-owner@lists.example"])
def test_the_mailtos_token_keeps_mail_from_a_list_managers_kind_of_mailbox_an_opt_out(sender):
    """A person may write from a mailbox named like a list manager's: the mailto's subject, token and
    all, is what her click sent, and it proves whom to suppress."""
    token = unsubscribe_token(SECRET, KEY, "jane@acme.example")
    result = classify_message(_raw(sender, f"unsubscribe {token}", "", To=UNSUBSCRIBE))
    assert (result.kind, result.label) == ("human", "unsubscribe"), (result.kind, result.reason)
    assert token_address(SECRET, result.unsubscribe_tokens) == "jane@acme.example"


@pytest.mark.parametrize("sender", ["Mike <mike.downer@acme.example>", "radmin.lee@acme.example",
                                    "requester@acme.example", "ownerton@acme.example"])
def test_a_person_writing_through_a_group_opts_out_whatever_her_name_holds(sender):
    """Through a group (List-Id), a role is read as a whole word of the local part: a name that holds
    one (``mike.downer``) is a person's, and her mail to the mailto address is her opt-out."""
    result = classify_message(_raw(sender, "take me off", "Please take me off your list.", To=UNSUBSCRIBE,
                                   List_Id="<sales.acme.example>"))
    assert (result.kind, result.label, result.to_unsubscribe_address) == ("human", "unsubscribe", True), result.reason


@pytest.mark.parametrize("name, kind", [
    ("lhost-postfix-01.eml", "bounce"),  # a DSN with a message/delivery-status part
    ("arf-01.eml", "complaint"),  # a feedback report
    ("lhost-qmail-01.eml", "bounce"),  # a bounce in words, from the null sender and a mailer daemon
    # bounces in words from servers that use neither the null sender nor a mailer daemon's From:
    ("lhost-x3-01.eml", "bounce"),  # Return-Path <MAILER-DAEMON@...>, From "Mail Delivery System"
    ("lhost-verizon-02.eml", "bounce"),  # From post_master@, no Return-Path
    ("lhost-kddi-01.eml", "bounce"),  # From no-reply@, Return-Path the failed recipient's
    # From postmaster@, no Return-Path, no report part: the text names the address that failed
    ("lhost-imailserver-04.eml", "bounce"),
    ("rfc3464-39.eml", "bounce"),
    ("lhost-ezweb-03.eml", "bounce"),
    ("lhost-fml-02.eml", "bounce"),  # a list manager's "you are not a member", from neko-admin@
])
@pytest.mark.parametrize("return_path", [True, False])
def test_reports_addressed_to_the_mailto_address_stay_reports(name, kind, return_path):
    raw = re.sub(rb"(?m)^To: .*$", f"To: {UNSUBSCRIBE}".encode(), (MAIL / name).read_bytes(), count=1)
    if not return_path:
        raw = re.sub(rb"(?m)\AReturn-Path: .*\n", b"", raw)
    result = classify_message(raw)
    assert result.kind == kind
    assert result.recipients and result.recipients == classify_message((MAIL / name).read_bytes()).recipients, \
        "the failed recipient is the one to suppress"


# A person forwarding a bounce she received is a person writing; a daemon whose From misspells
# postmaster@ with no Return-Path and nothing else of a report is indistinguishable from one.
PERSON_LIKE = {"sisimai/emails/bsd/lhost-sendmail-14.eml", "sisimai/emails/bsd/lhost-opensmtpd-05.eml"}


def test_no_bounce_or_delay_in_the_corpus_becomes_an_opt_out_when_readdressed_to_the_mailto_address():
    """Every bounce and delay of the mail corpus, readdressed to unsubscribe@ with and without its
    Return-Path, stays what it was: a report is known by its structure, whoever its From names."""
    changed = []
    for row, raw in mail_corpus():
        before = classify_message(raw)
        if before.kind not in ("bounce", "delay") or row["path"] in PERSON_LIKE:
            continue
        readdressed = re.sub(rb"(?m)^To: .*$", f"To: {UNSUBSCRIBE}".encode(), raw, count=1)
        for variant in (readdressed, re.sub(rb"(?mi)^Return-Path: .*\n", b"", readdressed)):
            if classify_message(variant).kind != before.kind:
                changed.append(row["path"])
    assert not changed
