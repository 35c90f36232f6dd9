"""One buying event reported by two vendors is one signal: the later report is kept as one more source
of it, whichever file is read first, and reading it again changes nothing."""

import json
import os
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from resources.signal_feed import NoSignalFeed
from sdr_assets import signal_rescreen
from sdr_assets.domain.signals import Deduplicator, read_feed
from sdr_assets.domain.timeliness import GONE
from sdr_assets.playbook import load_play
from sdr_assets.signal_ingest import _stored, deduplicator, ingest
from sdr_assets.signal_rescreen import rescreen
from sdr_assets.stale_drafts import stale_kinds
from tests.counting import Counting

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
ROUND = {"round": "Series B", "amount": 20_000_000, "currency": "USD"}
VENDOR_A = {"signal_id": "a-1", "company_domain": "acme.example", "signal_type": "funding",
            "observed_at": "2026-11-18T08:00:00Z", "source": "vendor-a", "attributes": ROUND,
            "detail": "Acme raised a $20M Series B"}
VENDOR_B = {"signal_id": "B-77", "company_domain": "https://www.Acme.example/", "signal_type": "funding",
            "observed_at": "2026-11-18T16:30:00Z", "source": "vendor-b",
            "attributes": {"round": "series b", "amount_usd": 20_000_000},
            "detail": "Series B: 20 million dollars for Acme", "evidence_url": "https://news.example/acme"}


def _write(path: Path, rows: list[dict], age: float = 3600) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    at = time.time_ns() - int(age * 1e9)
    os.utime(path, ns=(at, at))


def _signals(con) -> list[tuple]:
    return con.execute("select signal_id, source from raw_signals order by signal_id").fetchall()


def _reports(con) -> list[tuple]:
    return con.execute("select signal_id, reported_signal_id, source, source_file from merged_signal_reports "
                       "order by reported_signal_id").fetchall()


def _merged_pair(tmp_path) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """An inbox of vendor A's row and vendor B's report of the same round, read once."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "vendor_a.jsonl", [VENDOR_A])
    _write(inbox / "vendor_b.jsonl", [VENDOR_B])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]
    return inbox, con


def test_one_funding_round_from_two_vendors_is_one_signal_with_both_sources(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "vendor_a.jsonl", [VENDOR_A])
    _write(inbox / "vendor_b.jsonl", [VENDOR_B])
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), NOW)
    assert _signals(con) == [("a-1", "vendor-a")]
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]
    assert (report.rows.height, report.duplicates, report.reports.height, report.rows_in) == (1, 0, 1, 2)
    files = con.execute("select file, rows_in, accepted, duplicates, merged from signal_files order by file")
    assert files.fetchall() == [("vendor_a.jsonl", 1, 1, 0, 0), ("vendor_b.jsonl", 1, 0, 0, 1)]


def test_whichever_vendor_is_read_first_the_event_counts_once_with_both_sources(tmp_path):
    for first, second in ((VENDOR_A, VENDOR_B), (VENDOR_B, VENDOR_A)):
        inbox = tmp_path / first["signal_id"]
        inbox.mkdir()
        _write(inbox / "first.jsonl", [first])
        con = duckdb.connect(":memory:")
        ingest(con, inbox, NoSignalFeed(), NOW)
        _write(inbox / "second.jsonl", [second])
        report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
        assert report.rows.height == 0 and report.reports.height == 1
        assert _signals(con) == [(first["signal_id"], first["source"])]
        sources = con.execute("select source from raw_signals union select source from merged_signal_reports")
        assert sorted(s for (s,) in sources.fetchall()) == ["vendor-a", "vendor-b"]


def test_a_merged_report_read_again_is_a_duplicate_and_is_kept_once(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    other = {**VENDOR_B, "signal_id": "B-78", "company_domain": "beta.example"}
    _write(inbox / "vendor_b.jsonl", [VENDOR_B, other], age=60)  # the vendor's file grows: read again
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert report.files_read == ["vendor_b.jsonl"]
    assert (report.rows.height, report.duplicates, report.reports.height) == (1, 1, 0)
    assert _signals(con) == [("B-78", "vendor-b"), ("a-1", "vendor-a")]
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]


def test_one_job_posting_from_two_vendors_is_one_signal_and_other_events_stay_apart(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    posting = "https://acme.example/jobs/4821"
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T09:00:00Z"}
    intent = {"company_domain": "acme.example", "signal_type": "intent", "observed_at": "2026-11-18T09:00:00Z",
              "attributes": {"topic": "revops", "score": 80}}
    _write(inbox / "jobs_a.jsonl", [
        {**hiring, "signal_id": "j-1", "source": "jobs-a", "attributes": {"role": "RevOps Lead",
                                                                          "posting_url": posting}},
        {**hiring, "signal_id": "j-2", "source": "jobs-a", "attributes": {"role": "Data Engineer"},
         "detail": "Hiring a data engineer"},
        {**hiring, "signal_id": "j-3", "source": "jobs-a", "attributes": {"role": "Data Engineer"},
         "detail": "A second data engineer opening"},
        {**intent, "signal_id": "i-1", "source": "intent-a"},
    ])
    _write(inbox / "jobs_b.jsonl", [
        {**hiring, "signal_id": "k-9", "source": "jobs-b", "attributes": {"role": "Revenue Operations Lead",
                                                                          "posting_url": posting}},
        {**hiring, "signal_id": "k-10", "source": "jobs-b", "attributes": {"role": "Data engineer"},
         "observed_at": "2026-11-19T09:00:00Z", "detail": "Data engineer wanted"},
        {**intent, "signal_id": "i-2", "source": "intent-b"},
    ])
    con = duckdb.connect(":memory:")
    report = ingest(con, inbox, NoSignalFeed(), NOW)
    kept = [s for s, _ in _signals(con)]
    assert kept == ["i-1", "i-2", "j-1", "j-2", "j-3", "k-10"], "a vendor's own rows, another day, intent: apart"
    assert _reports(con) == [("j-1", "k-9", "jobs-b", "jobs_b.jsonl")]
    assert report.rows_in == 7 == report.rows.height + report.reports.height


def test_two_roles_on_one_careers_page_are_two_events_whatever_evidence_url_they_share(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    careers = "https://acme.example/careers"
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T09:00:00Z",
              "evidence_url": careers}
    _write(inbox / "jobs_a.jsonl", [{**hiring, "signal_id": "j-1", "source": "jobs-a",
                                     "attributes": {"role": "Data Engineer"}}])
    _write(inbox / "jobs_b.jsonl", [{**hiring, "signal_id": "k-1", "source": "jobs-b",
                                     "attributes": {"role": "Head of Sales"}},
                                    {**hiring, "signal_id": "k-2", "source": "jobs-b",
                                     "attributes": {"role": "data engineer"}, "evidence_url": None}])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert _signals(con) == [("j-1", "jobs-a"), ("k-1", "jobs-b")], "a careers page names no one role"
    assert _reports(con) == [("j-1", "k-2", "jobs-b", "jobs_b.jsonl")], "the same role is one event"


def test_a_kept_row_corrected_in_its_own_words_is_corrected_not_merged_into_itself(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_a.jsonl", [{**VENDOR_A, "detail": "Acme closed a $20M Series B"}], age=60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.describe() for c in report.corrected] == ["a-1 (vendor_a.jsonl): detail"]
    assert con.execute("select signal_id, detail from raw_signals").fetchall() == [("a-1", "Acme closed a $20M Series B")]
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]


def test_a_correction_that_now_names_another_vendors_event_replaces_its_row_and_is_not_merged(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    other_round = {**VENDOR_B, "attributes": {"round": "series c", "amount_usd": 20_000_000}}
    _write(inbox / "vendor_a.jsonl", [VENDOR_A])
    _write(inbox / "vendor_b.jsonl", [other_round])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert _signals(con) == [("B-77", "vendor-b"), ("a-1", "vendor-a")] and _reports(con) == []
    _write(inbox / "vendor_b.jsonl", [VENDOR_B], age=60)  # the vendor fixes its round: now a-1's event
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.describe() for c in report.corrected] == ["B-77 (vendor_b.jsonl): attributes"]
    assert report.reports.height == 0 and _reports(con) == []
    stored = con.execute("select attributes from raw_signals where signal_id = 'B-77'").fetchall()
    assert [json.loads(a)["round"] for (a,) in stored] == ["series b"], "the stored row holds the fix"


def _stored_b(con) -> list[tuple]:
    return con.execute("select signal_id, source, detail, evidence_url, source_line, ingested_at from raw_signals "
                       "where signal_id = 'B-77'").fetchall()


def test_a_merged_report_stands_as_the_signal_when_a_rescreen_moves_its_signal_away(tmp_path):
    _, con = _merged_pair(tmp_path)
    con.execute("update raw_signals set company_domain = 'not a domain' where signal_id = 'a-1'")
    moved = rescreen(con, NOW + timedelta(hours=1))
    assert [q.line for q in moved] == [1]
    assert _stored_b(con) == [("B-77", "vendor-b", VENDOR_B["detail"], VENDOR_B["evidence_url"], 1, NOW)]
    assert _reports(con) == [], "no report points at a signal that is gone"


def _quarantined(con) -> list[tuple]:
    held = con.execute("select source_file, line, reason from quarantined_signal_rows order by source_file")
    return [(f, line, reason.split(": ", 1)[1]) for f, line, reason in held.fetchall()]


def test_a_merged_report_that_shares_its_signals_refused_trait_is_quarantined_not_promoted(tmp_path):
    _, con = _merged_pair(tmp_path)
    for table in ("raw_signals", "merged_signal_reports"):  # a type an earlier validator let in
        con.execute(f"update {table} set signal_type = 'gossip'")
    moved = rescreen(con, NOW + timedelta(hours=1))
    assert sorted(q.source_file for q in moved) == ["vendor_a.jsonl", "vendor_b.jsonl"]
    assert _signals(con) == [] and _reports(con) == []
    assert _quarantined(con) == [("vendor_a.jsonl", 1, "unknown signal_type 'gossip'"),
                                 ("vendor_b.jsonl", 1, "unknown signal_type 'gossip'")]
    assert rescreen(con, NOW + timedelta(hours=2)) == []


def test_the_reports_of_a_refused_promoted_report_are_judged_in_turn_until_one_passes(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_c.jsonl", [{**VENDOR_B, "signal_id": "C-5", "source": "vendor-c"}])
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert [r[1] for r in _reports(con)] == ["B-77", "C-5"]
    bad = "evidence_url = 'ftp://acme.example/x'"  # refused, yet not a fact that names the event
    con.execute(f"update raw_signals set {bad}")
    con.execute(f"update merged_signal_reports set {bad} where reported_signal_id = 'B-77'")
    moved = rescreen(con, NOW + timedelta(hours=1))
    assert [q.source_file for q in moved] == ["vendor_a.jsonl", "vendor_b.jsonl"]
    assert _signals(con) == [("C-5", "vendor-c")] and _reports(con) == []
    refused = "evidence_url is not an http(s) URL: 'ftp://acme.example/x'"
    assert [reason for _, _, reason in _quarantined(con)] == [refused, refused]


def test_a_merged_report_stands_as_the_signal_when_its_signal_is_corrected_into_another_event(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_a.jsonl", [{**VENDOR_A, "attributes": {**ROUND, "round": "Series C"}}], age=60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.describe() for c in report.corrected] == ["a-1 (vendor_a.jsonl): attributes"]
    assert _signals(con) == [("B-77", "vendor-b"), ("a-1", "vendor-a")]
    assert _reports(con) == []


def test_a_vendor_correcting_a_merged_report_is_corrected_not_dropped_as_a_duplicate(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_b.jsonl", [{**VENDOR_B, "detail": "Acme's Series B: $20M"}], age=60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.describe() for c in report.corrected] == ["B-77 (vendor_b.jsonl): detail"]
    assert report.duplicates == 0 and _signals(con) == [("a-1", "vendor-a")]
    details = con.execute("select reported_signal_id, detail from merged_signal_reports").fetchall()
    assert details == [("B-77", "Acme's Series B: $20M")], "still a report of a-1, with the new words"
    _write(inbox / "vendor_b.jsonl", [{**VENDOR_B, "attributes": {"round": "series c"}}], age=30)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert [c.signal_id for c in report.corrected] == ["B-77"]
    assert _signals(con) == [("B-77", "vendor-b"), ("a-1", "vendor-a")] and _reports(con) == []


def test_the_stored_rows_asked_for_are_those_of_the_company_days_a_feed_names_each_once():
    stored = read_feed("vendor_a.jsonl", json.dumps(VENDOR_A).encode(), NOW).frame
    asked = []

    def rows_of(days: list[tuple[str, date]], ids: list[str]):
        asked.append((days, ids))
        day = pl.col("observed_at").dt.date()
        return stored.filter(pl.concat_list("company_domain", day.cast(pl.String)).list.join(" ")
                             .is_in([f"{d} {t}" for d, t in days]) | pl.col("signal_id").is_in(ids))

    dedup = Deduplicator(lambda: (["a-1"], stored["event_key"]), rows_of)
    other = {**VENDOR_B, "signal_id": "B-78", "company_domain": "beta.example"}
    intent = {"signal_id": "i-1", "company_domain": "gamma.example", "signal_type": "intent", "source": "vendor-b",
              "observed_at": "2026-11-18T09:00:00Z", "attributes": {"topic": "revops", "score": 80}}
    first = dedup.fresh(read_feed("vendor_b.jsonl", "\n".join(map(json.dumps, [VENDOR_B, other, intent])).encode(),
                                  NOW))
    again = dedup.fresh(read_feed("vendor_c.jsonl", json.dumps({**other, "signal_id": "C-1",
                                                                  "source": "vendor-c"}).encode(), NOW))
    assert first.merged["signal_id"].to_list() == ["a-1"] and again.merged["signal_id"].to_list() == ["B-78"]
    day = date(2026, 11, 18)
    assert asked == [([("acme.example", day), ("beta.example", day)], [])], "each company day asked for once"
    assert dedup.held["signal_id"].to_list() == ["a-1", "B-78"], "intent is never held: its event_key names it"


def test_only_the_days_of_companies_the_store_holds_are_asked_for():
    stored = read_feed("vendor_a.jsonl", json.dumps(VENDOR_A).encode(), NOW).frame
    asked, listed = [], []

    def companies():
        listed.append(True)
        return ["acme.example"]

    dedup = Deduplicator(lambda: (["a-1"], stored["event_key"]),
                         lambda days, ids: asked.append((days, ids)) or stored, companies)
    other = {**VENDOR_B, "signal_id": "B-78", "company_domain": "beta.example"}
    first = dedup.fresh(read_feed("vendor_b.jsonl", "\n".join(map(json.dumps, [VENDOR_B, other])).encode(), NOW))
    dedup.fresh(read_feed("vendor_c.jsonl", json.dumps({**other, "signal_id": "C-1", "source": "vendor-c"}).encode(),
                          NOW))
    assert first.merged["signal_id"].to_list() == ["a-1"], "a stored company's day is still weighed"
    assert asked == [([("acme.example", date(2026, 11, 18))], [])], "beta.example has no stored rows to ask for"
    assert listed == [True], "the companies are listed once"


def test_the_stored_rows_read_are_those_of_the_feeds_company_days_intent_aside(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    intent = {"company_domain": "acme.example", "signal_type": "intent", "source": "vendor-a",
              "observed_at": "2026-11-18T10:00:00Z", "attributes": {"topic": "revops", "score": 80}}
    _write(inbox / "a.jsonl", [VENDOR_A, {**VENDOR_A, "signal_id": "a-0", "observed_at": "2026-11-17T23:59:00Z"},
                               {**intent, "signal_id": "i-1"}])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    read = _stored(con, [("acme.example", date(2026, 11, 18))], [])
    assert read["signal_id"].to_list() == ["a-1"], "another day and intent are not read"
    assert _stored(con, [], ["a-0"])["signal_id"].to_list() == ["a-0"]


def test_a_report_promoted_when_its_signal_is_corrected_away_is_screened_as_it_stands(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_c.jsonl", [{**VENDOR_B, "signal_id": "C-5", "source": "vendor-c"}])
    ingest(con, inbox, NoSignalFeed(), NOW)
    con.execute("update merged_signal_reports set evidence_url = 'ftp://acme.example/x' "
                "where reported_signal_id = 'B-77'")  # stored by an earlier, laxer validator
    _write(inbox / "vendor_a.jsonl", [{**VENDOR_A, "attributes": {**ROUND, "round": "Series C"}}], age=60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [c.signal_id for c in report.corrected] == ["a-1"]
    assert _signals(con) == [("C-5", "vendor-c"), ("a-1", "vendor-a")], "the refused report does not stand"
    assert _reports(con) == []
    refused = "evidence_url is not an http(s) URL: 'ftp://acme.example/x'"
    assert _quarantined(con) == [("vendor_b.jsonl", 1, refused)]
    assert [q.source_file for q in report.refused_on_promotion] == ["vendor_b.jsonl"]
    assert rescreen(con, NOW + timedelta(hours=2)) == [], "nothing is left for the next rescreen"


def test_a_promoted_report_repeating_another_stored_rows_event_is_quarantined_and_the_next_stands(tmp_path):
    inbox, con = _merged_pair(tmp_path)
    _write(inbox / "vendor_c.jsonl", [{**VENDOR_B, "signal_id": "C-5", "source": "vendor-c"}])
    ingest(con, inbox, NoSignalFeed(), NOW)
    con.execute("insert into raw_signals by name select 'z-1' as signal_id, 'zeta.example' as company_domain, "
                "'zeta.jsonl' as source_file, * exclude (signal_id, company_domain, source_file) "
                "from raw_signals where signal_id = 'a-1'")
    con.execute("update raw_signals set event_key = (select event_key from merged_signal_reports "
                "where reported_signal_id = 'B-77') where signal_id = 'z-1'")  # as an earlier version keyed it
    _write(inbox / "vendor_a.jsonl", [{**VENDOR_A, "attributes": {**ROUND, "round": "Series C"}}], age=60)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [q.reason for q in report.refused_on_promotion] == ["repeats the id or the event of an earlier stored row"]
    assert _signals(con) == [("C-5", "vendor-c"), ("a-1", "vendor-a"), ("z-1", "vendor-a")]


def test_a_rescreen_quarantines_a_promoted_report_that_repeats_a_kept_rows_event(tmp_path):
    _, con = _merged_pair(tmp_path)
    con.execute("insert into raw_signals by name select 'z-1' as signal_id, 'zeta.example' as company_domain, "
                "'zeta.jsonl' as source_file, * exclude (signal_id, company_domain, source_file) "
                "from raw_signals where signal_id = 'a-1'")
    con.execute("update raw_signals set event_key = (select event_key from merged_signal_reports "
                "where reported_signal_id = 'B-77') where signal_id = 'z-1'")  # as an earlier version keyed it
    con.execute("update raw_signals set company_domain = 'not a domain' where signal_id = 'a-1'")
    moved = rescreen(con, NOW + timedelta(hours=1))
    assert [q.source_file for q in moved] == ["vendor_a.jsonl", "vendor_b.jsonl"]
    assert moved[1].reason == "repeats the id or the event of an earlier stored row"
    assert _signals(con) == [("z-1", "vendor-a")] and _reports(con) == []


def test_a_correction_that_promotes_no_report_reads_no_stored_row_to_screen(tmp_path, monkeypatch):
    _, con = _merged_pair(tmp_path)
    read = []

    def frame_of(con, sql, params=None):
        read.append(sql)
        return real(con, sql, params)

    real = signal_rescreen.frame_of
    monkeypatch.setattr(signal_rescreen, "frame_of", frame_of)
    assert signal_rescreen.stand_screened(con, ["a-1"], NOW) == [] and _reports(con)[0][:2] == ("a-1", "B-77")
    assert read == [], "a-1 still holds its report's event: nothing is promoted, nothing is read"


def test_one_job_posting_reposted_or_reported_a_day_later_is_one_signal_within_the_window(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    posting = "https://acme.example/jobs/4821"
    hiring = {"company_domain": "acme.example", "signal_type": "hiring"}
    _write(inbox / "jobs_a.jsonl", [
        {**hiring, "signal_id": "j-1", "source": "jobs-a", "observed_at": "2026-10-01T09:00:00Z",
         "attributes": {"role": "RevOps Lead", "posting_url": posting}},
        {**hiring, "signal_id": "j-2", "source": "jobs-a", "observed_at": "2026-10-03T09:00:00Z",
         "attributes": {"role": "RevOps lead", "posting_url": posting}, "detail": "Reposted"},
    ])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    _write(inbox / "jobs_b.jsonl", [
        {**hiring, "signal_id": "k-1", "source": "jobs-b", "observed_at": "2026-10-04T11:00:00Z",
         "attributes": {"role": "Head of RevOps", "posting_url": posting}},
        {**hiring, "signal_id": "k-2", "source": "jobs-b", "observed_at": "2026-11-15T11:00:00Z",
         "attributes": {"role": "RevOps Lead", "posting_url": posting}},
    ])
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [s for s, _ in _signals(con)] == ["j-1", "k-2"], "a posting 45 days on is a new opening"
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-1", "j-2"), ("j-1", "k-1")]
    assert (report.rows.height, report.reports.height) == (1, 1)
    assert ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2)).files_read == []


def test_a_posting_reposted_weekly_for_longer_than_the_window_stays_one_signal_across_runs(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    posting = {"company_domain": "acme.example", "signal_type": "hiring", "source": "jobs-a",
               "attributes": {"role": "RevOps Lead", "posting_url": "https://acme.example/jobs/4821"}}
    start = datetime(2026, 8, 1, 9, tzinfo=UTC)
    weekly = [{**posting, "signal_id": f"j-{week}", "detail": f"week {week}",
               "observed_at": (start + timedelta(weeks=week)).isoformat()} for week in range(8)]
    _write(inbox / "jobs_a_1.jsonl", weekly[:4])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    _write(inbox / "jobs_a_2.jsonl", weekly[4:])
    _write(inbox / "jobs_b.jsonl", [{**posting, "signal_id": "k-1", "source": "jobs-b",
                                     "observed_at": (start + timedelta(weeks=11)).isoformat()}])
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert _signals(con) == [("j-0", "jobs-a")], "each repost is within the window of the one before"
    assert [r for _, r, *_ in _reports(con)] == [f"j-{week}" for week in range(1, 8)] + ["k-1"]
    _write(inbox / "jobs_b_later.jsonl", [{**posting, "signal_id": "k-2", "source": "jobs-b",
                                           "observed_at": (start + timedelta(weeks=11, days=31)).isoformat()}])
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert _signals(con) == [("j-0", "jobs-a"), ("k-2", "jobs-b")], "31 days after its last report: a new opening"
    _write(inbox / "jobs_c.jsonl", [{**posting, "signal_id": "m-1", "source": "jobs-c",
                                     "observed_at": (start + timedelta(weeks=11, days=29)).isoformat()}])
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=3))
    assert _reports(con)[-1][:2] == ("j-0", "m-1"), "found through its stored report, 106 days after j-0"


def test_one_vendors_roles_under_a_shared_careers_url_stay_apart_and_its_reposts_merge(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T09:00:00Z"}

    def role(signal_id: str, source: str, name: str, **more) -> dict:
        return {**hiring, "signal_id": signal_id, "source": source, "detail": name, **more,
                "attributes": {"role": name, "posting_url": "https://acme.example/careers"}}

    _write(inbox / "jobs_a.jsonl", [role("j-1", "jobs-a", "Data Engineer"), role("j-2", "jobs-a", "Head of Sales"),
                                    role("j-3", "jobs-a", "data engineer ", detail="reposted")])
    _write(inbox / "jobs_b.jsonl", [role("k-1", "jobs-b", "Senior Data Engineer")])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert _signals(con) == [("j-1", "jobs-a"), ("j-2", "jobs-a")], "one source's two roles are two openings"
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-1", "j-3"), ("j-1", "k-1")], \
        "its repost of a role, and another source's row of the URL in any words, are reports"
    _write(inbox / "jobs_a_next.jsonl", [role("j-4", "jobs-a", "QA Engineer", observed_at="2026-11-19T09:00:00Z"),
                                         role("j-5", "jobs-a", "Head of sales", observed_at="2026-11-19T09:00:00Z")])
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert [s for s, _ in _signals(con)] == ["j-1", "j-2", "j-4"], "the stored roles and reports are weighed too"
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-1", "j-3"), ("j-2", "j-5"), ("j-1", "k-1")]


def test_a_stored_posting_near_the_days_of_two_files_is_held_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    posting = {"company_domain": "acme.example", "signal_type": "hiring", "source": "jobs-a",
               "attributes": {"role": "RevOps Lead", "posting_url": "https://acme.example/jobs/4821"}}
    _write(inbox / "jobs.jsonl", [{**posting, "signal_id": "j-1", "observed_at": "2026-11-01T09:00:00Z"}])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    dedup = deduplicator(con)
    for day in (2, 3):
        other = {**posting, "signal_id": f"x-{day}", "attributes": {"role": f"Role {day}"},
                 "observed_at": f"2026-11-0{day}T09:00:00Z"}
        dedup.fresh(read_feed(f"day_{day}.jsonl", json.dumps(other).encode(), NOW))
    assert dedup.held["signal_id"].to_list() == ["j-1", "x-2", "x-3"], "each stored posting is held once"


def _stored_before_merges(tmp_path, drafted: str | None) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """A warehouse an earlier version filled: both vendors' rows of one round stored as two signals,
    and a draft written from ``drafted``."""
    inbox, con = _merged_pair(tmp_path)
    con.execute("insert into raw_signals by name select reported_signal_id as signal_id, * exclude "
                "(signal_id, reported_signal_id, merged_at), merged_at as ingested_at from merged_signal_reports")
    con.execute("delete from merged_signal_reports")
    con.execute("drop table if exists signal_merge_rules")
    con.execute("create table message_drafts (draft_id varchar, signal_id varchar)")
    if drafted:
        con.execute("insert into message_drafts values ('d-1', ?)", [drafted])
    assert _signals(con) == [("B-77", "vendor-b"), ("a-1", "vendor-a")] and _reports(con) == []
    return inbox, con


def test_two_signals_of_one_event_stored_before_merges_are_merged_once_on_upgrade(tmp_path):
    inbox, con = _stored_before_merges(tmp_path, None)
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert report.files_read == [] and report.stored_merged == 1, "nothing is read again: the stored rows merge"
    assert _signals(con) == [("a-1", "vendor-a")], "the earliest stored stands"
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert _signals(con) == [("a-1", "vendor-a")] and len(_reports(con)) == 1, "merged once"
    assert con.execute("select rules, merged from signal_merge_rules").fetchall() == [("4", 1)]


def test_the_signal_a_draft_was_written_from_stands_when_stored_duplicates_are_merged(tmp_path):
    inbox, con = _stored_before_merges(tmp_path, "B-77")
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert _signals(con) == [("B-77", "vendor-b")], "the draft's signal stands: its draft is not orphaned"
    assert _reports(con) == [("B-77", "a-1", "vendor-a", "vendor_a.jsonl")]


def test_when_both_stored_duplicates_were_drafted_the_merged_ones_first_email_waits_for_fresh_research(tmp_path):
    inbox, con = _stored_before_merges(tmp_path, "a-1")
    con.execute("insert into message_drafts values ('d-2', 'B-77')")
    ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert _signals(con) == [("a-1", "vendor-a")] and _reports(con)[0][:2] == ("a-1", "B-77")
    drafts = pl.DataFrame([{"draft_id": d, "signal_id": s, "channel": "email", "step": 1, "signal_type": "funding",
                            "why_now": "your Series B", "fact_ids": "[]"} for d, s in (("d-1", "a-1"), ("d-2", "B-77"))])
    play = load_play(Path(__file__).resolve().parents[2] / "data" / "plays" / "series-b-funding.yaml")
    waits = stale_kinds(con, play, drafts, NOW + timedelta(hours=1))
    assert list(waits) == ["d-2"] and waits["d-2"].kind == GONE, "a wait, by design: the event's signal is a-1"
    assert waits["d-2"].reason.startswith("waits: its signal B-77 is no longer among the raw signals")


def test_one_role_worded_two_ways_by_two_vendors_is_one_signal_and_distinct_roles_stay_apart(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T09:00:00Z"}
    roles_a = ["Sr. Account Executive", "VP Sales", "Head of RevOps", "Sales Manager"]
    roles_b = ["Senior Account Executive", "Vice President, Sales", "Head of Revenue Operations",
               "Sales Development Manager", "Account Executive"]
    _write(inbox / "jobs_a.jsonl", [{**hiring, "signal_id": f"j-{n}", "source": "jobs-a", "detail": r,
                                     "attributes": {"role": r}} for n, r in enumerate(roles_a)])
    _write(inbox / "jobs_b.jsonl", [{**hiring, "signal_id": f"k-{n}", "source": "jobs-b", "detail": r,
                                     "attributes": {"role": r}} for n, r in enumerate(roles_b)])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert [s for s, _ in _signals(con)] == ["j-0", "j-1", "j-2", "j-3", "k-3", "k-4"]
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-0", "k-0"), ("j-1", "k-1"), ("j-2", "k-2")]


def test_a_vendors_repost_of_a_role_in_other_words_under_its_careers_url_is_a_report(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "source": "jobs-a"}
    careers = "https://acme.example/careers"
    _write(inbox / "jobs_a.jsonl", [
        {**hiring, "signal_id": "j-1", "observed_at": "2026-11-10T09:00:00Z",
         "attributes": {"role": "VP Sales", "posting_url": careers}},
        {**hiring, "signal_id": "j-2", "observed_at": "2026-11-17T09:00:00Z", "detail": "reposted",
         "attributes": {"role": "Vice President, Sales", "posting_url": careers}},
        {**hiring, "signal_id": "j-3", "observed_at": "2026-11-17T09:00:00Z", "detail": "marketing",
         "attributes": {"role": "VP Marketing", "posting_url": careers}}])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert [s for s, _ in _signals(con)] == ["j-1", "j-3"]
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-1", "j-2")]


def test_two_stored_signals_of_one_role_worded_two_ways_merge_once_on_upgrade(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hiring = {"company_domain": "acme.example", "signal_type": "hiring", "observed_at": "2026-11-18T09:00:00Z"}
    _write(inbox / "jobs_a.jsonl", [{**hiring, "signal_id": "j-1", "source": "jobs-a",
                                     "attributes": {"role": "VP Sales"}}])
    _write(inbox / "jobs_b.jsonl", [{**hiring, "signal_id": "k-1", "source": "jobs-b",
                                     "attributes": {"role": "Vice President, Sales"}}])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    con.execute("insert into raw_signals by name select reported_signal_id as signal_id, * exclude "
                "(signal_id, reported_signal_id, merged_at), merged_at as ingested_at from merged_signal_reports")
    con.execute("delete from merged_signal_reports")
    con.execute("update signal_merge_rules set rules = '3'")  # as rules 3, which read the words as they are, left it
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert report.stored_merged == 1 and _signals(con) == [("j-1", "jobs-a")]
    assert [(s, r) for s, r, *_ in _reports(con)] == [("j-1", "k-1")]


def test_a_run_with_nothing_new_lists_no_stored_companies_and_a_later_report_still_merges(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox / "vendor_a.jsonl", [VENDOR_A])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    idle = Counting(con)
    ingest(idle, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert not [s for s in idle.run if "distinct company_domain" in s], "nothing new: no stored row is read"
    _write(inbox / "vendor_b.jsonl", [VENDOR_B])
    report = ingest(Counting(con), inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert (report.rows.height, report.reports.height) == (0, 1)
    assert _signals(con) == [("a-1", "vendor-a")], "the stored row is found: the report merges into it"
    assert _reports(con) == [("a-1", "B-77", "vendor-b", "vendor_b.jsonl")]
