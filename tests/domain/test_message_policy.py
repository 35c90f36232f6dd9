"""The policy outbound messages are built with renders exactly what ``email.policy.default`` renders,
but for a subject the default folds so that a reader loses a space, which it renders so a reader
reads it back; and the characters a message refuses are exactly the Unicode categories they are
named after."""

import email
import io
import re
import sys
from array import array
import unicodedata
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.headerregistry import Address, AddressHeader, MessageIDHeader, UnstructuredHeader
from email.message import EmailMessage
from email.policy import default

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain import messages
from sdr_assets.domain.message_policy import (
    _WALKED,
    MESSAGE_POLICY,
    HeaderClasses,
    MessagePolicy,
    PlainAddresses,
    PlainMessageID,
    ReadBackSubject,
    _read_back,
    plain_value,
)

NAMES = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)
LINE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=120)
BODY = st.lists(LINE, max_size=6).map("\n".join)
FORMS = [("\n", False), ("\r\n", False), ("\n", True), ("\r\n", True)]


def _message(policy, shared, name: str, subject: str, body: str) -> EmailMessage:
    """What build_message does, with either policy: shared headers, a parsed address, a subject, a text body."""
    msg = EmailMessage(policy=policy)
    msg["From"] = shared("From", Address("Sam Carter", "sam", "outreach.example"))
    msg["To"] = Address(name, "ana", "acme.example")
    msg["Subject"] = subject
    msg["Date"] = shared("Date", "Fri, 20 Nov 2026 09:00:00 +0000")
    msg["List-Unsubscribe-Post"] = shared("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    msg.set_content(body)
    return msg


def _bytes(msg: EmailMessage, linesep: str, utf8: bool) -> bytes:
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=msg.policy.clone(linesep=linesep, utf8=utf8)).flatten(msg)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(name=NAMES, subject=LINE, body=BODY)
def test_messages_render_to_the_bytes_the_default_policy_gives(name, subject, body):
    ours = _message(MESSAGE_POLICY, MESSAGE_POLICY.header_factory.shared, name, subject, body)
    stock = _message(default, default.header_factory, name, subject, body)
    for linesep, utf8 in FORMS * 2:  # twice: a shared header's second folding comes from its memo
        mine, theirs = _bytes(ours, linesep, utf8), _bytes(stock, linesep, utf8)
        if mine != theirs:  # only the subject, and only where the default's would not read back
            assert _headers(mine, "subject") == _headers(theirs, "subject")
            assert _read_back(_subject(theirs)) != subject.split() == _read_back(_subject(mine))


def _headers(raw: bytes, leaving: str) -> list[str]:
    head = re.sub(r"\r?\n(?=[ \t])", "", raw.decode("utf-8").split("\n\n" if b"\r" not in raw else "\r\n\r\n")[0])
    return [line for line in head.splitlines() if not line.lower().startswith(f"{leaving}:")]


def _subject(raw: bytes) -> str:
    head = raw.decode("utf-8").replace("\r\n", "\n").split("\n\n")[0]
    return re.search(r"^Subject:.*(?:\n[ \t].*)*", head, re.M).group()


@pytest.mark.parametrize("subject", ["Directeur des Opérations Commerciales at Réseau Ferré Île-de-France",
                                     "Leiter Einkauf at Müller Großhändler Zürich GmbH und Partner"])
@pytest.mark.parametrize(("linesep", "utf8"), FORMS)
def test_a_subject_with_accented_words_reads_back_as_written(subject, linesep, utf8):
    raw = _bytes(_message(MESSAGE_POLICY, MESSAGE_POLICY.header_factory.shared, "Ana", subject, "Hi"), linesep, utf8)
    assert str(email.message_from_bytes(raw, policy=default)["Subject"]) == subject


def test_a_shared_header_folds_each_form_once_and_each_form_as_the_default_does():
    long = "A subject long enough to be folded over more than one line " * 3 + "Überlänge"
    header = MESSAGE_POLICY.header_factory.shared("Subject", long)
    fresh = default.header_factory("Subject", long)
    for linesep, utf8 in FORMS:
        policy = MESSAGE_POLICY.clone(linesep=linesep, utf8=utf8)
        assert header.fold(policy=policy) == fresh.fold(policy=policy)
        assert header.fold(policy=policy) is header.fold(policy=policy)
    assert header.fold(policy=MESSAGE_POLICY.clone(max_line_length=40)).count("\n") > long.count("\n") + 3


def test_content_headers_are_shared_between_messages_and_other_headers_are_not():
    first, second = (EmailMessage(policy=MESSAGE_POLICY) for _ in range(2))
    for msg, subject in ((first, "one"), (second, "two")):
        msg["Subject"] = subject
        msg.set_content("Hello")
    assert first["Content-Type"] is second["Content-Type"] and first["MIME-Version"] is second["MIME-Version"]
    assert (first["Subject"], second["Subject"]) == ("one", "two")


def test_a_header_class_is_made_once_and_made_again_when_its_type_changes():
    registry = HeaderClasses()
    assert registry["Subject"] is registry["subject"]
    registry.map_to_type("X-Plain", UnstructuredHeader)
    before = registry["X-Plain"]
    registry.map_to_type("X-Plain", type("Other", (UnstructuredHeader,), {}))
    assert registry["X-Plain"] is not before and "Other" in registry["X-Plain"].__mro__[1].__name__
    policy = MessagePolicy(header_factory=registry)
    msg = EmailMessage(policy=policy)
    msg["X-Plain"] = "value"
    assert type(msg["X-Plain"]).__mro__[1].__name__ == "Other"


def test_a_header_value_with_a_line_break_is_refused_as_by_the_default_policy():
    msg = EmailMessage(policy=MESSAGE_POLICY)
    for name in ("Subject", "Content-Type"):
        try:
            msg[name] = "text/plain\r\nBcc: x@example.com"
        except ValueError:
            continue
        raise AssertionError(f"{name} took a value with a line break")


EVERYTHING = array("I", range(sys.maxunicode + 1)).tobytes().decode("utf-32-le", "surrogatepass")


def test_the_refused_characters_are_the_named_unicode_categories():
    named = ("Cc", "Cs", "Zl", "Zp")
    category = {c: cat for c, cat in zip(EVERYTHING, map(unicodedata.category, EVERYTHING)) if cat in named}
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    hidden = set("\u200b\u00ad\u2060\ufeff")  # inside a word, unseen: "acq\u200buired" reads "acquired"
    unsafe = set(category) | bidi | hidden
    assert set(messages._UNSAFE_IN_TEXT.findall(EVERYTHING)) == unsafe
    assert set(messages._UNSAFE_IN_LINES.findall(EVERYTHING)) == unsafe - {"\n"}
    assert set(messages._UNSAFE_IN_BODY.findall(EVERYTHING)) == {
        c for c, cat in category.items() if cat in ("Cc", "Cs")} - {"\n", "\t"} | bidi | hidden


@pytest.mark.parametrize("name, value", [
    *[("Message-ID", f"<sdr-{'a' * n}@outreach.example>") for n in (20, 44, 45, 46, 47, 57, 58, 59, 80)],
    *[("To", f"{'Ana ' * n}<ana@acme.example>") for n in (1, 12, 13, 14, 15, 19, 20)],
    *[("Subject", "x" * n) for n in (60, 68, 69, 70, 76, 77, 78, 79)],
    ("Subject", "a: b (c) <d> \"e\""), ("To", '"Carter, Sam" <sam@outreach.example>'),
    ("Content-Type", 'multipart/mixed; boundary="' + "b" * 70 + '"'),
    # An encoded word decodes to a line break: the package encodes it again, never writes it raw.
    ("Subject", "=?utf-8?q?hi=0D=0ABcc:_victim@example.com?="), ("Subject", "=?utf-8?q?hello=0A?="),
    ("X-Note", "=?utf-8?q?a=0Db?="), ("In-Reply-To", "=?utf-8?q?<a@b>=0D=0ABcc:_c@d?="),
])
def test_a_value_placed_whole_folds_as_the_default_policy_folds_it(name, value):
    """Around the line's limit: on the first line, alone on the next, or folded by the package."""
    for linesep, utf8 in FORMS:
        policy = default.clone(linesep=linesep, utf8=utf8)
        assert (MESSAGE_POLICY.header_factory(name, value).fold(policy=policy)
                == default.header_factory(name, value).fold(policy=policy))


WORDS = st.lists(st.from_regex(r"[A-Za-z0-9'-]{1,12}", fullmatch=True), min_size=0, max_size=9).map(" ".join)
DOT_ATOM = st.lists(st.from_regex(r"[A-Za-z0-9_+-]{1,20}", fullmatch=True), min_size=1, max_size=4).map(".".join)
PLAIN_SUBJECT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=120)


@settings(max_examples=200, deadline=None)
@given(name=WORDS, local=DOT_ATOM, domain=DOT_ATOM, subject=PLAIN_SUBJECT, left=DOT_ATOM, right=DOT_ATOM)
def test_plain_values_fold_as_the_default_policy_folds_them(name, local, domain, subject, left, right):
    """A plain value's tree is made only if folding needs it: on its line or not, the same bytes."""
    values = [("To", Address(name, local, domain)), ("Subject", subject), ("Message-ID", f"<{left}@{right}>")]
    for header, value in values:
        ours, stock = MESSAGE_POLICY.header_factory(header, value), default.header_factory(header, value)
        assert (str(ours), ours.defects) == (str(stock), stock.defects)
        for linesep, utf8 in FORMS:
            policy = default.clone(linesep=linesep, utf8=utf8)
            assert ours.fold(policy=policy) == stock.fold(policy=policy)
    to = MESSAGE_POLICY.header_factory("To", values[0][1])
    assert to.addresses == default.header_factory("To", values[0][1]).addresses


@settings(max_examples=200, deadline=None)
@given(name=WORDS, local=DOT_ATOM, domain=DOT_ATOM, subject=PLAIN_SUBJECT, left=DOT_ATOM, right=DOT_ATOM)
def test_a_plain_value_parses_to_a_tree_that_spells_it(name, local, domain, subject, left, right):
    """What placing a plain value whole without its tree rests on: the tree spells the value, has no
    defects, and is of a kind the package places whole."""
    address = str(Address(name, local, domain))
    for kind, text in [(PlainAddresses, address), (ReadBackSubject, subject), (PlainMessageID, f"<{left}@{right}>")]:
        if "=?" in text:
            continue
        assert plain_value(kind, text)
        tree = kind.value_parser(text)
        assert (str(tree), list(tree.all_defects), tree.syntactic_break) == (text, [], True)
        assert tree.token_type not in _WALKED


def test_a_message_of_plain_values_parses_none_of_them(monkeypatch):
    """The recipient, subject and Message-ID of a usual message are never parsed: their trees would
    only spell them again, and parsing them was most of building a message."""
    parsed = []
    for kind in (AddressHeader, UnstructuredHeader, MessageIDHeader):
        parser = kind.value_parser
        monkeypatch.setattr(kind, "value_parser", staticmethod(lambda text, parser=parser: parsed.append(text)
                                                                or parser(text)))
    msg = messages.build_message(
        secret=b"s" * 32, send_key="k1", sender_name="Sam Carter", sender_email="sam@outreach.example",
        postal_address="1 Main Street", to_name="Ana Lee", to_email="ana.lee@acme.example",
        subject="Head of Revenue Operations at Acme", body="Hi Ana", sent_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
        sending_domain="outreach.example", unsubscribe_url="https://outreach.example/u")
    for linesep, utf8 in FORMS:
        _bytes(msg, linesep, utf8)
    assert [text for text in parsed if "ana.lee" in text or "Revenue" in text or "sdr-k1" in text] == []
