"""The monitor reads a segment's complaints and hard bounces against the providers' lines, and says
why it paused in figures that agree with the pause.

One play, one mailbox at its cap of 50 a day for 90 days. 15 % of the prospects are in Healthcare;
the other negatives of every segment sit at the baseline. The weights dilute a complaint (2x a "not
interested", whose base rate is ~50x higher) and the deliverability guard reads the mailbox as a
whole, so only a test of the segment's own rates sees what Healthcare does.
"""

import re
from datetime import UTC, datetime, timedelta

import polars as pl

from resources.config import SendRules
from sdr_assets.domain.deliverability import PAUSE, window_readings
from sdr_assets.domain.monitor_readings import read_plays, weighted
from sdr_assets.monitor_data import SEND_SCHEMA, send_outcomes

START = datetime(2026, 9, 1, 9, tzinfo=UTC)
MAILBOX = "sam@outreach.example"
RULES = SendRules()
SETTINGS, LIMITS = RULES.monitor_settings(), RULES.deliverability_limits()


def _row(n: int, sent: datetime, segment: str, negative: bool) -> dict:
    return {"send_key": f"k{n:05d}", "play": "p", "play_version": "v1", "mailbox": MAILBOX,
            "contact_email": f"c{n}@x{n}.example", "company_domain": f"x{n}.example", "sent_at": sent,
            "not_interested": negative, "objection": False, "unsubscribe": False, "complaint": False,
            "hard_bounce": False, "complaint_at": None, "message_ids": f"<m{n}>", "segment": segment}


def _sends(days=90, per_day=50, complaint_every=60, bounce_every=None, complaints_at_most=None):
    """Healthcare (every 7th send) draws a complaint every ``complaint_every``-th of its sends and
    a hard bounce every ``bounce_every``-th; every segment says "not interested" to 1 in 17."""
    rows, n, healthcare, complaints = [], 0, 0, 0
    for day in range(days):
        for i in range(per_day):
            sent = START + timedelta(days=day, minutes=i)
            hc = n % 7 == 0
            row = _row(n, sent, "healthcare" if hc else ("software" if n % 2 else "fintech"), n % 17 == 0)
            if hc:
                healthcare += 1
                if healthcare % complaint_every == 0 and complaints < (complaints_at_most or 10**9):
                    row["complaint"], row["complaint_at"], complaints = True, sent + timedelta(hours=2), complaints + 1
                if bounce_every and healthcare % bounce_every == 0:
                    row["hard_bounce"] = True
            rows.append(row)
            n += 1
    return pl.DataFrame(rows, schema=SEND_SCHEMA), START + timedelta(days=days + 3)


def _segment_pauses(sends, now):
    _, pauses = read_plays(sends, weighted(sends, SETTINGS), [], {}, SETTINGS, 0, now)
    return {p["scope_value"]: p["reason"] for p in pauses if p["scope"] == "segment"}


def test_a_segment_complaining_at_five_times_the_line_is_paused_with_its_figures():
    sends, now = _sends()
    hc = sends.filter(pl.col("segment") == "healthcare")
    assert hc["complaint"].sum() / hc.height >= 5 * LIMITS.max_complaint_rate
    guard = window_readings(send_outcomes(sends), now, LIMITS)
    assert not any(r.state == PAUSE for r in guard), "the mailbox as a whole stays under the line"
    paused = _segment_pauses(sends, now)
    assert list(paused) == ["healthcare"], paused
    why = paused["healthcare"]
    assert re.search(r"\d+ complaints in \d+ sends .*95 % interval, .* lies wholly above the 0\.3% line", why), why


def test_a_segment_hard_bouncing_at_eight_percent_is_paused():
    sends, now = _sends(complaint_every=10**9, bounce_every=12)
    assert not any(r.state == PAUSE for r in window_readings(send_outcomes(sends), now, LIMITS))
    paused = _segment_pauses(sends, now)
    assert list(paused) == ["healthcare"] and "hard bounces in" in paused["healthcare"], paused


def test_one_complaint_never_pauses_a_segment_however_few_its_sends():
    sends, now = _sends(days=1, per_day=8, complaint_every=1, complaints_at_most=1)
    assert sends["complaint"].sum() == 1 and sends.filter(pl.col("segment") == "healthcare").height == 2
    assert _segment_pauses(sends, now) == {}


def _turning_bad(good=2000, bad=100):
    """2.5 % negatives in every segment, then 25 %."""
    rows = []
    for n in range(good + bad):
        negative = n % 160 in (0, 41, 82, 123) if n < good else n % 16 in (0, 5, 10, 15)
        rows.append(_row(n, START + timedelta(hours=n // 10), ("software", "fintech", "healthcare", "logistics")[n % 4],
                         negative))
    return pl.DataFrame(rows, schema=SEND_SCHEMA), START + timedelta(hours=(good + bad) // 10 + 80)


def test_the_pause_reason_reports_the_run_that_tripped_it_against_the_threshold():
    sends, now = _turning_bad()
    _, pauses = read_plays(sends, weighted(sends, SETTINGS), [], {}, SETTINGS, 0, now)
    [play] = [p for p in pauses if p["scope"] == "play"]
    reason = play["reason"]
    assert reason.startswith("the play: its last "), reason
    rate, baseline = (float(x) for x in re.search(r"weighted rate ([\d.]+)% against a baseline of ([\d.]+)%",
                                                   reason).groups())
    assert rate > baseline, reason
    evidence, threshold = (float(x) for x in re.search(r"evidence ([\d.]+), threshold ([\d.]+)", reason).groups())
    assert evidence >= threshold == SETTINGS.threshold, reason
    assert re.search(r"all 2100 sends counted: \d+ negative verdicts, weighted rate [\d.]+%", reason), reason
