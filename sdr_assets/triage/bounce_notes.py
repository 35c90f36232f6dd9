"""A person's note in a delivery report: its human-readable part (RFC 3464: the first part of
``multipart/report``) may name someone to write to instead ("Ann has left; please contact
bob@acme.example") or ask us to stop ("remove all acme.example addresses from your list").

The bounce stays a bounce, its recipient suppressed as for any; the note goes to a person. Addresses a
report names by its nature are no referral: the bounced recipients, mail servers' own mailboxes
(postmaster, mailer-daemon) and ours (the report's recipients and the attached original's sender, at
any of their domains). A server's usual words ("contact your administrator") name nobody, so an
ordinary bounce carries no note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdr_assets.domain.addresses import person_mailbox
from sdr_assets.domain.lazy_patterns import LazyPattern

from .labels import extract_referrals, is_unsubscribe
from .optout_requests import OPTOUT_WORDS_RE
from .parse import ParsedMail, first_address, report_text
from .reading import reading_form

__all__ = ["BounceNote", "bounce_note"]

# Mailboxes of mail servers and role accounts, never a person to write to.
_SERVER_LOCAL_RE = LazyPattern(r"^(?:mailer-daemon|postmaster|post_master|hostmaster|root|abuse|noreply|no-reply|"
                               r"donotreply|do-not-reply|mail|mailer|bounces?|support|helpdesk|antispam|spam)"
                               r"(?:\+[^@]*)?@", re.I)
# Words that point us to someone, on the line that names the address for us to write to.
_POINTS_TO_RE = LazyPattern(r"\binstead\b|\b(?:write|send|mail|e-?mail|forward|reach out) (?:it |them |your \w+ )?to\b|"
                            r"\bcontact\b|\breach\b|\bhas left\b|\bno longer\b|\bsuccessor\b|\breplac|"
                            r"\btakes? over\b|\btook over\b|\bnew (?:e-?mail )?address\b|\bnow at\b", re.I)
# A request to stop in a postmaster's words, for a domain as for an address; the opt-out rule reads the rest.
_STOP_RE = LazyPattern(r"\bstop (?:sending|e-?mailing|mailing|contacting|writing)\b|"
                       r"\bremove (?:all|every|our|us|them|these|this|those)\b[^.;\n]*"
                       r"\b(?:lists?|address(?:es)?|domain)\b|"
                       r"\b(?:do not|don't|never) (?:send|e-?mail|mail|contact|write)\b[^.;\n]*\b(?:us|domain|company|"
                       r"anyone|again)\b", re.I)
# A server's offer of help names its help desk, no one to write to: "For further assistance, please
# contact <support@...>", "if you believe this was in error, please forward it to antispam@...".
_HELP_RE = LazyPattern(r"assistance|\bhelp|\bin error\b|\bsupport\b|\bquestions?\b|administrator|\badmin\b|"
                       r"helpdesk|\bspam\b|\bblocked\b|\bproblem", re.I)
_ADDRESS_RE = LazyPattern(r"\S+@\S+")
# Where a report's own copy of headers begins, in its text: nothing after it is a note.
_COPY_RE = LazyPattern(r"^[ \t>-]*(?:original message headers|-+ ?original message|"
                       r"this is a copy of|the original message|message headers follow)", re.I | re.M)
_HEADER_LINE_RE = LazyPattern(r"^[ \t]*(?:from|to|cc|sender|reply-to|return-path|message-id|in-reply-to|references|"
                              r"received|x-[\w-]+|original-recipient|final-recipient|remote-mta|reporting-mta|"
                              r"generating server|receiving server)[ \t]*:[^\n]*$", re.I | re.M)
_OURS_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
_ATTACHED_SENDER_RE = LazyPattern(r"^(?:from|sender|reply-to|return-path)[ \t]*:[^\n]*$", re.I | re.M)
_DOMAIN_RE = LazyPattern(r"@([\w.-]+)")


@dataclass(frozen=True)
class BounceNote:
    """What a report's note says: its text, the addresses it points us to, and whether it asks to stop."""

    text: str
    referrals: list[str]
    stop: bool


def _points_to_someone(line: str) -> bool:
    """A line whose words, its addresses aside, point us to someone rather than to a help desk."""
    words = _ADDRESS_RE.sub(" ", line)
    return bool(_POINTS_TO_RE.search(words)) and not _HELP_RE.search(words)


def _our_domains(pm: ParsedMail) -> set[str]:
    """The domains of the report's recipients and of the attached original's sender: ours."""
    found = " ".join(pm.header(name) for name in _OURS_HEADERS)
    found += " " + " ".join(m.group(0) for text in pm.attached_headers for m in _ATTACHED_SENDER_RE.finditer(text))
    return {d.lower().strip(".") for d in _DOMAIN_RE.findall(found)}


def _note_text(pm: ParsedMail) -> str:
    """The report's human-readable part up to any copy of headers, without header lines."""
    text = _COPY_RE.split(report_text(pm).replace("\r\n", "\n"), maxsplit=1)[0]
    return _HEADER_LINE_RE.sub("", text)[:4000]


def bounce_note(pm: ParsedMail, recipients: list[str]) -> BounceNote | None:
    """The note in a delivery report (``multipart/report``) that points us to someone or asks us to
    stop, else None."""
    text = _note_text(pm)
    pointing = "\n".join(line for line in text.splitlines() if "@" in line and _points_to_someone(line))
    # The whole opt-out rule only where words of opting out stand: every bounce's note is read, and
    # reading a server's boilerplate in full cost more than classifying the rest of the bounce.
    stop = bool(_STOP_RE.search(text)) or bool(OPTOUT_WORDS_RE.search(text)) and is_unsubscribe(reading_form(text))
    if not pointing and not stop:
        return None
    bounced = {person_mailbox(r) or r.lower() for r in recipients}
    ours = _our_domains(pm)
    referrals = [a for a in extract_referrals(pointing, exclude=first_address(pm.from_header))
                 if (person_mailbox(a) or a) not in bounced and not _SERVER_LOCAL_RE.match(a)
                 and a.rpartition("@")[2] not in ours]
    if not referrals and not stop:
        return None
    return BounceNote(text.strip(), referrals, stop)
