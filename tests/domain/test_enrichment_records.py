"""Reading the local enrichment CSVs record by record: whatever one line holds, the others are read.

The property drops one line of arbitrary bytes among good rows and checks that every good row is
read and that the stray line is either a row or quarantined with its line number, never lost.
``SDR_PROPERTY_EXAMPLES`` scales the number of generated cases (default 150).
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.enrichment_csv import UNTERMINATED, read_rows
from sdr_assets.domain.enrichment_records import (
    RecordError,
    contact_values,
    local_companies,
    local_contacts,
    local_record,
)
from sdr_assets.domain.waterfall import text

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "150"))
HEADER = b"domain,name,industry,employees,country,founded,tech_stack,description"
GOOD = [f"good{n}.example,Good {n},Software,{100 + n},US,2010,,fine".encode() for n in range(6)]
STRAY = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(['"', ",", "x", "\r", "\x00", "\u2028", "é", " "]), max_size=30).map(
        lambda parts: "".join(parts).encode()),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stray=STRAY.filter(lambda b: b"\n" not in b and b"example" not in b), at=st.integers(0, len(GOOD)))
def test_one_line_of_anything_costs_at_most_that_line(stray, at):
    lines = [HEADER, *GOOD[:at], stray, *GOOD[at:]]
    table = local_companies("local", "companies.csv", b"\n".join(lines) + b"\n")
    assert table.error == ""
    assert sorted(table.records) == sorted(f"good{n}.example" for n in range(len(GOOD)))
    # No stray line here can name a valid domain, so a non-blank one is quarantined, once, at its line.
    held = [(q.line, bool(q.reason.strip())) for q in table.quarantined]
    assert held == ([(at + 2, True)] if stray.decode("utf-8", "replace").strip() else []), table.quarantined


def test_a_quote_that_never_closes_costs_its_line_and_reading_resumes_below_it():
    data = b"\n".join([HEADER, b'open.example,"Open Co,Software,120,US,2010,,x', *GOOD]) + b"\n"
    rows = read_rows(data, ("domain",))
    assert [(b.line, b.reason) for b in rows.bad] == [(2, UNTERMINATED)]
    assert [line for line, _, _ in rows.rows] == list(range(3, 3 + len(GOOD)))


def test_a_quoted_description_may_span_lines():
    data = HEADER + b'\nmulti.example,Multi,Software,120,US,2010,,"line one\nline two"\n' + GOOD[0] + b"\n"
    table = local_companies("local", "companies.csv", data)
    assert table.quarantined == [] and table.records["multi.example"][0]["description"] == "line one line two"
    assert table.records["good0.example"][0]["employees"] == 100


def test_identical_duplicates_are_one_record_and_a_domain_in_url_form_is_its_domain():
    data = b"\n".join([HEADER, GOOD[0], GOOD[0], b"https://WWW.Acme.example/about,Acme,Software,120,US,,,"]) + b"\n"
    table = local_companies("local", "companies.csv", data)
    assert table.quarantined == [] and len(table.records["good0.example"]) == 1
    assert table.records["acme.example"][0]["name"] == "Acme"


def test_a_file_without_its_key_column_is_reported_whole_and_the_other_file_still_answers():
    companies = local_companies("local", "companies.csv", b"\n".join([HEADER, GOOD[0]]) + b"\n")
    contacts = local_contacts("local", "contacts.csv", b"id,email\nc1,ann@good0.example\n")
    assert contacts.error == "cannot read contacts.csv: header on line 1 has no company_domain column"
    assert [(q.source, q.line, q.reason) for q in contacts.quarantined] == [("contacts.csv", 0, contacts.error)]
    record = local_record(companies, contacts, "good0.example")
    assert record.company["name"] == "Good 0" and record.errors == {"contacts": contacts.error}


def test_values_that_break_url_parsing_are_reasons_not_crashes():
    data = b"\n".join([HEADER, b"[,Bracket,Software,120,US,2010,,x", GOOD[0]]) + b"\n"
    table = local_companies("local", "companies.csv", data)
    assert [(q.line, q.field, q.reason) for q in table.quarantined] == [(2, "domain", "domain is not a domain: '['")]
    people = local_contacts("local", "contacts.csv", b"company_domain,email,linkedin_url\n"
                                                     b"good0.example,a@good0.example,http://[oops\n")
    assert [(q.field, q.reason) for q in people.quarantined] == [
        ("linkedin_url", "linkedin_url is not a URL: 'http://[oops'")]


class _Shouting(str):
    def __str__(self) -> str:
        return self.upper()


def _as_text(value):
    """A provider's value as text, by the general rule alone (no shortcut for plain strings)."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(v).strip() for v in value if v is not None and str(v).strip())
    if value is None or isinstance(value, dict):
        return None
    return str(value).strip() or None


_VALUES = st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(allow_nan=False), st.booleans(),
                    st.lists(st.one_of(st.none(), st.text(max_size=5), st.integers()), max_size=3),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                    st.text(max_size=8).map(_Shouting))


@settings(max_examples=200, deadline=None, database=None)
@given(_VALUES)
def test_a_providers_value_reads_as_the_general_rule_reads_it(value):
    assert text(value) == _as_text(value)
    assert type(text(value)) is type(_as_text(value))


def test_a_contact_asked_for_one_company_that_names_another_is_a_record_error():
    asked = "globex.example"
    assert contact_values({"email": "ann@globex.example"}, asked)["email"] == "ann@globex.example"
    assert contact_values({"email": "ann@de.globex.example", "company_domain": "https://Globex.example/x"}, asked)
    assert contact_values({"email": "not an address", "company_domain": None}, asked)["email"] == "not an address"
    assert contact_values({"email": "ann@acme.example", "company_domain": "acme.example"})["email"], "none asked"
    for record, field, company in [({"email": "ann@globex.example", "company_domain": "acme.example"},
                                    "company_domain", "acme.example"),
                                   ({"email": "ann@acme.example"}, "email", "acme.example"),
                                   ({"email": "ann@globex.example.evil.example"}, "email", "globex.example.evil.example"),
                                   ({"email": "ann@notglobex.example"}, "email", "notglobex.example")]:
        with pytest.raises(RecordError, match=f"^contact belongs to {company}, asked for globex.example$") as caught:
            contact_values(record, asked)
        assert caught.value.field == field
    with pytest.raises(RecordError, match="company_domain is not a domain"):
        contact_values({"email": "ann@globex.example", "company_domain": "Globex Inc"}, asked)


def test_a_local_contact_whose_address_is_at_another_company_is_quarantined_and_the_others_kept():
    data = (b"contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url\n"
            b"c1,acme.example,Ann,Lee,VP Sales,vp,Sales,ann@acme.example,\n"
            b"c2,acme.example,Bob,Ray,CFO,c_level,Finance,bob@globex.example,\n"
            b"c3,acme.example,Cat,Ng,CTO,c_level,Engineering,cat@eu.acme.example,\n")
    for bulk in (True, False):
        table = local_contacts("local", "contacts.csv", data, bulk=bulk)
        assert [c["email"] for c in table.records["acme.example"]] == ["ann@acme.example", "cat@eu.acme.example"]
        [held] = table.quarantined
        assert (held.line, held.field, held.reason) == (3, "email", "contact belongs to globex.example, asked for "
                                                                    "acme.example")
