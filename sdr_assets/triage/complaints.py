"""Spam complaints: RFC 5965 feedback reports and the older provider formats (Hotmail JMRP, AOL).

The complainant is often redacted; the match to our send goes through the attached original's
headers (``send_key`` is extracted by :mod:`classify` from the whole message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bounces import ADDR_RE
from .parse import first_address

__all__ = ["ComplaintInfo", "detect_complaint"]

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
        return ComplaintInfo("unsubscribe", [a for a in [first_address(pm.from_header)] if a])
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
    return ComplaintInfo(
        feedback_type=(fields.get("feedback-type") or "abuse").split()[0].lower(),
        recipients=recipients,
        user_agent=fields.get("user-agent"),
    )
