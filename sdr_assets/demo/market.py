"""Demo-mode market: answers sent mail with simulated replies, auto-replies, bounces, complaints.

Each send is decided once, from ``seed`` and its ``send_key`` alone, so the same sends always draw
the same outcomes. Everything written carries ``X-SDR-Simulated: true`` plus the drawn outcome in
``X-SDR-Simulated-Outcome``: ground truth to score the reply classifier against, which the
classifier itself must never read.
"""

from __future__ import annotations

import hashlib
import json
import mailbox
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import date as calendar_date
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesHeaderParser
from email.utils import format_datetime, formataddr
from pathlib import Path

from sdr_assets.demo.catalog import (
    ALT_FIRST,
    ALT_LAST,
    BOUNCE_TEXT,
    COMPETITORS,
    COMPLAINT_TEXT,
    DATE_FORMATS,
    OOO_SUBJECT,
    OUT_OF_OFFICE,
    QUOTE_LINES,
    SIGNOFFS,
    SLOTS,
    TEMPLATES,
    TOOLS,
)

STATE_FILE = ".simulated.json"
OUTCOMES = (
    "interested",
    "question",
    "objection",
    "not_interested",
    "unsubscribe",
    "wrong_person",
    "out_of_office",
    "bounce",
    "complaint",
)
OBJECTION_REASONS = ("timing", "budget", "has_solution")
HUMAN_OUTCOMES = OUTCOMES[:6]


# -- wording (the tables live in catalog.py) ----------------------------------------------------
def pick(rng: random.Random, key: str, language: str) -> str:
    options = TEMPLATES[key]
    return rng.choice(options.get(language) or options["en"])


def quote_line(language: str, date: datetime, who: str) -> str:
    return QUOTE_LINES[language].format(date=date, who=who)


def format_date(day: calendar_date, language: str) -> str:
    if language == "en":  # "Tuesday, 3 June 2025": no zero padding, and %-d is not portable
        return f"{day:%A}, {day.day} {day:%B %Y}"
    return day.strftime(DATE_FORMATS[language])


# -- the market ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SentMessage:
    """One outbound message as the send ledger recorded it."""

    send_key: str  # 24 hex characters, the ledger's idempotency key
    message_id: str  # e.g. "<sdr-{send_key}@outreach.example>"
    to_addr: str
    to_name: str
    from_addr: str
    subject: str
    play: str
    signal_type: str
    fit: float  # 0..1: how well the message matches its signal
    sent_at: datetime
    body: str


@dataclass(frozen=True)
class SimulatedReply:
    send_key: str
    outcome: str
    reason: str | None  # objection reason, else None
    language: str
    date: datetime
    maildir_key: str


@dataclass(frozen=True)
class SimulationSummary:
    considered: int  # sends passed in
    skipped: int  # already decided by an earlier call
    silent: int  # decided now: no answer
    outcomes: dict[str, int]
    objection_reasons: dict[str, int]
    files_written: int
    replies: tuple[SimulatedReply, ...] = field(default=())


@dataclass(frozen=True)
class _Draw:
    outcome: str | None
    reason: str | None
    language: str
    delay: timedelta
    rng: random.Random  # continues the same seeded stream for wording


def reply_probability(fit: float) -> float:
    """Chance that a person (not a machine) writes back."""
    return _reply_chance(_clamp(fit))


def _reply_chance(fit):
    return 0.03 + 0.25 * fit


def _clamp(fit: float) -> float:
    return min(1.0, max(0.0, float(fit)))


def _human_weights(fit: float) -> list[float]:
    # interested, question, objection, not_interested, unsubscribe, wrong_person
    return [0.05 + 0.45 * fit, 0.12 + 0.08 * fit, 0.22,
            0.08 + 0.30 * (1 - fit), 0.03 + 0.15 * (1 - fit), 0.08]


def outcome_probabilities(fit: float) -> dict[str, float]:
    """Chance of each outcome of one send, as ``_decide`` draws them; the rest is silence."""
    return outcome_chances(_clamp(fit))


def outcome_chances(fit):
    """``outcome_probabilities`` of a fit already within [0, 1]: a number, or a numpy array of them
    (arithmetic only, so an array gives each element's figures to the last bit)."""
    weights = _human_weights(fit)
    human = _reply_chance(fit) / sum(weights)
    return {"bounce": 0.02, "complaint": 0.001 + 0.006 * (1 - fit), "out_of_office": 0.04,
            **{name: human * w for name, w in zip(HUMAN_OUTCOMES, weights)}}


def _decide(send_key: str, fit: float, *, seed: int = 7) -> _Draw:
    """Draw the market's answer to one send; depends only on ``seed``, ``send_key`` and ``fit``."""
    rng = random.Random(f"sdr-market:{seed}:{send_key}")
    fit = _clamp(fit)
    roll = rng.random()
    outcome: str | None = None
    reason = None
    chances = outcome_probabilities(fit)
    for name, p in (("bounce", chances["bounce"]), ("complaint", chances["complaint"]),
                    ("out_of_office", chances["out_of_office"]), ("human", reply_probability(fit))):
        if roll < p:
            outcome = name
            break
        roll -= p
    if outcome == "human":
        outcome = rng.choices(HUMAN_OUTCOMES, weights=_human_weights(fit))[0]
        if outcome == "objection":
            reason = rng.choice(OBJECTION_REASONS)
    language = rng.choices(["en", "de", "fr", "es"], weights=[90, 4, 3, 3])[0]
    if outcome == "bounce":
        delay = timedelta(seconds=rng.randint(2, 90))
    elif outcome == "out_of_office":
        delay = timedelta(seconds=rng.randint(5, 600))
    else:
        delay = timedelta(minutes=rng.randint(60, 72 * 60))
    return _Draw(outcome, reason, language, delay, rng)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _domain(addr: str) -> str:
    return addr.rpartition("@")[2].strip().lower() or "unknown.example"


def _digest(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()


def _reply_subject(subject: str) -> str:
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _original_headers(sent: SentMessage) -> str:
    headers = EmailMessage()
    headers["From"] = sent.from_addr
    headers["To"] = formataddr((sent.to_name, sent.to_addr))
    headers["Subject"] = sent.subject
    headers["Date"] = format_datetime(_utc(sent.sent_at))
    headers["Message-ID"] = sent.message_id
    headers["X-SDR-Send-Key"] = sent.send_key
    return headers.as_string().rstrip("\n") + "\n"


def _stamp(msg: Message, sent: SentMessage, draw: _Draw, date: datetime, msg_id: str) -> None:
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    msg["In-Reply-To"] = sent.message_id
    msg["References"] = sent.message_id
    msg["X-SDR-Simulated"] = "true"
    label = draw.outcome if draw.reason is None else f"{draw.outcome}; reason={draw.reason}"
    msg["X-SDR-Simulated-Outcome"] = label


def _person_reply(sent: SentMessage, draw: _Draw, date: datetime, msg_id: str) -> EmailMessage:
    rng, domain = draw.rng, _domain(sent.to_addr)
    key = draw.outcome if draw.reason is None else f"objection_{draw.reason}"
    first = sent.to_name.split()[0] if sent.to_name.strip() else ""
    alt_first, alt_last = rng.choice(ALT_FIRST), rng.choice(ALT_LAST)
    words = {
        "alt_name": f"{alt_first} {alt_last}",
        "alt_email": f"{alt_first.lower()}.{alt_last.lower()}@{domain}",
        "slot": rng.choice(SLOTS[draw.language]),
        "tool": rng.choice(TOOLS),
        "competitor": rng.choice(COMPETITORS),
    }
    body = pick(rng, key, draw.language).format(**words)
    signoff = rng.choice(SIGNOFFS[draw.language]).format(first=first, name=sent.to_name)
    quote = quote_line(draw.language, _utc(sent.sent_at), sent.from_addr)
    quoted = "\n".join(f"> {line}" if line else ">" for line in sent.body.splitlines())
    msg = EmailMessage()
    msg["From"] = formataddr((sent.to_name, sent.to_addr))
    msg["To"] = sent.from_addr
    msg["Subject"] = _reply_subject(sent.subject)
    _stamp(msg, sent, draw, date, msg_id)
    msg.set_content(f"{body}\n\n{signoff}\n\n{quote}\n{quoted}\n")
    return msg


def _out_of_office(sent: SentMessage, draw: _Draw, date: datetime, msg_id: str) -> EmailMessage:
    rng = draw.rng
    back = (date + timedelta(days=rng.randint(3, 12))).date()
    if back.weekday() >= 5:  # nobody comes back on a Saturday
        back += timedelta(days=7 - back.weekday())
    alt_first, alt_last = rng.choice(ALT_FIRST), rng.choice(ALT_LAST)
    body = rng.choice(OUT_OF_OFFICE[draw.language]).format(
        date=format_date(back, draw.language),
        alt_name=f"{alt_first} {alt_last}",
        alt_email=f"{alt_first.lower()}.{alt_last.lower()}@{_domain(sent.to_addr)}",
    )
    msg = EmailMessage()
    msg["From"] = formataddr((sent.to_name, sent.to_addr))
    msg["To"] = sent.from_addr
    # Autoresponders rarely keep "Re:"; the headers below are what tells a machine apart.
    msg["Subject"] = f"{rng.choice(OOO_SUBJECT[draw.language])}: {sent.subject}"
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Autoreply"] = "yes"
    _stamp(msg, sent, draw, date, msg_id)
    msg.set_content(body + "\n")
    return msg


def _text_part(body: str, subtype: str) -> MIMEText:
    # Plain 7bit when possible, as MTAs write these parts; compat32 would base64 any utf-8 text.
    charset = "us-ascii" if body.isascii() else "utf-8"
    part = MIMEText(body, subtype, charset)
    del part["MIME-Version"]
    return part


def _report(kind: str, sent: SentMessage, draw: _Draw, date: datetime, msg_id: str,
            human: str, fields: list[Message] | str) -> MIMEMultipart:
    boundary = f"=_sdr_{_digest(kind, sent.send_key)[:24]}"
    report = MIMEMultipart("report", boundary=boundary, report_type=kind)
    report.attach(_text_part(human, "plain"))
    machine = Message()
    machine["Content-Type"] = f"message/{kind}"
    machine.set_payload(fields)
    report.attach(machine)
    report.attach(_text_part(_original_headers(sent), "rfc822-headers"))
    return report


def _bounce(sent: SentMessage, draw: _Draw, date: datetime, msg_id: str) -> MIMEMultipart:
    mx = f"mx.{_domain(sent.to_addr)}"
    ip = f"192.0.2.{draw.rng.randint(10, 250)}"  # TEST-NET-1, never routable
    per_message = Message()
    per_message["Reporting-MTA"] = f"dns; {mx}"
    per_message["Arrival-Date"] = format_datetime(_utc(sent.sent_at))
    per_recipient = Message()
    per_recipient["Final-Recipient"] = f"rfc822; {sent.to_addr}"
    per_recipient["Original-Recipient"] = f"rfc822; {sent.to_addr}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    per_recipient["Remote-MTA"] = f"dns; {mx}"
    per_recipient["Diagnostic-Code"] = "smtp; 550 5.1.1 user unknown"
    human = BOUNCE_TEXT.format(mx=mx, ip=ip, addr=sent.to_addr)
    msg = _report("delivery-status", sent, draw, date, msg_id, human,
                  [per_message, per_recipient])
    msg["From"] = formataddr(("Mail Delivery System", f"MAILER-DAEMON@{mx}"))
    msg["To"] = sent.from_addr
    msg["Subject"] = "Undelivered Mail Returned to Sender"
    msg["Auto-Submitted"] = "auto-replied"
    _stamp(msg, sent, draw, date, msg_id)
    return msg


def _complaint(sent: SentMessage, draw: _Draw, date: datetime, msg_id: str) -> MIMEMultipart:
    mx = f"mx.{_domain(sent.to_addr)}"
    sender_domain = _domain(sent.from_addr)
    ip = f"192.0.2.{draw.rng.randint(10, 250)}"
    fields = (
        "Feedback-Type: abuse\n"
        "User-Agent: SDR-Demo-FBL/1.0\n"
        "Version: 1\n"
        f"Original-Mail-From: <{sent.from_addr}>\n"
        f"Original-Rcpt-To: <{sent.to_addr}>\n"
        f"Arrival-Date: {format_datetime(_utc(sent.sent_at))}\n"
        f"Reporting-MTA: dns; {mx}\n"
        f"Source-IP: {ip}\n"
        f"Reported-Domain: {sender_domain}\n"
    )
    human = COMPLAINT_TEXT.format(ip=ip, date=format_datetime(_utc(sent.sent_at)))
    msg = _report("feedback-report", sent, draw, date, msg_id, human, fields)
    msg["From"] = formataddr(("Feedback Loop", f"fbl@{mx}"))
    msg["To"] = f"abuse@{sender_domain}"
    msg["Subject"] = f"FW: {sent.subject}"
    _stamp(msg, sent, draw, date, msg_id)
    return msg


_BUILDERS = {"out_of_office": _out_of_office, "bounce": _bounce, "complaint": _complaint}


def _answered_message_ids(box: mailbox.Maildir) -> set[str]:
    # Covers a lost state file: anything already threaded to a send counts as answered.
    parser, seen = BytesHeaderParser(), set()
    for key in box.iterkeys():
        in_reply_to = parser.parsebytes(box.get_bytes(key)).get("In-Reply-To")
        if in_reply_to:
            seen.add(str(in_reply_to).strip())
    return seen


def _open_maildir(path: Path) -> mailbox.Maildir:
    # mailbox.Maildir(create=True) only makes cur/new/tmp when the folder itself is missing.
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return mailbox.Maildir(path, create=True)


def simulate_replies(
    sent: list[SentMessage], replies_maildir: Path, *, seed: int = 7, now: datetime
) -> SimulationSummary:
    """Write the market's answers to ``sent`` into ``replies_maildir``; decide each send once."""
    replies_maildir = Path(replies_maildir)
    now = _utc(now)
    box = _open_maildir(replies_maildir)
    state_path = replies_maildir / STATE_FILE
    state = json.loads(state_path.read_text()) if state_path.exists() else {"decided": {}}
    decided: dict[str, str] = state["decided"]
    answered = _answered_message_ids(box)

    pending, skipped, silent = [], 0, 0
    for message in sent:
        if message.send_key in decided or message.message_id.strip() in answered:
            skipped += 1
            continue
        draw = _decide(message.send_key, message.fit, seed=seed)
        if draw.outcome is None:
            decided[message.send_key] = "silent"
            silent += 1
            continue
        sent_at = _utc(message.sent_at)
        # capped at now, yet always at least a second after the send it answers
        date = max(min(sent_at + draw.delay, now), sent_at + timedelta(seconds=1))
        date = date.replace(microsecond=0)
        pending.append((date, message, draw))

    outcomes: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    written = []
    # Add in Date order so that maildir keys, which grow with wall-clock time, follow it too.
    for date, message, draw in sorted(pending, key=lambda p: (p[0], p[1].send_key)):
        msg_id = f"<{_digest(seed, message.send_key)[:20]}@mail.{_domain(message.to_addr)}>"
        build = _BUILDERS.get(draw.outcome, _person_reply)
        key = box.add(build(message, draw, date, msg_id))
        decided[message.send_key] = draw.outcome
        outcomes[draw.outcome] += 1
        if draw.reason:
            reasons[draw.reason] += 1
        written.append(SimulatedReply(message.send_key, draw.outcome, draw.reason,
                                      draw.language, date, key))

    if pending or silent:
        tmp = state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"decided": dict(sorted(decided.items()))}, indent=1))
        os.replace(tmp, state_path)

    return SimulationSummary(
        considered=len(sent),
        skipped=skipped,
        silent=silent,
        outcomes={name: outcomes[name] for name in OUTCOMES},
        objection_reasons={name: reasons[name] for name in OBJECTION_REASONS},
        files_written=len(written),
        replies=tuple(written),
    )
