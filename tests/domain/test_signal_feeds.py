"""Signal rows: typed per signal type, domains normalised, events identified without an id."""

import gc
import json
from datetime import UTC, datetime

import pytest

from sdr_assets.domain.addresses import InvalidAddressError, is_valid_address, normalise_address
from sdr_assets.domain.signal_schema import SignalError
from sdr_assets.domain.signals import Deduplicator, normalise_domain, read_feed, validate_signal

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
GOOD = {"signal_id": "s1", "company_domain": "Acme.example", "signal_type": "funding", "detail": "Series B",
        "observed_at": "2026-11-01T10:00:00Z", "source": "news", "attributes": {"round": "Series B"}}


def test_bad_rows_are_quarantined_and_good_rows_kept():
    rows = [GOOD, {**GOOD, "signal_id": "s2", "signal_type": "rumour"}, {**GOOD, "signal_id": "s3", "company_domain": ""},
            {**GOOD, "signal_id": "s4", "observed_at": "yesterday"}]
    data = ("\n".join(json.dumps(r) for r in rows) + "\n{not json\n").encode()
    feed = read_feed("feed.jsonl", data, NOW)
    assert [r["signal_id"] for r in feed.rows] == ["s1"]
    assert feed.rows[0]["company_domain"] == "acme.example"
    reasons = [q.reason for q in feed.quarantined]
    assert reasons[:2] == ["unknown signal_type 'rumour'", "missing company_domain"]
    assert reasons[2].startswith("bad observed_at") and reasons[3].startswith("invalid JSON")
    assert [q.line for q in feed.quarantined] == [2, 3, 4, 5]


def test_unreadable_rows_leave_no_reference_cycle_to_hold_the_chunk():
    """A cycle through a quarantined row's traceback would keep the whole ingest's frames (and the
    frames they built) alive until a full collection: on a 500,000-row feed, hundreds of megabytes."""
    rows = [{**GOOD, "signal_id": f"s{n}", "company_domain": f"acme{n}.example"} for n in range(300)]
    data = ("\n".join(json.dumps(r) for r in rows) + "\n{not json\n" + json.dumps({**GOOD, "observed_at": 5})).encode()
    read_feed("warm.jsonl", data, NOW)  # first-use caches and imports are not the feed's garbage
    gc.collect()
    gc.disable()
    try:
        feed = read_feed("feed.jsonl", data, NOW)
        assert feed.frame.height == 300 and len(feed.quarantined) == 2
        assert gc.collect() == 0, "nothing unreachable that only the collector could free"
    finally:
        gc.enable()


@pytest.mark.parametrize("given", ["ACME.example", "https://www.acme.example/jobs?id=1", "www.acme.example.",
                                   "http://user@Acme.Example:8080", " acme.example "])
def test_domains_are_normalised(given):
    assert normalise_domain(given) == "acme.example"


def test_international_domains_are_stored_in_idna_form():
    assert normalise_domain("Bücher.example") == "xn--bcher-kva.example"


@pytest.mark.parametrize("given", ["NOT A DOMAIN!!", "localhost", "10.0.0.1", "acme", "-acme.example", "a_b.example"])
def test_values_that_are_not_domains_are_refused(given):
    with pytest.raises(SignalError, match="domain"):
        normalise_domain(given)


def test_without_an_id_the_same_event_from_two_feeds_counts_once():
    row = {k: v for k, v in GOOD.items() if k != "signal_id"}
    first = validate_signal(row, NOW)
    later_same_day = validate_signal({**row, "observed_at": "2026-11-01T18:00:00+02:00",
                                      "company_domain": "https://www.acme.example/"}, NOW)
    other = validate_signal({**row, "detail": "Series C"}, NOW)
    assert first["signal_id"] == later_same_day["signal_id"] != other["signal_id"]
    dedup = Deduplicator()
    feed = read_feed("a.jsonl", (json.dumps(row) + "\n").encode(), NOW)
    again = read_feed("b.jsonl", (json.dumps({**row, "observed_at": "2026-11-01"}) + "\n").encode(), NOW)
    assert len(dedup.fresh(feed).rows) == 1
    assert dedup.fresh(again).duplicates == 1


def test_attributes_are_typed_and_aliases_kept_compatible():
    funding = validate_signal({**GOOD, "attributes": {"round": "Series B", "amount_usd": 12_000_000,
                                                      "lead_investor": "Northwind", "gossip": "x"}}, NOW)
    attrs = json.loads(funding["attributes"])
    assert attrs == {"round": "Series B", "amount": 12e6, "amount_usd": 12e6, "currency": "USD",
                     "investors": ["Northwind"]}
    euros = json.loads(validate_signal({**GOOD, "attributes": {"round": "A", "amount": 5e6, "currency": "eur"}},
                                       NOW)["attributes"])
    assert euros["currency"] == "EUR" and "amount_usd" not in euros
    leader = validate_signal({**GOOD, "signal_type": "leadership_change",
                              "attributes": {"person": "Ann Lee", "title": "CRO"}}, NOW)
    assert json.loads(leader["attributes"]) == {"person": "Ann Lee", "new_role": "CRO"}


def test_addresses_are_validated_before_any_mail_server():
    assert normalise_address(" Jo.Smith@Acme.example ") == "jo.smith@acme.example"
    for bad in ["no-at-sign", "two..dots@acme.example", "x@localhost", "a b@acme.example", ""]:
        assert not is_valid_address(bad), bad
    with pytest.raises(InvalidAddressError, match="dot"):
        normalise_address("x@y")


def test_a_lone_surrogate_escape_is_quarantined_and_does_not_stop_the_feed():
    broken = json.dumps({**GOOD, "signal_id": "s2", "detail": "Series B \ud800"})  # written as a \\ud800 escape
    feed = read_feed("feed.jsonl", (json.dumps(GOOD) + "\n" + broken + "\n").encode(), NOW)
    assert [r["signal_id"] for r in feed.rows] == ["s1"]
    assert [(q.line, q.reason) for q in feed.quarantined] == [(2, "detail is not valid Unicode: lone surrogate U+D800")]


def test_a_time_without_a_zone_is_read_as_utc_and_its_refusal_says_so():
    rows = [{**GOOD, "observed_at": "2026-11-01T10:00:00"}, {**GOOD, "signal_id": "s2", "observed_at": "2026-11-01"},
            {**GOOD, "signal_id": "s3", "observed_at": "2026-11-01T10:00:00-05:00"},
            {**GOOD, "signal_id": "s4", "observed_at": "2026-12-01T10:00:00"},
            {**GOOD, "signal_id": "s5", "observed_at": "2026-12-01T10:00:00+00:00"}]
    feed = read_feed("feed.jsonl", "\n".join(json.dumps(r) for r in rows).encode(), NOW)
    assert [r["observed_at"] for r in feed.rows] == [datetime(2026, 11, 1, 10, tzinfo=UTC),
                                                    datetime(2026, 11, 1, tzinfo=UTC),
                                                    datetime(2026, 11, 1, 15, tzinfo=UTC)]
    assert [q.reason for q in feed.quarantined] == [
        "bad observed_at: 2026-12-01T10:00:00+00:00 is in the future (no time zone given: read as UTC)",
        "bad observed_at: 2026-12-01T10:00:00+00:00 is in the future"]
