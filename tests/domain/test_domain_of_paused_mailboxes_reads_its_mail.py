"""A sending domain whose every mailbox is paused reads its mail as a whole, as its provider does: its
sends, complaints and state stay what they are while its mailboxes wait, so the monitor records no lift
of a domain still over the line (and no new pause when one of them resumes), and its reading never shows
'healthy' over 0 sends."""

from datetime import datetime, timezone

from sdr_assets.domain.deliverability import OK, PAUSE, DeliverabilityLimits, readings_from_counts
from sdr_assets.domain.monitor_readings import read_senders

LIMITS = DeliverabilityLimits()
NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


def _domain(readings):
    return next(r for r in readings if r.scope == "domain")


def test_a_domain_whose_mailboxes_are_all_paused_reads_all_their_mail():
    readings = readings_from_counts({"a@x.example": (970, 0, 3), "b@x.example": (300, 0, 3)}, LIMITS,
                                    bursts={"b@x.example": (50, 3)})
    assert [r.state for r in readings if r.scope == "mailbox"] == [PAUSE, PAUSE]
    domain = _domain(readings)
    assert (domain.sends, domain.complaints, domain.state) == (1270, 6, PAUSE)


def test_the_domain_pause_does_not_lift_while_its_second_mailbox_pauses_too():
    floors = {"a@x.example": 700, "b@x.example": 50}  # b is new, still warming up
    one = readings_from_counts({"a@x.example": (1300, 0, 4), "b@x.example": (10, 0, 0)}, LIMITS, floors)
    assert _domain(one).state == PAUSE
    _, events = read_senders(one, [], LIMITS, 0, NOW)
    both = readings_from_counts({"a@x.example": (1300, 0, 4), "b@x.example": (60, 0, 3)}, LIMITS, floors,
                                {"b@x.example": (50, 3)})
    _, later = read_senders(both, events, LIMITS, 0, NOW)
    assert not [e for e in later if e["scope"] == "domain"]


def test_a_single_mailbox_domain_under_the_line_stays_healthy():
    assert _domain(readings_from_counts({"a@x.example": (700, 0, 0)}, LIMITS)).state == OK
