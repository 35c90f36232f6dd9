"""A fast path to the MIME tree for well-formed messages.

``email.feedparser`` compiles one regular expression per multipart boundary. Boundaries are unique
per message, so every multipart message pays a fresh compile (about a quarter of triage time on
real bounce mail). Here bodies are split on their boundaries with plain string search, and header
blocks are read line by line as the standard parser reads them (its line breaks, its header-line
pattern, its defects) without its character-by-character feed machinery. A multipart cut short
before its closing delimiter (a bounce that returns only the start of the original) ends where the
standard parser ends it. Anything else irregular (no boundary or no delimiter at all, encoded
attached messages, deep nesting) raises :class:`Irregular` and the caller falls back to the
standard parser, which knows how to recover from broken MIME.

The tree has the shape the standard parser gives (``message/*`` bodies parsed as messages), except
that ``message/delivery-status`` keeps its body as text instead of a list of header blocks (triage
reads it as text anyway).
"""

from __future__ import annotations

import email.message
import re
from email import errors, policy

__all__ = ["Irregular", "parse_tree"]

_POLICY = policy.compat32
# email.feedparser's own patterns: a header or continuation line, and the line breaks it splits on.
_HEADER_LINE = re.compile(r"^(From |[\041-\071\073-\176]*:|[\t ])")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_BLANK = ("\r\n", "\r", "\n")
_IDENTITY_CTE = ("", "7bit", "8bit", "binary")
_MAX_DEPTH = 12


class Irregular(Exception):
    """The message needs the standard parser's recovery."""


def parse_tree(raw: bytes) -> email.message.Message:
    # the same decoding BytesParser uses: bytes survive as surrogates for get_payload(decode=True)
    return _parse(raw.decode("ascii", "surrogateescape"), 0, True)


def _parse(text: str, depth: int, at_end: bool) -> email.message.Message:
    """``text`` as a message; ``at_end``: it runs to the end of the raw message, no line break taken
    from it by an enclosing delimiter."""
    if depth > _MAX_DEPTH:
        raise Irregular("too deep")
    msg, body = _split_headers(text)
    ctype = msg.get_content_type()
    if ctype.startswith("multipart/"):
        boundary = msg.get_boundary()
        if not boundary:
            raise Irregular("multipart without boundary")
        parts, closed = _split_parts(body, boundary, at_end)
        if not closed:
            _POLICY.handle_defect(msg, errors.CloseBoundaryNotFoundDefect())
        msg.set_payload([_parse(part, depth + 1, False) for part in parts])
    elif ctype.startswith("message/") and ctype != "message/delivery-status":
        # like the standard parser: every message/* body is parsed as a message
        if str(msg.get("Content-Transfer-Encoding", "")).strip().lower() not in _IDENTITY_CTE:
            raise Irregular("encoded attached message")
        msg.set_payload([_parse(body, depth + 1, at_end)])
    else:
        msg.set_payload(body)
    return msg


def _split_headers(text: str) -> tuple[email.message.Message, str]:
    if text.startswith(("\n", "\r\n")):  # no headers at all
        return email.message.Message(), text.partition("\n")[2]
    end = text.find("\n\n")
    crlf = text.find("\r\n\r\n")
    if crlf != -1 and (end == -1 or crlf < end):
        head, body = text[:crlf + 2], text[crlf + 4:]
    elif end != -1:
        head, body = text[:end + 1], text[end + 2:]
    else:
        head, body = text, ""
    return _headers(head), body


def _headers(head: str) -> email.message.Message:
    """What ``Parser(policy=compat32).parsestr(head, headersonly=True)`` gives, where that leaves no
    body: a line that is not a header ends the headers early there, and raises Irregular here."""
    msg = email.message.Message()
    lines = _LINES.findall(head)
    if lines and lines[-1] in _BLANK:
        lines.pop()  # the separator line, with nothing after it
    value: list[str] = []  # the lines of the header being read
    for number, line in enumerate(lines):
        if not _HEADER_LINE.match(line):
            raise Irregular("missing header/body separator")
        if line[0] in " \t":
            if not value:
                _POLICY.handle_defect(msg, errors.FirstHeaderLineIsContinuationDefect(line))
                continue
            value.append(line)
            continue
        if value:
            msg.set_raw(*_POLICY.header_source_parse(value))
            value = []
        if line.startswith("From "):
            if number == 0:
                msg.set_unixfrom(line.rstrip("\r\n"))
                continue
            if number == len(lines) - 1:
                raise Irregular("an envelope line ends the headers")  # the standard parser makes it the body
            msg.defects.append(errors.MisplacedEnvelopeHeaderDefect(line))
            continue
        if line.startswith(":"):
            msg.defects.append(errors.InvalidHeaderDefect("Missing header name."))
            continue
        value = [line]
    if value:
        msg.set_raw(*_POLICY.header_source_parse(value))
    return msg


def _split_parts(body: str, boundary: str, at_end: bool) -> tuple[list[str], bool]:
    """The parts between ``--boundary`` delimiter lines, and whether the closing delimiter was there.

    Without it the last part runs to the end of ``body``: the standard parser then takes the line
    break at its end as a delimiter's, unless an enclosing delimiter has taken it already (``at_end``
    false). Without any delimiter the body is irregular.
    """
    delim = "--" + boundary
    parts: list[str] = []
    start = None  # where the current part's text begins
    pos = 0 if body.startswith(delim) else body.find("\n" + delim)
    while pos != -1:
        line_start = pos if pos == 0 and body.startswith(delim) else pos + 1
        after = line_start + len(delim)
        closing = body.startswith("--", after)
        eol = body.find("\n", after)
        tail = body[after + (2 if closing else 0): eol if eol != -1 else len(body)]
        if tail.strip():  # "--boundary-x" is another, longer boundary: not ours
            pos = body.find("\n" + delim, after)
            continue
        if start is not None:
            # the line break before a delimiter belongs to the delimiter
            end = line_start - 1
            if end > start and body[end - 1] == "\r":
                end -= 1
            parts.append(body[start:max(start, end)])
        if closing:
            return parts, True
        if eol == -1:
            break
        start = eol + 1
        pos = body.find("\n" + delim, start - 1)
    if pos == -1 and start is not None:  # no more delimiters: the last part runs to the end
        last = body[start:]
        return [*parts, _without_line_break(last) if at_end else last], False
    raise Irregular("closing delimiter not found")


def _without_line_break(text: str) -> str:
    for end in _BLANK:
        if text.endswith(end):
            return text[:-len(end)]
    return text
