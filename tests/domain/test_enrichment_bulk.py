"""The local CSVs read in bulk give what reading them record by record gives, to the line and reason.

Both paths read the same bytes: good rows mixed with broken ones (the bad-input corpus, and
generated rows whose values sit on either side of every bulk check). The tables must be equal,
records, their order, the reasons held per domain and every quarantine entry, and the bulk path
must have taken the clean rows itself (or it would prove nothing). A read kept on disk and loaded
again gives the same table too. ``SDR_PROPERTY_EXAMPLES``
scales the number of generated cases (default 150).
"""

import csv
import io
import os
import random
import tempfile
from functools import partial

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdr_assets.domain.enrichment_bulk import check_claimed, simple_lines
from sdr_assets.domain.enrichment_csv import read_rows
from resources.reference_reads import kept_read
from sdr_assets.domain.enrichment_records import (
    COMPANY_SHAPE,
    CONTACT_SHAPE,
    companies_file,
    contacts_file,
    local_companies,
    local_contacts,
)
from tests.badinput.enrichment import corpus

EXAMPLES = int(os.environ.get("SDR_PROPERTY_EXAMPLES", "150"))
COMPANY_COLUMNS = corpus.COMPANIES_HEADER.split(",")
CONTACT_COLUMNS = corpus.CONTACTS_HEADER.split(",")

TEXTS = ["Acme", "Café Ünïon", "", " lead", "trail ", "a  b", "x\u2028y", "Zoë—Co", "e\u0301t\u00e9", "tab\there",
         'say "hi"', "comma, inc", "N" * 301, "\xa0nbsp", "\u01c5ungla", "line\nbreak", "cr\rhere", "nul\x00",
         "\ufeffbom", "\x85next", "日本", "ok"]
NUMBERS = ["", "1", "56", "2010", "0", "-40", " 12", "+5", "007", "1e3", "12.0", "\u0663", "99999999", "5000000",
           "5000001", "1799", "1800", "2100", "2101", "lots"]
DOMAINS = ["acme.example", "acme.example", "beta.example", "WWW.Acme.example", "www.acme.example", "acme.example.",
           "https://acme.example/x", "a--b.example", "xn--bcher-kva.example", "foo.local", "foo.test", "1.2.3.4",
           "-a.example", "ab--c.example", "xn--zz.example", "a.b", "", "not a domain!", "[", "b\u00fccher.example",
           "x" * 64 + ".example"]
URLS = ["", "https://linkedin.example/in/x-1", "http://x", "HTTPS://x.example/a", "javascript:alert(1)",
        "http://[oops", "https://a.example/p q", "https://user@a.example/", "https://a.example:80/x", "ftp://a",
        "https://a.example/?q=1#f", "https://", "https://-a.example"]
EMAILS = ["", "al@acme.example", "AL@acme.example", "not-an-address", "bo@beta.example", "ÀL@acme.example",
          "àl@acme.example", "İ@acme.example", "al@good1.example", "al@eu.good2.example", "AL@GOOD3.EXAMPLE",
          "al@notgood4.example"]


def _csv(columns: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


def _both(read, source: str, data: bytes, domains: list[str] | None = None, kept: bool = True):
    """Read in bulk, one by one, and (``kept``) from a read kept on disk (``resources/reference_reads.py``):
    the same table."""
    bulk = read("local", source, data, domains=domains)
    one_by_one = read("local", source, data, bulk=False, domains=domains)
    assert bulk == one_by_one
    assert repr(bulk) == repr(one_by_one), "the same records in the same order, with their fields in the same order"
    if not kept:
        return bulk
    shape, whole = KEPT[read]
    with tempfile.TemporaryDirectory() as folder:
        kept_read(folder, source, data, shape, partial(whole, "local", source))
        loaded = kept_read(folder, source, data, shape, _never_read)
    assert repr(loaded.table(domains)) == repr(bulk)
    return bulk


KEPT = {local_companies: (COMPANY_SHAPE, companies_file), local_contacts: (CONTACT_SHAPE, contacts_file)}


def _never_read(data: bytes):
    raise AssertionError("the file was read again, not loaded from its kept read")


def _taken_in_bulk(shape, data: bytes, key: str) -> int:
    rows = read_rows(data, (key,), simple_lines)
    return check_claimed(shape, rows.header, rows.claimed).accepted.height


def test_the_bad_input_corpus_reads_the_same_in_bulk(tmp_path):
    corpus.write(tmp_path)
    companies = (tmp_path / corpus.COMPANIES).read_bytes()
    contacts = (tmp_path / corpus.CONTACTS).read_bytes()
    held = _both(local_companies, corpus.COMPANIES, companies).quarantined
    held += _both(local_contacts, corpus.CONTACTS, contacts).quarantined
    assert len(held) >= 20
    assert _taken_in_bulk(COMPANY_SHAPE, companies, "domain") >= 10
    assert _taken_in_bulk(CONTACT_SHAPE, contacts, "company_domain") >= 10


# The values each column may be given in place of a clean one.
COMPANY_VALUES = [DOMAINS, TEXTS, TEXTS, NUMBERS, TEXTS, NUMBERS, TEXTS, TEXTS]
CONTACT_VALUES = [["c1", "c2", "", "c3", " c1"], DOMAINS, TEXTS, TEXTS, TEXTS, TEXTS, TEXTS, EMAILS, URLS]


def _clean_company(rng: random.Random, n: int) -> list[str]:
    return [f"good{n % 7}.example", f"Good {n % 7}", "Software", str(rng.randint(1, 9000)), "US",
            str(rng.randint(1950, 2020)), "AWS;Gong", f"Good {n} makes things, well."]


def _clean_contact(rng: random.Random, n: int) -> list[str]:
    domain = f"good{rng.randint(0, 5)}.example"
    return [f"ct{n % 9}", domain, "Ann", "Lee", "VP Sales", "vp", "Sales", f"ann{n}@{domain}",
            f"https://linkedin.example/in/ann-{n}"]


@st.composite
def mixed_files(draw, clean, choices):
    """Clean rows (some keys repeated, agreeing or not) and rows with one or two values changed to one
    on either side of a check; the stray line is dropped among them by the test."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    rows = [clean(rng, n) for n in range(draw(st.integers(0, 12)))]
    for n in range(draw(st.integers(1, 6))):
        row = clean(rng, 100 + n)
        for column in draw(st.lists(st.integers(0, len(row) - 1), min_size=1, max_size=2)):
            row[column] = draw(st.sampled_from(choices[column]))
        rows.insert(draw(st.integers(0, len(rows))), row)
    stray = st.lists(st.sampled_from(['"', ",", "x", "\r", "\x00", " ", '"a,b"', "é"]), max_size=8).map("".join)
    return rows, draw(stray)


# The domains whose records are kept: all, or some (every row is checked either way).
ASKED = st.one_of(st.none(), st.lists(st.sampled_from([f"good{n}.example" for n in range(7)] + DOMAINS), max_size=5))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mixed_files(_clean_company, COMPANY_VALUES), at=st.integers(0, 20), domains=ASKED)
def test_companies_read_in_bulk_or_one_by_one_are_the_same(files, at, domains):
    _both(local_companies, "companies.csv", _with_stray_line(COMPANY_COLUMNS, files, at), domains)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mixed_files(_clean_contact, CONTACT_VALUES), at=st.integers(0, 20), domains=ASKED)
def test_contacts_read_in_bulk_or_one_by_one_are_the_same(files, at, domains):
    _both(local_contacts, "contacts.csv", _with_stray_line(CONTACT_COLUMNS, files, at), domains)


def _with_stray_line(columns, files: tuple[list, str], at: int) -> bytes:
    """The rows as CSV with a line of anything inserted after line ``at``, never before the header."""
    rows, stray = files
    lines = _csv(columns, rows).split(b"\n")
    lines.insert(min(at, len(lines) - 1) + 1, stray.encode())
    return b"\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None)
@given(domain=st.from_regex(r"(www\.)?[a-z0-9-]{1,8}(\.[a-z0-9-]{1,8}){0,2}\.(example|com|local|test|io|x|arpa)",
                            fullmatch=True), employees=st.sampled_from(NUMBERS))
def test_a_domain_the_bulk_checks_accept_is_already_canonical(domain, employees):
    data = _csv(COMPANY_COLUMNS, [[domain, "Acme", "Software", employees, "US", "", "", ""]])
    _both(local_companies, "companies.csv", data, kept=False)


def test_a_file_with_undecodable_bytes_or_a_bom_reads_the_same_in_bulk():
    rng = random.Random(7)
    good = _csv(COMPANY_COLUMNS, [_clean_company(rng, n) for n in range(4)])
    head, _, body = good.partition(b"\n")
    data = b"\xef\xbb\xbf" + head + b"\n" + body + b"bad.example,Caf\xe9,Software,1,US,,,\n" + body
    table = _both(local_companies, "companies.csv", data)
    assert [(q.line, q.reason) for q in table.quarantined] == [(6, "row is not valid UTF-8")]
    assert _taken_in_bulk(COMPANY_SHAPE, data, "domain") == 8


def test_a_bulk_read_for_some_domains_prints_no_warning(capfd):
    """polars prints its deprecation warnings from the query engine, past Python's warning filters."""
    data = _csv(COMPANY_COLUMNS, [[f"good{n}.example", "Acme", "Software", "56", "US", "", "", ""] for n in range(3)])
    records = local_companies("local", "companies.csv", data, domains=["good1.example"])
    assert len(records.records) == 1
    assert capfd.readouterr().err == ""
