"""The broken-signal corpus: each kind is quarantined with its reason, good rows of the same file go on."""

import csv
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from resources.signal_feed import NoSignalFeed
from sdr_assets.signal_ingest import ingest

CORPUS = Path(__file__).parent / "badinput" / "signals"
NOW = datetime.fromisoformat("2026-11-20T09:00:00+00:00")
INDEX = list(csv.DictReader((CORPUS / "index.csv").read_text(encoding="utf-8").splitlines()))


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for entry in INDEX:
        shutil.copy(CORPUS / "files" / entry["file"], inbox / entry["file"])
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), NOW, settle_seconds=0)
    quarantined = con.execute("select source_file, line, reason from quarantined_signal_rows").fetchall()
    accepted = con.execute("select source_file, source_line, company_domain from raw_signals").fetchall()
    return report, quarantined, accepted


def test_the_corpus_has_at_least_thirty_quarantined_kinds():
    quarantined = [e for e in INDEX if e["expected"] not in ("accepted", "duplicate")]
    assert len({e["kind"] for e in quarantined}) >= 30


@pytest.mark.parametrize("entry", INDEX, ids=[e["kind"] for e in INDEX])
def test_each_kind_ends_where_the_index_says(outcome, entry):
    _, quarantined, accepted = outcome
    line = int(entry["line"])
    here = [reason for name, n, reason in quarantined if name == entry["file"] and n == line]
    if entry["expected"] == "accepted":
        assert (entry["file"], line) in {(f, n) for f, n, _ in accepted} and not here
    elif entry["expected"] == "duplicate":
        assert not here and entry["file"] not in {f for f, _, _ in accepted}
    else:
        assert len(here) == 1 and entry["expected"] in here[0], (entry, here)


def test_good_rows_around_each_broken_row_go_on(outcome):
    _, _, accepted = outcome
    per_file = Counter(f for f, _, _ in accepted)
    for entry in INDEX:
        if entry["expected"] in ("accepted", "duplicate") or int(entry["line"]) == 0:
            continue
        if entry["kind"].startswith("csv_header"):  # no row of a file without a usable header is read
            continue
        assert per_file[entry["file"]] == 2, entry["kind"]
    assert ("02_deep_nesting.jsonl", 3, "good-1002.example") in accepted


def test_a_file_whose_header_cannot_be_read_is_quarantined_whole_and_recorded(outcome):
    report, quarantined, _ = outcome
    for entry in [e for e in INDEX if e["kind"].startswith("csv_header")]:
        assert [n for name, n, _ in quarantined if name == entry["file"]] == [1], entry["kind"]
        assert entry["file"] in report.files_read


def test_rows_in_add_up(outcome):
    report, quarantined, accepted = outcome
    assert report.rows_in == len(report.rows) + len(report.quarantined) + report.duplicates
    assert len(report.rows) == len(accepted) and len(report.quarantined) == len(quarantined)
    assert report.duplicates == 1
    print(f"corpus: rows_in={report.rows_in} accepted={len(accepted)} "
          f"quarantined={len(quarantined)} duplicates={report.duplicates}")
