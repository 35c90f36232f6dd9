"""Merges an earlier version of the rules made, which today's keep apart, are split once on upgrade:
one source's roles under a careers URL stand as signals again, nothing lost or copied."""

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from resources.signal_feed import NoSignalFeed
from sdr_assets.domain.signal_bulk import MAX_SIGNAL_ID
from sdr_assets.signal_ingest import ingest
from sdr_assets.signal_reports import promote_reports
from sdr_assets.signal_rescreen import rescreen
from sdr_assets.signal_splits import split_stored
from sdr_assets.signal_upgrade import merge_stored

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
CAREERS = "https://acme.example/careers"


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    at = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(at, at))


def _role(signal_id: str, source: str, role: str, day: int) -> dict:
    return {"signal_id": signal_id, "company_domain": "acme.example", "signal_type": "hiring", "source": source,
            "observed_at": f"2026-11-{day:02d}T09:00:00Z", "detail": f"{role} ({signal_id})",
            "attributes": {"role": role, "posting_url": CAREERS}}


def _signals(con) -> list[str]:
    return [s for (s,) in con.execute("select signal_id from raw_signals order by signal_id").fetchall()]


def _reports(con) -> list[tuple]:
    return con.execute("select signal_id, reported_signal_id from merged_signal_reports "
                       "order by reported_signal_id").fetchall()


def _rows(con) -> list[tuple]:
    """Every stored row of a source, wherever it is kept, with its own words."""
    return sorted(con.execute("select source_file, source_line, detail from raw_signals union all "
                              "select source_file, source_line, detail from merged_signal_reports").fetchall())


def _as_old_rules_left_it(con, into: str, merged: list[str], drafted: str | None) -> None:
    """Store ``merged`` (signals or reports) as reports of ``into``, as rules 2 merged one URL's rows
    whatever their source's role; the rules' version recorded is 2, and a draft is written from ``drafted``."""
    con.execute("insert into merged_signal_reports by name select ? as signal_id, signal_id as reported_signal_id, "
                "* exclude (signal_id, ingested_at), ingested_at as merged_at from raw_signals "
                "where signal_id in (select unnest(?::varchar[]))", [into, merged])
    con.execute("delete from raw_signals where signal_id in (select unnest(?::varchar[]))", [merged])
    con.execute("update merged_signal_reports set signal_id = ? where reported_signal_id in "
                "(select unnest(?::varchar[]))", [into, merged])
    con.execute("delete from signal_merge_rules")
    con.execute("insert into signal_merge_rules values ('2', ?, 0)", [NOW - timedelta(days=30)])
    con.execute("create table message_drafts (draft_id varchar, signal_id varchar)")
    if drafted:
        con.execute("insert into message_drafts values ('d-1', ?)", [drafted])


def _careers_pages(tmp_path) -> tuple[Path, duckdb.DuckDBPyConnection]:
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    _write(inbox / "jobs_a.jsonl", [_role("j-1", "jobs-a", "Data Engineer", 10),
                                    _role("j-2", "jobs-a", "Head of Sales", 10),
                                    _role("j-3", "jobs-a", "Data Engineer", 17)])
    _write(inbox / "jobs_b.jsonl", [_role("k-1", "jobs-b", "Senior Data Engineer", 11),
                                    _role("k-2", "jobs-b", "Head of Sales", 11)])
    con = duckdb.connect(":memory:")
    ingest(con, inbox, NoSignalFeed(), NOW)
    assert _signals(con) == ["j-1", "j-2"]
    assert _reports(con) == [("j-1", "j-3"), ("j-1", "k-1"), ("j-2", "k-2")], "today's rules"
    return inbox, con


def test_one_sources_roles_an_earlier_rule_collapsed_under_a_careers_url_split_once_on_upgrade(tmp_path):
    inbox, con = _careers_pages(tmp_path)
    today = (_signals(con), _reports(con), _rows(con))
    _as_old_rules_left_it(con, "j-1", ["j-2", "k-2"], drafted="j-1")
    assert _signals(con) == ["j-1"] and len(_reports(con)) == 4, "as the old rules left it"
    report = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=1))
    assert report.files_read == [] and (report.stored_split, report.stored_merged) == (1, 0)
    assert (_signals(con), _reports(con), _rows(con)) == today, "as today's rules would have stored it"
    assert con.execute("select signal_id from message_drafts").fetchall() == [("j-1",)], "its draft's signal stands"
    again = ingest(con, inbox, NoSignalFeed(), NOW + timedelta(hours=2))
    assert (again.stored_split, again.stored_merged) == (0, 0) and (_signals(con), _reports(con), _rows(con)) == today
    assert [r for (r,) in con.execute("select rules from signal_merge_rules order by rules").fetchall()] == ["2", "4"]


def test_splitting_is_idempotent_even_when_the_rules_version_is_forgotten(tmp_path):
    _, con = _careers_pages(tmp_path)
    _as_old_rules_left_it(con, "j-1", ["j-2", "k-2"], drafted=None)
    assert merge_stored(con, NOW) == (1, 0)
    after = (_signals(con), _reports(con), _rows(con))
    con.execute("delete from signal_merge_rules")
    assert merge_stored(con, NOW) == (0, 0) and (_signals(con), _reports(con), _rows(con)) == after


def test_a_split_off_role_is_not_merged_back_into_the_signal_whose_report_holds_its_sources_other_role(tmp_path):
    _, con = _careers_pages(tmp_path)
    con.execute("delete from raw_signals where signal_id = 'j-2'")
    _as_old_rules_left_it(con, "j-1", ["k-2"], drafted=None)
    assert _signals(con) == ["j-1"] and _reports(con) == [("j-1", "j-3"), ("j-1", "k-1"), ("j-1", "k-2")]
    assert merge_stored(con, NOW) == (1, 0)
    assert _signals(con) == ["j-1", "k-2"], "j-1's event holds jobs-b's Senior Data Engineer (k-1)"
    assert _reports(con) == [("j-1", "j-3"), ("j-1", "k-1")]


def test_a_split_off_report_whose_id_a_stored_signal_holds_stands_under_a_new_id_the_same_each_time(tmp_path):
    ids = []
    for attempt in ("first", "second"):
        _, con = _careers_pages(tmp_path / attempt)
        _as_old_rules_left_it(con, "j-1", ["j-2", "k-2"], drafted=None)
        con.execute("insert into raw_signals by name select 'j-2' as signal_id, 'beta.example' as company_domain, "
                    "* exclude (signal_id, company_domain) from raw_signals where signal_id = 'j-1'")
        before = _rows(con)
        assert merge_stored(con, NOW) == (1, 0)
        new = [s for s in _signals(con) if s.startswith("j-2~")]
        assert len(new) == 1 and _signals(con) == ["j-1", "j-2", new[0]] and _rows(con) == before
        assert ("j-1", "k-2") not in _reports(con) and (new[0], "k-2") in _reports(con)
        ids.append(new[0])
    assert ids[0] == ids[1]


def test_a_new_id_made_from_a_longest_id_is_one_an_id_may_be_and_the_next_rescreen_keeps_it(tmp_path):
    longest = "j-2" + "x" * (MAX_SIGNAL_ID - 3)
    _, con = _careers_pages(tmp_path)
    con.execute("update raw_signals set signal_id = ? where signal_id = 'j-2'", [longest])
    _as_old_rules_left_it(con, "j-1", [longest, "k-2"], drafted=None)
    con.execute("insert into raw_signals by name select ? as signal_id, 'beta.example' as company_domain, "
                "event_key || '-beta' as event_key, * exclude (signal_id, company_domain, event_key) "
                "from raw_signals where signal_id = 'j-1'", [longest])
    assert merge_stored(con, NOW) == (1, 0)
    new = [s for s in _signals(con) if s not in ("j-1", longest)]
    assert len(new) == 1 and len(new[0]) == MAX_SIGNAL_ID and new[0].startswith(longest[:100])
    assert rescreen(con, NOW + timedelta(hours=1)) == [] and new[0] in _signals(con)


def test_the_split_hands_the_merge_each_signals_posting_reports_as_they_stand_after_it(tmp_path):
    _, con = _careers_pages(tmp_path)
    _as_old_rules_left_it(con, "j-1", ["j-2", "k-2"], drafted=None)
    funding = "'funding' as signal_type, '{\"round\": \"A\"}' as attributes"
    con.execute(f"insert into raw_signals by name select 'f-0' as signal_id, {funding}, event_key || '-f' as event_key, "
                "* exclude (signal_id, signal_type, attributes, event_key) from raw_signals where signal_id = 'j-1'")
    con.execute(f"insert into merged_signal_reports by name select 'f-0' as signal_id, 'f-1' as reported_signal_id, "
                f"{funding}, 'news-b' as source, ingested_at as merged_at, "
                "* exclude (signal_id, signal_type, attributes, source, ingested_at) "
                "from raw_signals where signal_id = 'j-1'")
    split, held = split_stored(con)
    stored = con.execute("select signal_id, source, observed_at from merged_signal_reports "
                         "where signal_type = 'hiring' order by merged_at, source_file, source_line").fetchall()
    assert split == 1 and sorted(held) == ["j-1", "j-2"], "k-2 moved to j-2, which stands; f-0 holds no posting"
    assert [(s, source, at) for s, rows in held.items() for _, source, _, at in rows] == stored
    assert all(len(row) == 4 and row[0].startswith("acme.example\x1fhiring") for rows in held.values() for row in rows)


def test_a_promoted_report_stands_alone_when_another_signal_holds_a_report_under_the_same_id(tmp_path):
    _, con = _careers_pages(tmp_path)
    con.execute("insert into merged_signal_reports by name select 'j-1' as signal_id, "
                "* exclude (signal_id) from merged_signal_reports where reported_signal_id = 'k-2'")
    con.execute("delete from raw_signals where signal_id = 'j-2'")
    assert promote_reports(con, ["j-2"]) == ["k-2"]
    assert _signals(con) == ["j-1", "k-2"], "one row stands for j-2's report, none for j-1's"
    assert _reports(con) == [("j-1", "j-3"), ("j-1", "k-1"), ("j-1", "k-2")], "j-1 keeps its report"


def test_promoting_a_signals_reports_moves_none_another_signal_holds_under_the_same_id(tmp_path):
    _, con = _careers_pages(tmp_path)
    con.execute("insert into merged_signal_reports by name select 'j-2' as signal_id, "
                "* exclude (signal_id) from merged_signal_reports where reported_signal_id = 'k-1'")
    con.execute("delete from raw_signals where signal_id = 'j-1'")
    assert promote_reports(con, ["j-1"]) == ["j-3"]
    assert sorted(_reports(con)) == [("j-2", "k-1"), ("j-2", "k-2"), ("j-3", "k-1")], "j-2 keeps both its reports"


def test_a_promoted_report_whose_id_a_stored_signal_holds_stands_under_a_new_id(tmp_path):
    _, con = _careers_pages(tmp_path)
    con.execute("insert into raw_signals by name select 'j-3' as signal_id, 'beta.example' as company_domain, "
                "* exclude (signal_id, company_domain) from raw_signals where signal_id = 'j-1'")
    con.execute("delete from raw_signals where signal_id = 'j-1'")
    before = _rows(con)
    new = promote_reports(con, ["j-1"])
    assert len(new) == 1 and new[0].startswith("j-3~") and _signals(con) == ["j-2", "j-3", new[0]]
    assert _reports(con) == [(new[0], "k-1"), ("j-2", "k-2")] and _rows(con) == before
