"""A sending domain is read on all the mail it sent inside the window, a paused mailbox's too: a
provider counts the complaints about that mail against the domain, so once the domain's mail as a
whole reaches the pause line its other mailboxes stop, and where it stays under the line they go on."""

from datetime import UTC, datetime, timedelta

from sdr_assets.domain.deliverability import PAUSE, DeliverabilityLimits, SendOutcome, blocking, window_readings

LIMITS = DeliverabilityLimits(window_days=14, min_sends=200)
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _mail(mailbox: str, sends: int, complaints: int) -> list[SendOutcome]:
    at = NOW - timedelta(days=3)
    return [SendOutcome(mailbox, at, False, i < complaints, at + timedelta(hours=2)) for i in range(sends)]


def test_a_paused_mailboxs_complaints_count_against_its_domain():
    # sam: 6 complaints in 600 (1 %), paused; jordan: 1 in 600. Gmail sees 7 in 1,200 (0.58 %) from the domain.
    outcomes = _mail("sam@outreach.example", 600, 6) + _mail("jordan@outreach.example", 600, 1)
    readings = window_readings(outcomes, NOW, LIMITS)
    domain = next(r for r in readings if r.scope == "domain")
    assert (domain.sends, domain.complaints) == (1200, 7)
    stops = blocking(readings, "jordan@outreach.example")
    assert stops is not None and stops.scope == "domain" and stops.state == PAUSE


def test_a_domain_under_the_line_with_its_paused_mailbox_keeps_its_other_mailboxes_sending():
    outcomes = _mail("sam@outreach.example", 600, 6) + [
        o for m in ("jordan", "alex", "kim") for o in _mail(f"{m}@outreach.example", 600, 0)]
    readings = window_readings(outcomes, NOW, LIMITS)
    assert blocking(readings, "sam@outreach.example").scope == "mailbox"
    assert blocking(readings, "jordan@outreach.example") is None
