"""Bounces and delays: RFC 3464 delivery status notifications and the non-standard formats.

This module finds the failed recipients and the text, status code and SMTP command that concern
the first of them; :mod:`.reasons` turns those into a reason and the hard/soft verdict (sisimai's
convention: hard only when the address itself is dead).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sdr_assets.domain.lazy_patterns import LazyPattern

from .autoreply import auto_submitted
from .caseless import Caseless
from .parse import ParsedMail, first_address
from .quotes import visible_text
from .reasons import STATUS_RE, best_status, is_hard, reason_for, smtp_command

# reason_for is re-exported from .reasons
__all__ = ["BounceInfo", "detect_bounce", "mail_server_report", "mail_server_sender", "null_sender", "reason_for",
           "server_report"]

# A match starts only where a run of local-part characters starts: from inside a run it would fail
# where the run's start failed, and trying every position of a long run without an @ is quadratic.
_LOCAL = r"[\w.+=!#$%&'*/?^`{|}~-]"
ADDR_RE = LazyPattern(rf"(?<!{_LOCAL}){_LOCAL}+@[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,}}", re.I)

# The sender and subject patterns are asked only whether they match: ASCII text is searched lowered (``caseless``),
# a third of the cost of folding case at every position.
_DAEMON_RE = Caseless(
    r"mailer-daemon|post_?master|mail delivery|mail system|maildelivery|mailadmin|"
    r"\bmmdf\b|\bmail\.?router|nobody@|mail ?administrator|smtp gateway|system administrator|"
    r"bounce|delivery subsystem|mailer@|noreply-dmarc")
_BOUNCE_SUBJECT_RE = Caseless(
    r"undeliver|undelivered|returned mail|return(ed)? to sender|delivery (status )?notification \((failure|delay)|"
    r"delivery fail|failure notice|mail delivery (failed|failure|system)|delivery problem|"
    r"could not (be )?deliver|not delivered|nondeliverable|non-deliver|rejected|"
    r"mail system error|delivery status|unzustellbar|nicht zustellbar|non remis|"
    r"fehlgeschlagen|no se puede entregar|no entregado|message (you sent )?blocked|"
    r"permanent (error|failure)|warning: could not send|delayed mail|delivery delayed|"
    r"mail could not|delivery report|email bounce|bounced mail|failed delivery|"
    r"^failed|error sending|message status|notification de non|unable to deliver|"
    r"nondelivery|delivery failure|returned|returning|sysmail|unknown user|user unknown|failure|"
    r"errors? from|are not member|"
    r"配信|エラー|未達|ｴﾗｰ")
# The body and delay patterns and the recipient hints are searched in lowered text: a case-insensitive
# alternation folds case at every position for every alternative, three to four times the cost.
_BOUNCE_BODY_RE = LazyPattern(
    r"could not be delivered|couldn't be delivered|was not delivered|undeliverable|"
    r"permanent(ly)? (error|fatal|failure)|delivery (to the following recipients? )?(has )?failed|"
    r"following address(es)? (had|failed)|unable to deliver|delivery failed|"
    r"message could not be|not be delivered|this is a permanent error|"
    r"i'm afraid i wasn't able to deliver|rejected your message|returned to you|"
    r"did not reach|user unknown|no such user|failed permanently|mailbox (is )?(full|unavailable)|"
    r"smtp error|delivery to the following|the following recipient|could not deliver|"
    r"message was not sent|is undeliverable|wasn't delivered|delivery has failed|"
    r"(not a )?valid user|invalid user|not a member of|no valid recipients|recipient addresses? that were|"
    r"transcript of session")
_DELAY_RE = LazyPattern(
    r"warning only|do not need to resend|will (continue to )?(be )?retr(y|ied)|still (being )?(trying|retried)|"
    r"not yet been delivered|has not been delivered yet|delivery (has been |is )?delayed|"
    r"delayed mail|delay(ed)? notification|will keep trying|retrying|temporary failure.*will|"
    r"message (is )?delayed|(notification \(delay\))|keep on trying|no action is required")



@dataclass
class BounceInfo:
    kind: str  # bounce | delay | other (delivered / relayed notices)
    recipients: list[str] = field(default_factory=list)
    hard: bool | None = None
    reason: str | None = None
    status: str | None = None
    diagnostic: str | None = None
    from_words: bool = False  # guessed from the subject and text alone: no report part, no provider's document


def _parse_dsn(status_text: str) -> list[dict[str, str]]:
    """Per-recipient field blocks of a message/delivery-status body."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = None
    for line in status_text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current, last = {}, None
            continue
        if line[0] in " \t" and last:
            current[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        last = name.strip().lower()
        current[last] = value.strip()
    if current:
        blocks.append(current)
    return [b for b in blocks if "final-recipient" in b or "original-recipient" in b or "action" in b and "status" in b]


def _addr_field(value: str) -> str | None:
    if ";" in value:
        value = value.split(";", 1)[1]
    m = ADDR_RE.search(value)
    return m.group(0).lower().strip(".") if m else None


def _dsn_result(pm: ParsedMail) -> BounceInfo | None:
    blocks = _parse_dsn(pm.status_text)
    if not blocks:
        return None
    failed, delayed, delivered = [], [], []
    for b in blocks:
        action = b.get("action", "").lower().split()[0] if b.get("action") else ""
        status_m = STATUS_RE.search(b.get("status", ""))
        status = status_m.group(0) if status_m else None
        addr = _addr_field(b.get("final-recipient", "")) or _addr_field(b.get("original-recipient", ""))
        if action == "failed" or (not action and status and status[0] == "5"):
            failed.append((addr, status, b.get("diagnostic-code", "")))
        elif action in ("delayed",) or (not action and status and status[0] == "4"):
            delayed.append((addr, status, b.get("diagnostic-code", "")))
        elif action in ("delivered", "relayed", "expanded", "deliverable"):
            delivered.append((addr, status, ""))
        elif addr:
            failed.append((addr, status, b.get("diagnostic-code", "")))
    if failed:
        addrs = [a for a, _, _ in failed if a]
        # one verdict per message: the first failed recipient's, as the report lists it
        addr, status, diag = next(((a, s, d) for a, s, d in failed if d or s), failed[0])
        around = _recipient_text(_report_head(pm.all_text), addr, addrs)
        if not status or status[2:] == "0.0":
            status = best_status(diag, around) or status
        reason = reason_for(status, diag or around, smtp_command(f"{diag}\n{around}"))
        return BounceInfo("bounce", _dedupe(addrs), is_hard(reason, status), reason, status, diag or None)
    if delayed:
        return BounceInfo("delay", _dedupe([a for a, _, _ in delayed if a]), None, "delayed",
                          next((s for _, s, _ in delayed if s), None), delayed[0][2] or None)
    if delivered:
        return BounceInfo("other", _dedupe([a for a, _, _ in delivered if a]), None, "delivered")
    return None


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


_ORIG_SPLIT_RE = LazyPattern(
    r"^(-+ ?(original message|message header|below this line|undelivered message|the header)|"
    r"original message follows|-+ ?original|\s*-+ ?this is a copy of|-+ ?copy of|"
    r"[- ]*(received|return-path): |.*(original|returned) message (follows|below)|"
    r"------ this is a copy of the message)", re.I | re.M)
_RCPT_HINT_RE = LazyPattern(
    r"rcpt to:?\s*<?(\S+@[^\s>]+)>?|recipient:?\s*<?(\S+@[^\s>]+)|^\s*<(\S+@[^\s>]+)>:?|"
    r"original-recipient:\s*(?:rfc822;)?\s*<?(\S+@[^\s>]+)|final-recipient:\s*(?:rfc822;)?\s*<?(\S+@[^\s>]+)",
    re.M)
_SERVER_MAILBOX_RE = LazyPattern(r"^(mailer-daemon|postmaster)@", re.I)
_NO_REPLY_RE = LazyPattern(r"^no-?reply@", re.I)
_SKIP_LOCAL_RE = LazyPattern(r"^(mailer-daemon|postmaster|root|abuse|noreply|no-reply|mail|mailer|bounce[s]?)(\+|@)", re.I)
# The returned original's header lines that name its sender or the message rather than its recipient: our sender (a
# line of one address: "From: <postmaster@...> RCPT: <ann@...>" is a transcript's), and, with their folded
# continuations, our List-Unsubscribe (its mailto is our unsubscribe address), its Message-ID and its thread's.
_SENDER_HEADERS_RE = LazyPattern(r"^(from|sender|reply-to|return-path|errors-to):[^\n<>@]*<?[^\s<>@]+@[^\s<>@]+>?[^\S\n]*$|"
                                 r"^(message-id|in-reply-to|references|list-[\w-]+):[^\n]*(\n[ \t][^\n]*)*",
                                 re.I | re.M)
# Our Message-ID's left and right parts (``domain.messages.message_id``), wherever a report names it.
_OUR_MESSAGE_ID_RE = LazyPattern(r"^sdr-[0-9a-f]{24}\.[0-9a-f]{32}@", re.I)


def _text_result(pm: ParsedMail) -> BounceInfo:
    head = _report_head(pm.all_text)
    exclude = {a for a in (first_address(pm.header("To")), first_address(pm.header("From")),
                           first_address(pm.header("Return-Path")), first_address(pm.header("Delivered-To"))) if a}
    for text in [*pm.attached_headers[:1], pm.all_text]:
        for lines in _SENDER_HEADERS_RE.finditer(text):
            exclude.update(a.lower().strip(".") for a in ADDR_RE.findall(lines.group(0)))
    recipients: list[str] = [a.lower() for a in ADDR_RE.findall(pm.header("X-Failed-Recipients"))]
    low = head.lower()
    for m in _RCPT_HINT_RE.finditer(low if not recipients else ""):
        a = next(g for g in m.groups() if g)
        am = ADDR_RE.search(a)
        if am:
            addr = am.group(0).strip(".")
            if _failed_address(addr, exclude):
                recipients.append(addr)
    if not recipients:
        for m in ADDR_RE.finditer(head):
            addr = m.group(0).lower().strip(".")
            if _failed_address(addr, exclude):
                recipients.append(addr)
    if not recipients:
        for h in pm.attached_headers[:1]:
            for line in h.splitlines():
                if line.lower().startswith("to:"):
                    recipients.extend(a.lower() for a in ADDR_RE.findall(line))
    first = STATUS_RE.search(head)
    if _DELAY_RE.search(low) and not (first and first.group(1) == "5"):
        return BounceInfo("delay", _dedupe(recipients), None, "delayed", first.group(0) if first else None)
    around = _recipient_text(head, recipients[0], recipients) if recipients else head
    status = best_status(around, head)
    reason = reason_for(status, around, smtp_command(around))
    return BounceInfo("bounce", _dedupe(recipients), is_hard(reason, status), reason, status)


def _failed_address(addr: str, exclude: set[str]) -> bool:
    """Whether an address a report names in words may be the one that failed: not its own sender or recipient, a
    server's mailbox, nor one the returned original's headers name as its sender, its List-Unsubscribe (our
    unsubscribe address) or its Message-ID (``exclude``), nor our Message-ID wherever it stands."""
    return not (addr in exclude or _SKIP_LOCAL_RE.match(addr) or _OUR_MESSAGE_ID_RE.match(addr))


def _report_head(body: str) -> str:
    """The human-readable report, without the returned original below it."""
    cut = _ORIG_SPLIT_RE.search(body)
    return body[: cut.start()] if cut and cut.start() > 40 else body[:6000]


def _recipient_text(head: str, addr: str | None, others: list[str]) -> str:
    """What the report says about ``addr``: from each mention up to the next other recipient.

    Multi-recipient reports give each address its own reason; mixing them up turns a full
    mailbox into an unknown user. Lists of addresses followed by one transcript get the whole head.
    """
    low = head.lower()
    if not addr or addr not in low:
        return head[:3000]
    other_pos = sorted({p for o in others if o and o != addr for p in _positions(low, o)})
    parts = []
    for start in _positions(low, addr):
        end = next((p for p in other_pos if p > start + len(addr)), len(head))
        parts.append(head[start:min(end, start + 1200)])
    text = "\n".join(parts)
    return text if len(text) > 2 * len(addr) + 40 else head[:3000]


def _positions(low: str, needle: str) -> list[int]:
    out, i = [], low.find(needle)
    while i >= 0 and len(out) < 20:
        out.append(i)
        i = low.find(needle, i + 1)
    return out


def null_sender(pm: ParsedMail) -> bool:
    """Sent from the null sender (an empty Return-Path), as a mail server sends its reports."""
    return pm.header("Return-Path").strip() in ("<>", "")


def mail_server_sender(pm: ParsedMail) -> bool:
    """From a mail server, as its reports come: an explicit null sender (``Return-Path: <>``) or a
    mailer daemon's Return-Path, no From address at all, a From a mailer daemon's (as
    :func:`looks_like_bounce` reads it, in its address only), or a no-reply mailbox. Unlike :func:`null_sender`, a
    message without a Return-Path is not taken for one: mail read from a folder often has none,
    whoever wrote it."""
    sender = first_address(pm.from_header)
    return_path = first_address(pm.header("Return-Path"))
    return (pm.header("Return-Path").strip() == "<>" or not sender or bool(_NO_REPLY_RE.match(sender))
            or bool(return_path and _SERVER_MAILBOX_RE.match(return_path)) or _daemon_mailbox(sender))


# What a server's report carries and a person's message does not: its returned original (attached,
# or its header lines inline), a transcript's reply code at the start of a line followed by a status
# code or an address (not a phone number's or a street address's digits), a status code.
_REPORT_TEXT_RE = LazyPattern(r"^(?:\W{0,6}[45][0-5]\d[ -](?:[245]\.\d|<)|(?:received|return-path|message-id): )",
                             re.M | re.I)
# Shared mailboxes a person may read and write from (a small company's admin): the address alone
# says nothing of who wrote.
_SHARED_MAILBOX_RE = LazyPattern(r"^(post_?master|no-?reply)@", re.I)
_OUR_HEADERS = ("To", "Delivered-To", "X-Original-To", "Envelope-To")  # mail to unsubscribe@: ours


def mail_server_report(pm: ParsedMail, failed: list[str]) -> bool:
    """Written by a mail server, known by its structure: ``X-Failed-Recipients``, the null sender or a
    mailer daemon's Return-Path, or what :func:`mail_server_sender` reads; from ``postmaster@`` or
    ``no-reply@``, only with what a report carries: the address that failed (``failed``, as the
    bounce's text names it), the returned original, a transcript's reply code, a status code, an
    ``Auto-Submitted`` header. A person who reads her mail as ``postmaster@`` writes none of those:
    her words alone, however like a bounce's, leave her message hers. They are read without her quote,
    and an address of ours is no failed one."""
    return_path = pm.header("Return-Path")
    if pm.header("X-Failed-Recipients") or return_path.strip() == "<>" or "mailer-daemon" in return_path.lower():
        return True
    if not mail_server_sender(pm):
        return False
    sender = first_address(pm.from_header) or ""
    if not _SHARED_MAILBOX_RE.match(sender):
        return True
    written = visible_text(pm.all_text).lower()
    return (any(a != sender and a in written and not _ours(pm, a) for a in failed)
            or bool(pm.attached_headers)
            or bool(STATUS_RE.search(_report_head(pm.all_text)) or _REPORT_TEXT_RE.search(pm.all_text))
            or auto_submitted(pm))


def _ours(pm: ParsedMail, address: str) -> bool:
    """An address at (a domain related to) one the message was delivered to: ours, not a failed one."""
    domain = address.rpartition("@")[2]
    ours = {a.lower().rpartition("@")[2] for name in _OUR_HEADERS for a in ADDR_RE.findall(pm.header(name))}
    return any(d == domain or d.endswith("." + domain) or domain.endswith("." + d) for d in ours)


def _daemon_mailbox(address: str) -> bool:
    """A mailer daemon's mailbox by its local part (``post_master@``, ``Mail.Delivery.System@``):
    a display name is whatever its writer chose, a person's title as well as a server's."""
    local = address.rpartition("@")[0]
    return any(_DAEMON_RE.search(f"{spelling}@") for spelling in (local, re.sub(r"[._]", " ", local)))


def server_report(pm: ParsedMail) -> bool:
    """A delivery status report from the null sender: a bounce in a mail server's form (``TriageResult.dsn``)."""
    return bool(pm.status_text) and null_sender(pm)


def _report_from_null_sender(pm: ParsedMail) -> bool:
    """Sent from the null sender, as a mail server's report is: ``Return-Path: <>``, or no Return-Path
    at all (mail read from a folder often has none, whoever wrote it) on a message built as a report
    is (a report part, the returned original, ``X-Failed-Recipients``, a transcript's reply code).
    A person's reply with no Return-Path ("my mailbox is full, please remove me") is hers."""
    return_path = pm.header("Return-Path").strip()
    if return_path:
        return return_path == "<>"
    return bool(pm.content_type == "multipart/report" or pm.attached_headers or pm.header("X-Failed-Recipients")
                or _REPORT_TEXT_RE.search(pm.all_text))


def looks_like_bounce(pm: ParsedMail) -> bool:
    sender = pm.from_header
    subject = pm.subject
    if pm.status_text:
        return True
    daemon = bool(_DAEMON_RE.search(sender)) or sender.strip() in ("<>", "") or _report_from_null_sender(pm)
    subject_says = bool(_BOUNCE_SUBJECT_RE.search(subject))
    if not (daemon or subject_says):
        return False
    return (daemon and subject_says) or bool(_BOUNCE_BODY_RE.search(pm.all_text[:5000].lower()))


def _ses_result(pm: ParsedMail) -> BounceInfo | None:
    """Amazon SES notifications forwarded by SNS e-mail: a JSON document in the body."""
    start = pm.body.find("{")
    try:
        # SNS wraps long lines; strict=False accepts the resulting raw newlines inside strings
        doc = json.JSONDecoder(strict=False).raw_decode(pm.body[start:].replace("!\n ", ""))[0]
    except ValueError:
        return None
    if isinstance(doc.get("Message"), str):  # SNS envelope around the SES document
        try:
            doc = json.loads(doc["Message"])
        except ValueError:
            return None
    kind = str(doc.get("notificationType") or doc.get("eventType") or "").lower()
    if kind == "bounce":
        b = doc.get("bounce") or {}
        rcpts = [str(r.get("emailAddress", "")).lower() for r in b.get("bouncedRecipients", [])]
        diag = next((r.get("diagnosticCode") for r in b.get("bouncedRecipients", []) if r.get("diagnosticCode")), "")
        status = next((r.get("status") for r in b.get("bouncedRecipients", []) if r.get("status")), None)
        reason = reason_for(status, diag or str(b.get("bounceSubType", "")))
        if b.get("bounceType") == "Transient":
            return BounceInfo("bounce", rcpts, False, reason, status, diag or None)
        return BounceInfo("bounce", rcpts, is_hard(reason, status) or b.get("bounceSubType") in ("General", "NoEmail"),
                          reason, status, diag or None)
    if kind == "complaint":
        c = doc.get("complaint") or {}
        rcpts = [str(r.get("emailAddress", "")).lower() for r in c.get("complainedRecipients", [])]
        return BounceInfo("complaint", rcpts, None, c.get("complaintFeedbackType") or "abuse")
    if kind == "delivery":
        return BounceInfo("other", [], None, "delivered")
    return None


# An SES document's type key, bare or (inside the string of an SNS envelope) with escaped quotes.
_SES_KEY_RE = LazyPattern(r'\\?"(?:notificationType|eventType)\\?"')


def detect_bounce(pm: ParsedMail) -> BounceInfo | None:
    """A BounceInfo when the message is a DSN or looks like a non-delivery notice, else None."""
    if _SES_KEY_RE.search(pm.body):
        info = _ses_result(pm)
        if info is not None:
            return info
    if pm.status_text:
        info = _dsn_result(pm)
        if info is not None:
            if info.kind == "bounce" and not info.recipients:
                info.recipients = _text_result(pm).recipients
            return info
    if not looks_like_bounce(pm):
        return None
    info = _text_result(pm)
    info.from_words = not pm.status_text
    return info
