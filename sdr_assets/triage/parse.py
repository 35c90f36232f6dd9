"""Tolerant MIME parsing of raw message bytes.

Real bounce mail is full of broken MIME, undeclared 8-bit text, ISO-2022-JP and UTF-7.  Nothing
in here may raise on odd input: every decode falls back to latin-1, which maps every byte. The one
exception is a structure no parser can hold (MIME parts nested hundreds deep exhaust the standard
parser's recursion): that raises :class:`UnparsableMessage`, so the caller can quarantine it.
"""

from __future__ import annotations

import codecs
import email
import email.message
import email.utils
import hashlib
import html
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.errors import InvalidHeaderDefect
from email.header import decode_header
from email.headerregistry import HeaderRegistry
from pathlib import Path

from .broken_base64 import BASE64_DEFECTS, decode_leniently
from .hidden_html import split_hidden
from .html_quotes import marked_quotes, with_quote_bounds
from .mime import parse_tree
from .quoted_alternatives import unmarked_quotes
from .quotes import visible_text

__all__ = ["ParsedMail", "UnparsableMessage", "parse_bytes", "parser_version", "decode_bytes", "decode_header_value", "first_address"]

_ADDR_RE = re.compile(r"[\w.+=!#$%&'*/?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_HEADERS = HeaderRegistry()
# No sender's header comes near; a longer one is searched for an address instead of parsed.
MAX_ADDRESS_CHARS = 2000
_TAG_RE = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]{0,2000}>", re.S | re.I)
_BR_RE = re.compile(r"<\s*(?:br|/p|/div|/tr|p|div)\b[^>]*>", re.I)
_BLANKS_RE = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# Machine-readable report parts, read as text. The parsers hand both over as nested messages (the
# report's fields as headers), which must not be taken for an attached original.
_REPORT_PARTS = ("message/delivery-status", "message/feedback-report")

# The standard decoder takes time quadratic in the number of encoded-words (it pops each from the
# front of a list): a Subject of 40,000 took 16 s to triage, and sending waits on triage. A value
# holding encoded-words is cut to at most this many characters before decoding; the rest is dropped.
# No real header comes near (a long non-Latin subject is under 1,000).
MAX_ENCODED_CHARS = 4096

# Charset labels seen in the wild that Python's codec registry does not know.
_CHARSET_ALIASES = {
    "unknown-8bit": "latin-1",
    "x-unknown": "latin-1",
    "ansi_x3.4-1968": "ascii",
    "us-ascii": "latin-1",  # many "us-ascii" parts really carry 8-bit bytes
    "ks_c_5601-1987": "cp949",
    "x-sjis": "shift_jis",
    "iso-2022-jp-2": "iso2022_jp_2",
    "utf8": "utf-8",
}


# Lone surrogates: no UTF-8 text holds one, so neither the warehouse nor a file can store it.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class UnparsableMessage(ValueError):
    """The message cannot be parsed at all; the reason says why."""


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset, then UTF-8, then latin-1 (which never fails).

    A declared charset whose decoding holds a lone surrogate counts as unreadable: UTF-7 decodes
    "+2AA-" to one, and Python's own text codecs (``unicode_escape``) decode "\\ud800" to one.
    """
    if charset:
        cs = charset.strip().strip('"').lower()
        cs = _CHARSET_ALIASES.get(cs, cs)
        try:
            codecs.lookup(cs)
            text = data.decode(cs)
            if not _SURROGATE_RE.search(text):
                return text
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _eight_bit_header(header: email.header.Header) -> str:
    """A header holding raw 8-bit bytes: UTF-8 (RFC 6532, internationalised addresses) before latin-1.

    ``str()`` of such a header replaces every non-ASCII byte, so ``josé@bücher.example`` became
    ``jos\ufffd\ufffd@b\ufffd\ufffdcher.example`` and an opt-out from it named nobody.
    """
    try:
        return "".join(decode_bytes(chunk, None if cs in (None, "unknown-8bit") else cs) if isinstance(chunk, bytes)
                       else chunk for chunk, cs in decode_header(header))
    except Exception:  # a header no decoder can read: the lossy form, as before
        return str(header)


def decode_header_value(value) -> str:
    """Decode an RFC 2047 header into text; never raises, and never returns a lone surrogate."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        value = _eight_bit_header(value)
    return _SURROGATE_RE.sub("\ufffd", _decoded_words(str(value)))


def _decoded_words(value: str) -> str:
    if "=?" not in value:
        return " ".join(value.split())
    if len(value) > MAX_ENCODED_CHARS:  # cut at a space, leaving no half encoded-word as text
        value = value[:MAX_ENCODED_CHARS].rsplit(maxsplit=1)[0]
    try:
        parts = []
        for chunk, cs in decode_header(value):
            parts.append(decode_bytes(chunk, cs) if isinstance(chunk, bytes) else chunk)
        return " ".join("".join(parts).split())
    except Exception:  # malformed encoded-words: keep the raw text
        return " ".join(value.split())


# An address in ASCII dot-atoms alone, bare or in angle brackets, with at most a plain comment after
# ("(Mail Delivery System)"): the standard parser reads it as it stands, so it is not asked.
_PLAIN_ADDRESS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_PLAIN_ADDRESS_RE = re.compile(rf"(?:<({_PLAIN_ADDRESS})>|({_PLAIN_ADDRESS}))\s*(?:\([^()\\]*\)\s*)?")


def first_address(value: str) -> str | None:
    """The first e-mail address in a header value, lower-cased, in Unicode NFC.

    The standard parser reads it (RFC 5322, obsolete forms too: ``"ann.lee"@`` and ``ann.lee @ acme``
    are ``ann.lee@acme``), from the ``<angle-addr>`` where there is one, since a display name may
    itself hold an address. Where it reads none without a defect, the first plausible address in the
    text is taken. NFC first: in NFD an accent is a combining mark, which is no word character, so
    ``jose\u0301@example`` would otherwise lose its local part.
    """
    if not value or "@" not in value:
        return None
    value = unicodedata.normalize("NFC", value)
    lt = value.rfind("<")
    angle = value[lt:] if lt >= 0 else value
    if simple := _PLAIN_ADDRESS_RE.fullmatch(angle.strip()):
        return (simple.group(1) or simple.group(2)).lower()  # as the standard parser reads it, at a tenth of its cost
    if parsed := _standard_address(angle):
        return parsed
    m = _ADDR_RE.search(value, lt if lt >= 0 else 0) or _ADDR_RE.search(value)
    return m.group(0).lower() if m else None


def _standard_address(text: str) -> str | None:
    """The first address the standard parser reads in ``text``, quoted only where it must be; None when
    it finds a defect no obsolete form explains, or no address at a dotted domain (``MAILER-DAEMON@localhost``
    names no sender, as the search below reads it)."""
    if len(text) > MAX_ADDRESS_CHARS:
        return None
    try:
        header = _HEADERS("From", text)
    except Exception:  # deep nesting exhausts the parser's recursion
        return None
    if any(isinstance(d, InvalidHeaderDefect) for d in header.defects):
        return None
    found = next((a for a in header.addresses if a.username and "." in a.domain), None)
    return found.addr_spec.lower() if found else None


def html_to_text(text: str) -> str:
    """The text a reader sees: elements hidden from view are left out (``hidden_html``)."""
    return _markup_text(split_hidden(text)[0])


def _markup_text(text: str) -> str:
    text = _BR_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    return _BLANKS_RE.sub("\n\n", html.unescape(text))


def _payload_text(part: email.message.Message) -> str:
    defects = len(part.defects)
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is not None and any(isinstance(d, BASE64_DEFECTS) for d in part.defects[defects:]):
        return _broken_base64_text(part, data)
    if data is None:
        raw = part.get_payload()
        if isinstance(raw, list):  # compat32 splits message/delivery-status into blocks
            return "\n\n".join(_message_block_text(p) for p in raw)
        return raw if isinstance(raw, str) else ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_bytes(data, charset)


def _broken_base64_text(part: email.message.Message, standard: bytes) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    raw = part.get_payload()
    encoded = raw.encode("ascii", "surrogateescape") if isinstance(raw, str) else b""
    return decode_leniently(encoded, lambda data: decode_bytes(data, charset), decode_bytes(standard, charset))


def _message_block_text(msg: email.message.Message) -> str:
    try:
        items = msg.items()
    except Exception:
        return ""
    return "\n".join(f"{k}: {decode_header_value(v)}" for k, v in items)


def _feedback_text(part: email.message.Message) -> str:
    """The fields of an RFC 5965 report. The parsers read its body as a message whose headers are
    the fields (Feedback-Type, Original-Rcpt-To); a body that did not parse that way is text."""
    raw = part.get_payload()
    if not isinstance(raw, list):
        return _payload_text(part)
    blocks = []
    for sub in raw:
        rest = sub.get_payload() if isinstance(sub, email.message.Message) else ""
        blocks.append("\n".join([_message_block_text(sub), rest if isinstance(rest, str) else ""]))
    return "\n\n".join(blocks)


@dataclass
class ParsedMail:
    """What triage needs from one message, decoded once."""

    msg: email.message.Message
    raw: bytes
    content_type: str = ""
    report_type: str = ""
    body: str = ""  # the text parts its sender wrote, in order (html reduced to text, no attachment)
    all_text: str = ""  # every text part outside attached messages, joined
    hidden_text: str = ""  # what the sender's html parts hide from view (a preheader), never in ``body``
    blockquoted_text: str = ""  # what the html parts read as ``body`` quote in a ``<blockquote>`` (``html_quotes``)
    blockquotes: dict[str, str] = field(default_factory=dict, repr=False)  # each html part's text -> its quotes
    # What an html alternative quotes in a ``<blockquote>`` that the plain one read as ``body`` gives, below her own
    # words, unmarked (``quoted_alternatives``): hers or another's, which the plain one cannot tell.
    unmarked_quotes: str = ""
    status_text: str = ""  # message/delivery-status (or the like) as text
    feedback_text: str = ""  # message/feedback-report as text
    attached_headers: list[str] = field(default_factory=list)  # attached originals' headers
    attached_bodies: list[str] = field(default_factory=list)
    part_types: list[str] = field(default_factory=list)
    # A report's human-readable part (``report_text``), as read while the message was walked.
    report_part: str | None = field(default=None, repr=False)
    decoded: dict[str, str] = field(default_factory=dict, repr=False)  # header name -> decoded value

    def header(self, name: str) -> str:
        """The header decoded, once per message: triage reads the Subject alone seven times."""
        key = name.lower()
        if key not in self.decoded:
            try:
                self.decoded[key] = decode_header_value(self.msg.get(name))
            except Exception:
                self.decoded[key] = ""
        return self.decoded[key]

    @property
    def subject(self) -> str:
        return self.header("Subject")

    @property
    def from_header(self) -> str:
        return self.header("From")

    @property
    def sent_at(self) -> datetime | None:
        value = self.header("Date")
        if not value:
            return None
        try:
            dt = email.utils.parsedate_to_datetime(value)
        except Exception:
            return None
        if dt is None:
            return None
        if dt.tzinfo is None:  # "-0000" or no zone: RFC 5322 says UTC is the best guess
            dt = dt.replace(tzinfo=timezone.utc)
        try:
            dt.astimezone(timezone.utc)
        except OverflowError:  # "31 Dec 9999 23:00 -2359" is past the calendar's end in UTC: no date
            return None
        return dt


def _attachment(part: email.message.Message) -> bool:
    """A file its sender attached (``Content-Disposition: attachment``): not her words. A named part
    shown inline is (a bounce may name its only text ``deliveryproblems.txt``)."""
    try:
        return part.get_content_disposition() == "attachment"
    except Exception:
        return False


# What a plain alternative may hold that its html shows otherwise: an image's placeholder, a link's address.
_PLACEHOLDER_RE = re.compile(r"\[(?:image|cid|inline[ -]image)\b[^\]\n]{0,200}\]|<?(?:https?://|mailto:)[^\s>]+>?", re.I)
_WORD_RE = re.compile(r"\w+")
# A plain alternative of this many words at most, its html saying more, is a stand-in ("Hi Alex,").
_STAND_IN_WORDS = 2


def _words(choice: list[tuple[str, bool]], *, own: bool = True) -> set[str]:
    """The words of an alternative; with ``own``, those its sender wrote, without the quote below them."""
    text = "\n\n".join(text for text, _ in choice)[:20000]
    return set(_WORD_RE.findall(_PLACEHOLDER_RE.sub(" ", visible_text(text) if own else text).lower()))


def _alternative(choices: list[list[tuple[str, bool]]]) -> list[tuple[str, bool]]:
    """The alternative read as the body: the first plain one that says something, unless an html one says
    more (its own words hold some the plain one has nowhere, not even in its quote, which an html quote's
    reading may have left in) and the plain one's own words are some of the other's, or a stand-in
    ("[image: logo]", "Hi Alex,"): then that one, or both where the stand-in's words are not in it
    ("Unsubscribe" beside an html "Thanks"); else the first that says something."""
    said = [c for c in choices if any(text.strip() for text, _ in c)]
    plain = next((c for c in said if not any(from_html for _, from_html in c)), None)
    if plain is None:
        return (said or [[]])[0]
    mine, quoted = _words(plain), _words(plain, own=False)
    for other in said:
        theirs = _words(other) if other is not plain else set()
        if theirs - mine - quoted and (mine <= theirs or len(mine) <= _STAND_IN_WORDS):
            return other if mine <= theirs else plain + other
    return plain


def _walk(part, pm: ParsedMail, texts: list[str], body: list[tuple[str, bool]] | None) -> None:
    """Collects every text part outside attached messages into ``texts`` and the ones the sender
    wrote (inline, one of each set of alternatives) into ``body``, as (text, from html). Without
    ``body`` (an attached original, whose text alone is kept) no alternative is chosen, and an html
    part is read only where no part before it says something."""
    try:
        ctype = part.get_content_type()
    except Exception:
        ctype = "text/plain"
    pm.part_types.append(ctype)
    if part.is_multipart() and ctype not in _REPORT_PARTS:
        payload = part.get_payload()
        subs = payload if isinstance(payload, list) else []
        if ctype == "message/rfc822" or ctype.startswith("message/"):
            for sub in subs:
                pm.attached_headers.append(_message_block_text(sub))
                inner: list[str] = []
                _walk(sub, ParsedMail(msg=sub, raw=b""), inner, None)
                pm.attached_bodies.append("\n".join(inner))
            return
        if ctype == "multipart/alternative" and body is not None:
            choices: list[list[tuple[str, bool]]] = [[] for _ in subs]
            for sub, chosen in zip(subs, choices):
                _walk(sub, pm, texts, chosen)
            chosen = _alternative(choices)
            pm.unmarked_quotes += unmarked_quotes(chosen, choices, pm.blockquotes)
            body.extend(chosen)
            return
        for n, sub in enumerate(subs):
            start = len(body) if body is not None else 0
            _walk(sub, pm, texts, body)
            if n == 0 and ctype == "multipart/report" and part is pm.msg and body is not None:
                pm.report_part = _joined(body[start:])
        return
    if ctype in ("message/delivery-status", "message/global-delivery-status"):
        pm.status_text += _payload_text(part) + "\n"
    elif ctype == "message/feedback-report":
        pm.feedback_text += _feedback_text(part) + "\n"
    elif ctype in ("text/rfc822-headers", "text/rfc822-header", "message/rfc822-headers",
                   "text/global-headers", "message/global-headers"):
        pm.attached_headers.append(_payload_text(part))
    elif ctype in ("message/rfc822", "message/global"):
        # unparsed (non-multipart) attached message: keep its text as headers+body
        text = _payload_text(part)
        head, _, rest = text.partition("\n\n")
        pm.attached_headers.append(head)
        pm.attached_bodies.append(rest)
    elif ctype.startswith(("text/", "multipart/")) or ctype == "message/disposition-notification":
        # multipart/* lands here only when its boundary is broken: read the payload as text
        texts_say = ctype == "text/html" and any(t.strip() for t in texts)  # prefer plain text that says something
        if body is None and texts_say:
            return
        text = _payload_text(part)
        if ctype == "text/html":
            shown, hidden = split_hidden(text)
            text, quoted = marked_quotes(_markup_text(with_quote_bounds(shown)))
            if body is not None:
                pm.blockquotes[text] = quoted
                if hidden and not _attachment(part):
                    pm.hidden_text += _markup_text(hidden) + "\n"
        if body is not None and not _attachment(part):
            body.append((text, ctype == "text/html"))
        if not texts_say:
            texts.append(text)


def _joined(body: list[tuple[str, bool]]) -> str:
    """The sender's parts in order; one part as it is, several with a blank line between them."""
    said = [text for text, _ in body if text.strip()]
    if len(said) > 1:
        return "\n\n".join(text.strip("\r\n") for text in said) + "\n"
    return said[0] if said else (body[0][0] if body else "")


def _standard_parse(raw: bytes) -> email.message.Message:
    try:
        try:
            return email.message_from_bytes(raw)
        except RecursionError:
            raise
        except Exception:
            return email.message_from_string(raw.decode("latin-1"))
    except RecursionError:
        raise UnparsableMessage("MIME parts nested too deeply to parse (the parser ran out of recursion)") from None


def parse_bytes(raw: bytes) -> ParsedMail:
    """Parse raw message bytes. Raises only UnparsableMessage (see the module docstring)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    try:
        msg = parse_tree(raw)
    except Exception:  # irregular MIME: the standard parser knows how to recover
        msg = _standard_parse(raw)
    pm = ParsedMail(msg=msg, raw=raw)
    try:
        pm.content_type = msg.get_content_type()
        pm.report_type = (msg.get_param("report-type") or "").lower() if pm.content_type == "multipart/report" else ""
    except Exception:
        pass
    texts: list[str] = []
    body: list[tuple[str, bool]] = []
    try:
        _walk(msg, pm, texts, body)
    except RecursionError:
        raise UnparsableMessage("MIME parts nested too deeply to read (ran out of recursion)") from None
    except Exception:  # pathological structure: fall back to the raw body as text
        texts = [raw.partition(b"\n\n")[2].decode("latin-1")]
        body = [(texts[0], False)]
    pm.body = _joined(body)
    pm.blockquoted_text = "\n".join(pm.blockquotes.get(text, "") for text, from_html in body if from_html).strip()
    if not pm.body.strip() and pm.hidden_text.strip():
        # Nothing shown but what is hidden: no message is all preheader, so the hiding was misread (a
        # preheader never closed, a style the words inside undo) and the words are hers.
        pm.body, pm.hidden_text = pm.hidden_text, ""
        texts.append(pm.body)
    pm.all_text = "\n".join(texts)
    if not pm.all_text.strip() and not pm.status_text and not msg.is_multipart():
        pm.all_text = pm.body = raw.partition(b"\n\n")[2].decode("latin-1")
    return pm


def report_text(pm: ParsedMail) -> str:
    """The human-readable part of a report (RFC 6522: the first part of ``multipart/report``), as text;
    empty for any other message."""
    if pm.content_type != "multipart/report":
        return ""
    if pm.report_part is not None:
        return pm.report_part
    payload = pm.msg.get_payload()
    if not isinstance(payload, list) or not payload:
        return ""
    body: list[tuple[str, bool]] = []
    try:
        _walk(payload[0], ParsedMail(msg=payload[0], raw=b""), [], body)
    except Exception:  # a broken first part says nothing a person wrote
        return ""
    return _joined(body)


# The modules whose code decides whether a message can be parsed at all.
_PARSER_SOURCES = ("parse.py", "mime.py", "broken_base64.py")


def parser_version() -> str | None:
    """What decides whether :func:`parse_bytes` gives up on a message: its code, the recursion limit
    and the Python whose email package it uses. A verdict kept under another version is not trusted.
    None where the code cannot be read (an install without sources): then no verdict is kept."""
    here = Path(__file__).parent
    digest = hashlib.sha256(f"{sys.version}|{sys.getrecursionlimit()}".encode())
    try:
        for name in _PARSER_SOURCES:
            digest.update((here / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def gives_up_alone(raw: bytes) -> bool:
    """Whether :func:`parse_bytes` gives up on ``raw`` from a thread of its own: how deep a caller's
    stack already is decides how much recursion is left, and a verdict kept must be one any later
    run would reach."""
    outcome: list[bool] = []

    def attempt() -> None:
        try:
            parse_bytes(raw)
        except UnparsableMessage:
            outcome.append(True)
        else:
            outcome.append(False)

    reader = threading.Thread(target=attempt, name="parse-alone")
    reader.start()
    reader.join()
    return outcome == [True]
