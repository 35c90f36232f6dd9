"""A burst of complaints in one day pauses the sender while it happens, as a provider reads the day.

Over the 14-day window, three complaints on the last day after a thousand quiet sends stay under
0.3 % (3 in 1,090), so the window alone let sending go on through the burst. The last 24 hours are
read too: from three complaints on, a day's rate at the line pauses the mailbox or its domain, and
one complaint in a small day does not.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb

from resources.config import SendRules
from resources.settings import SendPolicy
from sdr_assets.domain.addresses import mailbox_key
from sdr_assets.domain.deliverability import BURST, PAUSE, WINDOW, SendOutcome, blocking, window_readings
from sdr_assets.guard_pauses import guard_pauses
from sdr_assets.monitor_checks import deliverability_result
from sdr_assets.playbook import load_plays
from tests.stored_complaints import stored

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
RULES = SendRules(now_override=NOW.isoformat(), mailbox_daily_cap=100)
MAILBOX = "sam@outreach.example"


def _day(mailbox: str, days_ago: int, sends: int, complaints: int = 0) -> list[SendOutcome]:
    """``sends`` messages on a day ``days_ago`` before now, the last ``complaints`` complained of an hour later."""
    start = NOW - timedelta(days=days_ago, hours=8)
    return [SendOutcome(mailbox, start + timedelta(minutes=i), False, i >= sends - complaints,
                        start + timedelta(minutes=i, hours=1) if i >= sends - complaints else None)
            for i in range(sends)]


def _quiet_fortnight(mailbox: str = MAILBOX) -> list[SendOutcome]:
    """Long past its warm-up, then 80 quiet sends a day for 13 days."""
    return ([o for d in range(20, 50) for o in _day(mailbox, d, 1)]
            + [o for d in range(1, 14) for o in _day(mailbox, d, 80)])


def _mailbox(readings, name: str = MAILBOX):
    return next(r for r in readings if (r.scope, r.name) == ("mailbox", name))


def test_three_complaints_in_one_day_pause_the_mailbox_the_window_alone_does_not():
    limits = RULES.deliverability_limits()
    readings = window_readings(_quiet_fortnight() + _day(MAILBOX, 0, 50, complaints=3), NOW, limits)
    mailbox = _mailbox(readings)
    assert (mailbox.sends, mailbox.complaints) == (1090, 3)
    assert mailbox.complaint_rate < limits.max_complaint_rate, "the window alone dilutes the burst"
    assert (mailbox.state, mailbox.cause) == (PAUSE, BURST), mailbox.message
    assert mailbox.message.startswith(f"sending paused by a complaint burst: mailbox {MAILBOX}: 3 complaints "
                                      "in 50 sends over the last 24 hours (6.00%)")
    assert blocking(readings, MAILBOX) is mailbox

    a_day_later = window_readings(_quiet_fortnight() + _day(MAILBOX, 0, 50, complaints=3),
                                  NOW + timedelta(days=1), limits)
    assert _mailbox(a_day_later).state != PAUSE, "the pause lifts once the day is back under the line"


def test_one_or_two_complaints_in_a_small_day_do_not_pause():
    limits = RULES.deliverability_limits()
    for complaints in (1, 2):
        mailbox = _mailbox(window_readings(_quiet_fortnight() + _day(MAILBOX, 0, 10, complaints), NOW, limits))
        assert mailbox.state != PAUSE and mailbox.cause == WINDOW, mailbox.message


def test_a_burst_spread_over_a_domain_pauses_the_domain():
    limits = RULES.deliverability_limits()
    a, b = "a@outreach.example", "b@outreach.example"
    outcomes = (_quiet_fortnight(a) + _quiet_fortnight(b) + _day(a, 0, 40, complaints=2)
                + _day(b, 0, 40, complaints=1))
    readings = window_readings(outcomes, NOW, limits)
    assert [_mailbox(readings, m).state for m in (a, b)] != [PAUSE, PAUSE]
    domain = next(r for r in readings if r.scope == "domain")
    assert (domain.state, domain.cause) == (PAUSE, BURST) and "3 complaints in 80 sends" in domain.message
    assert blocking(readings, b) is domain


def test_a_burst_is_a_rate_a_large_day_of_mail_can_stay_under():
    limits = RULES.deliverability_limits()

    def domain_after(mailboxes: int):
        names = [f"m{m}@outreach.example" for m in range(mailboxes)]
        outcomes = [o for m, name in enumerate(names)
                    for o in _quiet_fortnight(name) + _day(name, 0, 100, complaints=int(m < 3))]
        readings = window_readings(outcomes, NOW, limits)
        assert not [r for r in readings if r.scope == "mailbox" and r.state == PAUSE]
        return next(r for r in readings if r.scope == "domain")

    assert domain_after(5).state == PAUSE, "3 complaints in 500 sends a day is 0.6 %"
    assert domain_after(20).state != PAUSE, "3 complaints in 2,000 sends a day is 0.15 %"


def test_the_guard_stops_a_play_whose_mailbox_is_in_a_burst(tmp_path):
    outcomes = _quiet_fortnight() + _day(MAILBOX, 0, 50, complaints=3)
    con = stored(duckdb.connect(str(tmp_path / "warehouse.duckdb")), outcomes)
    play = SimpleNamespace(name="p", sender={"email": MAILBOX})
    assert guard_pauses(con, [play], RULES)["p"].startswith("sending paused by a complaint burst")
    later = SendRules(now_override=(NOW + timedelta(days=1)).isoformat(), mailbox_daily_cap=100)
    assert guard_pauses(con, [play], later) == {}


def test_the_guards_check_says_what_paused_the_mailbox(resources):
    play = load_plays(resources["paths"].plays).plays["revops-hiring"]
    sender = mailbox_key(play.sender["email"])
    policy = SendPolicy(now_override=NOW.isoformat(), postal_address=resources["policy"].postal_address,
                        mailbox_daily_cap=100)
    with resources["warehouse"].connect() as con:
        stored(con, _quiet_fortnight(sender) + _day(sender, 0, 50, complaints=3))
    check = deliverability_result(play.name, resources["warehouse"], resources["paths"], policy)
    assert (check.passed, check.metadata["paused_by"].value) == (False, BURST), check.description
    later = SendPolicy(now_override=(NOW + timedelta(days=1)).isoformat(),
                       postal_address=resources["policy"].postal_address, mailbox_daily_cap=100)
    check = deliverability_result(play.name, resources["warehouse"], resources["paths"], later)
    assert (check.passed, check.metadata["paused_by"].value) == (True, "nothing"), check.description
