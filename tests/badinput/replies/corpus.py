"""The broken-reply corpus: each kind is one raw message as a mailbox might hand it over.

Built in code (some are megabytes), except ``nested-multipart-1000.eml``, kept as found. Each kind
says what must happen: ``quarantined`` (set aside with its reason), ``classified`` (triaged like
any message), ``handled`` (either) or ``no-effect`` (triaged, and it suppresses or stops nobody:
forged mail from a stranger). Whatever happens, the messages after it are triaged as usual.
"""

from __future__ import annotations

import random
from pathlib import Path

from sdr_assets.domain.unsubscribe import unsubscribe_token

HERE = Path(__file__).resolve().parent
CONTACT = "ann.lee@acme.example"  # the contact the replies test writes to first
OUTSIDER = "mallory@evil.example"
HEAD = ("From: Ann Lee <ann.lee@acme.example>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
        "Date: Fri, 20 Nov 2026 09:30:00 +0000\r\n")


def message(n: int, headers: str = HEAD, body: str = "Thanks, noted.\r\n", extra: str = "") -> bytes:
    return f"{headers}Message-ID: <bad-{n}@acme.example>\r\n{extra}\r\n{body}".encode("utf-8", "surrogateescape")


def nested_rfc822(depth: int) -> bytes:
    inner = "From: a@b.example\r\nSubject: x\r\n\r\nhello\r\n"
    for _ in range(depth):
        inner = f"From: a@b.example\r\nContent-Type: message/rfc822\r\n\r\n{inner}"
    return message(2, body=inner.split("\r\n\r\n", 1)[1], extra="Content-Type: message/rfc822\r\n")


def forged_token_mail() -> bytes:
    """A well-formed unsubscribe token for Jane, signed under a guessed secret, mailed by a stranger."""
    token = unsubscribe_token(b"a guessed secret", "0123456789abcdef01234567", "jane+news@acme.example")
    return (f"From: Mallory <{OUTSIDER}>\r\nTo: unsubscribe@outreach.example\r\nSubject: unsubscribe {token}\r\n"
            "Message-ID: <forged-token@evil.example>\r\n\r\nunsubscribe\r\n").encode()


def forged_reply() -> bytes:
    # The shape of our Message-IDs, with a MAC nobody without the secret can compute.
    return (f"From: Mallory <{OUTSIDER}>\r\nTo: sam@outreach.example\r\nSubject: Re: hello\r\n"
            "Message-ID: <forged-id@evil.example>\r\n"
            "In-Reply-To: <sdr-0123456789abcdef01234567.00000000000000000000000000000000@outreach.example>\r\n\r\n"
            "Please unsubscribe me from this list.\r\n").encode()


def multipart(n: int, boundary_header: str, parts: str) -> bytes:
    return message(n, body=parts, extra=f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed{boundary_header}\r\n")


# kind, bytes, expected outcome
KINDS: list[tuple[str, bytes, str]] = [
    ("nested-rfc822-600", nested_rfc822(600), "handled"),
    ("unknown-charset", message(3, extra="Content-Type: text/plain; charset=x-klingon\r\n"), "classified"),
    ("wrong-charset", message(4, body="Caf\udce9 au lait, merci.\r\n", extra="Content-Type: text/plain; charset=utf-8\r\n"),
     "classified"),
    ("no-from", message(5, headers="To: sam@outreach.example\r\nSubject: Re: hello\r\n"), "classified"),
    ("no-message-id", HEAD.encode() + b"\r\nThanks.\r\n", "classified"),
    ("no-headers", b"just a body, no header block at all\r\n", "classified"),
    ("empty", b"", "classified"),
    ("binary-garbage", bytes(random.Random(7).randrange(256) for _ in range(4096)), "classified"),
    ("huge-subject", message(9, headers=HEAD.replace("Re: hello", "Re: " + "x" * 200_000)), "classified"),
    ("five-thousand-headers", message(10, extra="".join(f"X-H{i}: v\r\n" for i in range(5_000))), "classified"),
    ("nul-bytes", message(11, headers=HEAD.replace("Re: hello", "Re:\x00hello"), body="un\x00subscribe\x00\r\n"),
     "classified"),
    ("bare-cr-folding", message(12, headers=HEAD.replace("Subject: Re: hello", "Subject: Re:\r hello\rBcc: x@y.z")),
     "classified"),
    ("garbage-encoded-word-from", message(13, headers=HEAD.replace("Ann Lee", "=?utf-8?b?!!!not-base64?=")),
     "classified"),
    ("unknown-encoded-word-charset", message(14, headers=HEAD.replace("Re: hello", "=?x-nothing?q?hello?=")),
     "classified"),
    ("bad-date", message(15, headers=HEAD.replace("Fri, 20 Nov 2026 09:30:00 +0000", "the day before yesterday")),
     "classified"),
    ("year-zero-date", message(16, headers=HEAD.replace("Fri, 20 Nov 2026", "Mon, 01 Jan 0000")), "classified"),
    ("bad-base64", message(17, body="!!!! not base64 at all ====\r\n",
                           extra="Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"), "classified"),
    ("bad-quoted-printable", message(18, body="=ZZ=\r\n=4\r\n", extra="Content-Transfer-Encoding: quoted-printable\r\n"),
     "classified"),
    ("multipart-without-boundary", multipart(19, "", "--x\r\n\r\nhello\r\n--x--\r\n"), "classified"),
    ("multipart-never-closed", multipart(20, '; boundary="b1"', "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n"),
     "classified"),
    ("multipart-empty", multipart(21, '; boundary="b2"', ""), "classified"),
    ("dsn-garbage-fields", message(22, headers=HEAD.replace("Ann Lee <ann.lee@acme.example>", "MAILER-DAEMON@mx.example"),
                                   extra='MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; '
                                         'boundary="d"\r\n',
                                   body="--d\r\n\r\nfailed\r\n--d\r\nContent-Type: message/delivery-status\r\n\r\n"
                                        "Final-Recipient: ;;;\r\nStatus: 9.9.9.9\r\nAction: ???\r\n--d--\r\n"),
     "classified"),
    ("arf-without-original", message(23, headers=HEAD.replace("Ann Lee <ann.lee@acme.example>", "fbl@isp.example"),
                                     extra='MIME-Version: 1.0\r\nContent-Type: multipart/report; '
                                           'report-type=feedback-report; boundary="f"\r\n',
                                     body="--f\r\n\r\nabuse\r\n--f\r\nContent-Type: message/feedback-report\r\n\r\n"
                                          "Feedback-Type: abuse\r\n--f--\r\n"), "classified"),
    ("half-megabyte-line", message(24, body="a" * 500_000 + "\r\n"), "classified"),
    # Charsets that decode to a lone surrogate, which no UTF-8 store holds: UTF-7 ("+2AA-") and
    # Python's own text codecs, in a body and in an encoded-word.
    ("utf7-lone-surrogate", message(25, body="Thanks +2AA- bye\r\n", extra="Content-Type: text/plain; charset=utf-7\r\n"),
     "classified"),
    ("unicode-escape-charset", message(26, body="Thanks \\ud800 noted\r\n",
                                       extra="Content-Type: text/plain; charset=unicode_escape\r\n"), "classified"),
    ("unicode-escape-encoded-word", message(27, headers=HEAD.replace("Re: hello", "=?unicode_escape?q?Re=3A_\\ud800?=")),
     "classified"),
    ("utf7-encoded-word-name", message(28, headers=HEAD.replace("Ann Lee", "=?utf-7?q?+2AA-?=")), "classified"),
    ("forged-message-id", forged_reply(), "no-effect"),
    ("forged-unsubscribe-token", forged_token_mail(), "no-effect"),
]


def corpus() -> list[tuple[str, bytes, str]]:
    """Every kind, the one kept as a file included."""
    return [("nested-multipart-1000", (HERE / "nested-multipart-1000.eml").read_bytes(), "quarantined"), *KINDS]
