"""The broken-enrichment-record corpus: each kind is one account with one thing wrong in the local CSVs.

Every kind writes a row to ``companies.csv`` and one to ``contacts.csv`` for its own domain; one
of the two is broken, the other is fine. Both files start with a good account and end with one,
so the accounts after an unterminated quote or a huge line show that reading went on. Each kind
says where its quarantine row must be (file, field, a word of the reason) or, for a bad address,
that the address checks refuse it instead (``quarantined`` is None).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COMPANIES_HEADER = "domain,name,industry,employees,country,founded,tech_stack,description"
CONTACTS_HEADER = "contact_id,company_domain,first_name,last_name,title,seniority,department,email,linkedin_url"
COMPANIES, CONTACTS = "companies.csv", "contacts.csv"


def company(domain: str, employees: str = "200", name: str = "") -> str:
    return f"{domain},{name or domain.split('.')[0].title() + ' Co'},Software,{employees},US,2010,,fine"


def contact(n: int, domain: str, email: str = "", first: str = "Al", title: str = "VP Sales") -> str:
    return f"c{n},{domain},{first},Lee,{title},vp,Sales,{email or 'al@' + domain},"


@dataclass(frozen=True)
class Kind:
    name: str
    domain: str
    file: str  # the file holding the broken row
    row: str | bytes  # the broken row (more than one physical line where it says so)
    field: str | None  # the field the quarantine names ("" for the row as a whole); None: not quarantined
    word: str  # a word the recorded reason must hold
    also: str | None = None  # a second row of the same key (the conflicting duplicate)


LONG = "N" * 400
KINDS = [
    # companies.csv
    Kind("employees-not-a-number", "text.example", COMPANIES, company("text.example", "lots"), "employees",
         "not a whole number"),
    Kind("employees-negative", "neg.example", COMPANIES, company("neg.example", "-40"), "employees", "outside"),
    Kind("employees-implausible", "huge.example", COMPANIES, company("huge.example", "900000000"), "employees",
         "outside"),
    Kind("founded-not-a-year", "founded.example", COMPANIES,
         "founded.example,Founded Co,Software,200,US,nineteen,,x", "founded", "not a whole number"),
    Kind("company-too-few-fields", "short.example", COMPANIES, "short.example,Short Co,Software,200", "",
         "4 fields, the header 8"),
    Kind("company-too-many-fields", "wide.example", COMPANIES, company("wide.example") + ",extra,more", "",
         "10 fields, the header 8"),
    Kind("company-not-utf8", "latin.example", COMPANIES, b"latin.example,Caf\xe9 Co,Software,200,US,2010,,x", "",
         "not valid UTF-8"),
    Kind("company-unterminated-quote", "quote.example", COMPANIES,
         'quote.example,"Quote Co,Software,200,US,2010,,x', "", "unterminated quote"),
    Kind("company-stray-quote", "stray.example", COMPANIES, 'stray.example,"Stray" Co,Software,200,US,2010,,x', "",
         "unreadable"),
    Kind("company-nul-byte", "nul.example", COMPANIES, "nul.example,Nul\x00 Co,Software,200,US,2010,,x", "",
         "NUL"),
    Kind("company-field-over-csv-limit", "bigfield.example", COMPANIES,
         f'bigfield.example,Big Co,Software,200,US,2010,,"{"x" * 140_000}"', "", "longer than 131072"),
    Kind("company-line-over-limit", "bigline.example", COMPANIES, company("bigline.example") + "y" * 300_000, "",
         "line longer than"),
    Kind("company-name-too-long", "longname.example", COMPANIES, company("longname.example", name=LONG), "name",
         "longer than 300"),
    Kind("company-name-line-separator", "ls.example", COMPANIES, company("ls.example", name="LS\u2028Co"), "name",
         "U+2028"),
    Kind("company-domain-malformed", "", COMPANIES, company("not a domain!"), "domain", "not a domain"),
    Kind("company-domain-missing", "", COMPANIES, ",Nameless Co,Software,200,US,2010,,x", "domain", "missing domain"),
    Kind("company-duplicate-conflicting", "dup.example", COMPANIES, company("dup.example", "200"), "employees",
         "different employees", also=company("dup.example", "900")),
    # contacts.csv
    Kind("contact-email-invalid", "badmail.example", CONTACTS, contact(4, "badmail.example", "not-an-address"), None,
         "address"),
    Kind("contact-email-header-injection", "crlf.example", CONTACTS,
         'c5,crlf.example,Fi,Lee,VP Sales,vp,Sales,"fi@crlf.example\r\nBcc: x@evil.example",', "email",
         "U+000D"),
    Kind("contact-name-with-newline", "newline.example", CONTACTS,
         'c6,newline.example,"Jo\nBcc: x@evil.example",Lee,VP Sales,vp,Sales,jo@newline.example,', "first_name",
         "U+000A"),
    Kind("contact-title-too-long", "longtitle.example", CONTACTS, contact(7, "longtitle.example", title=LONG),
         "title", "longer than 300"),
    Kind("contact-linkedin-not-http", "js.example", CONTACTS,
         "c8,js.example,Jay,Lee,VP Sales,vp,Sales,jay@js.example,javascript:alert(1)", "linkedin_url",
         "not an http(s) URL"),
    Kind("contact-domain-malformed", "", CONTACTS, contact(9, "bad domain.example"), "company_domain",
         "not a domain"),
    Kind("contact-too-few-fields", "cshort.example", CONTACTS, "c10,cshort.example,Cy,Lee,VP Sales", "",
         "5 fields, the header 9"),
    Kind("contact-not-utf8", "clatin.example", CONTACTS,
         b"c11,clatin.example,Jos\xe9,Lee,VP Sales,vp,Sales,jose@clatin.example,", "", "not valid UTF-8"),
    Kind("contact-duplicate-id-conflicting", "cdup.example", CONTACTS, contact(12, "cdup.example"), "title",
         "different title", also=contact(12, "cdup.example", title="Intern")),
]
GOOD_FIRST, GOOD_LAST = "good.example", "tail.example"


def _encoded(row: str | bytes) -> bytes:
    return row if isinstance(row, bytes) else row.encode("utf-8")


def write(directory: Path) -> dict[str, list[int]]:
    """Write both files; the lines each kind's broken rows start on."""
    files = {COMPANIES: [COMPANIES_HEADER.encode(), _encoded(company(GOOD_FIRST))],
             CONTACTS: [CONTACTS_HEADER.encode(), _encoded(contact(1, GOOD_FIRST))]}
    lines: dict[str, list[int]] = {}
    for n, kind in enumerate(KINDS, start=100):
        other = CONTACTS if kind.file == COMPANIES else COMPANIES
        domain = kind.domain or f"stray{n}.example"
        files[other].append(_encoded(contact(n, domain) if other == CONTACTS else company(domain)))
        for row in (kind.row, kind.also):
            if row is not None:
                lines.setdefault(kind.name, []).append(sum(r.count(b"\n") + 1 for r in files[kind.file]) + 1)
                files[kind.file].append(_encoded(row))
    files[COMPANIES].append(_encoded(company(GOOD_LAST)))
    files[CONTACTS].append(_encoded(contact(2, GOOD_LAST)))
    for name, rows in files.items():
        (directory / name).write_bytes(b"\n".join(rows) + b"\n")
    return lines


def domains() -> list[str]:
    return [GOOD_FIRST, *(k.domain for k in KINDS if k.domain), GOOD_LAST]
