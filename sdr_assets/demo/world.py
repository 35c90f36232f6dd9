"""A seeded, fictional B2B market: company and contact directory plus buying-signal feeds.

Every domain ends in ``.example`` (RFC 2606), so no message drafted from this world can reach a
real mailbox. Company names are generated from surnames and coined words rather than taken from
Faker's company lists, some of which name real firms.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from faker import Faker

from sdr_assets.demo.catalog import (
    AUDIENCES,
    COINED_HEADS,
    COINED_TAILS,
    COUNTRIES,
    EXEC_TITLES,
    FUNDING_ROUNDS,
    HIRING_ROLES,
    INDUSTRIES,
    INTENT_TOPICS,
    INVESTOR_STYLES,
    PRODUCT_WORDS,
    TECH,
    TITLES,
)

SIGNAL_FIELDS = (
    "signal_id",
    "company_domain",
    "signal_type",
    "detail",
    "observed_at",
    "source",
    "attributes",
)
COMPANY_FIELDS = (
    "domain",
    "name",
    "industry",
    "employees",
    "country",
    "founded",
    "tech_stack",
    "description",
)
CONTACT_FIELDS = (
    "contact_id",
    "company_domain",
    "first_name",
    "last_name",
    "title",
    "seniority",
    "department",
    "email",
    "linkedin_url",
)
SIGNAL_TYPES = (
    "hiring", "funding", "tech_adoption", "leadership_change", "product_launch", "intent"
)
SENIORITIES = ("c_level", "vp", "director", "manager", "ic")
DEPARTMENTS = ("Sales", "RevOps", "Marketing", "Engineering", "Finance", "People")

ALL_TECH = sorted({t for tools in TECH.values() for t in tools})

# Signal feeds: file name, format, source label and the signal types it carries (with weights).
FEEDS = (
    ("signals_jobs.jsonl", "jsonl", "jobs-feed", {"hiring": 5, "leadership_change": 1}),
    ("signals_news.jsonl", "jsonl", "news-wire",
     {"funding": 3, "product_launch": 2, "leadership_change": 2}),
    ("signals_intent.csv", "csv", "intent-provider", {"intent": 3, "tech_adoption": 2}),
)
FEED_SHARE = (220, 160, 220)
BAD_ROW_KINDS = ("unknown_signal_type", "missing_company_domain", "unknown_domain",
                 "unparseable_date")
BAD_ROWS_PER_KIND = 3
DUPLICATES = 5
BROKEN_FILE = "broken_feed.jsonl"
BROKEN_LINES = 8


@dataclass(frozen=True)
class WorldSummary:
    """What ``generate_world`` wrote, including what it planted for the pipeline to catch."""

    companies: int
    contacts: int
    invalid_emails: int
    signals: int  # distinct, valid signals the pipeline should accept
    signal_rows: int  # every line/row in the signal files, good, duplicated and bad
    duplicate_signal_ids: int
    bad_rows: dict[str, int]
    files: tuple[str, ...]  # relative to root, in the order written

    @property
    def bad_rows_total(self) -> int:
        return sum(self.bad_rows.values())


def slug(text: str, sep: str = "-") -> str:
    """ASCII-fold and lowercase ``text``, joining its alphanumeric runs with ``sep``."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return sep.join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _weighted(rng: random.Random, table: dict) -> str:
    keys = list(table)
    weights = [v[0] if isinstance(v, tuple) else v for v in table.values()]
    return rng.choices(keys, weights=weights)[0]


def _hex_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()
    return f"{prefix}_{digest[:12]}"


class _World:
    """Holds the seeded generators so the build steps below stay short."""

    def __init__(self, seed: int, now: datetime):
        self.seed = seed
        self.now = _utc(now)
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for i, (_, locale, _) in enumerate(COUNTRIES.values()):
            fake = Faker(locale)
            fake.seed_instance(seed * 1000 + i)
            self.fakers[locale] = fake

    def faker(self, country: str) -> Faker:
        return self.fakers[COUNTRIES[country][1]]

    # -- companies ---------------------------------------------------------------------------
    def company_name(self, country: str, industry: str) -> str:
        rng = self.rng
        coined = rng.choice(COINED_HEADS) + rng.choice(COINED_TAILS)
        word = rng.choice(INDUSTRIES[industry][1])
        surname = self.faker(country).last_name()
        base = rng.choice([f"{coined} {word}", f"{surname} {word}", coined, f"{coined} {word}"])
        return f"{base} {COUNTRIES[country][2]}" if rng.random() < 0.35 else base

    def companies(self, n: int) -> list[dict]:
        rng, rows, used = self.rng, [], set()
        for _ in range(n):
            country = _weighted(rng, COUNTRIES)
            industry = _weighted(rng, INDUSTRIES)
            name = self.company_name(country, industry)
            legal = slug(COUNTRIES[country][2])
            stem = slug(name).removesuffix(f"-{legal}") if legal else slug(name)
            domain, k = f"{stem}.example", 2
            while domain in used:
                domain, k = f"{stem}{k}.example", k + 1
            used.add(domain)
            # mostly small firms, plus a thin tail of enterprises
            mu, sigma = (7.6, 0.8) if rng.random() < 0.07 else (4.0, 1.3)
            employees = min(20000, 10 + int(rng.lognormvariate(mu, sigma)))
            oldest = 1950 if employees > 2000 else 1990
            founded = rng.randint(oldest, self.now.year - 1)
            stack = sorted({rng.choice(tools) for tools in rng.sample(list(TECH.values()),
                                                                      rng.randint(2, 6))})
            offering = rng.choice(INDUSTRIES[industry][2])
            city = self.faker(country).city()
            description = (f"{name} provides {offering} for {rng.choice(AUDIENCES)}. "
                           f"Founded in {founded}, headquartered in {city}, "
                           f"about {employees:,} employees.")
            rows.append({"domain": domain, "name": name, "industry": industry,
                         "employees": employees, "country": country, "founded": founded,
                         "tech_stack": ";".join(stack), "description": description})
        return rows

    # -- contacts ----------------------------------------------------------------------------
    def contacts(self, companies: list[dict]) -> list[dict]:
        rng, rows = self.rng, []
        for company in companies:
            fake = self.faker(company["country"])
            taken_roles: set[tuple[str, str]] = set()
            locals_used: set[str] = set()
            for _ in range(rng.randint(2, 6)):
                while True:
                    department = rng.choices(DEPARTMENTS, weights=[30, 20, 20, 12, 9, 9])[0]
                    seniority = rng.choices(SENIORITIES, weights=[8, 17, 25, 27, 23])[0]
                    # a company has one CRO, but may have several account executives
                    if seniority == "ic" or (department, seniority) not in taken_roles:
                        break
                taken_roles.add((department, seniority))
                first, last = fake.first_name(), fake.last_name()
                local, k = f"{slug(first, '')}.{slug(last, '')}", 2
                while local in locals_used:
                    local, k = f"{slug(first, '')}.{slug(last, '')}{k}", k + 1
                locals_used.add(local)
                rows.append({
                    "contact_id": _hex_id("ct", self.seed, company["domain"], local),
                    "company_domain": company["domain"],
                    "first_name": first,
                    "last_name": last,
                    "title": rng.choice(TITLES[department][seniority]),
                    "seniority": seniority,
                    "department": department,
                    "email": f"{local}@{company['domain']}",
                    # linkedin.example, not linkedin.com: a made-up handle could be a real person
                    "linkedin_url": f"https://linkedin.example/in/{slug(first)}-{slug(last)}-"
                                    f"{rng.getrandbits(24):06x}",
                })
        return rows

    def spoil_emails(self, contacts: list[dict]) -> int:
        """Break about 1% of addresses in ways a validator must catch; all still end in .example."""
        n = max(1, round(len(contacts) / 100))
        breakers = [
            lambda e: e.replace("@", "."),  # missing @
            lambda e: e.replace(".", " ", 1),  # space in local part
            lambda e: e.replace(".", "..", 1),  # consecutive dots
            lambda e: e.replace("@", "@@"),  # two @
            lambda e: "." + e,  # leading dot
        ]
        for i, row in enumerate(self.rng.sample(contacts, n)):
            row["email"] = breakers[i % len(breakers)](row["email"])
        return n

    # -- signals -----------------------------------------------------------------------------
    def attributes(self, kind: str, company: dict) -> tuple[dict, str]:
        rng, name = self.rng, company["name"]
        fake = self.faker(company["country"])
        if kind == "hiring":
            department = rng.choices(list(HIRING_ROLES), weights=[4, 4, 2, 1])[0]
            role = rng.choice(HIRING_ROLES[department])
            openings = rng.choices([1, 2, 3, 5, 8], weights=[10, 5, 3, 2, 1])[0]
            attrs = {"role": role, "department": department, "openings": openings}
            return attrs, f"{name} posted {openings} opening(s) for {role} ({department})"
        if kind == "funding":
            round_ = rng.choices(list(FUNDING_ROUNDS), weights=[3, 5, 4, 2, 1])[0]
            low, high = FUNDING_ROUNDS[round_]
            amount = rng.randint(low * 10, high * 10) * 100_000
            investor = rng.choice(INVESTOR_STYLES).format(fake.last_name())
            attrs = {"round": round_, "amount_usd": amount, "lead_investor": investor}
            return attrs, f"{name} raised ${amount / 1e6:.1f}M {round_} led by {investor}"
        if kind == "tech_adoption":
            stack = set(company["tech_stack"].split(";"))
            technology = rng.choice([t for t in ALL_TECH if t not in stack])
            return {"technology": technology}, f"{name} started using {technology}"
        if kind == "leadership_change":
            title, person = rng.choice(EXEC_TITLES), fake.name()
            return {"title": title, "person": person}, f"{person} joined {name} as {title}"
        if kind == "product_launch":
            stem = name.split()[0]
            product = f"{stem} {rng.choice(PRODUCT_WORDS)}"
            if rng.random() < 0.3:
                product += f" {rng.randint(2, 4)}.0"
            return {"product": product}, f"{name} launched {product}"
        topic = rng.choice(INTENT_TOPICS)
        score = int(min(100, max(0, rng.gauss(62, 18))))
        return ({"topic": topic, "score": score},
                f"{name} shows research intent on '{topic}' (score {score})")

    def signal(self, kind: str, company: dict, source: str) -> dict:
        attrs, detail = self.attributes(kind, company)
        observed = self.now - timedelta(seconds=self.rng.randint(60, 30 * 86400))
        return {"signal_id": f"sig_{self.rng.getrandbits(48):012x}",
                "company_domain": company["domain"], "signal_type": kind, "detail": detail,
                "observed_at": iso_z(observed), "source": source, "attributes": attrs}

    def plant_bad(self, kind: str, row: dict) -> dict:
        row = dict(row, signal_id=f"sig_{self.rng.getrandbits(48):012x}")
        if kind == "unknown_signal_type":
            row["signal_type"] = self.rng.choice(["webinar_attended", "merger", "press_mention"])
        elif kind == "missing_company_domain":
            row["company_domain"] = self.rng.choice([None, ""])
        elif kind == "unknown_domain":
            row["company_domain"] = f"ghost-{self.rng.getrandbits(20):05x}.example"
        else:
            row["observed_at"] = self.rng.choice(["last Tuesday", "2024-13-45T99:00:00Z",
                                                  "31/02/2024", "n/a"])
        return row


def _company_weights(rng: random.Random, n: int) -> list[float]:
    # A few companies throw off many signals (signal stacking); most have one or none.
    return [rng.paretovariate(1.3) for _ in range(n)]


def _csv_text(fields: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _signal_text(fmt: str, rows: list[dict]) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    flat = [dict(r, company_domain=r["company_domain"] or "",
                 attributes=json.dumps(r["attributes"], ensure_ascii=False)) for r in rows]
    return _csv_text(SIGNAL_FIELDS, flat)


def _write_if_changed(path: Path, text: str) -> None:
    # Leaving identical files untouched keeps their mtime, so file sensors do not fire again.
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def generate_world(
    root: Path, *, seed: int = 7, n_companies: int = 400, now: datetime, n_signals: int = 600
) -> WorldSummary:
    """Write the demo directory and signal inbox under ``root``; same seed and now, same bytes."""
    root = Path(root)
    world = _World(seed, now)
    rng = world.rng
    companies = world.companies(n_companies)
    contacts = world.contacts(companies)
    invalid_emails = world.spoil_emails(contacts)

    weights = _company_weights(rng, len(companies))
    feeds: list[list[dict]] = []
    shares = [round(share * n_signals / sum(FEED_SHARE)) for share in FEED_SHARE]
    for (_, _, source, kinds), share in zip(FEEDS, shares, strict=True):
        picks = rng.choices(companies, weights=weights, k=share)
        feeds.append([world.signal(rng.choices(list(kinds), weights=list(kinds.values()))[0],
                                   company, source) for company in picks])
    signals = sum(len(rows) for rows in feeds)

    # Same signal re-delivered by a second feed: identical row, same signal_id.
    duplicates = rng.sample(feeds[0], min(DUPLICATES, len(feeds[0])))
    feeds[1].extend(dict(row) for row in duplicates)

    bad_rows = {kind: BAD_ROWS_PER_KIND for kind in BAD_ROW_KINDS}
    good = [list(rows) for rows in feeds]
    for kind in BAD_ROW_KINDS:
        for _ in range(BAD_ROWS_PER_KIND):
            target = rng.randrange(len(feeds))
            feeds[target].append(world.plant_bad(kind, rng.choice(good[target])))
    for rows in feeds:
        rows.sort(key=lambda r: (str(r["observed_at"]), r["signal_id"]))

    broken_lines = []
    for _ in range(BROKEN_LINES):
        text = json.dumps(world.signal("funding", rng.choice(companies), "partner-dump"))
        broken_lines.append(text[: rng.randint(10, len(text) - 5)] + "\n")
    bad_rows["malformed_json"] = BROKEN_LINES

    outputs = [
        ("reference/companies.csv", _csv_text(COMPANY_FIELDS, companies)),
        ("reference/contacts.csv", _csv_text(CONTACT_FIELDS, contacts)),
        *[(f"inbox/signals/{name}", _signal_text(fmt, rows))
          for (name, fmt, _, _), rows in zip(FEEDS, feeds, strict=True)],
        (f"inbox/signals/{BROKEN_FILE}", "".join(broken_lines)),
    ]
    for relative, text in outputs:
        _write_if_changed(root / relative, text)

    return WorldSummary(
        companies=len(companies),
        contacts=len(contacts),
        invalid_emails=invalid_emails,
        signals=signals,
        signal_rows=sum(len(rows) for rows in feeds) + BROKEN_LINES,
        duplicate_signal_ids=len(duplicates),
        bad_rows=bad_rows,
        files=tuple(relative for relative, _ in outputs),
    )


def fresh_signals(root: Path, *, seed: int, n_signals: int, now: datetime, name: str = "signals_fresh.jsonl") -> Path:
    """``n_signals`` new signals of the jobs feed, for companies of the world under ``root``, in a file
    of their own in its inbox: what a feed adds after the world has been run. Same seed, same bytes."""
    root = Path(root)
    with (root / "reference" / "companies.csv").open(encoding="utf-8", newline="") as fh:
        companies = list(csv.DictReader(fh))
    world = _World(seed, now)
    _, _, source, kinds = FEEDS[0]
    rows = [world.signal(world.rng.choices(list(kinds), weights=list(kinds.values()))[0],
                         world.rng.choice(companies), source) for _ in range(n_signals)]
    rows.sort(key=lambda r: (str(r["observed_at"]), r["signal_id"]))
    path = root / "inbox" / "signals" / name
    _write_if_changed(path, _signal_text("jsonl", rows))
    return path
