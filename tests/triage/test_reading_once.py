"""Triage reads each piece of a message once: counted by the work its readers do, never by a clock."""

from collections import Counter

from sdr_assets.triage import classify_message, optout_requests, parse

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


def test_a_replys_refusals_are_read_once(monkeypatch):
    """The opt-out rule and the reading of a data request both put aside the refusals in what she wrote: the second
    took them from the first, where reading them again cost a tenth of the triage of a reply that holds one."""
    read: Counter[str] = Counter()
    refusals = optout_requests._refusals

    def counted(text):
        read[text] += 1
        return refusals(text)

    monkeypatch.setattr(optout_requests, "_refusals", counted)
    optout_requests.set_aside_refusals.cache_clear()
    reply = (b"From: Ann Lee <ann@acme.example>\r\nTo: sam@outreach.example\r\nSubject: Re: your note\r\n"
             b"In-Reply-To: <abc@outreach.example>\r\nMessage-ID: <r1@acme.example>\r\n\r\n"
             b"Please don't remove me from the newsletter, I read it every week. Could you send pricing?\r\n")
    result = classify_message(reply)
    assert result.kind == "human" and result.label != "unsubscribe", "the refusal is no opt-out"
    assert read and max(read.values()) == 1
