"""A reply's text is every inline text part its sender wrote, in order: an opt-out in a later part
(Apple Mail puts text, an image and more text side by side) is read as one in the first. A file she
attached or a message she forwarded is not her words, and a plain part's html alternative is not
read twice. MIME nested deeper than any mail client writes is read all the same."""

import sys

import pytest

from sdr_assets.triage import classify_message
from sdr_assets.triage import parse as parse_module
from sdr_assets.triage.parse import UnparsableMessage, parse_bytes
from tests.triage.helpers import OUR_MESSAGE_ID

OPT = "That is not for us. Please remove me from your mailing list and stop emailing me."
IMAGE = ('Content-Type: image/png; name="shot.png"\nContent-Disposition: inline; filename="shot.png"\n'
         "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n")


def _message(ctype: str, body: str, *, reply: bool = True) -> bytes:
    head = ("From: Ann Lee <ann@acme-corp.example>\nTo: sales@sdr.example\nSubject: Re: quick question\n"
            "Message-ID: <r1@acme-corp.example>\nDate: Sat, 05 Dec 2026 10:00:00 +0000\n")
    head += f"In-Reply-To: {OUR_MESSAGE_ID}\n" if reply else ""
    return (head + f"MIME-Version: 1.0\nContent-Type: {ctype}\n\n{body}").encode()


def _mixed(*parts: str, closed: bool = True) -> bytes:
    body = "".join(f"--XX\n{part}\n" for part in parts) + ("--XX--\n" if closed else "")
    return _message('multipart/mixed; boundary="XX"', body)


def _text(text: str, extra: str = "") -> str:
    return f"Content-Type: text/plain; charset=us-ascii\n{extra}\n{text}\n"


def _label(raw: bytes) -> tuple[str, str | None]:
    result = classify_message(raw)
    return result.kind, result.label


def test_an_opt_out_after_an_inline_image_is_read_and_shown_with_the_text_before_it():
    raw = _mixed(_text("Here is a screenshot of what I mean:"), IMAGE, _text(OPT))
    result = classify_message(raw)
    assert (result.kind, result.label) == ("human", "unsubscribe")
    assert result.visible_text.startswith("Here is a screenshot of what I mean:")
    assert OPT in result.visible_text, "the person sees all she wrote"


def test_an_opt_out_in_a_new_message_after_an_inline_image_is_read():
    body = "".join(f"--XX\n{part}\n" for part in (_text("Here is a screenshot:"), IMAGE, _text(OPT))) + "--XX--\n"
    assert _label(_message('multipart/mixed; boundary="XX"', body, reply=False)) == ("human", "unsubscribe")


def test_an_opt_out_in_the_second_part_of_a_multipart_never_closed_is_read():
    assert _label(_mixed(_text("hi"), _text(OPT), closed=False)) == ("human", "unsubscribe")


def test_of_alternatives_the_plain_one_is_read_when_the_html_comes_first():
    raw = _message('multipart/alternative; boundary="XX"',
                   f"--XX\nContent-Type: text/html\n\n<p>Thanks</p>\n--XX\n{_text(OPT)}--XX--\n")
    assert _label(raw) == ("human", "unsubscribe")


def test_of_alternatives_the_plain_one_is_read_once_whichever_comes_first():
    html = f"Content-Type: text/html\n\n<p>{OPT}</p>\n"
    for order in ((html, _text(OPT)), (_text(OPT), html)):
        raw = _message('multipart/alternative; boundary="XX"', "".join(f"--XX\n{p}\n" for p in order) + "--XX--\n")
        pm = parse_bytes(raw)
        assert pm.body.count("Please remove me") == 1 and "<p>" not in pm.body
        assert _label(raw) == ("human", "unsubscribe")


def test_html_alone_is_read():
    raw = _message('multipart/alternative; boundary="XX"', f"--XX\nContent-Type: text/html\n\n<p>{OPT}</p>\n--XX--\n")
    assert _label(raw) == ("human", "unsubscribe")


@pytest.mark.parametrize("written", ["Some notes from our meeting, see the file.", ""], ids=["with-text", "alone"])
@pytest.mark.parametrize("disposition, read", [("attachment", False), ("inline", True)])
def test_an_opt_out_in_an_attached_text_file_is_not_hers_and_the_same_part_inline_is(disposition, read, written):
    named = f'Content-Disposition: {disposition}; filename="notes.txt"\n'
    raw = _mixed(_text(written), _text(OPT, named))
    assert ("Please remove me" in parse_bytes(raw).body) is read
    result = classify_message(raw)
    assert ((result.kind, result.label) == ("human", "unsubscribe")) is read
    assert result.kind == "human", "a reply all the same, for a person to answer"


def test_an_opt_out_in_a_forwarded_original_is_not_hers_and_her_own_is():
    original = ("Content-Type: message/rfc822\n\nFrom: Bob <bob@acme-corp.example>\nSubject: your emails\n"
                f"Content-Type: text/plain\n\n{OPT}\n")
    forwarded = _mixed(_text("Forwarding this from Bob, can you take a look?"), original)
    assert _label(forwarded) != ("human", "unsubscribe")
    assert "Please remove me" not in parse_bytes(forwarded).body
    assert _label(_mixed(_text(OPT), original)) == ("human", "unsubscribe")


@pytest.mark.parametrize("depth", [5, 20, 21, 50, 100, 300])
def test_an_opt_out_nested_deeper_than_mail_clients_go_is_read(depth):
    body = f"Content-Type: text/plain\n\n{OPT}\n"
    for i in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' + body + f"--b{i}--\n"
    head = ("From: Ann Lee <ann@acme-corp.example>\nSubject: your emails\nMessage-ID: <d@acme-corp.example>\n"
            f"In-Reply-To: {OUR_MESSAGE_ID}\nMIME-Version: 1.0\n")
    result = classify_message((head + body).encode())
    assert (result.kind, result.label) == ("human", "unsubscribe") and OPT in result.visible_text


def test_a_tree_too_deep_to_walk_is_unparsable_not_read_as_empty(monkeypatch):
    def exhausted(*_):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(parse_module, "_payload_text", exhausted)
    with pytest.raises(UnparsableMessage, match="nested too deeply"):
        parse_bytes(_mixed(_text(OPT)))


def _nested(depth: int) -> bytes:
    body = f"Content-Type: text/plain\n\n{OPT}\n"
    for i in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' + body + f"--b{i}--\n"
    return ("From: Ann Lee <ann@acme-corp.example>\nSubject: your emails\nMIME-Version: 1.0\n" + body).encode()


def test_whether_the_parser_gives_up_is_judged_from_a_stack_of_its_own():
    """Called from deep in a stack, the parser has less recursion left: a message it reads alone
    fails there, and only a failure it meets alone is one any later run would meet."""
    import traceback

    from sdr_assets.triage.parse import gives_up_alone

    raw = _nested(300)
    room = sys.getrecursionlimit() - len(traceback.extract_stack()) - 150

    def from_deep(n: int):
        return from_deep(n - 1) if n else parse_bytes(raw)

    with pytest.raises(UnparsableMessage):
        from_deep(room)
    assert not gives_up_alone(raw), "alone, it reads"
    assert gives_up_alone(_nested(3000)), "too deep for any stack"


def test_without_the_parsers_sources_no_version_is_given(monkeypatch):
    from sdr_assets.triage.parse import parser_version

    assert parser_version()
    monkeypatch.setattr(parse_module, "_PARSER_SOURCES", ("parse.py", "no-such-module.py"))
    assert parser_version() is None


def _alternatives(plain: str, html: str) -> bytes:
    return _message('multipart/alternative; boundary="XX"',
                    f"--XX\n{_text(plain)}--XX\nContent-Type: text/html; charset=utf-8\n\n{html}\n--XX--\n")


@pytest.mark.parametrize("plain, html", [
    ("[image: logo]", "<p>Please unsubscribe me.</p>"),
    ("Hi Alex,", "<p>Hi Alex,</p><p>unsubscribe&nbsp;me</p>"),
    ("Hi Alex,", "<p>unsubscribe&nbsp;me</p>"),
    ("hi", "<div>Please remove me from your list.</div>"),
    ("Thanks", "<p>Thanks. Please stop emailing me.</p>"),
])
def test_an_html_alternative_that_says_more_than_its_placeholder_plain_one_is_read(plain, html):
    result = classify_message(_alternatives(plain, html))
    assert (result.kind, result.label) == ("human", "unsubscribe")


def test_of_alternatives_saying_the_same_the_plain_one_is_read_and_the_quote_left_out():
    quote = "On Mon, 3 Jun 2024 at 09:00, Alex <alex@sdr.example> wrote:"
    plain = f"Sounds good, let's talk Thursday.\n\n{quote}\n> Hi Ann\n> Reply unsubscribe to stop.\n"
    # an html quote whose reading keeps it (the attribution runs into the quoted line): the plain one is read
    html = ("<div>Sounds good, let's talk Thursday.</div><br><div>On Mon, 3 Jun 2024 at 09:00, Alex wrote:"
            "<blockquote>Hi Ann<br>Reply unsubscribe to stop.</blockquote></div>")
    result = classify_message(_alternatives(plain, html))
    assert (result.label, result.needs_review) == ("interested", False)
    assert result.visible_text.startswith("Sounds good") and "unsubscribe" not in result.visible_text


@pytest.mark.parametrize("plain, html", [
    ("Unsubscribe", "<p>Thanks</p><p>Pat Doe</p>"),
    ("Remove me", "<p>Please see below</p>"),
])
def test_a_short_plain_alternative_the_html_does_not_hold_is_read_beside_it(plain, html):
    """A plain part of a word or two is a stand-in only for words the html holds: else both are read."""
    result = classify_message(_alternatives(plain, html))
    assert (result.kind, result.label) == ("human", "unsubscribe")


def test_an_attached_originals_html_after_its_plain_text_is_not_read(monkeypatch):
    """A bounce returns our message whole; of it only the text is kept, and its plain part says it all."""
    original = ('Content-Type: message/rfc822\n\nFrom: sales@sdr.example\nSubject: quick question\n'
                'Content-Type: multipart/alternative; boundary="YY"\n\n'
                f'--YY\n{_text("Hi Ann, a quick question.")}--YY\n'
                'Content-Type: text/html\n\n<div style="display:none">preview</div><p>Hi Ann, a quick question.</p>\n'
                "--YY--\n")
    read: list[str] = []
    monkeypatch.setattr(parse_module, "split_hidden", lambda markup: read.append(markup) or (markup, ""))
    parsed = parse_bytes(_mixed(_text("Delivery failed."), original))
    assert parsed.attached_bodies == ["Hi Ann, a quick question."] and read == []
