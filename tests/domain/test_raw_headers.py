"""What is read of a message the parser gave up on: its top-level header block, within a byte limit."""

import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_assets.domain.addresses import canonical_address
from sdr_assets.domain.raw_headers import HEAD_LIMIT, salvage

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "200"))

OURS = "<sdr-0123456789abcdef01234567.0123456789abcdef0123456789abcdef@outreach.example>"


def test_the_sender_subject_and_answered_ids_come_from_the_header_block_unfolded():
    raw = (b"Received: from mx\r\n\tby mx2\r\nFrom: =?utf-8?q?Ann?=\r\n <Ann.Lee+News@Acme.example>\r\n"
           b"Subject: Re:\r\n hello\x00 there\r\nReferences: <first@x.example>\r\n " + OURS.upper().encode()
           + b"\r\nIn-Reply-To: <Parent@x.example>\r\n\r\nFrom: mallory@evil.example\r\n")
    got = salvage(raw)
    assert got.from_addr == "ann.lee+news@acme.example"
    assert got.subject == "Re: hello there"
    assert got.message_ids == ("<parent@x.example>", OURS, "<first@x.example>"), "In-Reply-To, then newest first"


def test_a_line_that_is_no_header_ends_the_block_and_an_unreadable_sender_is_none():
    assert salvage(b"just a body\r\nFrom: ann@acme.example\r\n\r\n").from_addr is None
    assert salvage(b"From: <<<not an address>>>\r\nFrom: ann@acme.example\r\n\r\n").from_addr is None, "the first From"
    assert salvage(b"From: Ann Lee <ann@acme.example>, bob@acme.example\r\n\r\n").from_addr == "ann@acme.example"
    assert salvage(b"").from_addr is None and salvage(bytes(range(256)) * 64).message_ids == ()


def test_nothing_past_the_byte_limit_is_read_and_a_line_cut_there_is_dropped():
    padding = b"X-Pad: " + b"a" * (HEAD_LIMIT - 20) + b"\r\n"  # the From line crosses the limit
    assert salvage(padding + b"From: ann@acme.example\r\n\r\n").from_addr is None
    cut = b"From: ann@acme.example\r\nSubject: " + b"s" * HEAD_LIMIT + b"\r\n\r\n"
    assert salvage(cut).from_addr == "ann@acme.example" and salvage(cut).subject == ""


def test_a_huge_message_costs_no_more_than_its_header_block():
    huge = b"From: ann@acme.example\r\n" + b"X-H: " + b"v " * 20_000_000 + b"\r\n\r\nbody"
    started = time.perf_counter()
    assert salvage(huge).from_addr == "ann@acme.example"
    assert time.perf_counter() - started < 0.5


_LINE = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda name, value: name + b": " + value,
              st.sampled_from([b"From", b"from", b"Subject", b"In-Reply-To", b"References", b"X-A", b" ", b"\t"]),
              st.binary(max_size=80)),
    st.text(max_size=60).map(lambda t: ("From: " + t).encode("utf-8", "surrogatepass")),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from([b"\r\n", b"\n", b"\r"]), st.integers(1, 400))
def test_any_bytes_give_a_sender_that_is_an_address_or_none_and_never_raise(lines, newline, limit):
    got = salvage(newline.join(lines), limit)
    assert got.from_addr is None or canonical_address(got.from_addr) == got.from_addr
    assert all(i.startswith("<") and i.endswith(">") and i == i.lower() for i in got.message_ids)
    assert "\n" not in got.subject and "\x00" not in got.subject
