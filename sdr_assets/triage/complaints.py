"""Spam complaints: RFC 5965 feedback reports and the older provider formats (Hotmail JMRP, AOL).

Only an ``abuse`` or ``fraud`` report (or one that names no type, as the older formats do) is a
complaint. An ``opt-out`` report is the recipient unsubscribing through the provider; the other
types (RFC 6591 ``auth-failure`` about our signatures, ``not-spam``, ``virus``, ``other``) are
reports that neither suppress nor count against the sender. The complainant is the report's
``Original-Rcpt-To``, else the attached original's recipient (often redacted); the match to our
send goes through the attached original's headers (``send_key`` is extracted by :mod:`classify`
from the whole message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bounces import ADDR_RE
from .parse import first_address

__all__ = ["COMPLAINT", "OPT_OUT", "REPORT", "ComplaintInfo", "detect_complaint"]

# What a feedback report is: a complaint, an opt-out, or a report about the mail that is neither.
COMPLAINT, OPT_OUT, REPORT = "complaint", "opt_out", "report"
_COMPLAINT_TYPES = frozenset({"abuse", "fraud"})
_OPT_OUT_TYPES = frozenset({"opt-out", "opt-out-list"})
# Report types a person need not read: about authentication, or saying the mail was wanted.
_QUIET_TYPES = frozenset({"auth-failure", "not-spam"})

_TYPE_RE = re.compile(r"[\w-]*")
_FIELD_RE = re.compile(r"^(feedback-type|original-rcpt-to|removal-recipient|user-agent|"
                       r"original-mail-from|reported-domain):[ \t]*(.*)$", re.I | re.M)
_FBL_SENDER_RE = re.compile(r"scomp@aol\.net|staff@hotmail\.com|feedbackloop|fbl@|abuse-report|"
                            r"complaints?@|feedback@arf|@fbl\.", re.I)
_FBL_SUBJECT_RE = re.compile(r"complaint about message|abuse report|email feedback report|"
                             r"feedback report|spam report|fbl report", re.I)
_FBL_STRONG_RE = re.compile(r"staff@hotmail\.com|scomp@aol\.net", re.I)
_ORIG_RCPT_HEADERS = ("x-hmxmroriginalrecipient:", "x-original-to:", "to:", "delivered-to:")


@dataclass
class ComplaintInfo:
    feedback_type: str
    recipients: list[str] = field(default_factory=list)
    user_agent: str | None = None
    kind: str = COMPLAINT  # COMPLAINT, OPT_OUT or REPORT

    @property
    def quiet(self) -> bool:
        """A report type nobody need read; a REPORT of any other type is flagged for review."""
        return self.feedback_type in _QUIET_TYPES


def _kind_of(feedback_type: str) -> str:
    if feedback_type in _COMPLAINT_TYPES:
        return COMPLAINT
    return OPT_OUT if feedback_type in _OPT_OUT_TYPES else REPORT


def _attached_recipient(headers: list[str]) -> list[str]:
    for wanted in _ORIG_RCPT_HEADERS:
        for block in headers:
            for line in block.splitlines():
                if line.lower().startswith(wanted):
                    found = [a.lower() for a in ADDR_RE.findall(line)]
                    if found:
                        return found[:1]
    return []


def detect_complaint(pm) -> ComplaintInfo | None:
    """A ComplaintInfo for a feedback report, else None."""
    report = pm.feedback_text
    if "sent this email to unsubscribe" in pm.body[:500].lower():  # Apple Mail's one-click "Unsubscribe" banner
        return ComplaintInfo("unsubscribe", [a for a in [first_address(pm.from_header)] if a], kind=OPT_OUT)
    if not report and pm.report_type != "feedback-report":
        sender, subject = pm.from_header, pm.subject
        if _FBL_STRONG_RE.search(pm.header("Return-Path")):
            return ComplaintInfo("abuse", _attached_recipient(pm.attached_headers))
        if not (_FBL_SENDER_RE.search(sender) and (_FBL_SUBJECT_RE.search(subject) or pm.attached_headers)):
            if not (_FBL_SUBJECT_RE.search(subject) and "Feedback-Type:" in pm.all_text):
                return None
        report = pm.all_text if "Feedback-Type:" in pm.all_text else ""
    fields: dict[str, str] = {}
    for m in _FIELD_RE.finditer(report):
        fields.setdefault(m.group(1).lower(), m.group(2).strip())
    recipients: list[str] = []
    for key in ("original-rcpt-to", "removal-recipient"):
        if key in fields:
            recipients = [a.lower() for a in ADDR_RE.findall(fields[key])][:1]
            if recipients:
                break
    if not recipients:
        recipients = _attached_recipient(pm.attached_headers)
    feedback_type = _TYPE_RE.match(fields.get("feedback-type", "").lower()).group(0) or "abuse"
    return ComplaintInfo(feedback_type=feedback_type, recipients=recipients, user_agent=fields.get("user-agent"),
                         kind=_kind_of(feedback_type))
