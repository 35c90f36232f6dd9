"""The fast MIME path gives the standard parser's tree, or hands the message back to it."""

import email
import email.errors
import email.parser
from email import policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.triage import mime
from sdr_assets.triage.mime import Irregular, parse_tree

STANDARD = email.parser.Parser(policy=policy.compat32)


def _reading(msg):
    """A header block as read: its headers, envelope line and defects."""
    return list(msg.raw_items()), msg.get_unixfrom(), [(type(d), str(d)) for d in msg.defects]


def _read(head: str):
    """The fast path's reading of ``head``; None where it refuses."""
    try:
        return _reading(mime._headers(head))
    except Irregular:
        return None


def _standard(head: str):
    """The standard parser's reading, None where a line that is not a header left part of it as a body.

    Python 3.11.2 (Debian 12's) also reports a multipart head as a multipart without parts
    (MultipartInvariantViolationDefect) in headers-only mode, though that mode never reads the parts;
    3.11.7 does not, and neither does either release on the whole message. That one defect is left out.
    """
    msg = STANDARD.parsestr(head, headersonly=True)
    msg.defects[:] = [d for d in msg.defects if not isinstance(d, email.errors.MultipartInvariantViolationDefect)]
    return None if msg.get_payload() else _reading(msg)


def test_every_header_block_of_the_mail_corpus_reads_as_the_standard_parser_reads_it(mail_dir, monkeypatch):
    heads: list[str] = []
    read = mime._headers

    def recorded(head: str):
        heads.append(head)
        return read(head)

    monkeypatch.setattr(mime, "_headers", recorded)
    messages = [p for p in sorted(mail_dir.rglob("*")) if p.is_file() and p.suffix in (".eml", "")]
    for path in messages:
        try:
            mime.parse_tree(path.read_bytes())
        except Irregular:
            pass
    monkeypatch.setattr(mime, "_headers", read)
    assert len(messages) > 700 and len(heads) > 2 * len(messages), "parts' header blocks as well as messages'"
    refused = [h for h in heads if _read(h) is None]
    assert len(refused) < len(heads) / 50
    assert [_read(h) for h in heads] == [_standard(h) for h in heads]


PIECES = ["From ", "From: a@b.example", "Subject", ":", ": ", " ", "\t", "x", "X-Y: z", "é", "\r", "\n", "\r\n",
          "\n\n", "From x", "=?utf-8?q?a?=", "Received: by mx", ";", "--"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_header_text_reads_as_the_standard_parser_reads_it(pieces):
    head = "".join(pieces)
    assert _read(head) == _standard(head)


@pytest.mark.parametrize("head,refused", [
    ("Subject: a\r\n b\r\nFrom: c\r\n", False),  # a folded header keeps its line breaks, as the standard parser's
    ("From MAILER-DAEMON Mon Jan  1 00:00:00 2026\nSubject: x\n", False),  # the envelope line
    (" first line folded\nSubject: x\n", False),  # a defect, as in the standard parser
    ("Subject: x\nnot a header\n", True),  # the rest would be a body
    ("Subject: x\nFrom y\n", True),  # an envelope line last is the body's first line there
])
def test_irregular_header_blocks(head, refused):
    assert (_read(head) is None) is refused
    assert _read(head) == _standard(head)


def _tree(msg):
    """Content type, headers and decoded payload of every part; a delivery-status body is text on the fast
    path and header blocks in the standard parser, and triage reads it as text."""
    kind, payload = msg.get_content_type(), msg.get_payload()
    if kind == "message/delivery-status":
        return kind, list(msg.raw_items())
    if isinstance(payload, list):
        return kind, list(msg.raw_items()), [_tree(part) for part in payload]
    return kind, list(msg.raw_items()), msg.get_payload(decode=True)


def test_every_message_the_fast_path_takes_parses_to_the_standard_parsers_tree(mail_dir):
    taken = 0
    for path in sorted(mail_dir.rglob("*")):
        if not (path.is_file() and path.suffix in (".eml", "")):
            continue
        raw = path.read_bytes()
        try:
            fast = parse_tree(raw)
        except Irregular:
            continue
        taken += 1
        assert _tree(fast) == _tree(email.message_from_bytes(raw)), path.name
    assert taken >= 700, "truncated multiparts, about one bounce in fifteen, take the fast path too"


OPEN = "Content-Type: multipart/mixed; boundary=in\n\n--in\nContent-Type: text/plain\n\nfirst\n"
CUT = [
    # the message itself cut short: its last part runs to the end
    "Content-Type: multipart/mixed; boundary=out\n\n--out\nContent-Type: text/plain\n\nhello\n\n",
    "Content-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\n\r\nhello\r\n--out\r\n\r\ncut\r\n",
    # a part cut short before an enclosing delimiter, which has taken its line break already
    "Content-Type: multipart/mixed; boundary=out\n\n--out\n" + OPEN + "--in\n\nsecond\n\n--out--\n",
    # cut short inside a part that is itself cut short
    "Content-Type: multipart/mixed; boundary=out\n\n--out\n" + OPEN + "--in\n\nsecond\n",
    # a returned message cut short, as bounces return them
    "Content-Type: multipart/report; boundary=out\n\n--out\n\nreport\n--out\n"
    "Content-Type: message/rfc822\n\n" + OPEN + "--in\n\nsecond\n\n",
    "Content-Type: message/rfc822\n\n" + OPEN,
]


@pytest.mark.parametrize("text", CUT)
def test_a_multipart_cut_short_parses_as_the_standard_parser_parses_it(text):
    raw = text.encode()
    fast = parse_tree(raw)
    assert _tree(fast) == _tree(email.message_from_bytes(raw))
