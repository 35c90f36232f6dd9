"""Triage reads each piece of a message once: counted by the work its readers do, never by a clock."""

from collections import Counter

from sdr_assets.triage import classify_message, parse

from .test_bounce_notes import REFERRAL


def test_a_reports_human_readable_part_is_walked_once(monkeypatch):
    """The note of a delivery report is read from the part the message's walk already read: walking it
    again cost a tenth of the triage of a bounce."""
    walked: Counter[int] = Counter()
    walk = parse._walk

    def counted(part, *rest):
        walked[id(part)] += 1
        return walk(part, *rest)

    monkeypatch.setattr(parse, "_walk", counted)
    result = classify_message(REFERRAL)
    assert result.referrals == ["kate.lind@acme.example"], "the note is read all the same"
    assert max(walked.values()) == 1
