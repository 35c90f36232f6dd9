"""Incremental layers: a run does what is new since the last one, and a full rebuild stays available."""

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from resources.defaults import build_resources
from sdr_assets.incremental import record_mark, unchanged
from sdr_assets.replies import raw_replies, reply_classifications
from sdr_assets.signals import qualified_signals, raw_signals

TESTS = Path(__file__).resolve().parent
PLAYS = TESTS.parent / "data" / "plays"
MAIL = TESTS / "fixtures" / "mail" / "sisimai" / "emails" / "bsd"
FULL_REFRESH = {"full_refresh": True}


def _materialize(assets, resources, instance, config: dict | None = None) -> dg.ExecuteInProcessResult:
    run_config = {"ops": {a.key.path[-1]: {"config": config} for a in assets if a is not raw_signals
                          and a is not raw_replies}} if config else None
    return dg.materialize(assets, resources=resources, instance=instance, run_config=run_config)


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    event = next(e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == asset)
    return {k: v.value for k, v in event.materialization.metadata.items()}


def _deliver(resources, *names: str) -> None:
    new = Path(resources["mailbox"].path) / "new"
    for sub in ("new", "cur", "tmp"):
        (new.parent / sub).mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(MAIL / name, new / name)


def _rows(resources, sql: str, params: list | None = None) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute(sql, params or []).fetchall()


def _labels(resources) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in _rows(resources, "select message_id, kind, label from reply_classifications")}


def test_classification_reads_only_new_messages_and_full_refresh_classifies_all_again(tmp_path, instance):
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    assets = [raw_replies, reply_classifications]
    _deliver(resources, "arf-01.eml", "arf-02.eml")
    first = _materialize(assets, resources, instance)
    assert _metadata(first, "reply_classifications")["new_rows"] == 2
    original = _labels(resources)
    tampered = sorted(original)[0]
    with resources["warehouse"].connect() as con:  # a stored row a rerun would overwrite if it re-classified
        con.execute("update reply_classifications set kind = 'tampered' where message_id = ?", [tampered])

    _deliver(resources, "arf-11.eml")
    second = _materialize(assets, resources, instance)
    assert _metadata(second, "reply_classifications")["new_rows"] == 1
    after = _labels(resources)
    assert len(after) == 3 and after[tampered][0] == "tampered"

    rebuilt = _materialize(assets, resources, instance, FULL_REFRESH)
    assert _metadata(rebuilt, "reply_classifications")["new_rows"] == 3
    assert _labels(resources)[tampered] == original[tampered]


def _signals_resources(root: Path, now: datetime) -> dict:
    # The inbox's files are written whole before each run: read at once, racy or not.
    return build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": now.isoformat(), "SDR_SIGNAL_FILE_SETTLE_SECONDS": "0"})


@pytest.mark.opening("revops_sent")
def test_a_reply_read_while_its_send_was_missing_from_the_ledger_is_matched_once_the_ledger_has_it(
        defs, resources, instance, monkeypatch):
    from mailbox import Maildir

    from sdr_assets.play_graph import play_graph
    from tests.replies import reply_to

    play = "revops-hiring"
    [sent] = _dicts(resources, "select * from send_ledger where play = ? and status = 'sent' order by send_key "
                               "limit 1", [play])
    with resources["warehouse"].connect() as con:  # an older copy of the warehouse, restored
        con.execute("delete from send_ledger where play = ?", [play])
    reply = "<reply-1@prospect.example>"
    Maildir(resources["mailbox"].path, create=True).add(reply_to(
        sent, "Yes, interested. Can we talk on Tuesday?", datetime(2026, 11, 20, 10, tzinfo=UTC), message_id=reply))
    assert defs.resolve_job_def("replies_job").execute_in_process(instance=instance).success
    assert _rows(resources, "select send_key, label from reply_classifications where message_id = ?", [reply]) == [
        (None, "interested")]
    [(escalation, unrouted)] = _rows(resources, "select escalation_id, routed_to from escalations "
                                                "where contact_email = ?", [sent["contact_email"]])

    # The next send step puts the play's sent rows back from the log of messages handed over...
    dg.materialize([play_graph(play).sends], resources=resources, instance=instance, raise_on_error=False)
    assert _rows(resources, "select status from send_ledger where send_key = ?", [sent["send_key"]]) == [("sent",)]
    # ...and the replies run after it matches the reply with the label it has, asking no labeller.
    monkeypatch.setattr("sdr_assets.triage.classify.label_reply", _no_labeller)
    result = defs.resolve_job_def("replies_job").execute_in_process(instance=instance)

    assert _metadata(result, "reply_classifications")["matched_again"] == 1
    assert _rows(resources, "select send_key, play, contact_email, kind, label from reply_classifications "
                            "where message_id = ?", [reply]) == [
        (sent["send_key"], play, sent["contact_email"], "human", "interested")]
    assert _rows(resources, "select human_replies, positive_replies from reply_rate_summary where play = ?",
                 [play]) == [(1, 1)]
    [(same, placed, routed)] = _rows(resources, "select escalation_id, play, routed_to from escalations "
                                                "where contact_email = ?", [sent["contact_email"]])
    assert (same, placed) == (escalation, play) and unrouted is None and routed, "one conversation, routed now"
    again = defs.resolve_job_def("replies_job").execute_in_process(instance=instance)
    assert _metadata(again, "reply_classifications")["matched_again"] == 0


def test_a_message_from_someone_mailed_only_after_it_was_read_is_not_matched_to_that_send(tmp_path, instance):
    from email.message import EmailMessage

    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "ann@acme.example", "sam@outreach.example", "Pricing"
    message["Message-ID"] = "<anew-1@acme.example>"
    message.set_content("Hello, could you send me your pricing for a team of twenty?")
    inbox = Path(resources["mailbox"].path)
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    (inbox / "new" / "anew-1.eml").write_bytes(message.as_bytes())
    assets = [raw_replies, reply_classifications]
    _materialize(assets, resources, instance)
    assert _labels(resources) == {"<anew-1@acme.example>": ("other", None)}, "from no one we mailed"

    def ledger(sent_at: str) -> None:
        with resources["warehouse"].connect() as con:
            con.execute("create or replace table send_ledger as select '<sdr-1@outreach.example>' as message_id, "
                        "'k1' as send_key, 'alpha' as play, 'ann@acme.example' as contact_email, 'sent' as status, "
                        "?::timestamptz as sent_at, 1 as step", [sent_at])

    ledger("2026-11-21T09:00:00+00:00")  # mailed a day after her message was read
    later = _metadata(_materialize(assets, resources, instance), "reply_classifications")
    assert (later["unmatched_read_again"], later["matched_again"]) == (1, 0), "from a contact mailed: read again"
    assert _labels(resources) == {"<anew-1@acme.example>": ("other", None)}

    ledger("2026-11-19T09:00:00+00:00")  # a restored ledger: she had been mailed before she wrote
    restored = _materialize(assets, resources, instance)
    assert _metadata(restored, "reply_classifications")["matched_again"] == 1
    assert _rows(resources, "select send_key, play, kind from reply_classifications") == [("k1", "alpha", "human")]


def test_replies_no_send_can_match_are_not_read_again_when_the_ledger_moves(tmp_path, instance):
    """Mail that answers none of our sends (feedback reports about others' mail, a stranger's note)
    costs nothing when the ledger moves: only a reply naming a send the ledger holds, or from a
    contact it mailed, is read again; one stored before it kept what it names is read once."""
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    assets = [raw_replies, reply_classifications]
    _deliver(resources, "arf-01.eml", "arf-02.eml", "arf-11.eml")
    _materialize(assets, resources, instance)
    stored = _rows(resources, "select message_id, refers_to from reply_classifications order by all")
    assert len(stored) == 3 and all(names == "[]" for _, names in stored)

    def ledger(n: int) -> dict:
        with resources["warehouse"].connect() as con:
            con.execute("create or replace table send_ledger as select '<sdr-' || i || '@outreach.example>' as "
                        "message_id, 'k' || i as send_key, 'alpha' as play, 'bo' || i || '@elsewhere.example' as "
                        "contact_email, 'sent' as status, '2026-11-19T09:00:00+00:00'::timestamptz as sent_at, "
                        "1 as step from range(?) t(i)", [n])
        return _metadata(_materialize(assets, resources, instance), "reply_classifications")

    moved = ledger(50)
    assert (moved["unmatched_read_again"], moved["matched_again"]) == (0, 0)
    with resources["warehouse"].connect() as con:  # a row stored before it kept what it names
        con.execute("update reply_classifications set refers_to = null where message_id = ?", [stored[0][0]])
    once = ledger(60)
    assert (once["unmatched_read_again"], once["matched_again"]) == (1, 0)
    assert _rows(resources, "select message_id, refers_to from reply_classifications order by all") == stored
    assert ledger(70)["unmatched_read_again"] == 0


def _no_labeller(text: str):
    raise AssertionError(f"the labeller was asked again about {text!r}")


def _dicts(resources, sql: str, params: list) -> list[dict]:
    with resources["warehouse"].connect() as con:
        cursor = con.execute(sql, params)
        return [dict(zip([c[0] for c in cursor.description], r)) for r in cursor.fetchall()]


HIRING = {"signal_id": "s1", "company_domain": "acme.example", "signal_type": "hiring",
          "detail": "Acme is hiring a Head of Revenue Operations", "observed_at": "2026-11-18T08:00:00Z",
          "source": "jobs-feed", "attributes": {"role": "Head of Revenue Operations"}}


def _signals_inbox(tmp_path: Path) -> Path:
    """The shipped plays and an empty signals inbox in ``tmp_path``; the inbox."""
    shutil.copytree(PLAYS, tmp_path / "plays")
    inbox = tmp_path / "inbox" / "signals"
    inbox.mkdir(parents=True)
    return inbox


def test_qualified_signals_are_rebuilt_only_when_inputs_change_or_a_signal_ages_out(tmp_path, instance):
    inbox = _signals_inbox(tmp_path)
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    (inbox / "jobs.jsonl").write_text(json.dumps(HIRING) + "\n")
    assets = [raw_signals, qualified_signals]

    first = _materialize(assets, _signals_resources(tmp_path, now), instance)
    assert _metadata(first, "qualified_signals")["new_rows"] == 1
    again = _materialize(assets, _signals_resources(tmp_path, now + timedelta(days=1)), instance)
    assert _metadata(again, "qualified_signals")["rebuilt"].startswith("no")
    assert _metadata(again, "qualified_signals")["dagster/row_count"] == 1

    forced = _materialize(assets, _signals_resources(tmp_path, now + timedelta(days=1)), instance, FULL_REFRESH)
    assert _metadata(forced, "qualified_signals")["rebuilt"] == "yes"

    # revops-hiring takes hiring signals up to 30 days old: past that the row leaves without new input.
    aged = _materialize(assets, _signals_resources(tmp_path, now + timedelta(days=31)), instance)
    assert _metadata(aged, "qualified_signals")["rebuilt"] == "yes"
    assert _metadata(aged, "qualified_signals")["dagster/row_count"] == 0


def test_a_rebuild_of_qualified_signals_fingerprints_the_raw_signals_once(tmp_path, instance, monkeypatch):
    """The mark of the raw signals reads every row: whether the table holds, and what it is rebuilt
    from, are told from one reading."""
    import sdr_assets.signals as signals

    marked = []

    def counted(con, table, *args, **kwargs):
        marked.append(table)
        return mark(con, table, *args, **kwargs)

    mark = signals.table_mark
    monkeypatch.setattr(signals, "table_mark", counted)
    inbox = _signals_inbox(tmp_path)
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    (inbox / "jobs.jsonl").write_text(json.dumps(HIRING) + "\n")
    first = _materialize([raw_signals, qualified_signals], _signals_resources(tmp_path, now), instance)
    assert _metadata(first, "qualified_signals")["rebuilt"] == "yes"
    assert marked.count("raw_signals") == 1


def test_a_signal_file_rewritten_within_the_same_clock_tick_reaches_raw_signals(tmp_path, instance):
    import os

    inbox = _signals_inbox(tmp_path)
    now = datetime(2026, 11, 20, 9, tzinfo=UTC)
    signal = dict(HIRING)
    path = inbox / "jobs.jsonl"
    path.write_text(json.dumps(signal) + "\n")  # the exporter's first write...
    stamp = path.stat().st_mtime_ns
    assets = [raw_signals, qualified_signals]
    _materialize(assets, _signals_resources(tmp_path, now), instance)
    path.write_text(json.dumps({**signal, "signal_id": "s2", "company_domain": "acmf.example"}) + "\n")
    os.utime(path, ns=(stamp, stamp))  # ...and its correction, in the same tick of a coarse file clock

    _materialize(assets, _signals_resources(tmp_path, now), instance)

    assert sorted(_rows(_signals_resources(tmp_path, now), "select company_domain from raw_signals")) == [
        ("acme.example",), ("acmf.example",)]


def _ledger(resources) -> None:
    with resources["warehouse"].connect() as con:
        con.execute("create table send_ledger as select * from (values "
                    "('alpha', 'a1', 'ann@acme.example', 'sent'), ('alpha', 'a2', 'bo@acme.example', 'sent'), "
                    "('beta', 'b1', 'cy@beta.example', 'sent'), ('beta', 'b2', 'di@beta.example', 'held')) "
                    "t(play, send_key, contact_email, status)")
        con.execute("create table reply_classifications as select * from (values "
                    "('m1', 'a1', 'human', 'interested', false, false)) "
                    "t(message_id, send_key, kind, label, hard, simulated)")


def _summary(resources) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in _rows(resources, "select play, emails_sent, human_replies, bounces "
                                                  "from reply_rate_summary")}


def test_the_summary_computes_only_the_plays_whose_sends_or_replies_changed(tmp_path, instance):
    from sdr_assets.analytics import analytics_snapshot, reply_rate_summary

    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    _ledger(resources)
    first = _materialize([reply_rate_summary, analytics_snapshot], resources, instance)
    assert _metadata(first, "reply_rate_summary")["plays_computed"] == 2
    assert _summary(resources) == {"alpha": (2, 1, 0), "beta": (1, 0, 0)}
    assert set(_metadata(first, "analytics_snapshot")["tables"]) == {"reply_rate_summary", "send_ledger",
                                                                    "reply_classifications"}

    again = _materialize([reply_rate_summary, analytics_snapshot], resources, instance)
    assert _metadata(again, "reply_rate_summary")["plays_computed"] == 0
    assert _metadata(again, "analytics_snapshot")["tables"] == {}

    with resources["warehouse"].connect() as con:  # beta's held message goes out and bounces; alpha's summary is
        con.execute("update send_ledger set status = 'sent' where send_key = 'b2'")  # tampered to prove it is kept
        con.execute("insert into reply_classifications values ('m2', 'b2', 'bounce', null, true, false)")
        con.execute("update reply_rate_summary set emails_sent = 99 where play = 'alpha'")
    third = _materialize([reply_rate_summary, analytics_snapshot], resources, instance)
    assert _metadata(third, "reply_rate_summary")["plays_computed"] == 1
    assert _summary(resources) == {"alpha": (99, 1, 0), "beta": (2, 0, 1)}
    assert set(_metadata(third, "analytics_snapshot")["tables"]) == {"reply_rate_summary", "send_ledger",
                                                                    "reply_classifications"}

    rebuilt = _materialize([reply_rate_summary, analytics_snapshot], resources, instance, FULL_REFRESH)
    assert _metadata(rebuilt, "reply_rate_summary")["plays_computed"] == 2
    assert _summary(resources) == {"alpha": (2, 1, 0), "beta": (2, 0, 1)}


def test_a_soft_bounce_or_a_summary_of_an_earlier_shape_computes_the_reply_rate_again(tmp_path, instance):
    from sdr_assets.analytics import reply_rate_summary

    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    _ledger(resources)
    with resources["warehouse"].connect() as con:
        con.execute("insert into reply_classifications values ('m2', 'a2', 'out_of_office', null, false, false)")
    _materialize([reply_rate_summary], resources, instance)
    rates = "select play, emails_sent, delivered, reply_rate from reply_rate_summary order by play"
    assert _rows(resources, rates) == [("alpha", 2, 2, 0.5), ("beta", 1, 1, 0.0)]

    with resources["warehouse"].connect() as con:  # then a2 soft-bounces: one fewer delivered, no other flag moves
        con.execute("insert into reply_classifications values ('m3', 'a2', 'bounce', null, false, false)")
    assert _metadata(_materialize([reply_rate_summary], resources, instance), "reply_rate_summary")[
        "plays_computed"] == 1
    assert _rows(resources, rates) == [("alpha", 2, 1, 1.0), ("beta", 1, 1, 0.0)]

    with resources["warehouse"].connect() as con:  # as an earlier version stored it: over every send
        con.execute("alter table reply_rate_summary drop column delivered")
        con.execute("update reply_rate_summary set reply_rate = 0.5 where play = 'alpha'")
    assert _metadata(_materialize([reply_rate_summary], resources, instance), "reply_rate_summary")[
        "plays_computed"] == 2
    assert _rows(resources, rates) == [("alpha", 2, 1, 1.0), ("beta", 1, 1, 0.0)]


@pytest.mark.opening("signals_ran")
def test_enrichment_is_not_rebuilt_while_its_inputs_are_unchanged(defs, resources, instance, data_dir):
    # The signals job as far as enrichment, on the opening's folder after its signals run: the research
    # and drafts after it read what it wrote.
    signals = defs.resolve_job_def("signals_job").get_subset(asset_selection={
        dg.AssetKey(k) for k in ("raw_signals", "quarantined_signal_rows", "qualified_signals", "play_versions",
                                 "enriched_accounts")})
    again = signals.execute_in_process(instance=instance)
    assert _metadata(again, "enriched_accounts")["rebuilt"].startswith("no")
    with resources["warehouse"].connect() as con:
        before = con.execute("select count(*) from enriched_accounts where status = 'ready'").fetchone()[0]
    companies = data_dir / "reference" / "companies.csv"
    assert companies.exists()
    lines = companies.read_text().splitlines(keepends=True)
    companies.write_text("".join(lines[:1] + lines[len(lines) // 2:]))  # half the companies are gone
    changed = signals.execute_in_process(instance=instance)
    assert _metadata(changed, "enriched_accounts")["rebuilt"] == "yes"
    with resources["warehouse"].connect() as con:
        after = con.execute("select count(*) from enriched_accounts where status = 'ready'").fetchone()[0]
    assert after < before


def _enriched(resources) -> list[tuple]:
    return _rows(resources, "select * from enriched_accounts order by play, company_domain")


def _quarantined(resources) -> list[tuple]:
    return _rows(resources, "select * exclude (quarantined_at) from quarantined_enrichment_records order by all")


@pytest.mark.opening("signals_ran")
def test_enrichment_redoes_only_the_accounts_whose_freshest_signal_changed_and_ends_as_a_rebuild_would(
        resources, instance):
    """New qualified signals: an account's fresher one, a play's first for an account, signals moved to
    another play, and an account's last one gone. The run redoes those accounts alone, and leaves the
    table as a whole rebuild from the same signals does."""
    from sdr_assets.enrichment import enriched_accounts

    keys = "select play, company_domain, signal_id from enriched_accounts"
    before = {(play, domain): signal for play, domain, signal in _rows(resources, keys)}
    with resources["warehouse"].connect() as con:
        fresher_play, fresher_domain, fresher_id = con.execute(f"{keys} order by company_domain limit 1").fetchone()
        # A signal that is its play's only one for its account: moved, the account leaves that play.
        moved_id, moved_play, moved_domain = con.execute(
            "select signal_id, play, company_domain from qualified_signals q where (select count(*) from "
            "qualified_signals p where p.play = q.play and p.company_domain = q.company_domain) = 1 "
            "order by signal_id limit 1").fetchone()
        gone_play, gone_domain, _ = con.execute(f"{keys} order by company_domain desc limit 1").fetchone()
        other = con.execute("select play from qualified_signals where play <> ? order by play limit 1",
                            [moved_play]).fetchone()[0]
        con.execute("insert into qualified_signals select * replace ('sig_fresher' as signal_id, "
                    "observed_at + interval 1 minute as observed_at) from qualified_signals where signal_id = ?",
                    [fresher_id])
        con.execute("update qualified_signals set play = ? where signal_id = ?", [other, moved_id])
        con.execute("delete from qualified_signals where play = ? and company_domain = ?", [gone_play, gone_domain])

    merged = _metadata(_materialize([enriched_accounts], resources, instance), "enriched_accounts")
    after = {(play, domain): signal for play, domain, signal in _rows(resources, keys)}
    redone = {k for k in after if before.get(k) != after[k]}
    assert (fresher_play, fresher_domain) in redone and after[fresher_play, fresher_domain] == "sig_fresher"
    assert (moved_play, moved_domain) not in after and (other, moved_domain) in redone
    assert (gone_play, gone_domain) not in after
    assert merged["rebuilt"].startswith("in part") and merged["new_rows"] == len(redone) < len(after) // 10
    assert merged["dagster/row_count"] == len(after)
    rows, quarantined = _enriched(resources), _quarantined(resources)

    rebuilt = _metadata(_materialize([enriched_accounts], resources, instance, FULL_REFRESH), "enriched_accounts")
    assert rebuilt["rebuilt"] == "yes" and rebuilt["new_rows"] == len(after)
    assert _enriched(resources) == rows and _quarantined(resources) == quarantined
    again = _metadata(_materialize([enriched_accounts], resources, instance), "enriched_accounts")
    assert again["rebuilt"].startswith("no")


def test_an_accounts_why_now_is_its_freshest_signal_and_of_two_at_once_the_greater_id():
    from types import SimpleNamespace

    import polars as pl

    from sdr_assets.enrichment import freshest_signals

    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    qualified = pl.DataFrame({
        "play": ["b", "a", "a", "a", "gone"],
        "company_domain": ["x.example", "x.example", "x.example", "y.example", "x.example"],
        "signal_id": ["sig_5", "sig_1", "sig_2", "sig_3", "sig_4"],
        "observed_at": [at, at, at, at - timedelta(days=1), at + timedelta(days=1)],
    })
    for rows in (qualified, qualified.reverse()):
        latest = freshest_signals(rows, SimpleNamespace(plays={"a": None, "b": None}))
        assert latest.select("play", "company_domain", "signal_id").rows() == [
            ("a", "x.example", "sig_2"), ("a", "y.example", "sig_3"), ("b", "x.example", "sig_5")]


@pytest.mark.opening("signals_ran")
def test_an_enriched_table_edited_by_hand_is_built_again_whole(resources, instance):
    """A row changed by hand is not one the last run wrote: the next run with new signals rebuilds the
    whole table, the edit undone, instead of merging into it."""
    from sdr_assets.enrichment import enriched_accounts

    edited = "select play, company_domain, title from enriched_accounts where company_domain = " \
             "(select min(company_domain) from enriched_accounts where status = 'ready') order by play"
    original = _rows(resources, edited)
    with resources["warehouse"].connect() as con:
        con.execute("update enriched_accounts set title = 'Edited By Hand' where company_domain = ?", [original[0][1]])
        con.execute("delete from qualified_signals where signal_id = (select max(signal_id) from qualified_signals)")
    assert _metadata(_materialize([enriched_accounts], resources, instance), "enriched_accounts")["rebuilt"] == "yes"
    assert _rows(resources, edited) == original


def _angles(resources) -> list[tuple]:
    return _rows(resources, "select * from research_angles order by play, company_domain, signal_id")


@pytest.mark.opening("signals_ran")
def test_research_is_skipped_while_its_inputs_and_the_day_are_unchanged(defs, resources, instance, environ):
    """Research repeats only for a changed input or a new day, and what it repeats is what a full rebuild gives."""
    from sdr_assets.research import ANGLE_SCHEMA, research_angles

    def research(now: str, config: dict | None = None):
        day = build_resources(environ(SDR_NOW=now))
        result = _materialize([research_angles], day, instance, config)
        return _metadata(result, "research_angles"), _angles(day)

    first = _angles(resources)
    assert first, "the seeded world has ready accounts to research"
    later, rows = research("2026-11-20T23:30:00+00:00")
    assert later["rebuilt"].startswith("no") and rows == first, "the same day: nothing to redo"
    forced, rows = research("2026-11-20T23:30:00+00:00", FULL_REFRESH)
    assert forced["rebuilt"] == "yes" and rows == first

    with resources["warehouse"].connect() as con:
        domain = con.execute("select min(company_domain) from enriched_accounts where status = 'ready'").fetchone()[0]
        con.execute("update enriched_accounts set title = 'Chief Revenue Officer' where company_domain = ?", [domain])
    changed, rows = research("2026-11-20T23:30:00+00:00")
    assert changed["rebuilt"].startswith("in part") and changed["new_rows"] == 1 and rows != first
    assert rows == research("2026-11-20T23:30:00+00:00", FULL_REFRESH)[1]

    next_day, rows = research("2026-11-21T00:30:00+00:00")
    assert next_day["rebuilt"] == "yes"
    fit = list(ANGLE_SCHEMA).index("fit")
    fits = {r[:3]: r[fit] for r in rows}
    before = {r[:3]: r[fit] for r in research("2026-11-20T12:00:00+00:00")[1]}
    assert any(fits[k] < before[k] for k in fits), "a day older, a fresh signal fits less"
    assert rows == research("2026-11-21T00:30:00+00:00", FULL_REFRESH)[1]


@pytest.mark.opening("two_plays_sent")
def test_research_redoes_only_the_accounts_whose_inputs_changed_and_ends_as_a_rebuild_would(resources, instance):
    """Within a day, an account whose enriched row changed is researched again alone; one no longer
    ready whose first email went keeps its stored research. The table ends as a whole rebuild leaves it,
    row for row and in order."""
    from sdr_assets.research import research_angles

    table = "select * from research_angles"
    with resources["warehouse"].connect() as con:
        edited, dropped = con.execute(
            "select company_domain from enriched_accounts e where status = 'ready' and exists (select 1 from "
            "send_ledger s where s.play = e.play and lower(s.contact_email) = lower(e.email) and s.status = 'sent') "
            "order by company_domain limit 2").fetchall()
        retold = con.execute("select play, signal_id from enriched_accounts where status = 'ready' and "
                             "company_domain not in (?, ?) order by company_domain desc limit 1",
                             [*edited, *dropped]).fetchone()
        con.execute("update enriched_accounts set title = 'Chief Revenue Officer' where company_domain = ?", edited)
        con.execute("delete from enriched_accounts where company_domain = ?", dropped)
        # The same signal, told again in other words: its research is redone too.
        con.execute("update qualified_signals set detail = detail || ' (updated)' where play = ? and signal_id = ?",
                    list(retold))
        stood = con.execute("select count(*) from research_angles where company_domain = ?", dropped).fetchone()[0]
    assert stood, "the dropped account was researched"

    merged = _metadata(_materialize([research_angles], resources, instance), "research_angles")
    rows = _rows(resources, table)
    assert merged["rebuilt"].startswith("in part") and merged["new_rows"] == 1 + _rows(
        resources, "select count(*) from enriched_accounts where company_domain = ? and status = 'ready'", edited)[0][0]
    assert "(updated)" in _rows(resources, "select facts from research_angles where play = ? and signal_id = ?",
                                list(retold))[0][0]
    assert _rows(resources, "select count(*) from research_angles where company_domain = ?", dropped) == [(stood,)]
    assert merged["kept_for_sequences_under_way"] >= stood

    rebuilt = _metadata(_materialize([research_angles], resources, instance, FULL_REFRESH), "research_angles")
    assert rebuilt["rebuilt"] == "yes" and rebuilt["new_rows"] > merged["new_rows"]
    assert _rows(resources, table) == rows


def test_research_before_any_enrichment_writes_no_rows(tmp_path, instance):
    from sdr_assets.research import research_angles

    shutil.copytree(PLAYS, tmp_path / "plays")
    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    first = _metadata(_materialize([research_angles], resources, instance), "research_angles")
    assert first["rebuilt"] == "yes" and first["dagster/row_count"] == 0
    assert _rows(resources, "select count(*) from research_angles") == [(0,)]


@pytest.mark.opening("signals_ran")
def test_research_edited_by_hand_is_built_again_whole(resources, instance):
    from sdr_assets.research import research_angles

    table = "select * from research_angles order by play, company_domain, contact_email"
    original = _rows(resources, table)
    with resources["warehouse"].connect() as con:
        con.execute("update research_angles set angle = 'Edited by hand.'")
        con.execute("update enriched_accounts set title = 'Chief Revenue Officer' where company_domain = "
                    "(select min(company_domain) from enriched_accounts where status = 'ready')")
    assert _metadata(_materialize([research_angles], resources, instance), "research_angles")["rebuilt"] == "yes"
    assert not _rows(resources, "select * from research_angles where angle = 'Edited by hand.'")
    assert len(_rows(resources, table)) == len(original)


def _drafts(resources, play: str) -> list[tuple]:
    return _rows(resources, "select draft_id, subject, body, verdict from message_drafts where play = ? "
                            "order by draft_id", [play])


@pytest.mark.opening("signals_ran")
def test_a_plays_drafts_are_not_redrafted_while_research_play_model_and_stored_drafts_are_unchanged(
        defs, resources, instance):
    play = "revops-hiring"
    asset = defs.get_assets_def(dg.AssetKey([play, "message_drafts"]))

    def drafts(config: dict | None = None) -> tuple[dict, list[tuple]]:
        run_config = {"ops": {asset.op.name: {"config": config}}} if config else None
        result = dg.materialize([asset], resources=resources, instance=instance, run_config=run_config)
        return _metadata(result, "message_drafts"), _drafts(resources, play)

    first = _drafts(resources, play)
    assert first, "the seeded world has drafts for the play"
    again, rows = drafts()
    assert again["rebuilt"].startswith("no") and rows == first

    with resources["warehouse"].connect() as con:
        con.execute("update message_drafts set body = 'tampered' where draft_id = ?", [first[0][0]])
    tampered, rows = drafts()
    assert tampered["rebuilt"] == "yes" and rows == first, "a change to the stored drafts is written over"
    assert drafts()[0]["rebuilt"].startswith("no")

    with resources["warehouse"].connect() as con:
        con.execute("update research_angles set facts = replace(facts, 'Revenue', 'Rev') where play = ?", [play])
    researched, rows = drafts()
    assert researched["rebuilt"] == "yes" and rows != first, "new research, new drafts"
    forced, again_rows = drafts(FULL_REFRESH)
    assert forced["rebuilt"] == "yes" and again_rows == rows


_OLD_NS = 1_700_000_000_000_000_000


def _aged_reference(tmp_path):
    """A warehouse and a reference file whose modification time lies long past (no entry of it is racy)."""
    import duckdb

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    path = tmp_path / "companies.csv"
    path.write_text("domain,name\nacme.example,Acme\n")
    os.utime(path, ns=(_OLD_NS, _OLD_NS))
    return con, path


def test_a_reference_file_is_hashed_again_only_when_its_size_or_time_moved_or_its_entry_is_racy(tmp_path):
    from sdr_assets.domain.file_clock import RACY_NS
    from sdr_assets.incremental import file_digest

    con, path = _aged_reference(tmp_path)
    first = file_digest(con, path)
    hashed = con.execute("select hashed_ns from file_digests").fetchone()[0]
    assert file_digest(con, path) == first
    assert con.execute("select hashed_ns from file_digests").fetchone()[0] == hashed, "not read again"

    path.write_text("domain,name\nacme.example,Acmf\n")  # same size, a new modification time
    assert file_digest(con, path) != first

    racy = tmp_path / "contacts.csv"
    racy.write_text("a,b\n1,2\n")
    before = file_digest(con, racy)
    stamp = racy.stat().st_mtime_ns
    racy.write_text("a,b\n1,3\n")
    os.utime(racy, ns=(stamp, stamp))  # a file system too coarse to see the second write
    assert con.execute("select hashed_ns from file_digests where path = ?",
                       [str(racy.resolve())]).fetchone()[0] - stamp <= RACY_NS
    assert file_digest(con, racy) != before, "hashed so soon after a change: read again"


def test_a_reference_file_copied_over_at_its_size_and_time_is_hashed_again(tmp_path):
    """``cp -p`` or ``rsync -t`` of a corrected file long after the last change: no racy entry, the
    size and time as recorded; the inode and status change time moved."""
    from sdr_assets.incremental import file_digest

    con, path = _aged_reference(tmp_path)
    first = file_digest(con, path)
    corrected = tmp_path / "companies.csv.new"
    corrected.write_text("domain,name\nacme.example,Acmf\n")
    os.utime(corrected, ns=(_OLD_NS, _OLD_NS))
    corrected.rename(path)
    assert file_digest(con, path) != first, "renamed into its place"
    second = file_digest(con, path)
    path.write_text("domain,name\nacme.example,Acmg\n")
    os.utime(path, ns=(_OLD_NS, _OLD_NS))
    assert file_digest(con, path) != second, "rewritten in place"


def test_reference_digests_kept_before_the_file_status_are_hashed_again_once(tmp_path):
    import time

    from sdr_assets.incremental import file_digest

    con, path = _aged_reference(tmp_path)
    con.execute("create table file_digests (path varchar primary key, size bigint not null, "
                "mtime_ns bigint not null, hashed_ns bigint not null, sha256 varchar not null)")
    con.execute("insert into file_digests values (?, ?, ?, ?, 'stale')",
                [str(path.resolve()), path.stat().st_size, _OLD_NS, time.time_ns()])
    fresh = file_digest(con, path)
    assert fresh != "stale" and file_digest(con, path) == fresh
    assert con.execute("select inode is not null and ctime_ns is not null from file_digests").fetchall() == [(True,)]


@pytest.mark.opening("signals_ran")
def test_a_data_folder_moved_whole_is_not_enriched_again_but_a_changed_setting_or_file_is(
        instance, data_dir, tmp_path_factory):
    from sdr_assets.assembly import build_definitions
    from sdr_assets.enrichment import enriched_accounts
    from tests.conftest import environ_for

    moved = tmp_path_factory.mktemp("moved")  # a team's install moved, its files' times new
    shutil.copytree(data_dir, moved, copy_function=shutil.copyfile, dirs_exist_ok=True)

    def rebuilt(**extra: str) -> str:
        resources = build_resources(environ_for(moved, **extra))
        return _metadata(_materialize([enriched_accounts], resources, instance), "enriched_accounts")["rebuilt"]

    signals = build_definitions(build_resources(environ_for(moved))).resolve_job_def("signals_job")
    assert _metadata(signals.execute_in_process(instance=instance), "enriched_accounts")["rebuilt"].startswith("no")
    assert rebuilt(SDR_ALLOW_ROLE_ADDRESSES="true") == "yes"
    assert rebuilt(SDR_ENRICHMENT_ORDER="local") == "yes", "the waterfall's own settings still count"
    assert rebuilt(SDR_ENRICHMENT_ORDER="local").startswith("no")
    contacts = moved / "reference" / "contacts.csv"
    contacts.write_text("".join(contacts.read_text().splitlines(keepends=True)[:2]))
    assert rebuilt(SDR_ENRICHMENT_ORDER="local") == "yes", "a reference file changed"


def test_the_marks_of_several_tables_taken_at_once_are_each_tables_own_mark(tmp_path):
    import duckdb

    from sdr_assets.incremental import table_mark, table_marks, tables_mark

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table sends (send_key varchar, status varchar, step int)")
    con.execute("insert into sends values ('a', 'sent', 1), ('b', 'bounced', 2)")
    con.execute("create table empty_replies (message_id varchar)")
    wanted = {"sends": ["sends"], "missing": ["missing"], "empty_replies": ["empty_replies"],
              "sends_status": ["status"]}
    con.execute("create view sends_status as select * from sends")
    marks = table_marks(con, wanted)
    assert list(marks) == list(wanted)
    assert marks == {table: table_mark(con, table, cols) for table, cols in wanted.items()}
    assert marks["missing"] == "absent" and marks["sends"].startswith("send_key,status,step=2:")
    assert marks["empty_replies"] == "message_id=0:None"
    assert tables_mark(con, wanted) == [f"{table}={mark}" for table, mark in marks.items()]

    con.execute("update sends set status = 'sent' where send_key = 'b'")
    after = table_marks(con, wanted)
    assert after["sends"] != marks["sends"] and after["sends_status"] != marks["sends_status"]
    assert after["empty_replies"] == marks["empty_replies"]


def test_a_mark_moves_when_equal_rows_change_in_pairs(tmp_path):
    import duckdb

    from sdr_assets.incremental import table_mark

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table qualified (signal_id int, play varchar)")
    con.execute("insert into qualified select i, if(i < 7, 'revops-hiring', 'series-b-funding') from range(10) t(i)")
    before = table_mark(con, "qualified", ["play"])
    con.execute("update qualified set play = 'series-b-funding' where signal_id < 2")  # 7/3 becomes 5/5
    assert table_mark(con, "qualified", ["play"]) != before, "two equal rows moved: not cancelled out"


def test_the_rematch_bench_moves_the_ledger_and_reads_no_unmatched_reply_again(capsys):
    from sdr_assets import rematch_bench

    rematch_bench.main(["--replies", "5", "--moves", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("5 replies stored and classified")
    assert [line.rsplit(": ", 1)[1] for line in lines[1:]] == ["0", "0"]


def test_a_layer_is_unchanged_only_while_its_mark_matches_holds_and_its_table_is_there():
    con, now = duckdb.connect(), datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert not unchanged(con, "layer", "m1", now)
    record_mark(con, "layer", "m1", now, valid_until=now + timedelta(hours=1))
    assert not unchanged(con, "layer", "m1", now)  # its table was never written
    con.execute("create table layer (k int)")
    assert unchanged(con, "layer", "m1", now)
    assert not unchanged(con, "layer", "m2", now)
    assert not unchanged(con, "layer", "m1", now + timedelta(hours=1))
    assert not unchanged(con, "other", "m1", now)
    con.execute("create table rows_elsewhere (k int)")
    assert unchanged(con, "layer", "m1", now, table="rows_elsewhere")
    con.execute("drop table layer")
    assert not unchanged(con, "layer", "m1", now)
