"""Large feeds read in parts on worker processes give what the whole file gives in one process."""

import codecs
import json
from datetime import UTC, datetime

import duckdb
import polars as pl
import pytest

from resources.signal_feed import NoSignalFeed
from resources.tables import frame_of
from sdr_assets import feed_parts
from sdr_assets.domain.signals import read_feed
from sdr_assets.feed_parts import FeedReader, cut, joined
from sdr_assets.signal_ingest import ingest

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _row(n: int, **changes) -> dict:
    return {"signal_id": f"s{n}", "company_domain": f"co{n}.example", "signal_type": "hiring",
            "observed_at": "2026-11-18T10:00:00Z", "source": "jobs", "detail": f"opening {n}",
            "attributes": {"role": "RevOps Lead"}, **changes}


def _awkward_feed() -> bytes:
    """JSON Lines with what a cut could break: a byte order mark at the start, CRLF endings, blank and
    broken lines, an undecodable byte, a line that itself starts with U+FEFF, and duplicate ids."""
    lines = [codecs.BOM_UTF8 + json.dumps(_row(0)).encode()]
    for n in range(1, 400):
        if n % 37 == 0:
            lines.append(b"{not json")
        elif n % 41 == 0:
            lines.append(b"")
        elif n % 43 == 0:
            lines.append(json.dumps(_row(n, detail="caf\u00e9")).encode()[:-3] + b"\xff\"}")
        elif n % 47 == 0:
            lines.append("\ufeff".encode() + json.dumps(_row(n)).encode())
        elif n % 53 == 0:
            lines.append(json.dumps(_row(n - 1)).encode())
        else:
            funding = {"signal_type": "funding", "attributes": {"round": "Series B"}} if n % 2 else {}
            lines.append(json.dumps(_row(n, **funding)).encode())
    return b"".join(line + (b"\r\n" if n % 3 == 0 else b"\n") for n, line in enumerate(lines))


def _same(a, b) -> None:
    assert a.frame.equals(b.frame)
    assert a.quarantined == b.quarantined and a.duplicates == b.duplicates


@pytest.mark.parametrize("size", [1, 100, 997, 10_000, 10**9])
def test_a_feed_cut_anywhere_reads_as_the_whole_file(size):
    data = _awkward_feed()
    whole = read_feed("feed.jsonl", data, NOW)
    parts = cut("feed.jsonl", data, size)

    assert b"".join(part for part, _ in parts) == data
    assert len(parts) > 1 or size >= len(data)
    _same(joined([read_feed("feed.jsonl", part, NOW, first_line=line) for part, line in parts]), whole)
    assert whole.quarantined and whole.frame.height > 300, "the feed exercises both paths"


def test_csv_parquet_and_utf16_files_are_never_cut():
    rows = "\n".join(f"co{n}.example,hiring,\"a\nb\"" for n in range(200))
    utf16 = codecs.BOM_UTF16_LE + ("\n".join(json.dumps(_row(n)) for n in range(200))).encode("utf-16-le")
    assert len(cut("feed.csv", ("company_domain,signal_type,detail\n" + rows).encode(), 10)) == 1
    assert len(cut("feed.parquet", b"x" * 100, 10)) == 1
    assert len(cut("feed.jsonl", utf16, 10)) == 1
    with pytest.raises(ValueError, match="read whole"):
        read_feed("feed.csv", b"company_domain,signal_type\n", NOW, first_line=5)


def test_worker_processes_give_each_file_in_order(monkeypatch):
    monkeypatch.setattr(feed_parts, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(feed_parts, "PART_BYTES", 2_000)
    files = [("a.jsonl", _awkward_feed()), ("b.csv", b"company_domain,signal_type\nco1.example,hiring\n"),
             ("c.jsonl", b"\n".join(json.dumps(_row(n)).encode() for n in range(500, 900)))]

    with FeedReader(NOW, workers=2) as reader:
        pending = [reader.read(name, data) for name, data in files]
        assert reader.pool is not None, "the workers were used"
        pooled = [read() for read in pending]

    for (name, data), got in zip(files, pooled, strict=True):
        _same(got, read_feed(name, data, NOW))


def _tables(con) -> list[pl.DataFrame]:
    return [frame_of(con, "select * exclude (ingested_at) from raw_signals order by source_file, source_line"),
            frame_of(con, "select * exclude (quarantined_at) from quarantined_signal_rows order by all"),
            frame_of(con, "select * exclude (read_at, hashed_ns) from signal_files order by all")]


def test_an_inbox_read_by_workers_stores_what_one_process_stores(tmp_path, monkeypatch):
    """Duplicates across files are dropped in the inbox's order, whichever part finished first."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_big.jsonl").write_bytes(_awkward_feed())
    (inbox / "b_small.jsonl").write_text(json.dumps(_row(5)) + "\n" + json.dumps(_row(9000)) + "\n")
    (inbox / "c_notes.txt").write_text("not a feed")
    alone = duckdb.connect(":memory:")
    ingest(alone, inbox, NoSignalFeed(), NOW, settle_seconds=0)

    monkeypatch.setattr(feed_parts, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(feed_parts, "PART_BYTES", 1_500)
    monkeypatch.setattr(feed_parts, "_cores", lambda: 2)
    pooled = duckdb.connect(":memory:")
    report = ingest(pooled, inbox, NoSignalFeed(), NOW, settle_seconds=0)

    assert report.files_read == ["a_big.jsonl", "b_small.jsonl", "c_notes.txt"]
    assert report.duplicates >= 2, "a repeated id inside a file and one across files"
    for mine, theirs in zip(_tables(pooled), _tables(alone), strict=True):
        assert mine.equals(theirs)
