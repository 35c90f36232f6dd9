"""A hostile inbox: every bad file is quarantined with its reason, good rows go on, and nothing outside
the inbox is read, whatever a link in it points to."""

import json
import os
import time
import zipfile
from datetime import UTC, datetime

import duckdb

from resources.signal_feed import NoSignalFeed
from sdr_assets.domain.signals import MAX_LINE
from sdr_assets.inbox_files import LINK_REFUSAL
from sdr_assets.signal_ingest import ingest
from sdr_assets.signal_file_records import SIGNAL_FILES_SQL, signal_file_records
from sensors.signal_files import inbox_state

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROW = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T10:00:00Z",
       "source": "jobs", "attributes": {"role": "RevOps Lead"}}


def _row(n: int) -> bytes:
    return json.dumps({**ROW, "signal_id": f"s-{n}", "detail": f"opening {n}"}).encode()


def _aged(path) -> None:
    at = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(at, at), follow_symlinks=False)


def _quarantine(con) -> list[tuple]:
    return con.execute("select source_file, line, reason from quarantined_signal_rows "
                       "order by source_file, line").fetchall()


def test_a_hostile_inbox_quarantines_each_bad_file_and_row_and_keeps_the_good_rows(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "secret"
    inbox.mkdir()
    outside.mkdir()
    (outside / "other_team.jsonl").write_bytes(_row(99) + b"\n")
    (inbox / "bom_crlf.jsonl").write_bytes(b"\xef\xbb\xbf" + _row(1) + b"\r\n" + _row(2) + b"\r\n")
    mixed = _row(3) + b"\n" + _row(4).replace(b"opening 4", "öffnung 4".encode("latin-1")) + b"\n"
    (inbox / "mixed.jsonl").write_bytes(mixed + b'{"detail": "' + b"x" * (MAX_LINE + 1) + b'"}\n' + _row(5) + b"\n")
    (inbox / "twice.csv").write_text("company_domain,signal_type,signal_type\r\nacme.example,hiring,hiring\r\n")
    with zipfile.ZipFile(inbox / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.jsonl", b"\n" * 10_000_000)
    os.symlink(outside / "other_team.jsonl", inbox / "linked.jsonl")
    for path in [*inbox.iterdir(), outside / "other_team.jsonl"]:
        _aged(path)
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), NOW)
    ids = sorted(i for (i,) in con.execute("select signal_id from raw_signals").fetchall())
    assert ids == ["s-1", "s-2", "s-3", "s-5"], "the good rows go on; nothing of the linked file is read"
    assert _quarantine(con) == [
        ("bomb.zip", 0, "unsupported file type '.zip'"),
        ("linked.jsonl", 0, LINK_REFUSAL),
        ("mixed.jsonl", 2, "row is not valid UTF-8"),
        ("mixed.jsonl", 3, f"line longer than {MAX_LINE} characters"),
        ("twice.csv", 1, "CSV header names column signal_type twice, so no row of the file was read"),
    ]
    assert "linked.jsonl" in report.files_read
    assert ingest(con, inbox, NoSignalFeed(), NOW).files_read == [], "each file is judged once"
    read = signal_file_records(con.execute(SIGNAL_FILES_SQL).fetchall())
    assert inbox_state(inbox, read)[:3] == ([], [], []), "the sensor sees the link as the run recorded it"
