"""The complaint floor of a mailbox still warming up is what its warm-up lets it send in the window.

Below the floor (700 sends with the defaults) a complaint rate is taken over the floor. A new mailbox
cannot reach 700 in its first 14 days: its warm-up (20 a day, +5 a day, up to 50) allows 595. Its
floor is 595, so two complaints in all it could send (0.34 %, over Gmail's and Yahoo's 0.3 %) pause
it; a mailbox past its warm-up keeps the floor of 700.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb

from resources.config import SendRules
from sdr_assets.domain.deliverability import PAUSE, WARN, SendOutcome, window_readings
from sdr_assets.domain.sequencing import Limits, warmup_capacity
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_data import send_outcomes, sends_with_verdicts
from tests.stored_complaints import stored

MAILBOX = "sam@outreach.example"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
NOW = START + timedelta(days=13, hours=12)
RULES = SendRules(now_override=NOW.isoformat())


def _full_warm_up(rules: SendRules, days: int, mailbox: str = MAILBOX) -> list[SendOutcome]:
    """Every message a fresh mailbox's warm-up allows, sent on each of ``days`` consecutive days."""
    limits = Limits(rules.mailbox_daily_cap, rules.warmup_start, rules.warmup_increment, 10**6)
    return [SendOutcome(mailbox, START + timedelta(days=day, seconds=n), False, False)
            for day in range(days) for n in range(warmup_capacity(limits, day))]


def _two_complaints(sends: list[SendOutcome]) -> list[SendOutcome]:
    return sends[:-2] + [SendOutcome(s.mailbox, s.sent_at, False, True, s.sent_at + timedelta(hours=3))
                         for s in sends[-2:]]


def _earlier_days(mailbox: str, days: int) -> list[SendOutcome]:
    """A message a day on ``days`` UTC days before the window: a mailbox past its warm-up."""
    return [SendOutcome(mailbox, START - timedelta(days=60 - day), False, False) for day in range(days)]


def test_a_new_mailbox_over_the_complaint_line_at_its_full_warm_up_is_paused():
    sends = _full_warm_up(RULES, 14)
    assert len(sends) == 595, "all a new mailbox may send in its first 14 days with the default settings"
    limits = RULES.deliverability_limits()
    mailbox = next(r for r in window_readings(_two_complaints(sends), NOW, limits) if r.scope == "mailbox")
    assert (mailbox.sends, mailbox.complaints, mailbox.floor) == (595, 2, 595)
    assert 2 / 595 >= limits.max_complaint_rate, "the real rate is over the line where Gmail and Yahoo block"
    assert mailbox.state == PAUSE, mailbox.message


def test_a_mailbox_past_its_warm_up_keeps_the_floor_of_700():
    limits = RULES.deliverability_limits()
    outcomes = _earlier_days(MAILBOX, 30) + _two_complaints(_full_warm_up(RULES, 14))
    mailbox = next(r for r in window_readings(outcomes, NOW, limits) if r.scope == "mailbox")
    assert (mailbox.sends, mailbox.complaints, mailbox.floor) == (595, 2, 700)
    assert mailbox.state == WARN and "over the floor of 700 sends" in mailbox.message, mailbox.message


def test_the_guard_reads_each_mailbox_warm_up_from_the_ledger_as_the_monitor_does(tmp_path):
    """The sensors and the send step read only the window's sends, and ask the ledger how long each
    mailbox has sent: a new mailbox pauses, an old one with the same window warns, as the monitor reads."""
    new, old = "new@fresh.example", "old@seasoned.example"
    outcomes = (_two_complaints(_full_warm_up(RULES, 14, new))
                + _earlier_days(old, 30) + _two_complaints(_full_warm_up(RULES, 14, old)))
    con = stored(duckdb.connect(str(tmp_path / "warehouse.duckdb")), outcomes)

    plays = [SimpleNamespace(name=m, sender={"email": m}) for m in (new, old)]
    paused = guard_pauses(con, plays, RULES)
    assert list(paused) == [new] and "over the floor" not in paused[new], paused
    monitor = {r.name: r for r in window_readings(send_outcomes(sends_with_verdicts(con)), NOW,
                                                  RULES.deliverability_limits())}
    assert (monitor[new].state, monitor[new].floor, monitor[old].state, monitor[old].floor) == (PAUSE, 595, WARN, 700)


def test_a_domain_floor_adds_up_the_floors_of_its_mailboxes_still_sending():
    new, old = "new@outreach.example", "old@outreach.example"
    outcomes = _full_warm_up(RULES, 14, new) + _earlier_days(old, 30) + _full_warm_up(RULES, 14, old)
    readings = {(r.scope, r.name): r for r in window_readings(outcomes, NOW, RULES.deliverability_limits())}
    assert [readings[("mailbox", m)].floor for m in (new, old)] == [595, 700]
    assert readings[("domain", "outreach.example")].floor == 595 + 700
