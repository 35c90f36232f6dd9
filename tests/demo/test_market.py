"""The simulated market: seeded, idempotent, and writing mail that parses like the real thing."""

from __future__ import annotations

import email
import email.policy
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from sdr_assets.demo.market import OUTCOMES, STATE_FILE, SentMessage, simulate_replies

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
HUMAN = {"interested", "question", "objection", "not_interested", "unsubscribe", "wrong_person"}
FOOTER = "Not relevant? Reply 'unsubscribe' or visit https://outreach.example/u/{key}"


def make_sends(n: int, *, fit: float | None = None, seed: int = 0) -> list[SentMessage]:
    rng = random.Random(seed)
    sends = []
    for i in range(n):
        key = f"{rng.getrandbits(96):024x}"
        sends.append(SentMessage(
            send_key=key,
            message_id=f"<sdr-{key}@outreach.example>",
            to_addr=f"maria.garcia{i}@acme-{i % 7}.example",
            to_name="María García",
            from_addr="sam@outreach.example",
            subject="Your Head of RevOps search",
            play="revops_hiring",
            signal_type="hiring",
            fit=rng.random() if fit is None else fit,
            sent_at=NOW - timedelta(hours=rng.uniform(0.5, 120)),
            body=f"Hi María,\n\nSaw the RevOps opening.\n\nSam\n\n--\n{FOOTER.format(key=key)}",
        ))
    return sends


def read_box(path: Path) -> list[email.message.EmailMessage]:
    files = sorted((path / "new").iterdir()) + sorted((path / "cur").iterdir())
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def outcome(msg) -> str:
    return msg["X-SDR-Simulated-Outcome"].split(";")[0]


@pytest.fixture(scope="module")
def market(tmp_path_factory):
    """1000 low-fit and 1000 high-fit sends answered into one maildir."""
    box = tmp_path_factory.mktemp("replies")
    low, high = make_sends(1000, fit=0.1, seed=1), make_sends(1000, fit=0.9, seed=2)
    summary = simulate_replies(low + high, box, seed=7, now=NOW)
    return box, low, high, summary


def test_every_message_parses_and_is_marked_simulated(market):
    box, low, high, summary = market
    by_id = {s.message_id: s for s in low + high}
    messages = read_box(box)
    assert len(messages) == summary.files_written == sum(summary.outcomes.values()) > 0
    for msg in messages:
        assert msg["X-SDR-Simulated"] == "true"
        sent = by_id[msg["In-Reply-To"]]
        assert msg["References"] == sent.message_id
        assert msg["Message-ID"] and msg["Message-ID"] != sent.message_id
        latest = max(NOW, sent.sent_at + timedelta(seconds=1))
        assert sent.sent_at < parsedate_to_datetime(msg["Date"]) <= latest
        assert outcome(msg) in OUTCOMES


def test_person_replies_quote_the_original_below_an_attribution_line(market):
    box, low, high, _ = market
    by_id = {s.message_id: s for s in low + high}
    replies = [m for m in read_box(box) if outcome(m) in HUMAN]
    languages = Counter()
    for msg in replies:
        sent = by_id[msg["In-Reply-To"]]
        body = msg.get_content()
        assert msg["Subject"] == f"Re: {sent.subject}"
        assert msg["From"].addresses[0].addr_spec == sent.to_addr
        assert f"> {FOOTER.format(key=sent.send_key)}" in body
        head, _, quoted = body.partition("\n> ")
        attribution = head.splitlines()[-1]
        assert sent.from_addr in attribution and attribution.endswith(":")
        assert re.search(r"\b(wrote|schrieb|a écrit|escribió)\b", attribution), attribution
        languages[attribution.split()[0]] += 1
    assert languages["On"] > len(replies) * 0.7
    assert set(languages) - {"On"}, "some replies should come in German, French or Spanish"


def test_reply_rate_and_tone_follow_fit(market):
    box, low, high, _ = market
    messages = read_box(box)
    low_ids = {s.message_id for s in low}

    def tally(sends_ids):
        return Counter(outcome(m) for m in messages if m["In-Reply-To"] in sends_ids)

    lo, hi = tally(low_ids), tally({s.message_id for s in high})
    lo_people, hi_people = sum(lo[k] for k in HUMAN), sum(hi[k] for k in HUMAN)
    assert hi_people / 1000 > lo_people / 1000 + 0.1  # expected about 0.255 against 0.055
    assert hi["interested"] / hi_people > lo["interested"] / lo_people
    negative = ("not_interested", "unsubscribe")
    assert sum(lo[k] for k in negative) / lo_people > sum(hi[k] for k in negative) / hi_people


def test_second_call_writes_nothing_even_without_the_state_file(market, tmp_path):
    box, low, high, first = market
    files = sorted(p.name for p in (box / "new").iterdir())
    again = simulate_replies(low + high, box, seed=7, now=NOW + timedelta(days=3))
    assert again.files_written == 0 and again.skipped == 2000
    (box / STATE_FILE).rename(tmp_path / "state.json")
    try:
        # replies already threaded to a send count as answered; silent sends stay silent
        assert simulate_replies(low + high, box, seed=7, now=NOW).files_written == 0
    finally:
        (tmp_path / "state.json").replace(box / STATE_FILE)
    assert sorted(p.name for p in (box / "new").iterdir()) == files


def test_same_seed_same_mail_other_seed_other_outcomes(tmp_path):
    sends = make_sends(300, seed=5)
    first = simulate_replies(sends, tmp_path / "a", seed=11, now=NOW)
    second = simulate_replies(sends, tmp_path / "b", seed=11, now=NOW)
    assert first.outcomes == second.outcomes and first.silent == second.silent

    def contents(box):
        return sorted(p.read_bytes() for p in (box / "new").iterdir())

    assert contents(tmp_path / "a") == contents(tmp_path / "b")
    other = simulate_replies(sends, tmp_path / "c", seed=12, now=NOW)
    pairs = lambda s: {(r.send_key, r.outcome) for r in s.replies}  # noqa: E731
    assert pairs(other) != pairs(first)


def test_bounce_is_an_rfc3464_report_naming_the_recipient(market):
    box, low, high, _ = market
    by_id = {s.message_id: s for s in low + high}
    bounces = [m for m in read_box(box) if outcome(m) == "bounce"]
    assert bounces
    for msg in bounces:
        sent = by_id[msg["In-Reply-To"]]
        domain = sent.to_addr.split("@")[1]
        assert msg["From"].addresses[0].addr_spec == f"MAILER-DAEMON@mx.{domain}"
        assert msg.get_content_type() == "multipart/report"
        assert msg.get_param("report-type") == "delivery-status"
        human, status, original = msg.get_payload()
        assert status.get_content_type() == "message/delivery-status"
        per_recipient = status.get_payload()[1]
        assert per_recipient["Final-Recipient"] == f"rfc822; {sent.to_addr}"
        assert per_recipient["Action"] == "failed"
        assert per_recipient["Status"] == "5.1.1"
        assert "550 5.1.1" in per_recipient["Diagnostic-Code"]
        assert original.get_content_type() == "text/rfc822-headers"
        headers = original.get_content()
        assert f"X-SDR-Send-Key: {sent.send_key}" in headers
        assert f"Message-ID: {sent.message_id}" in headers


def test_complaint_is_an_rfc5965_abuse_report(market):
    box, low, high, _ = market
    keys = {s.message_id: s.send_key for s in low + high}
    complaints = [m for m in read_box(box) if outcome(m) == "complaint"]
    assert complaints, "about 0.6% of low-fit sends should draw a complaint"
    for msg in complaints:
        assert msg.get_param("report-type") == "feedback-report"
        _, report, original = msg.get_payload()
        assert report.get_content_type() == "message/feedback-report"
        fields = report.get_payload()[0]
        assert fields["Feedback-Type"] == "abuse" and fields["Version"] == "1"
        assert f"X-SDR-Send-Key: {keys[msg['In-Reply-To']]}" in original.get_content()


def test_out_of_office_is_marked_automatic_and_names_a_later_date(market):
    box, *_ = market
    auto = [m for m in read_box(box) if outcome(m) == "out_of_office"]
    assert auto
    for msg in auto:
        assert msg["Auto-Submitted"] == "auto-replied" and msg["X-Autoreply"] == "yes"
        replied = parsedate_to_datetime(msg["Date"]).date()
        body = msg.get_content()
        english = re.search(r"(?:until|back on) \w+, (\d{1,2} \w+ \d{4})", body)
        other = re.search(r"(\d{2})[./](\d{2})[./](\d{4})", body)
        if english:
            back = datetime.strptime(english.group(1), "%d %B %Y").date()
        else:
            assert other, body
            back = datetime(int(other[3]), int(other[2]), int(other[1])).date()
        assert back > replied and back.weekday() < 5
