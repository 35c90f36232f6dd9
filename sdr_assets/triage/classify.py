"""Entry point: raw bytes in, one :class:`TriageResult` out. Never raises on odd input.

Order matters: feedback reports and delivery reports are recognised by structure first, because
bounces also carry ``Auto-Submitted`` and complaints quote our outbound message. Next, mail a
person sent to the unsubscribe address is an opt-out, whatever bounce or auto-reply it looks like.
Only then come auto-replies, and last the human replies, which are labelled on their visible text
alone. An auto-reply saying the person has left the company is answered for them: a
``wrong_person`` reply.

A message that is neither a report, an auto-reply nor a reply to anything (no ``In-Reply-To``,
``References`` or one of our Message-IDs) is ``other``: spam and stray mail land there for a person to glance at.
Unless it comes from one of our contacts (``is_contact``, the caller knows whom we mailed) and not
from a mailing list: a prospect who writes anew instead of pressing Reply is answering all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from sdr_assets.domain.lazy_patterns import LazyPattern

from .absence_words import added_to_absence
from .autoreply import (REPLY_PREFIX, auto_reply_kind, auto_submitted, automatic_notice, beyond_notice, is_auto_reply,
                        is_challenge, list_headers, list_manager, return_date)
from .bounce_notes import bounce_note
from .bounces import detect_bounce, mail_server_report, server_report
from .closing_link_words import without_closing_link_word
from .quoted_alternatives import without_quoted_lines
from .complaints import COMPLAINT, OPT_OUT, ComplaintInfo, detect_complaint
from .labels import REVIEW_THRESHOLD, extract_referrals, is_unsubscribe, label_reply, mentions_optout
from .optout_model import may_ask_to_stop
from .own_calls import says_she_will_call
from .parse import ParsedMail, UnparsableMessage, first_address, parse_bytes
from .quotes import visible_text as strip_quotes
from .quotes import below_signature, unmarked_quote_text, written_text
from .reader_notices import is_reader_notice
from .reading import reading_form
from .repeated_requests import says_asked_before
from .retractions import after_withdrawal, asks_about_the_offer
from .asks import asks_something
from .data_requests import asks_erasure, is_data_request, read_request
from .fresh_requests import without_reader_notices
from .hand_offs import hands_over
from .hostility import is_hostile
from .result import (ASKS_BESIDES, AUTO_MAY_ASK_TO_STOP, AUTO_OPTOUT, BOUNCE_REFERRAL, BOUNCE_STOP, DATA_REQUEST,
                     DECLINE_ASKS, DEPARTED, HOSTILE, MAY_ASK_TO_STOP, TriageResult)

# Labels whose reply may point us to someone else, whose addresses are kept as referrals: an opt-out
# too ("remove me; write to me at ann@newco.example instead"), recorded all the same.
REFERRING = ("wrong_person", "not_interested", "unsubscribe")
NAMES_SOMEONE = "a decline that names someone else's address: a person checks whether it is a referral"
AUTO_ANSWER = "an automatic reply whose own text shows interest or asks a question: a person reads it"
# What an auto-reply's own text may say that a person must read, and the cheap sign that it may say it.
_READ_IN_AUTO_REPLIES = ("interested", "question")
_ASKS_RE = LazyPattern(r"\?|interes|intéress|pricing|price|demo\b|quote|call\b|talk|meet", re.I)

__all__ = ["classify_message", "classify_parsed", "our_message_ids", "ReplyLabeller"]

ReplyLabeller = Callable[[str], tuple[str, str | None, float]]
ContactCheck = Callable[[str], bool]

# Labels of a reply that takes up the offer or asks about it: a person answers it. An objection declines it
# ("We're all set, thanks"), and a request to stop below it is recorded as below any decline.
ENGAGED = ("interested", "question")
# Our Message-IDs are ``<sdr-{send key}.{HMAC}@domain>``. Only the whole identifier ties a message
# to a send: the reply step matches it against the ledger, so a key alone (or an X-SDR header, which
# anyone can write) matches nothing.
_OUR_MSGID_RE = LazyPattern(r"<sdr-([0-9a-f]{24})\.[0-9a-f]{32}@[^<>\s]+>", re.I)
_OUR_MSGID_RAW_RE = LazyPattern(rb"<sdr-([0-9a-f]{24})\.[0-9a-f]{32}@[^<>\s]+>", re.I)
_REPORT_SUBJECT_RE = LazyPattern(r"^report domain:|dmarc|tls report|tls-report|report-id", re.I)
_REPORT_TYPES = ("disposition-notification", "tlsrpt", "dmarc")
# What DMARC aggregate and TLS reports attach: the report, zipped, gzipped or as it is.
_REPORT_ATTACHMENT_RE = LazyPattern(r"^application/(?:zip|x-zip(?:-compressed)?|gzip|x-gzip|octet-stream|xml|json|"
                                   r"tlsrpt\+(?:gzip|json))$")
# Opt-outs by mail: the List-Unsubscribe mailto address, the signed token it carries, and a new
# message (not a reply) that asks to stop. Bulk mail carries list headers; a person writing does not.
_UNSUBSCRIBE_LOCAL_RE = LazyPattern(r"(?:^|[<\s,;:])unsubscribe@", re.I)
_OPTOUT_TOKEN_RE = LazyPattern(r"(?<![\w.-])([A-Za-z0-9]{8,64}-[A-Za-z0-9_-]{4,400}\.[A-Za-z0-9_-]{22})(?![\w-])")
_STOP_ONLY_RE = LazyPattern(r"^\W*(stop|unsubscribe|remove)\W*$", re.I)
# A subject that ends in a request to stop, set apart from the words before it: "Quick question -
# UNSUBSCRIBE", "Your pipeline [unsubscribe]", "Re: Demo: remove me". A subject about opting out
# ("unsubscribe link broken?", "Unsubscribe flow in your product", "How to unsubscribe") is no request.
_STOP_WORDS = r"(?:unsubscribe|unsub|remove me|stop|opt[- ]?out)"
_STOP_TAIL_RE = LazyPattern(
    rf"(?:(?:(?:^|\s)[-\u2013\u2014|/]|:)\s*{_STOP_WORDS}|\[\s*{_STOP_WORDS}\s*\]|\(\s*{_STOP_WORDS}\s*\))[\s.!]*$"
    rf"|(?-i:\s(?:UNSUBSCRIBE|REMOVE ME))[\s.!]*$", re.I)
_RE_PREFIX_RE = LazyPattern(rf"^\s*(?:{REPLY_PREFIX}\s*)+", re.I)
_BULK_HEADERS = ("List-Unsubscribe", "List-Id", "List-Post")
# Where a list's footer begins: a rule of underscores over the list's address, page or name line
# ("riak-users mailing list") within three lines (a rule alone may sit above her own words), or its
# instructions for leaving the list.
_LIST_FOOTER_RE = LazyPattern(r"^(?:_{5,}[^\S\n]*\n(?=(?:[^\n]*\n){0,2}(?:[^\n]*(?:-request@|listinfo)|"
                             r"[\w.-]+ mailing list[^\S\n]*$))|"
                             r"(?:to unsubscribe|to stop receiving|you received this message because)\b)", re.I | re.M)
# The line that introduces a quote, naming its writer's address: no address the reply points us to.
_ATTRIBUTION_RE = LazyPattern(r"^[^\n]*(?:>|\b(?:wrote|schreef|schrieb|écrit|escribió|scritto|escreveu|skrev))\s*:[ \t]*$|"
                              r"^[ \t]*(?:from|to|cc|reply-to|von|an|de|van|aan|da|para)[ \t]*:[^\n]*$", re.I | re.M)
# An auto-reply saying the person has left: the sequence has no one to reach, and the address it
# names is a referral, as in a "wrong person" reply.
_DEPARTED_RE = LazyPattern(
    r"no longer (with|at|employed|part of|works? (at|for|with|here)|working (at|for|with|here))\b|"
    r"\b(has|have|had) left (the|our) (company|organi[sz]ation|firm|business|team)|"
    r"\bleft the (company|organi[sz]ation|firm|business)|\bnot with (us|the company) any ?more|"
    r"nicht mehr (bei|im unternehmen|in unserem unternehmen|für)\b|(das|unser) unternehmen verlassen|"
    r"ne fait plus partie|a quitt[ée] (la soci[ée]t[ée]|l.entreprise|notre)|ne travaille plus|"
    r"ya no (trabaja|forma parte|est[áa] en)|(dej[óo]|ha dejado) (la|nuestra) (empresa|compa[ñn][íi]a)",
    re.I)
# Words that say she left only where no return is given: an away message says them too ("I have left Paris and will
# be back on 14 June", "my inbox is no longer checked while I am on leave", "has retired for the day. Back tomorrow").
_LEFT_RE = LazyPattern(
    # "I have left Customer Inc.": a name, not "the office" or "London for a conference".
    r"\b(has|have|had|'ve) left (?-i:[A-Z])[\w&.-]*( (?-i:[A-Z])[\w&.-]*)*(?=\s*(?:[,;!]|\.(?:\s|$)|$|and\b))|"
    r"\bmoved on from\b|\b(has|have) retired\b|"
    r"\blast (working )?day (at|with) (?!the office|work\b)[^.\n]{1,60}? was\b|"
    # Not for a time of day or week: "This mailbox is no longer monitored on weekends" or "after 5pm".
    r"\b(mailbox|inbox|e-?mail address|address|account) is no longer (being )?(monitored|active|in use|checked)\b"
    r"(?![^\S\n]+(on|at|during|over|after|before|outside|while|until|till|between|from|in the|at the)\b)",
    re.I)


def _our_message(pm: ParsedMail) -> tuple[str | None, str | None]:
    """(send key, our Message-ID) that this message answers or reports on, or (None, None)."""
    for name in ("In-Reply-To", "References"):
        m = _OUR_MSGID_RE.search(pm.header(name))
        if m:
            return m.group(1).lower(), m.group(0).lower()
    # attached originals (bounces, ARF) or inline copies: search the raw bytes once
    if b"sdr" not in pm.raw and b"SDR" not in pm.raw and b"Sdr" not in pm.raw:
        return None, None
    m = _OUR_MSGID_RAW_RE.search(pm.raw)
    return (m.group(1).decode("ascii").lower(), _id_text(m.group(0))) if m else (None, None)


def _id_text(found: bytes) -> str:
    """A Message-ID found in raw bytes, in lower case; a byte no ASCII holds (a mangled copy) is replaced."""
    return found.decode("ascii", "replace").lower()


def our_message_ids(raw: bytes) -> set[str]:
    """Every one of our Message-IDs a raw message names anywhere, in lower case: the sends it may answer."""
    return {_id_text(m.group(0)) for m in _OUR_MSGID_RAW_RE.finditer(raw)}


def _to_unsubscribe_address(pm: ParsedMail) -> bool:
    return any(_UNSUBSCRIBE_LOCAL_RE.search(pm.header(name))
               for name in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"))


def _optout_tokens(pm: ParsedMail, *, attached: bool = False, written: str | None = None) -> list[str]:
    """Token-shaped strings in the subject, the recipients and the body (and with ``attached``, in the
    attached original, whose List-Unsubscribe carries one); verified later, with the secret.

    For a reply, ``written`` is what its sender wrote, without the quote: a reply quotes our message,
    whose footer carries its recipient's token, so a colleague answering in her thread would
    otherwise prove her address.

    The subject is read percent-decoded too: a mail client that leaves the mailto's subject as it was
    written (``unsubscribe%20<token>``) sends the token glued to ``20``, which would never verify."""
    parts = [unquote(pm.subject), pm.subject, pm.header("To"), (pm.body if written is None else written)[:20000]]
    if attached:
        parts += [text[:20000] for text in pm.attached_headers + pm.attached_bodies]
    text = "\n".join(parts)
    return list(dict.fromkeys(m.group(1) for m in _OPTOUT_TOKEN_RE.finditer(text)))[:5]


def _automatic_notice(pm: ParsedMail, sender: str | None) -> bool:
    """A list manager's notice (with a list's headers) or an ``Auto-Submitted`` one: no person's
    opt-out. A token anywhere (subject, recipients, body) keeps it one: a mail client sends the mailto
    for its user's click, and a person forwards it. So does an ``Auto-Submitted`` mail whose own text
    asks to stop: in doubt, an address is suppressed rather than mailed."""
    if not automatic_notice(pm, sender) or _optout_tokens(pm):
        return False
    if list_manager(pm, sender) and list_headers(pm):
        return True
    return not (auto_submitted(pm) and _own_text_asks_to_stop(pm))


def _own_text(pm: ParsedMail, text: str | None = None) -> str:
    """``text``, or all its text without quote (below a signature or a rule, at any length), without list footer."""
    return _LIST_FOOTER_RE.split(written_text(pm.body) if text is None else text, maxsplit=1)[0]


def _taken_at_word(body: str) -> str:
    """What she wrote that the opt-out rule takes at its word: all of it, but for a notice to its readers
    below her sign-off (her company's footer: "If you would prefer not to receive marketing emails from
    Acme, please unsubscribe"), whose words of opting out are not hers to us: a person reads those."""
    below = below_signature(body)
    return strip_quotes(body) if below and is_reader_notice(reading_form(below)) else written_text(body)


def _own_text_asks_to_stop(pm: ParsedMail, text: str | None = None) -> bool:
    """Its subject or its text (``text``, or all of it), without quote or list footer, asks to stop."""
    text = reading_form(_own_text(pm, text))
    return _subject_asks_to_stop(pm) or is_unsubscribe(text) or bool(_STOP_ONLY_RE.match(text))


def _quoted_optout(pm: ParsedMail) -> bool:
    """Words of opting out in a quote without ``>`` marks or in an html ``<blockquote>`` (our footer left out):
    hers written into it or below its header, or history; only a person can tell, and she sees the whole
    message."""
    return (is_unsubscribe(reading_form(unmarked_quote_text(pm.body)))
            or bool(pm.blockquoted_text) and is_unsubscribe(reading_form(written_text(pm.blockquoted_text))))


def _hidden_asks_to_stop(pm: ParsedMail) -> bool:
    """Her html hides words of opting out (a preheader's "unsubscribe"): not her visible words, so no
    opt-out by themselves, but never lost either: a person reads the reply, and her mail waits."""
    hidden = reading_form(pm.hidden_text[:4000])
    return bool(hidden.strip()) and (is_unsubscribe(hidden) or mentions_optout(hidden))


def _subject(pm: ParsedMail) -> str:
    """The subject as the rules read it, without its reply prefixes."""
    return _RE_PREFIX_RE.sub("", reading_form(pm.subject))


def _subject_asks_to_stop(pm: ParsedMail) -> bool:
    subject = _subject(pm)
    return is_unsubscribe(subject) or bool(_STOP_ONLY_RE.match(subject) or _STOP_TAIL_RE.search(subject))


def _feedback_result(pm: ParsedMail, report: ComplaintInfo, base: dict) -> TriageResult:
    """A feedback report as what it says: a complaint, an opt-out through the provider (an
    unsubscribe, proven by the token in the attached original or decided by a person), or a report
    that neither suppresses nor counts against the sender.

    Both keep the tokens of the attached original: a complaint whose report redacts the recipient
    or lost our Message-ID is still tied to its send by the signed token there."""
    if report.kind == COMPLAINT:
        return TriageResult(kind="complaint", recipients=report.recipients, confidence=0.97,
                            reason=report.feedback_type, unsubscribe_tokens=_optout_tokens(pm, attached=True),
                            **base)
    if report.kind == OPT_OUT:  # the List-Unsubscribe's machine form, as mail to its mailto address is
        return TriageResult(kind="human", label="unsubscribe", recipients=report.recipients, confidence=0.95,
                            reason=f"feedback report: {report.feedback_type}",
                            unsubscribe_tokens=_optout_tokens(pm, attached=True), to_unsubscribe_address=True,
                            **base)
    return TriageResult(kind="other", recipients=report.recipients, confidence=0.95, needs_review=not report.quiet,
                        reason=f"feedback report: {report.feedback_type}", **base)


def _bulk(pm: ParsedMail) -> bool:
    """Mail from a mailing list: it carries list headers or a bulk precedence; a person writing does not."""
    return any(pm.header(name) for name in _BULK_HEADERS) or pm.header("Precedence").strip().lower() in (
        "bulk", "list", "junk")


def _fresh_stop_request(pm: ParsedMail, text: str) -> bool:
    """A new message, from a person rather than a mailing list, asking us to stop or to erase her data: in
    its opening words, or in any paragraph of hers past them that is no notice to its readers."""
    if _bulk(pm):
        return False
    head = text[:400]
    if _subject_asks_to_stop(pm) or is_unsubscribe(head) or bool(_STOP_ONLY_RE.match(head)) or asks_erasure(head):
        return True
    hers = without_reader_notices(text)
    return is_unsubscribe(hers) or asks_erasure(hers)


def _is_machine_report(pm: ParsedMail, answers_ours: bool) -> bool:
    """DMARC aggregate, TLS-RPT and read receipts: machine mail that is neither bounce nor reply.

    By its subject alone only when it answers none of our messages and attaches a report: a person's
    reply about DMARC, signed (S/MIME) or with a PDF, is a reply."""
    if pm.report_type in _REPORT_TYPES or pm.msg.get("TLS-Report-Domain"):
        return True
    if _REPORT_SUBJECT_RE.search(pm.subject) and not answers_ours and not _RE_PREFIX_RE.match(pm.subject):
        return any(_REPORT_ATTACHMENT_RE.match(t) for t in pm.part_types)
    return False


def _base_fields(pm: ParsedMail) -> dict:
    send_key, reference = _our_message(pm)
    return {
        "message_id": pm.header("Message-ID").strip() or None,
        "from_addr": first_address(pm.from_header),
        "subject": pm.subject or None,
        "sent_at": pm.sent_at,
        # What the header claims: the replies layer believes it only in the demo's own folder.
        "simulated": pm.header("X-SDR-Simulated").strip().lower() in ("true", "1", "yes"),
        "send_key": send_key,
        "reference": reference,
    }


def classify_parsed(pm: ParsedMail, *, reply_labeller: ReplyLabeller | None = None,
                    is_contact: ContactCheck | None = None) -> TriageResult:
    base = _base_fields(pm)
    if _is_machine_report(pm, base["send_key"] is not None):
        return TriageResult(kind="other", confidence=0.95, reason=pm.report_type or "report", **base)
    report = detect_complaint(pm)
    if report is not None:
        return _feedback_result(pm, report, base)
    bounce = detect_bounce(pm)
    # RFC 2369: a person's mail to the List-Unsubscribe's mailto address asks to stop, whatever its
    # subject or text; a bounce it resembles only in words is no bounce.
    # A notice no person wrote asks nothing: read as a bounce or an auto-reply, as it is.
    # A mail server's bounce stays one: whether a notice or a person wrote it is not asked (its text may be long).
    to_unsubscribe = _to_unsubscribe_address(pm)
    server_bounce = to_unsubscribe and bounce is not None and (
        not bounce.from_words or mail_server_report(pm, bounce.recipients))
    notice = to_unsubscribe and not server_bounce and _automatic_notice(pm, base["from_addr"])
    if notice and bounce is None and not is_auto_reply(pm, written := strip_quotes(pm.body)):
        return TriageResult(kind="auto_reply", confidence=0.9, reason="an automatic notice to the unsubscribe address",
                            visible_text=written, **base)
    if to_unsubscribe and not notice and not server_bounce:
        written = written_text(pm.body)
        asks = is_data_request(written)  # the opt-out is recorded; a person answers the request
        return TriageResult(kind="human", label="unsubscribe", confidence=0.99, reason="mail to the unsubscribe address",
                            visible_text=written, unsubscribe_tokens=_optout_tokens(pm),
                            to_unsubscribe_address=True, data_request=asks,
                            sub_reason=DATA_REQUEST if asks else None, needs_review=asks, **base)
    if bounce is not None and bounce.kind == "complaint":  # provider JSON notifications (SES)
        return TriageResult(kind="complaint", recipients=bounce.recipients, confidence=0.95,
                            reason=bounce.reason, unsubscribe_tokens=_optout_tokens(pm), **base)
    if bounce is not None and is_challenge(f"{pm.subject}\n{bounce.diagnostic or ''}\n{pm.body[:1500]}"):
        return TriageResult(kind="auto_reply", confidence=0.85, reason="challenge-response",
                            visible_text=strip_quotes(pm.body), **base)
    if bounce is not None:
        kind = bounce.kind
        confidence = 0.97 if pm.status_text else 0.85
        note = bounce_note(pm, bounce.recipients) if kind == "bounce" else None
        if note is not None:  # suppressed as any bounce; a person reads the note
            return TriageResult(kind=kind, hard=bounce.hard, recipients=bounce.recipients, referrals=note.referrals,
                                confidence=confidence, needs_review=True,
                                reason=BOUNCE_STOP if note.stop else BOUNCE_REFERRAL, visible_text=note.text,
                                dsn=server_report(pm), **base)
        needs_review = kind == "bounce" and not bounce.recipients
        return TriageResult(
            kind=kind, hard=bounce.hard if kind == "bounce" else None, recipients=bounce.recipients,
            confidence=confidence, needs_review=needs_review,
            reason=(bounce.diagnostic or bounce.status or bounce.reason) if kind != "other" else bounce.reason,
            dsn=server_report(pm), **base)
    sent = base["sent_at"].date() if base["sent_at"] else None
    text = strip_quotes(pm.body)
    if is_auto_reply(pm, text, answers_ours=base["send_key"] is not None):
        body = written_text(pm.body)
        when = return_date(pm.subject + "\n" + body, sent, base["from_addr"])
        if _DEPARTED_RE.search(body) or _LEFT_RE.search(body) and when is None:
            referrals = extract_referrals(body, exclude=base["from_addr"])
            return TriageResult(kind="human", label="wrong_person", referrals=referrals, confidence=0.9,
                                needs_review=not referrals, reason=DEPARTED,
                                visible_text=body, **base)
        # "I do not accept unsolicited sales emails; please remove me": an auto-reply's own text that
        # asks to stop is an opt-out, as a person's is. A list's notices are nobody's words.
        list_notice = notice or list_headers(pm) or list_manager(pm, base["from_addr"])
        taken = _taken_at_word(pm.body)
        if not list_notice and _own_text_asks_to_stop(pm, taken):
            return TriageResult(kind="human", label="unsubscribe", confidence=0.9, reason=AUTO_OPTOUT,
                                visible_text=body, unsubscribe_tokens=_optout_tokens(pm, written=body), **base)
        written = "" if list_notice else reading_form(_own_text(pm))
        taken = "" if list_notice else reading_form(_own_text(pm, taken))
        # Words of opting out (its company's notice below its sign-off too), or interest and questions the
        # labeller is sure of ("I'm away until Monday. Actually yes, send pricing?"), in its own text: a
        # person reads it, and the sequence stops. The labeller reads no notice to its readers.
        unclear = mentions_optout(written) or is_unsubscribe(written) or not list_notice and _hidden_asks_to_stop(pm)
        added = beyond_notice(taken)
        if unclear or _ASKS_RE.search(added):
            label, sub_reason, confidence = (reply_labeller or label_reply)(added if added.strip() else taken)
            if unclear or (label in _READ_IN_AUTO_REPLIES and confidence >= REVIEW_THRESHOLD):
                return TriageResult(kind="human", label=label, sub_reason=sub_reason, confidence=confidence,
                                    needs_review=True, reason=AUTO_MAY_ASK_TO_STOP if unclear else AUTO_ANSWER,
                                    visible_text=body, **base)
        kind = auto_reply_kind(pm.subject, body, when)
        # Words she added to her absence that the opt-out model takes for a request to stop, in words the rule lacks
        # ("Ik wil hier verder niets meer over ontvangen"): a person reads them, and her mail waits. The notice's
        # own words (her mail not read, whom to ask) are left out, which the model takes for requests.
        added = added_to_absence(taken) if kind == "out_of_office" else ""
        if added and may_ask_to_stop(added):
            label, sub_reason, confidence = (reply_labeller or label_reply)(added)
            return TriageResult(kind="human", label=label, sub_reason=sub_reason, confidence=confidence,
                                needs_review=True, reason=AUTO_MAY_ASK_TO_STOP, visible_text=body, **base)
        return TriageResult(kind=kind, return_date=when if kind == "out_of_office" else None,
                            referrals=extract_referrals(body, exclude=base["from_addr"]),
                            confidence=0.9, visible_text=body, **base)
    # Everything the person wrote, as every rule below and a person read it; the labeller reads it
    # without her signature.
    written = reading_form(written_text(pm.body))
    taken = reading_form(_taken_at_word(pm.body))
    text = reading_form(text)
    # Words of opting out only in a quote without marks, or in a notice below her sign-off: a person reads
    # them, and her mail waits. She reads the whole message when they stand in a quote, or when nothing
    # of hers stands outside one.
    in_quote = _quoted_optout(pm)
    unsure_optout = in_quote or is_unsubscribe(written) and not is_unsubscribe(taken)
    shown = written if written.strip() and not in_quote else reading_form("\n".join(pm.body.splitlines())).strip()
    is_reply = bool(base["send_key"] or pm.header("In-Reply-To") or pm.header("References"))
    from_contact = bool(is_contact and base["from_addr"] and not _bulk(pm) and is_contact(base["from_addr"]))
    labeller = reply_labeller or label_reply
    # A contact's request only below her sign-off (her company's footer?) is read as in a reply, whose labeller
    # tells whether she took up the offer above it. Her text is read again only where it differs from what is taken.
    fresh_request = (not is_reply and _fresh_stop_request(pm, taken)
                     and not (from_contact and taken != text and not _fresh_stop_request(pm, text)))
    # A request she takes back for the offer ("Unsubscribe me. Just kidding, send me pricing") is read by a person,
    # her mail held, in a new message as in a reply: whether she pressed Reply changes nothing she said.
    taken_back = fresh_request and _engaged_after_withdrawal(text, labeller) is not None
    if fresh_request and not taken_back:
        asks = is_data_request(written)
        # Whom she hands over to ("Priya (priya@acme.example) handles this now") is read by a person, as in a reply.
        referrals = extract_referrals(_ATTRIBUTION_RE.sub("", written), exclude=base["from_addr"])
        hands = bool(referrals) or hands_over(written)
        return TriageResult(kind="human", label="unsubscribe", confidence=0.9,
                            reason=ASKS_BESIDES if hands else "a new message asking to stop", referrals=referrals,
                            visible_text=written, unsubscribe_tokens=_optout_tokens(pm, written=written),
                            data_request=asks, sub_reason=DATA_REQUEST if asks else None, needs_review=asks or hands,
                            **base)
    if not is_reply and not from_contact:
        hidden_stop = _hidden_asks_to_stop(pm) or unsure_optout or taken_back or says_asked_before(written)
        return TriageResult(kind="other", confidence=0.6, needs_review=bool(written.strip()) or hidden_stop,
                            reason=MAY_ASK_TO_STOP if hidden_stop else None, visible_text=shown, **base)
    label, sub_reason, confidence = labeller(text)
    if label == "unsubscribe" and (interest := (_interest_over_link_word(text, labeller)
                                                 or _interest_beside_unmarked_quotes(text, pm, labeller)
                                                 or _engaged_after_withdrawal(text, labeller))) is not None:
        (label, sub_reason, confidence), unsure_optout = interest, True
    # "Stop aux relances, je vous rappelle la semaine prochaine": a stop to this chase from someone who will call us
    # herself is timing a person reads, her mail held, not every play stopped for good (``own_calls``).
    if label == "unsubscribe" and says_she_will_call(text):
        label, sub_reason, confidence, unsure_optout = "objection", "timing", 0.8, True
    subject = _subject(pm)
    # "Delete my data" stops all mail to her as "unsubscribe" does: data we must erase is no address to mail.
    data_request, erases = read_request(written)
    # A request to stop below her sign-off, which the labeller did not read, is one all the same; but
    # below a reply that takes up the offer ("Thursday 2pm works for me"), it may be her company's
    # standing line rather than her answer: a person reads which, and her mail waits.
    beyond_signature = taken != text and is_unsubscribe(taken) and not is_unsubscribe(text)
    if beyond_signature and label in ENGAGED:
        unsure_optout, beyond_signature = True, False
    if label != "unsubscribe" and (_subject_asks_to_stop(pm) or erases or beyond_signature):
        label, sub_reason, confidence = "unsubscribe", None, 0.95
    if label == "unsubscribe":
        base["unsubscribe_tokens"] = _optout_tokens(pm, written=written)
    # An opt-out's referrals leave out the attribution line a quote left behind ("Op ... schreef Alex <alex@...>:").
    named = _ATTRIBUTION_RE.sub("", written) if label == "unsubscribe" else written
    referrals = extract_referrals(named, exclude=base["from_addr"]) if label in REFERRING else []
    # "Not interested, but Maria (maria@acme.example) runs RevOps": a decline that names someone
    # else's address may be a referral; a person reads it rather than the sequence just ending.
    refers = label == "not_interested" and bool(referrals)
    # "Not for us, but how much does it cost?": a decline that asks a question or for something is
    # answered by a person. An opt-out that does, or names another address ("book me a demo", "write
    # to me at ann@newco.example") or who owns the matter now ("Priya handles vendor tools now"), is
    # recorded at once all the same; a person reads the rest.
    asks = label in ("not_interested", "unsubscribe") and (asks_something(written) or label == "unsubscribe"
                                                            and (bool(referrals) or hands_over(written)))
    # "Does it track unsubscribe rates?" suppresses nobody, but a person makes sure it is no opt-out; so
    # does a reply the opt-out model takes for a request in words the rule lacks, or one that says she asked before.
    # So does one whose html hides such words from view, which are not hers to be taken at their word.
    unclear = label != "unsubscribe" and (unsure_optout or mentions_optout(written) or mentions_optout(subject)
                                          or may_ask_to_stop(written) or says_asked_before(written)
                                          or _hidden_asks_to_stop(pm))
    # Anger is no lead: "How did you get my email? This is harassment." is read by a person, with no
    # pitch offered, and counts against the play as hostile (``domain.monitor``); taken for a question,
    # it is a refusal. Interest stays interest (a person reads which it is). A hostile opt-out ("unsubscribe
    # me, you spammers") is handled as any opt-out, with nobody to read it, and counts as hostile too.
    hostile = is_hostile(written)
    if hostile and label == "question":
        label, sub_reason, confidence = "not_interested", None, 0.9
    # "Unsubscribe me. What data do you hold on me?": the opt-out is recorded as any other, and a person
    # answers the request within the month the law gives; the sub-reason says so wherever the label shows.
    # A hostile one keeps its reason, by which the monitor weighs it; one that may ask to stop keeps that.
    # An objection keeps its own sub-reason (budget, timing), which analytics counts, and a hostile reply its
    # reason: the mark (``data_request``) keeps the request, whatever the sub-reason and the reason say.
    if data_request and sub_reason is None:
        sub_reason = DATA_REQUEST
    return TriageResult(kind="human", label=label, sub_reason=sub_reason, referrals=referrals,
                        confidence=confidence, data_request=data_request,
                        needs_review=(confidence < REVIEW_THRESHOLD or unclear or refers or data_request or asks
                                      or hostile and label != "unsubscribe"),
                        reason=(HOSTILE if hostile else MAY_ASK_TO_STOP if unclear else DATA_REQUEST if data_request
                                else NAMES_SOMEONE if refers else _asking(label) if asks else None),
                        visible_text=shown, **base)


def _interest_over_link_word(text: str, labeller: ReplyLabeller) -> tuple[str, str | None, float] | None:
    """The label of a reply that takes up the offer over a last line of a link's bare word ("Thursday 2pm works for
    me." over "Unsubscribe"), which alone asked to stop: a person reads which it is (``closing_link_words``)."""
    return _interest_in(without_closing_link_word(text), labeller)


def _interest_beside_unmarked_quotes(text: str, pm: ParsedMail,
                                     labeller: ReplyLabeller) -> tuple[str, str | None, float] | None:
    """The label of a reply that takes up the offer beside lines its html quotes and its plain text gives unmarked
    (a colleague's "Please stop emailing me." under her "Yes, interested"), which alone asked to stop: a person reads
    whose they are (``quoted_alternatives``). Under anything else ("Still getting these.") the request stands."""
    rest = without_quoted_lines(text, pm.unmarked_quotes) if pm.unmarked_quotes else None
    return _interest_in(rest, labeller) if rest != text else None


def _engaged_after_withdrawal(text: str, labeller: ReplyLabeller) -> tuple[str, str | None, float] | None:
    """The label of what a reply says after she takes back her request to stop ("Es broma, me interesa, llámenme."),
    where it takes up the offer or asks about it: a person reads which she meant (``retractions``). Nothing after it,
    a decline ("Just kidding, not interested") or a question about anything else ("jk. Who are you again?") leaves
    the request."""
    rest = after_withdrawal(text)
    return _interest_in(rest, labeller, ENGAGED if asks_about_the_offer(rest) else ("interested",)) if rest else None


def _interest_in(rest: str | None, labeller: ReplyLabeller,
                 engaged: tuple[str, ...] = ("interested",)) -> tuple[str, str | None, float] | None:
    """The label of ``rest``, what a reply says without the words that alone asked to stop, where it takes up the
    offer surely (or, with ``engaged``, asks about it) and asks to stop nowhere else."""
    if rest is None or is_unsubscribe(rest):
        return None
    label, sub_reason, confidence = labeller(rest)
    return (label, sub_reason, confidence) if label in engaged and confidence >= REVIEW_THRESHOLD else None


def _asking(label: str) -> str:
    return ASKS_BESIDES if label == "unsubscribe" else DECLINE_ASKS


def classify_message(raw: bytes, *, reply_labeller: ReplyLabeller | None = None, strict: bool = False,
                     is_contact: ContactCheck | None = None) -> TriageResult:
    """Classify one raw RFC 5322 message. Never raises on malformed mail, unless ``strict``: then a
    message that cannot be triaged raises, for the caller to quarantine with the reason.
    ``is_contact`` says whether a sender's address is one we mailed."""
    try:
        return classify_parsed(parse_bytes(raw), reply_labeller=reply_labeller, is_contact=is_contact)
    except Exception as exc:  # a bug must not stop a mailbox sweep: hand the message to a person
        if strict:
            raise
        return TriageResult(kind="other", confidence=0.0, needs_review=True,
                            reason=f"triage error: {type(exc).__name__}: {exc}")


def in_server_form(raw: bytes) -> bool:
    """Whether a stored bounce is in a mail server's form, by the rule triage stores as ``dsn``."""
    try:
        return server_report(parse_bytes(raw))
    except UnparsableMessage:
        return False
