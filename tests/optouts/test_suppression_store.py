"""The event table, the opt-out log and current_suppressions against a real DuckDB file."""

import gzip
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from resources.warehouse import Warehouse
from sdr_assets import entry_log, optout_log
from sdr_assets import line_log
from sdr_assets.domain import file_clock
from sdr_assets.line_log import Cursor
from sdr_assets.domain.suppression import SuppressionError
from tests.counting import Counting
from sdr_assets.suppression import (
    add_entry, current_suppressions, ensure_schema, in_force, ingest_log, insert_events, lift_entry, log_entry, logs_ingested,
    pending_from_replies, pending_optouts, read_events, record_entries,
)

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def con(tmp_path):
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as connection:
        yield connection


def test_clicks_in_the_log_count_before_and_after_ingestion_and_ingest_once(con, tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)  # a repeat click
    assert current_suppressions(con, tmp_path).reason_for("Jane+x@ACME.example") == "unsubscribe_link"
    new, offset, bad = ingest_log(con, tmp_path)
    assert (new, offset, bad) == (1, optout_log.log_path(tmp_path).stat().st_size, [])
    assert ingest_log(con, tmp_path)[0] == 0
    current = current_suppressions(con, tmp_path)
    assert current.clicks.offset == offset and current.reason_for("jane@acme.example") == "unsubscribe_link"
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    assert current.reason_for("ann@acme.example") is None
    assert current.refresh().reason_for("ann@acme.example") == "unsubscribe_link", "refresh reads new clicks"


def test_logs_with_nothing_new_are_ingested_without_a_write_and_a_later_click_still_counts(con, tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    log_entry(tmp_path, "@spam.example", "Ann", "spam trap", NOW)
    assert ingest_log(con, tmp_path)[0] == 2
    watched = Counting(con)
    assert ingest_log(watched, tmp_path)[0] == 0
    assert not [s for s in watched.run if s.split()[0].lower() in ("insert", "update", "delete", "begin")], watched.run
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    assert ingest_log(watched, tmp_path)[0] == 1
    assert {e.target for e in read_events(con)} == {"jane@acme.example", "@spam.example", "ann@acme.example"}
    assert ingest_log(con, tmp_path)[0] == 0


def test_a_half_written_line_waits_and_a_garbled_one_is_reported(con, tmp_path):
    path = optout_log.log_path(tmp_path)
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    with open(path, "ab") as fh:
        fh.write(b"not json\n")
        fh.write(b'{"optout_id": "x", "at": "2026-11-20T09:00:00+00:00", "send_key": "k3", "addr')
    new, offset, bad = ingest_log(con, tmp_path)
    assert new == 1 and bad == ["not json"]
    assert offset < path.stat().st_size, "the unfinished line is left for later"
    with open(path, "ab") as fh:
        fh.write(b'ess": "bob@acme.example", "via": "link"}\n')
    assert ingest_log(con, tmp_path)[0] == 1
    assert current_suppressions(con, tmp_path).reason_for("bob@acme.example") == "unsubscribe_link"


def test_a_deeply_nested_garbage_line_is_reported_and_the_clicks_around_it_count(con, tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    with open(optout_log.log_path(tmp_path), "ab") as fh:
        fh.write(b"[" * 100_000 + b"\n")  # nested too deep for the JSON parser's recursion
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    new, offset, bad = ingest_log(con, tmp_path)
    assert new == 2 and bad == ["[" * 200] and offset == optout_log.log_path(tmp_path).stat().st_size
    assert current_suppressions(con, tmp_path).reason_for("ann@acme.example") == "unsubscribe_link"


def test_a_click_whose_time_cannot_be_read_still_suppresses_and_is_reported(con, tmp_path):
    optout_log.log_path(tmp_path).parent.mkdir(parents=True)
    with open(optout_log.log_path(tmp_path), "ab") as fh:
        fh.write(b'{"optout_id": "x1", "at": "yesterday", "send_key": "k1", "address": "jane@acme.example", '
                 b'"via": "link"}\n')
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    new, offset, bad = ingest_log(con, tmp_path)
    assert new == 2 and offset == optout_log.log_path(tmp_path).stat().st_size
    assert len(bad) == 1 and bad[0].startswith("x1: unreadable time 'yesterday'"), bad
    assert {e.target for e in read_events(con)} == {"jane@acme.example", "ann@acme.example"}
    assert ingest_log(con, tmp_path)[0] == 0, "and once"


# Appends one click with room for only ``room`` more bytes in the log (a disk or quota filling up).
FULL_DISK = """
import resource, signal, sys
from datetime import datetime
from sdr_assets import optout_log
data_dir, room, address = sys.argv[1], int(sys.argv[2]), sys.argv[3]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG, as ENOSPC would
size = optout_log.log_path(data_dir).stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (size + room, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    optout_log.append(data_dir, "k9", address, datetime.fromisoformat("2026-11-20T09:00:00+00:00"))
except OSError as exc:
    print("raised", exc.errno)
else:
    print("appended")
"""


def _append_on_a_full_disk(data_dir, room: int, address: str) -> str:
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(data_dir), str(room), address], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_line_the_disk_cannot_take_raises_and_leaves_nothing_to_glue_onto(tmp_path):
    optout_log.append(tmp_path, "k1", "ann@acme.example", NOW)
    path = optout_log.log_path(tmp_path)
    before = path.read_bytes()
    for room in (0, 1, 40):  # nothing, one byte, half a line fits
        assert _append_on_a_full_disk(tmp_path, room, "bob@acme.example").startswith("raised")
        assert path.read_bytes() == before, "a failed append is taken back whole"
    assert _append_on_a_full_disk(tmp_path, 10_000, "bob@acme.example") == "appended", "the retry"
    optout_log.append(tmp_path, "k3", "cat@acme.example", NOW)
    read = optout_log.read(tmp_path)
    assert [r.address for r in read.records] == ["ann@acme.example", "bob@acme.example", "cat@acme.example"]
    assert read.bad_lines == [] and read.end == path.stat().st_size


def test_a_torn_line_left_by_a_crash_is_ended_so_the_next_click_stands_alone(con, tmp_path):
    optout_log.append(tmp_path, "k1", "ann@acme.example", NOW)
    path = optout_log.log_path(tmp_path)
    torn = b'{"address": "bob@acme.example", "at": "2026-11-20T0'
    with open(path, "ab") as fh:  # the writer died mid-line: nobody will finish it
        fh.write(torn)
    optout_log.append(tmp_path, "k3", "cat@acme.example", NOW)
    lines = path.read_bytes().split(b"\n")
    assert lines[1] == torn and lines[2].startswith(b'{"address": "cat@acme.example"') and lines[3] == b""
    new, _, bad = ingest_log(con, tmp_path)
    assert new == 2 and bad == [torn.decode()], "only the torn fragment is reported"
    assert current_suppressions(con, tmp_path).reason_for("cat@acme.example") == "unsubscribe_link"


def test_a_click_glued_to_a_torn_line_in_an_older_log_is_still_read(tmp_path):
    optout_log.append(tmp_path, "k1", "ann@acme.example", NOW)
    path = optout_log.log_path(tmp_path)
    good = path.read_bytes()
    torn = b'{"address": "bob@acme.example", "at": "2'
    path.write_bytes(good + torn + good.replace(b"ann@", b"cat@"))  # what appends wrote before they ended torn lines
    read = optout_log.read(tmp_path)
    assert [r.address for r in read.records] == ["ann@acme.example", "cat@acme.example"]
    assert read.bad_lines == [torn.decode()]


def test_the_log_is_private_and_fsynced_lines_survive_a_reopen(tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    path = optout_log.log_path(tmp_path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [r.address for r in optout_log.read(tmp_path).records] == ["jane@acme.example"]


def test_manual_entries_domains_and_lifts(con, tmp_path):
    add_entry(con, tmp_path, "@Bücher.example", "Dana", "asked by their legal team", NOW)
    add_entry(con, tmp_path, "sam@acme.example", "Dana", "met at a fair, said no", NOW)
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    ingest_log(con, tmp_path)
    current = current_suppressions(con, tmp_path)
    assert current.reason_for("x@mail.xn--bcher-kva.example") == "manual (domain @xn--bcher-kva.example)"
    assert current.reason_for("sam@acme.example") == "manual"
    with pytest.raises(SuppressionError, match="unsubscribe_link cannot be lifted"):
        lift_entry(con, tmp_path, "jane@acme.example", "Dana", "she called us", NOW)
    with pytest.raises(SuppressionError, match="no entry"):
        lift_entry(con, tmp_path, "nobody@acme.example", "Dana", "why not", NOW)
    with pytest.raises(SuppressionError, match="--by"):
        lift_entry(con, tmp_path, "sam@acme.example", " ", "why not", NOW)
    assert lift_entry(con, tmp_path, "SAM@acme.example", "Dana", "he asked to hear from us", NOW) == ["manual"]
    assert lift_entry(con, tmp_path, "@xn--bcher-kva.example", "Dana", "contract signed", NOW) == ["manual"]
    current = current_suppressions(con, tmp_path)
    assert current.reason_for("sam@acme.example") is None and current.reason_for("x@bücher.example") is None
    assert current.reason_for("jane@acme.example") == "unsubscribe_link"
    assert [e.action for e in read_events(con)].count("lift") == 2, "lifts are recorded too"
    listed = dict(con.execute("select email, reason from suppression_list").fetchall())
    assert listed == {"jane@acme.example": "unsubscribe_link"}


def test_a_warehouse_from_before_the_event_log_keeps_its_list(tmp_path):
    path = str(tmp_path / "w.duckdb")
    with duckdb.connect(path) as old:
        old.execute("create table suppression_list as select 'old@acme.example' as email, 'hard_bounce' as reason, "
                    "'<m1@x>' as source_message_id, timestamptz '2026-01-01 00:00:00+00' as added_at")
    with Warehouse(path=path).connect() as con:
        assert current_suppressions(con, tmp_path).reason_for("old@acme.example") == "hard_bounce"
        ingest_log(con, tmp_path)
        assert [(e.target, e.reason) for e in read_events(con)] == [("old@acme.example", "hard_bounce")]
        assert current_suppressions(con, tmp_path).reason_for("old@acme.example") == "hard_bounce"
    assert not os.path.exists(optout_log.log_path(tmp_path))


def test_events_from_replies_are_inserted_once_and_stay_when_the_reply_is_gone(tmp_path):
    import polars as pl

    from resources.defaults import build_resources
    from resources.warehouse import replace_rows
    from sdr_assets.replies import CLASSIFICATION_SCHEMA
    from tests.suppression_folds import fold_suppressions

    resources = build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_NOW": NOW.isoformat()})
    base = {name: None for name in CLASSIFICATION_SCHEMA}
    rows = [{**base, "message_id": "<b1@mx>", "kind": "bounce", "hard": True, "recipients": '["gone@acme.example"]'},
            {**base, "message_id": "<u1@acme>", "kind": "human", "label": "unsubscribe", "recipients": "[]",
             "optout_targets": '["ann@acme.example"]', "optout_via": "unsubscribe_reply"}]
    with resources["warehouse"].connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
    for _ in range(2):
        fold_suppressions(resources)
    with resources["warehouse"].connect() as con:
        assert con.execute("select count(*) from suppression_events").fetchone()[0] == 2
        con.execute("delete from reply_classifications")
    fold_suppressions(resources)
    with resources["warehouse"].connect() as con:
        listed = dict(con.execute("select email, reason from suppression_list").fetchall())
    assert listed == {"gone@acme.example": "hard_bounce", "ann@acme.example": "unsubscribe_reply"}


def test_a_log_ending_where_the_last_read_ended_has_nothing_new_and_a_replaced_one_is_read_again(tmp_path):
    nothing = optout_log.read(tmp_path, Cursor(40))
    assert (nothing.records, nothing.bad_lines, nothing.end, nothing.cursor.head) == ([], [], 0, line_log.NO_LINE), \
        "no log: nothing, and a cursor that names no file"
    log = str(optout_log.log_path(tmp_path))
    assert line_log.unchanged(log, nothing.cursor), "missing, as when it was read"
    assert not line_log.unchanged(log, Cursor()) and not line_log.unchanged(log, Cursor(40)), \
        "a cursor not taken while it was missing reads it, and what was rotated beside it"
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    assert not line_log.unchanged(log, nothing.cursor), "a log that appeared"
    first = optout_log.read(tmp_path)
    assert line_log.unchanged(log, first.cursor)
    assert optout_log.read(tmp_path, first.cursor) == optout_log.LogRead([], first.cursor, [])
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    assert not line_log.unchanged(log, first.cursor), "a log that grew"
    assert [r.address for r in optout_log.read(tmp_path, first.cursor).records] == ["ann@acme.example"]
    path = optout_log.log_path(tmp_path)
    path.unlink()
    optout_log.append(tmp_path, "k3", "bob@acme.example", NOW)  # a new, shorter log
    again = optout_log.read(tmp_path, Cursor(first.end * 2))
    assert [r.address for r in again.records] == ["bob@acme.example"] and again.end == path.stat().st_size


def test_classified_replies_count_before_their_events_are_recorded_and_a_lift_is_not_undone(tmp_path):
    import polars as pl

    from resources.warehouse import read_table, replace_rows
    from sdr_assets.domain.suppression import events_from_replies
    from sdr_assets.replies import CLASSIFICATION_SCHEMA
    from sdr_assets.suppression import reply_rows

    base = {name: None for name in CLASSIFICATION_SCHEMA} | {"recipients": "[]", "optout_targets": "[]"}
    rows = [{**base, "message_id": "<u1@acme>", "kind": "human", "label": "unsubscribe",
             "optout_targets": '["ann@acme.example"]', "optout_via": "unsubscribe_reply"},
            {**base, "message_id": "<c1@isp>", "kind": "complaint", "recipients": '["cat@acme.example"]',
             "send_key": "k-cat"},
            {**base, "message_id": "<b1@mx>", "kind": "bounce", "hard": True, "recipients": '["gone@acme.example"]'},
            {**base, "message_id": "<s1@mx>", "kind": "bounce", "hard": False, "recipients": '["full@acme.example"]'},
            {**base, "message_id": "<h1@acme>", "kind": "human", "label": "interested",
             "contact_email": "keen@acme.example"}]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        # Classified, and the replies run stopped there: nothing recorded yet.
        current = current_suppressions(con, tmp_path)
        assert [current.reason_for(a) for a in ("Ann+x@ACME.example", "cat@acme.example", "gone@acme.example",
                                                "full@acme.example", "keen@acme.example")] == [
            "unsubscribe_reply", "complaint", "hard_bounce", None, None]
        # Recorded as the replies run records them; a person then lifts the bounce, and it stays lifted.
        ensure_schema(con)
        insert_events(con, events_from_replies(reply_rows(read_table(con, "reply_classifications")), NOW))
        assert pending_from_replies(con, read_events(con)) == []
        lift_entry(con, tmp_path, "gone@acme.example", "Dana", "the mailbox exists again", NOW)
        current = current_suppressions(con, tmp_path)
        assert current.reason_for("gone@acme.example") is None and current.reason_for("ann@acme.example")


def test_three_soft_bounces_after_a_lift_suppress_the_address_again(tmp_path):
    """Lifting a third-soft-bounce entry lets the address be mailed; it does not stop counting."""
    from datetime import timedelta

    import polars as pl

    from resources.warehouse import replace_rows
    from sdr_assets.replies import CLASSIFICATION_SCHEMA

    base = {name: None for name in CLASSIFICATION_SCHEMA} | {"recipients": '["full@acme.example"]',
                                                              "optout_targets": "[]", "kind": "bounce", "hard": False}
    rows = [{**base, "message_id": f"<s{day}@mx>", "received_at": NOW + timedelta(days=day)} for day in range(3)]
    with Warehouse(path=str(tmp_path / "w.duckdb")).connect() as con:
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        assert current_suppressions(con, tmp_path).reason_for("full@acme.example") == "repeated_soft_bounce"
        ensure_schema(con)
        insert_events(con, pending_from_replies(con, read_events(con)))
        lift_entry(con, tmp_path, "full@acme.example", "Dana", "the mailbox has room again", NOW + timedelta(days=4))
        assert current_suppressions(con, tmp_path).reason_for("full@acme.example") is None

        rows += [{**base, "message_id": f"<s{day}@mx>", "received_at": NOW + timedelta(days=day)} for day in (5, 6, 7)]
        replace_rows(con, "reply_classifications", pl.DataFrame(rows, schema=CLASSIFICATION_SCHEMA))
        assert current_suppressions(con, tmp_path).reason_for("full@acme.example") == "repeated_soft_bounce"
        assert [e.source for e in pending_from_replies(con, read_events(con))] == ["<s7@mx>"]


def test_a_replaced_log_that_grew_past_the_old_offset_is_read_from_its_start(con, tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    ingest_log(con, tmp_path)
    log = optout_log.log_path(tmp_path)
    log.rename(log.with_name("optouts.jsonl.1"))  # rotated; the service goes on in a new file
    optout_log.append(tmp_path, "k2", "bob@acme.example", NOW)
    optout_log.append(tmp_path, "k3", "carol.longer.name@acme.example", NOW)
    assert current_suppressions(con, tmp_path).reason_for("bob@acme.example") == "unsubscribe_link"
    assert ingest_log(con, tmp_path)[0] == 2
    assert {e.target for e in read_events(con)} == {"jane@acme.example", "bob@acme.example",
                                                      "carol.longer.name@acme.example"}


def test_a_log_restored_from_a_copy_and_grown_past_the_offset_again_is_read_from_its_start(con, tmp_path):
    for n, name in enumerate(("jane", "ann", "bob")):
        optout_log.append(tmp_path, f"k{n}", f"{name}@acme.example", NOW)
    ingest_log(con, tmp_path)
    log = optout_log.log_path(tmp_path)
    first_line = log.read_bytes().splitlines(keepends=True)[0]
    log.write_bytes(first_line)  # an earlier copy put back: the same first line, shorter
    for n, name in enumerate(("cat", "dan", "eve.longer.name")):
        optout_log.append(tmp_path, f"k{n + 3}", f"{name}@acme.example", NOW)
    assert log.stat().st_size > con.execute("select max(byte_offset) from optout_log_offset").fetchone()[0]

    current = current_suppressions(con, tmp_path)
    assert [current.reason_for(f"{name}@acme.example") for name in ("cat", "dan", "eve.longer.name")] == \
        ["unsubscribe_link"] * 3
    assert ingest_log(con, tmp_path)[0] == 3
    assert ingest_log(con, tmp_path)[0] == 0


@pytest.mark.parametrize("rotated", ["optouts.jsonl.1", "optouts.jsonl-20261120.gz"])
def test_clicks_a_rotated_log_held_past_the_offset_are_read_from_it(con, tmp_path, rotated):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    ingest_log(con, tmp_path)
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)  # not ingested before the rotation
    log = optout_log.log_path(tmp_path)
    if rotated.endswith(".gz"):
        log.with_name(rotated).write_bytes(gzip.compress(log.read_bytes()))
        log.unlink()
    else:
        log.rename(log.with_name(rotated))
    assert current_suppressions(con, tmp_path).reason_for("ann@acme.example") == "unsubscribe_link", \
        "before the service writes a new log"
    optout_log.append(tmp_path, "k3", "bob@acme.example", NOW)

    assert current_suppressions(con, tmp_path).reason_for("ann@acme.example") == "unsubscribe_link"
    assert ingest_log(con, tmp_path)[0] == 2
    assert {e.target for e in read_events(con)} == {"jane@acme.example", "ann@acme.example", "bob@acme.example"}
    assert ingest_log(con, tmp_path)[0] == 0, "the rotated log is read once"


def test_every_log_rotated_since_ingestion_is_read_and_a_copy_or_a_damaged_archive_costs_nothing(con, tmp_path):
    log = optout_log.log_path(tmp_path)
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    ingest_log(con, tmp_path)
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)  # after the offset, in the first file
    log.with_name("optouts.jsonl-backup").write_bytes(log.read_bytes().splitlines(keepends=True)[0])  # a copy
    log.rename(log.with_name("optouts.jsonl-20261202"))
    optout_log.append(tmp_path, "k3", "bob@acme.example", NOW)  # the second file, never ingested
    log.rename(log.with_name("optouts.jsonl-20261203"))
    optout_log.append(tmp_path, "k4", "cat@acme.example", NOW)  # the current log
    log.with_name("optouts.jsonl-20261101.gz").write_bytes(gzip.compress(b"x" * 64)[:12] + b"\x00" * 40)
    (tmp_path / "optouts" / "optouts.jsonl.d").mkdir()

    current = current_suppressions(con, tmp_path)
    assert [current.reason_for(f"{n}@acme.example") for n in ("ann", "bob", "cat")] == ["unsubscribe_link"] * 3
    assert ingest_log(con, tmp_path)[0] == 3
    assert ingest_log(con, tmp_path)[0] == 0
    assert {e.target for e in read_events(con)} == {f"{n}@acme.example" for n in ("jane", "ann", "bob", "cat")}


@pytest.mark.parametrize("new_log", [False, True], ids=["no new log yet", "a new empty log"])
def test_clicks_in_a_log_rotated_before_its_first_ingestion_are_read(con, tmp_path, new_log):
    """The first ingestion of a new install finds no log: its cursor names no file, so every file
    found later, and every one rotated beside it, holds lines not read yet."""
    assert ingest_log(con, tmp_path)[0] == 0
    optout_log.append(tmp_path, "k1", "ann@acme.example", NOW)
    log = optout_log.log_path(tmp_path)
    log.rename(log.with_name("optouts.jsonl.1"))
    if new_log:
        log.touch()
    assert current_suppressions(con, tmp_path).reason_for("ann@acme.example") == "unsubscribe_link"
    assert ingest_log(con, tmp_path)[0] == 1
    assert ingest_log(con, tmp_path)[0] == 0


def test_a_replaced_log_of_the_very_size_read_is_read_again_by_a_running_watch(con, tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    current = current_suppressions(con, tmp_path)
    log = optout_log.log_path(tmp_path)
    size = log.stat().st_size
    log.unlink()
    optout_log.append(tmp_path, "k2", "jake@acme.example", NOW)  # as long as Jane's line, in a new file
    assert log.stat().st_size == size
    assert current.refresh().reason_for("jake@acme.example") == "unsubscribe_link"


def _rewrite_middle_click(data_dir: Path, send_key: str, address: str) -> None:
    """The log's middle line made a click of ``address`` (as long as the one it replaces), written over
    the same file in place: its size, inode, first and last lines as they were."""
    log = optout_log.log_path(data_dir)
    lines = log.read_bytes().splitlines(keepends=True)
    record = optout_log.OptOut(optout_log.optout_id(send_key, address), NOW.isoformat(), send_key, address, "link")
    lines[1] = (json.dumps(record.__dict__, ensure_ascii=False, sort_keys=True) + "\n").encode()
    size = log.stat().st_size
    with open(log, "r+b") as fh:
        fh.write(b"".join(lines))
    assert log.stat().st_size == size


def test_a_log_rewritten_in_place_at_its_size_and_ends_is_read_again_by_ingestion_and_a_running_watch(con, tmp_path):
    for key, address in (("k1", "ann@acme.example"), ("k2", "bob@acme.example"), ("k3", "cat@acme.example")):
        optout_log.append(tmp_path, key, address, NOW)
    assert ingest_log(con, tmp_path)[0] == 3
    current = current_suppressions(con, tmp_path)
    _rewrite_middle_click(tmp_path, "k2", "dan@acme.example")
    assert current.refresh().reason_for("dan@acme.example") == "unsubscribe_link", "the running send batch"
    assert not logs_ingested(con, tmp_path), "the replies run's unchanged test"
    assert ingest_log(con, tmp_path)[0] == 1
    assert "dan@acme.example" in {e.target for e in read_events(con)}
    assert logs_ingested(con, tmp_path) and ingest_log(con, tmp_path)[0] == 0


def test_an_entries_log_rewritten_in_place_at_its_size_and_ends_is_recorded_again(con, tmp_path):
    """``sdr suppress add`` records the entries log at once: a line rewritten in place, the file's size, first and
    last lines as they were, holds an entry the warehouse has not recorded."""
    for address in ("ann@acme.example", "bob@acme.example", "cat@acme.example"):
        log_entry(tmp_path, address, "Dana", "said no at a fair", NOW)
    assert record_entries(con, tmp_path) == 3
    log = entry_log.log_path(tmp_path)
    size = log.stat().st_size
    lines = log.read_bytes().splitlines(keepends=True)
    bob = json.loads(lines[1])["event_id"].encode()
    lines[1] = lines[1].replace(b"bob@acme.example", b"dan@acme.example").replace(bob, b"manual:" + b"d" * 32)
    with open(log, "r+b") as fh:
        fh.write(b"".join(lines))
    assert log.stat().st_size == size
    assert record_entries(con, tmp_path) == 1
    assert "dan@acme.example" in {e.target for e in read_events(con)}
    assert record_entries(con, tmp_path) == 0


def test_an_offset_stored_before_heads_is_kept_and_gains_one(tmp_path):
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    path = str(tmp_path / "old.duckdb")
    with duckdb.connect(path) as old:
        old.execute("create table optout_log_offset (log varchar primary key, byte_offset bigint not null)")
        old.execute("insert into optout_log_offset values (?, ?)",
                    [str(optout_log.LOG_RELATIVE), optout_log.log_path(tmp_path).stat().st_size])
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    with Warehouse(path=path).connect() as con:
        assert ingest_log(con, tmp_path)[0] == 1, "Jane's click was ingested before: only Ann's is new"
        head = con.execute("select head from optout_log_offset where log = ?", [str(optout_log.LOG_RELATIVE)]).fetchone()
    assert head == (optout_log.read(tmp_path).cursor.head,) and len(head[0]) == 16


def test_an_entry_logged_while_the_warehouse_is_away_counts_and_is_recorded_once(con, tmp_path):
    event = log_entry(tmp_path, "Sam@ACME.example", "Dana", "said no at a fair", NOW)
    assert entry_log.log_path(tmp_path).stat().st_mode & 0o777 == 0o600
    current = current_suppressions(con, tmp_path)
    assert current.reason_for("sam+x@acme.example") == "manual", "honoured before the warehouse has it"
    log_entry(tmp_path, "@other.example", "Dana", "their legal team asked", NOW)
    assert current.refresh().reason_for("x@mail.other.example") == "manual (domain @other.example)"
    assert {e.target for e in pending_optouts(con, tmp_path)} == {"sam@acme.example", "@other.example"}
    assert ingest_log(con, tmp_path)[0] == 2 and ingest_log(con, tmp_path)[0] == 0
    assert record_entries(con, tmp_path) == 0 and pending_optouts(con, tmp_path) == []
    assert [e.event_id for e in read_events(con)][0] == event.event_id
    assert lift_entry(con, tmp_path, "sam@acme.example", "Dana", "he asked to hear from us", NOW) == ["manual"]
    assert current_suppressions(con, tmp_path).reason_for("sam@acme.example") is None, "the log does not undo it"


def test_a_lift_first_records_an_entry_logged_before_it(con, tmp_path):
    log_entry(tmp_path, "sam@acme.example", "Dana", "said no at a fair", NOW)
    assert lift_entry(con, tmp_path, "sam@acme.example", "Dana", "entered by mistake", NOW) == ["manual"]
    assert [e.action for e in read_events(con)] == ["add", "lift"]
    assert ingest_log(con, tmp_path)[0] == 0
    assert current_suppressions(con, tmp_path).reason_for("sam@acme.example") is None


def test_a_bad_line_in_the_entries_log_is_reported_and_the_others_count(con, tmp_path):
    log_entry(tmp_path, "sam@acme.example", "Dana", "said no", NOW)
    with open(entry_log.log_path(tmp_path), "ab") as fh:
        fh.write(b'{"event_id": "manual:x", "target": "not an address"}\n' + b"[" * 100_000 + b"\n")
    log_entry(tmp_path, "kim@acme.example", "Dana", "said no", NOW)
    new, _, bad = ingest_log(con, tmp_path)
    assert new == 2 and len(bad) == 2 and all(line.startswith(str(entry_log.LOG_RELATIVE)) for line in bad)


def test_in_force_reads_the_logs_once_so_its_list_and_entries_agree(con, tmp_path, monkeypatch):
    """A click appended while ``in_force`` reads (a recipient clicking as the CRM export runs) is in both
    its answers or in neither: one read of the logs, not one for the list and another for the entries."""
    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    read = optout_log.read

    def read_then_click(data_dir, since=Cursor()):
        found = read(data_dir, since)
        if not optout_log.log_path(tmp_path).read_text().count("tom@"):
            optout_log.append(tmp_path, "k2", "tom@acme.example", NOW)
        return found

    monkeypatch.setattr(optout_log, "read", read_then_click)
    suppressions, entries = in_force(con, tmp_path)
    listed = {a for a in ("jane@acme.example", "tom@acme.example") if suppressions.reason_for(a)}
    assert listed == set(entries) == {"jane@acme.example"}


def _opened(monkeypatch) -> list[tuple[Path, int]]:
    """Each file the line log opens, with the largest read of it, as the reads go."""
    opened, real = [], open

    class Watched:
        def __init__(self, fh):
            self._fh = fh

        def read(self, size=-1):
            data = self._fh.read(size)
            opened[-1] = (opened[-1][0], max(opened[-1][1], len(data)))
            return data

        def __getattr__(self, name):
            return getattr(self._fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self._fh.__exit__(*exc)

    def watched(path, mode="r", *args, **kwargs):
        opened.append((Path(path), 0))
        return Watched(real(path, mode, *args, **kwargs))

    monkeypatch.setattr(line_log, "open", watched, raising=False)
    return opened


def test_an_ingested_log_whose_status_still_matches_is_answered_without_opening_it(con, tmp_path, monkeypatch):
    for key, address in (("k1", "ann@acme.example"), ("k2", "bob@acme.example"), ("k3", "cat@acme.example")):
        optout_log.append(tmp_path, key, address, NOW)
    assert ingest_log(con, tmp_path)[0] == 3
    monkeypatch.setattr(file_clock, "RACY_NS", -1)  # as when the log is read seconds after it changed
    optout_log.append(tmp_path, "k4", "dee@acme.example", NOW)
    assert ingest_log(con, tmp_path)[0] == 1
    opened = _opened(monkeypatch)
    assert logs_ingested(con, tmp_path) and pending_optouts(con, tmp_path) == []
    assert current_suppressions(con, tmp_path).refresh().reason_for("ann@acme.example") == "unsubscribe_link"
    assert optout_log.log_path(tmp_path) not in {path for path, _ in opened}, opened
    _rewrite_middle_click(tmp_path, "k2", "dan@acme.example")
    assert "dan@acme.example" in {e.target for e in pending_optouts(con, tmp_path)}, "its status moved"
    monkeypatch.undo()
    assert ingest_log(con, tmp_path)[0] == 1
    assert con.execute("select changed from optout_log_offset where log = ?",
                       [str(optout_log.LOG_RELATIVE)]).fetchone() == (None,), "read in the tick it changed: no status"


def test_the_bytes_before_a_stored_offset_are_hashed_a_chunk_at_a_time(tmp_path, monkeypatch):
    log = optout_log.log_path(tmp_path)
    log.parent.mkdir(parents=True)
    log.write_bytes(b"".join(  # about 5 MiB
        (json.dumps({"optout_id": f"id{n}", "at": NOW.isoformat(), "send_key": f"k{n}", "address": f"p{n}@acme.example",
                     "via": "link"}) + "\n").encode() for n in range(40_000)))
    stored = optout_log.read(tmp_path).cursor
    assert log.stat().st_size > 4 << 20
    opened = _opened(monkeypatch)
    after = optout_log.read(tmp_path, Cursor(stored.offset, stored.head, tail=stored.tail, prefix=stored.prefix))
    assert after.records == [] and after.cursor.prefix == stored.prefix
    assert opened and max(largest for _, largest in opened) <= 1 << 20, opened


def test_a_reader_that_keeps_no_digest_is_given_none(tmp_path):
    optout_log.append(tmp_path, "k1", "ann@acme.example", NOW)
    log = optout_log.log_path(tmp_path)
    kept, unkept = line_log.read(log)[1], line_log.read(log, keep_digest=False)[1]
    assert len(kept.prefix) == 64 and unkept.prefix == ""
    assert (kept.offset, kept.head, kept.tail) == (unkept.offset, unkept.head, unkept.tail)


def test_the_list_is_rewritten_only_when_it_is_not_what_the_events_fold_into(tmp_path):
    from sdr_assets.optouts import record_events, suppression_list
    from tests.send_world import _body

    warehouse = Warehouse(path=str(tmp_path / "w.duckdb"))

    def listed_after_the_asset() -> tuple[set[str], str | None]:
        """The list's addresses after the ``suppression_list`` asset ran, and the note a rewrite drops."""
        _body(suppression_list)(warehouse=warehouse)
        with warehouse.connect() as con:
            emails = {e for (e,) in con.execute("select email from suppression_list").fetchall()}
            (note,) = con.execute("select comment from duckdb_tables() where table_name = ?",
                                  ["suppression_list"]).fetchone()
            con.execute("comment on table suppression_list is 'as it stood'")
        return emails, note

    optout_log.append(tmp_path, "k1", "jane@acme.example", NOW)
    log_entry(tmp_path, "@spam.example", "Ann", "spam trap", NOW)
    with warehouse.connect() as con:
        record_events(con, str(tmp_path), NOW)  # folds the list as it records
    assert listed_after_the_asset()[0] == {"jane@acme.example", "@spam.example"}
    assert listed_after_the_asset() == ({"jane@acme.example", "@spam.example"}, "as it stood"), "kept as it is"
    with warehouse.connect() as con:
        con.execute("delete from suppression_list where email = 'jane@acme.example'")
    assert listed_after_the_asset() == ({"jane@acme.example", "@spam.example"}, None), "edited by hand: rewritten"
    optout_log.append(tmp_path, "k2", "ann@acme.example", NOW)
    with warehouse.connect() as con:
        ingest_log(con, tmp_path)  # events recorded, the list not folded: it lags behind them
    assert listed_after_the_asset() == ({"jane@acme.example", "@spam.example", "ann@acme.example"}, "as it stood"), \
        "caught up by merging the new event's target, the table kept"
