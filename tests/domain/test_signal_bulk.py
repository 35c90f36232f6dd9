"""The bulk path for signal records agrees with the per-row path, row for row and reason for reason.

Each case mixes good records with records bent at one field (domains, timestamps, text, keys,
types, attributes) and reads them both ways: in bulk (clean rows column-wise, the rest one by one)
and every record alone. The rows, their order and every quarantine reason must be identical.
``SDR_PROPERTY_EXAMPLES`` scales the number of generated cases (default 50).
"""

import csv
import io
import json
import math
import os
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.signal_bulk import bulk_rows, plain_domain
from sdr_assets.domain.signal_schema import SCHEMAS, SignalError
from sdr_assets.domain.signals import (
    CLOCK_SKEW,
    EARLIEST,
    api_records,
    attributes_object,
    attributes_text,
    normalise_domain,
    records,
    validate_records,
)

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "50"))
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CORPUS = Path(__file__).resolve().parents[1] / "badinput" / "signals" / "files"
ATTRIBUTES = {
    "hiring": {"role": "Account Executive", "department": "Sales", "openings": 2},
    "funding": {"round": "Series B", "amount_usd": 12_000_000, "lead_investor": "Northwind"},
    "tech_adoption": {"technology": "dbt"},
    "leadership_change": {"person": "Ann Lee", "title": "CRO"},
    "product_launch": {"product": "Acme Flow", "url": "https://acme.example/flow"},
    "intent": {"topic": "sales forecasting", "score": 43},
}
GOOD = [{"signal_id": f"sig_{n}", "company_domain": f"acme{n}.example", "signal_type": kind,
         "detail": f"Acme {n} news about {kind}", "observed_at": f"2026-11-{n + 1:02d}T10:00:00Z",
         "source": "news-wire", "attributes": attrs} for n, (kind, attrs) in enumerate(ATTRIBUTES.items())]
DOMAINS = ["acme.example", "ACME.example", "www.acme.example", "acme.example.", "a--b.example", "ab--c.example",
           "xn--bcher-kva.example", "xn--zz.example", "acme.test", "foo.localhost", "home.arpa", "x.onion", "acme.e",
           "acme.123", "-acme.example", "acme-.example", f"{'a' * 63}.example", f"{'a' * 64}.example",
           ".".join(["abcdefghi"] * 22) + ".example", "https://acme.example/x", " acme.example", "acme .example",
           "bücher.example", "acme..example", "acme_co.example", "1.2.3.4", "acme.example:80", None, "", 5]
TIMES = ["2026-11-01T10:00:00Z", "2026-11-01T10:00:00+00:00", "2026-11-01", "2016-12-31T23:59:60Z",
         "2026-02-30T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2026-11-21T09:00:00Z",
         "2026-11-21T09:00:01Z", "0000-01-01T00:00:00Z", " 2026-11-01T10:00:00Z", "2026-11-01T24:00:00Z",
         "2026-11-01T10:00:00.5Z", "2026-11-01t10:00:00z", "٢٠٢٦-11-01T10:00:00Z", None, 20261101]
TEXTS = ["", " ", "Series B", " Series B", "Series B ", "Series  B", "Series\tB", "Series\nB", "Series\u00a0B",
         "Series B\u00a0", "\u3000B", "B\x85", "B\x1c", "a\x00b", "a\u2028b", "a\u202eb", "José", "Jose\u0301",
         "straße", "ΣΑΣ", "lone \ud800 surrogate",
         "a" * 128, "a" * 129, "a" * 300, "a" * 301, "a" * 2000, "a" * 2001, None, 7, True,
         ["x"]]
TYPES = [*ATTRIBUTES, "Hiring", " hiring", "rumour", "", None, 1]
ATTRIBUTE_VALUES = [{}, {"round": "A", "amount": 5e6, "currency": "eur"}, {"round": "A", "amount": 5e6},
                    {"role": ""}, {"role": "AE", "openings": 1.5}, {"topic": "x", "score": 101},
                    {"topic": "x", "score": "50"}, {"technology": "dbt", "change": "Removed"}, "", "{}",
                    '{"technology": "dbt"}', '{"topic": "x", "score": NaN}', "[1]", "{nope", [1], None, 3]
ATTRIBUTE_KEYS = ["role", "department", "seniority", "posting_url", "openings", "round", "amount", "amount_usd",
                  "currency", "investors", "lead_investor", "technology", "change", "person", "new_role", "title",
                  "product", "url", "topic", "score", "source"]
PLAIN_VALUES = ["Ann Lee", "Series B", 'Ann "The" Lee', "back\\slash", "Jürgen", "Ju\u0308rgen", " padded", "",
                "USD", "usd", "EUR", "EURO", "added", "removed", "Removed", "https://acme.example/x", "x" * 301,
                0, 1, 2, 43, 100, 101, 10_000, 10_001, 10**12, 10**12 + 1, -1, 2**63, 1.5, 43.0, -0.0, 0.0, True,
                None, ["Northwind"], ["Northwind", "Contoso"], [1], {"nested": 1}]
ATTRIBUTE_OBJECTS = st.dictionaries(st.sampled_from(ATTRIBUTE_KEYS), st.sampled_from(PLAIN_VALUES), max_size=5)
TEXT = st.lists(st.sampled_from(["a", "B", " ", "\t", "\u00a0", "\x1c", "é", "e\u0301", "ß", "\u2028", "-", "."]),
                max_size=12).map("".join)
LDH = st.text(alphabet=st.sampled_from(list("abxn0-.w")), min_size=1, max_size=30)


def _bend(record: dict, field: str, value) -> dict:
    bent = dict(record)
    if field is _MERGE:  # a few attributes changed, the others kept
        attributes = bent.get("attributes")
        bent["attributes"] = {**attributes, **value} if isinstance(attributes, dict) else value
    elif value is _DROP:
        bent.pop(field, None)
    else:
        bent[field] = value
    return bent


_DROP, _MERGE = object(), object()
BENDS = st.one_of(
    st.tuples(st.just("company_domain"), st.one_of(st.sampled_from(DOMAINS), LDH, LDH.map(lambda d: f"{d}.example"))),
    st.tuples(st.just("observed_at"), st.one_of(st.sampled_from(TIMES),
                                                st.text(alphabet=st.sampled_from(list("0129-T:Z")), max_size=20))),
    st.tuples(st.sampled_from(["detail", "source", "signal_id"]),
              st.one_of(st.sampled_from(TEXTS), TEXT, st.just(_DROP))),
    st.tuples(st.just("signal_type"), st.sampled_from(TYPES)),
    st.tuples(st.just("attributes"), st.sampled_from(ATTRIBUTE_VALUES)),
    st.tuples(st.just("attributes"), ATTRIBUTE_OBJECTS),
    st.tuples(st.just("attributes"), ATTRIBUTE_OBJECTS.map(lambda a: json.dumps(a, ensure_ascii=False))),
    st.tuples(st.just(_MERGE), ATTRIBUTE_OBJECTS),
    st.tuples(st.just(_MERGE), ATTRIBUTE_OBJECTS),
    st.tuples(st.sampled_from(["Signal_Type", "domain", "evidence", "url", "evidence_url", "gossip", " source"]),
              st.sampled_from(["hiring", "acme.example", "https://acme.example/a", "x"])),
)
RECORDS = st.lists(st.tuples(st.sampled_from(GOOD), st.lists(BENDS, max_size=3)), min_size=1, max_size=12).map(
    lambda picks: [_apply(record, bends) for record, bends in picks])


def _apply(record: dict, bends: list) -> dict:
    for field, value in bends:
        record = _bend(record, field, value)
    return record


def _both_ways(name: str, items: list) -> None:
    fast = validate_records(name, iter(items), NOW, bulk_min=1)
    alone = validate_records(name, iter(items), NOW, bulk_min=math.inf)
    assert fast.frame.equals(alone.frame), (fast.frame, alone.frame)
    assert fast.quarantined == alone.quarantined


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=RECORDS)
def test_a_jsonl_feed_reads_the_same_in_bulk_and_row_by_row(batch):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch).encode("utf-8", "surrogatepass")
    _both_ways("feed.jsonl", list(records("feed.jsonl", data)))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=RECORDS)
def test_a_csv_feed_reads_the_same_in_bulk_and_row_by_row(batch):
    header = ["signal_id", "company_domain", "signal_type", "detail", "observed_at", "source", "attributes"]
    lines = io.StringIO()
    writer = csv.writer(lines)
    writer.writerow(header)
    for record in batch:
        values = [record.get(k) for k in header]
        writer.writerow(["" if v is None else v if isinstance(v, str) else json.dumps(v) for v in values])
    _both_ways("feed.csv", list(records("feed.csv", lines.getvalue().encode("utf-8", "surrogatepass"))))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=RECORDS)
def test_an_api_page_reads_the_same_in_bulk_and_row_by_row(batch):
    _both_ways("feed@start", list(api_records(batch)))


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_each_corpus_file_reads_the_same_in_bulk_and_row_by_row(path):
    _both_ways(path.name, list(records(path.name, path.read_bytes())))


@settings(max_examples=EXAMPLES, deadline=None)
@given(domain=st.one_of(LDH, LDH.map(lambda d: f"{d}.example"), st.sampled_from([d for d in DOMAINS if d])))
def test_a_domain_taken_as_plain_is_what_the_normaliser_returns(domain):
    plain = pl.select(plain_domain(pl.lit(domain, dtype=pl.String))).item()
    if plain:
        assert normalise_domain(domain) == domain
    else:
        try:
            normalise_domain(domain)
        except SignalError:
            pass


def test_clean_rows_are_decided_in_bulk_and_bent_ones_are_left_to_the_row_path():
    bent = [{**GOOD[0], "company_domain": "WWW.Acme.example"}, {**GOOD[1], "observed_at": "2026-11-01"},
            {**GOOD[2], "detail": "two  spaces"}, {**GOOD[3], "attributes": {"person": "Ann Lee"}},
            {**GOOD[4], "evidence_url": "https://acme.example/launch"},
            {**GOOD[5], "observed_at": "2026-12-01T00:00:00Z"}]
    items = list(api_records([*GOOD, *bent]))
    decided, left = bulk_rows("page", items, EARLIEST, NOW + CLOCK_SKEW, "", attributes_text, attributes_object)
    assert decided["_item"].to_list() == list(range(len(GOOD)))
    assert left == list(range(len(GOOD), len(GOOD) + len(bent)))
    fast = validate_records("page", iter(items), NOW, bulk_min=1)
    assert fast.frame.height == len(GOOD) + 4  # a spelling of the domain, the date or the spaces, and a URL
    assert [q.reason for q in fast.quarantined] == ["leadership_change signal needs attribute new_role",
                                                     "bad observed_at: 2026-12-01T00:00:00+00:00 is in the future"]


def test_every_attribute_with_every_kind_of_value_reads_the_same_in_bulk_and_row_by_row():
    batch = []
    for record in GOOD:
        for name, spec in SCHEMAS[record["signal_type"]].items():
            keys = (name, *spec.aliases)
            for key in keys:
                batch += [{**record, "attributes": {**record["attributes"], key: v}} for v in PLAIN_VALUES]
            if spec.aliases:  # the name and its alias both given: the name wins when it is not empty
                batch += [{**record, "attributes": {name: v, keys[1]: w}}
                          for v in PLAIN_VALUES for w in PLAIN_VALUES[::3]]
    decided, _ = bulk_rows("page", list(api_records(batch)), EARLIEST, NOW + CLOCK_SKEW, "", attributes_text,
                           attributes_object)
    assert decided.height > len(batch) // 10, "the bulk path decides a good share of these rows"
    _both_ways("page", list(api_records(batch)))


def test_every_kind_of_text_in_every_text_field_reads_the_same_in_bulk_and_row_by_row():
    batch = [{**record, field: text} for record in GOOD for field in ("detail", "source", "signal_id")
             for text in [*TEXTS, "İstanbul", "Straße GmbH", "ΣΟΦΟΣ"]]
    batch += [{**record, "signal_id": None, "detail": text} for record in GOOD for text in ("Straße", "ΣΑΣ", "ABC")]
    _both_ways("page", list(api_records(batch)))
