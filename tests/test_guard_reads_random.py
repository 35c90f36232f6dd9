"""The guard's helpers read only what a window can count: the complaints that arrived in it (not every
complaint ever made) name the people whose older messages it reads, and `sdr status` reads only the
unverified reports that bear on the window. On random warehouses, what they find is what the whole
history gives. Before, both read every complaint and report ever made."""

import json
import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import duckdb
import polars as pl
import pytest

from resources.config import SendRules
from sdr_assets import unmatched_reports as reports_module
from sdr_assets.domain.deliverability import DeliverabilityLimits, unverified_alarms, window_readings
from sdr_assets.monitor_data import (complained_of, send_outcomes, sending_days_before, sends_with_verdicts,
                                     window_outcomes)
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.unmatched_reports import unmatched_reports
from sdr_assets.unverified_complaints import COMPLAINT, unverified_complaints

NOW = datetime(2026, 11, 30, 18, tzinfo=UTC)
MAILBOXES = ("sam@outreach.example", "kim@outreach.example", "lou@other.example")


def _spelling(rng: random.Random, person: str) -> str:
    local, domain = person.split("@")
    return rng.choice([person, person.upper(), f"{local}+news@{domain}", f" {person}"]).strip()


def _world(seed: int, folder) -> duckdb.DuckDBPyConnection:
    """People mailed over three months from three mailboxes; real complaints, bounces and unverified
    reports (some undated, some naming two people, in other spellings) at random times."""
    rng = random.Random(seed)
    con = duckdb.connect(str(folder / f"w{seed}.duckdb"))
    con.execute(LEDGER_DDL)
    con.execute("create table reply_classifications (message_id varchar, send_key varchar, contact_email varchar, "
                "kind varchar, label varchar, hard boolean, reason varchar, recipients varchar, "
                "received_at timestamptz, dsn boolean)")
    con.execute("create table raw_replies (message_id varchar, fetched_at timestamptz)")
    people = [f"p{i}@acme{i % 4}.example" for i in range(rng.choice([6, 12, 30]))]
    sends, replies = [], []
    for n in range(rng.randint(40, 120)):
        key, person = f"s{n}", rng.choice(people)
        sent = NOW - timedelta(days=rng.uniform(0, 40))
        sends.append([key, person, rng.choice(MAILBOXES), f"<sdr-{key}@outreach.example>", sent])
        for r in range(rng.choice([0, 0, 0, 0, 0, 1, 2])):
            kind = rng.choice(["complaint", "bounce", "bounce"])
            at = sent + timedelta(days=rng.uniform(0, 30))
            replies.append([f"<c-{key}-{r}@isp.example>", key, person, kind, None, kind == "bounce", None,
                            "[]", at if rng.random() > 0.1 else None, kind == "bounce"])
    for r in range(rng.randint(0, 40)):
        named = [_spelling(rng, p) for p in rng.sample(people, rng.choice([1, 1, 2]))]
        at = NOW - timedelta(days=rng.uniform(0, 40))
        replies.append([f"<u-{r}@isp.example>", None, None, "complaint", None, None, None, json.dumps(named),
                        at if rng.random() > 0.15 else None, None])
    con.executemany("insert into send_ledger (send_key, play, play_version, contact_email, company_domain, mailbox, "
                    "step, status, message_id, sent_at) values (?, 'p', 'v', ?, 'x.example', ?, 1, 'sent', ?, ?)",
                    sends)
    con.executemany("insert into reply_classifications values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", replies)
    con.execute("insert into raw_replies select message_id, coalesce(received_at, timestamptz '2026-11-01 00:00+00') "
                "+ interval 10 minutes from reply_classifications where hash(message_id) % 4 <> 0")
    return con


def _counted(readings) -> list:
    """A mailbox with nothing in the window reads as healthy, or not at all."""
    return [r for r in readings if r.sends]


def _whole_history_alarms(con, limits, since) -> dict:
    """What `sdr status` says of the unverified complaints, worked out from every send and report."""
    sends = sends_with_verdicts(con)
    reports = unmatched_reports(con, COMPLAINT)
    arrived = complained_of(con, sends, reports)
    named = pl.col("send_key").replace_strict(arrived, default=None, return_dtype=pl.Datetime("us", "UTC"))
    as_if = sends.with_columns(complaint=pl.col("complaint") | pl.col("send_key").is_in(list(arrived)),
                               complaint_at=pl.min_horizontal(pl.col("complaint_at"), named))
    return {"count": unmatched_reports(con, COMPLAINT, since).height,
            "would_pause": unverified_alarms(window_readings(send_outcomes(sends), NOW, limits),
                                             window_readings(send_outcomes(as_if), NOW, limits), limits)}


@pytest.mark.parametrize("seed", range(16))
def test_the_guard_and_status_find_on_the_window_what_the_whole_history_says(seed, tmp_path):
    con = _world(seed, tmp_path)
    # Floors low enough for a few sends to pause a sender: the alarms show every complaint counted.
    limits = DeliverabilityLimits(min_sends=3, min_bounces=2, max_complaint_rate=0.05, warn_complaint_rate=0.01)
    since = NOW - timedelta(days=limits.window_days)
    whole = window_readings(send_outcomes(sends_with_verdicts(con)), NOW, limits)
    days = sending_days_before(con, since, limits.max_idle_days)
    read = window_readings(window_outcomes(con, since), NOW, limits, days)
    assert _counted(read) == _counted(whole)

    status = unverified_complaints(con, SimpleNamespace(deliverability_limits=lambda: limits, now=lambda: NOW))
    expected = _whole_history_alarms(con, limits, since)
    assert (status["count"], status["would_pause"]) == (expected["count"], expected["would_pause"] if status["count"]
                                                        else [])


def test_the_helpers_read_no_complaint_or_report_from_before_the_window_that_bears_on_nothing(tmp_path, monkeypatch):
    """A complaint and a report made two months ago, about a message nobody complained of since: the
    guard reads no send for them and `sdr status` reads no report."""
    con = _world(0, tmp_path)
    con.execute("delete from reply_classifications")
    old = NOW - timedelta(days=60)
    con.execute("insert into reply_classifications (message_id, send_key, contact_email, kind, recipients, "
                "received_at) "
                "values ('<c@isp>', 's0', (select contact_email from send_ledger where send_key = 's0'), 'complaint', "
                "'[]', ?), ('<u-old@isp>', null, null, 'complaint', '[\"nobody@else.example\"]', ?), "
                "('<u-new@isp>', null, null, 'complaint', '[\"someone@else.example\"]', ?)",
                [old, old, NOW - timedelta(hours=1)])
    limits = SendRules(now_override=NOW.isoformat()).deliverability_limits()
    since = NOW - timedelta(days=limits.window_days)
    older = sends_with_verdicts(con, since).filter(pl.col("sent_at") < since)
    assert older.is_empty(), f"read older sends no complaint in the window names: {older['send_key'].to_list()}"
    read = []
    unmatched = reports_module.frame_of

    def recorded(*args, **kwargs):
        frame = unmatched(*args, **kwargs)
        read.extend(frame["message_id"].to_list() if "recipients" in frame.columns else [])
        return frame

    monkeypatch.setattr(reports_module, "frame_of", recorded)
    unverified_complaints(con, SimpleNamespace(deliverability_limits=lambda: limits, now=lambda: NOW))
    assert "<u-old@isp>" not in read and "<u-new@isp>" in read
