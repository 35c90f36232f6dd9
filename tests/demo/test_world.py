"""The seeded demo world: deterministic, fictional, and salted with the bad rows it promises."""

from __future__ import annotations

import ast
import csv
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from email_validator import EmailNotValidError, validate_email

import sdr_assets.demo as demo
from sdr_assets.demo.world import SIGNAL_TYPES, generate_world

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
ATTRIBUTE_KEYS = {
    "hiring": {"role", "department", "openings"},
    "funding": {"round", "amount_usd", "lead_investor"},
    "tech_adoption": {"technology"},
    "leadership_change": {"title", "person"},
    "product_launch": {"product"},
    "intent": {"topic", "score"},
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    return root, generate_world(root, seed=7, now=NOW)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _signal_rows(root: Path) -> tuple[list[dict], int]:
    """Every parseable row across the signal inbox, and the count of unparseable JSON lines."""
    rows, malformed = [], 0
    for path in sorted((root / "inbox" / "signals").iterdir()):
        if path.suffix == ".csv":
            for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines()):
                rows.append(dict(row, attributes=json.loads(row["attributes"])))
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                malformed += 1
    return rows, malformed


def _parses(stamp: object) -> bool:
    try:
        datetime.strptime(str(stamp), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def test_same_seed_same_bytes_other_seed_other_world(world, tmp_path):
    root, summary = world
    again = generate_world(tmp_path / "again", seed=7, now=NOW)
    assert again == summary
    assert _files(tmp_path / "again") == _files(root)

    other = tmp_path / "other"
    generate_world(other, seed=8, now=NOW)
    assert set(_files(other)) == set(_files(root))
    for name, data in _files(other).items():
        assert data != _files(root)[name], name


def test_rerun_leaves_unchanged_files_untouched(tmp_path):
    # file sensors key runs on mtime; an identical rerun must not look like new data
    generate_world(tmp_path, seed=3, n_companies=30, now=NOW)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    generate_world(tmp_path, seed=3, n_companies=30, now=NOW)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_directory_csvs_parse_with_polars(world):
    root, summary = world
    companies = pl.read_csv(root / "reference" / "companies.csv")
    contacts = pl.read_csv(root / "reference" / "contacts.csv")
    assert companies.columns == ["domain", "name", "industry", "employees", "country", "founded",
                                 "tech_stack", "description"]
    assert contacts.columns == ["contact_id", "company_domain", "first_name", "last_name", "title",
                                "seniority", "department", "email", "linkedin_url"]
    assert companies.height == summary.companies == 400
    assert contacts.height == summary.contacts
    assert companies["domain"].n_unique() == companies.height
    assert contacts["contact_id"].n_unique() == contacts.height
    assert companies["employees"].min() >= 10 and companies["employees"].max() <= 20000
    assert companies["employees"].median() < 200  # skewed small
    per_company = contacts.group_by("company_domain").len()
    assert per_company["len"].min() >= 2 and per_company["len"].max() <= 6
    assert set(contacts["company_domain"]) == set(companies["domain"])
    assert set(contacts["seniority"]) == {"c_level", "vp", "director", "manager", "ic"}
    assert set(contacts["department"]) == {"Sales", "RevOps", "Marketing", "Engineering",
                                           "Finance", "People"}
    main = {"US", "GB", "DE", "FR", "ES", "NL", "CA"}
    assert companies["country"].is_in(list(main)).mean() > 0.9
    assert all(len(stack.split(";")) >= 2 for stack in companies["tech_stack"])


def test_every_address_is_on_a_reserved_domain(world):
    root, _ = world
    companies = pl.read_csv(root / "reference" / "companies.csv")
    contacts = pl.read_csv(root / "reference" / "contacts.csv")
    assert companies["domain"].str.ends_with(".example").all()
    # even the deliberately broken addresses must never point at a real domain
    assert contacts["email"].str.ends_with(".example").all()
    assert not contacts["linkedin_url"].str.contains("linkedin.com").any()
    rows, _ = _signal_rows(root)
    assert all(str(r.get("company_domain") or "x.example").endswith(".example") for r in rows)


def test_about_one_percent_of_emails_are_invalid(world):
    root, summary = world
    contacts = pl.read_csv(root / "reference" / "contacts.csv")
    invalid = []
    for address in contacts["email"]:
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError:
            invalid.append(address)
    assert len(invalid) == summary.invalid_emails
    assert 0.005 <= len(invalid) / contacts.height <= 0.02
    valid = contacts.filter(~pl.col("email").is_in(invalid))["email"]
    assert valid.str.contains(r"^[a-z0-9]+\.[a-z0-9]+@[a-z0-9-]+\.example$").all()


def test_planted_bad_signal_rows_match_the_summary(world):
    root, summary = world
    companies = set(pl.read_csv(root / "reference" / "companies.csv")["domain"])
    rows, malformed = _signal_rows(root)
    found = Counter()
    good = []
    for row in rows:
        if row["signal_type"] not in SIGNAL_TYPES:
            found["unknown_signal_type"] += 1
        elif not row.get("company_domain"):
            found["missing_company_domain"] += 1
        elif row["company_domain"] not in companies:
            found["unknown_domain"] += 1
        elif not _parses(row["observed_at"]):
            found["unparseable_date"] += 1
        else:
            good.append(row)
    found["malformed_json"] = malformed
    assert dict(found) == summary.bad_rows
    assert summary.bad_rows_total == 20

    ids = Counter(row["signal_id"] for row in good)
    assert sum(1 for n in ids.values() if n > 1) == summary.duplicate_signal_ids == 5
    assert len(ids) == summary.signals and 550 <= summary.signals <= 650
    assert len(rows) + malformed == summary.signal_rows


def test_good_signals_are_recent_and_typed(world):
    root, _ = world
    rows, _ = _signal_rows(root)
    good = [r for r in rows if r["signal_type"] in SIGNAL_TYPES and _parses(r["observed_at"])
            and r.get("company_domain")]
    assert {r["signal_type"] for r in good} == set(SIGNAL_TYPES)
    for row in good:
        observed = datetime.strptime(row["observed_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert NOW - timedelta(days=30) <= observed < NOW
        assert set(row["attributes"]) == ATTRIBUTE_KEYS[row["signal_type"]]
        if row["signal_type"] == "intent":
            assert 0 <= row["attributes"]["score"] <= 100


def test_signal_files_come_in_both_formats_and_polars_reads_the_csv(world):
    root, summary = world
    inbox = root / "inbox" / "signals"
    assert {p.suffix for p in inbox.iterdir()} == {".jsonl", ".csv"}
    assert "inbox/signals/broken_feed.jsonl" in summary.files
    for path in inbox.glob("*.csv"):
        frame = pl.read_csv(path, infer_schema=False)
        assert frame.columns == ["signal_id", "company_domain", "signal_type", "detail",
                                 "observed_at", "source", "attributes"]
        assert all(isinstance(json.loads(a), dict) for a in frame["attributes"])
    broken = (inbox / "broken_feed.jsonl").read_text().splitlines()
    assert len(broken) == summary.bad_rows["malformed_json"]
    for line in broken:
        with pytest.raises(json.JSONDecodeError):
            json.loads(line)


def test_demo_package_stays_free_of_dagster():
    package = Path(demo.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "dagster" for n in names), module.name
    assert all(hasattr(demo, name) for name in demo.__all__)
