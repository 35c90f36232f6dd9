"""The text of an email that went out is kept before its draft is rewritten or removed, and the escalation's
thread shows what the contact was sent."""

import json
import random
from datetime import timedelta

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resources.tables import frame_of, registered
from sdr_assets.domain.sequencing import content_digest
from sdr_assets.drafts import DRAFT_SCHEMA, replace_drafts
from sdr_assets.reconcile import _settle
from sdr_assets.sends import LEDGER_SCHEMA
from sdr_assets.sent_texts import DIGEST_SQL, TABLE
from tests.escalation_desk import PLAY, CopiedDesk
from tests.test_escalations_partial import START, World, _run

# DuckDB's text holds no NUL: a draft with one is found by its draft alone (its text is not kept).
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(subject=st.none() | TEXT, body=st.none() | TEXT)
def test_the_digest_in_sql_is_the_one_the_ledger_records(subject, body):
    with duckdb.connect() as con:
        (found,) = con.execute(f"select {DIGEST_SQL} from (select ?::varchar as subject, ?::varchar as body) d",
                               [subject, body]).fetchone()
    assert found == content_digest({"subject": subject, "body": body})


def _drafts(play: str, **bodies: str) -> pl.DataFrame:
    return pl.DataFrame([{**dict.fromkeys(DRAFT_SCHEMA), "draft_id": d, "play": play, "step": 1,
                          "subject": f"About {d}", "body": body} for d, body in bodies.items()], schema=DRAFT_SCHEMA)


def _sent(con, play: str, drafts: pl.DataFrame, status: str = "sent") -> None:
    rows = [{**dict.fromkeys(LEDGER_SCHEMA), "send_key": f"{play}-{d['draft_id']}-{status}", "play": play,
             "draft_id": d["draft_id"], "status": status, "content_digest": content_digest(d)}
            for d in drafts.iter_rows(named=True)]
    frame = pl.DataFrame(rows, schema=LEDGER_SCHEMA)
    with registered(con, "_sends", frame):
        exists = con.execute("select count(*) from information_schema.tables where table_name = 'send_ledger'")
        if exists.fetchone()[0]:
            con.execute("insert into send_ledger by name select * from _sends")
        else:
            con.execute("create table send_ledger as select * from _sends")


def _kept(con) -> dict[str, str]:
    return dict(con.execute(f"select body, content_digest from {TABLE}").fetchall())


@pytest.fixture
def con():
    with duckdb.connect() as con:
        first = _drafts("p", a="sent, then rewritten", b="sent, then dropped", c="never sent", d="refused")
        with registered(con, "_rows", pl.concat([first, _drafts("q", a="another play's")])):
            con.execute("create table message_drafts as select * from _rows")
        _sent(con, "p", first.filter(pl.col("draft_id").is_in(["a", "b"])))
        _sent(con, "p", first.filter(pl.col("draft_id") == "d"), status="refused")
        yield con


def test_a_sent_draft_rewritten_or_dropped_keeps_its_text_and_no_other_is_kept(con):
    replace_drafts(con, "p", _drafts("p", a="rewritten", c="never sent, rewritten"))
    kept = _kept(con)
    assert sorted(kept) == ["sent, then dropped", "sent, then rewritten"]
    assert kept["sent, then rewritten"] == content_digest({"subject": "About a", "body": "sent, then rewritten"})
    replace_drafts(con, "p", _drafts("p", a="rewritten"))  # a text kept stays kept, once
    assert len(_kept(con)) == 2


def test_a_draft_changed_by_hand_after_it_went_out_is_not_kept_as_what_went_out(con):
    con.execute("update message_drafts set body = 'edited since' where play = 'p' and draft_id = 'a'")
    replace_drafts(con, "p", _drafts("p"))
    assert sorted(_kept(con)) == ["sent, then dropped"]


ANN, BOB = "ann@acme.example", "bob@initech.example"


def _with_digests(world: World) -> None:
    """The ledger records the digest of each draft it sent, as the send loop does."""
    with world.desk.resources(START)["warehouse"].connect() as con:
        for draft in world.drafts:
            con.execute("update send_ledger set content_digest = ? where draft_id = ?",
                        [content_digest(draft), draft["draft_id"]])


def _outbound(desk, contact: str) -> list[str]:
    with desk.resources(START)["warehouse"].connect() as con:
        (text,) = con.execute("select thread from escalations where contact_email = ?", [contact]).fetchone()
    return [m["text"] for m in json.loads(text) if m["direction"] == "out"]


def test_the_thread_shows_what_was_sent_after_its_draft_is_rewritten_and_dropped(tmp_path):
    world = World(tmp_path / "data")
    _with_digests(world)
    world.reply(random.Random(3), START, contact=ANN, label="question")
    _run(world.desk, START)
    assert _outbound(world.desk, ANN) == ["Hello, note 1."]
    frame = pl.DataFrame([{**d} for d in world.drafts], schema=DRAFT_SCHEMA)
    with world.desk.resources(START)["warehouse"].connect() as con:  # a new version drafts her otherwise
        replace_drafts(con, PLAY, frame.with_columns(body=pl.lit("A new version's note.")))
    _run(world.desk, START + timedelta(minutes=5))
    assert _outbound(world.desk, ANN) == ["Hello, note 1."]
    with world.desk.resources(START)["warehouse"].connect() as con:  # her account no longer drafted
        replace_drafts(con, PLAY, frame.filter(pl.col("contact_email") != ANN))
    _run(world.desk, START + timedelta(minutes=10))
    assert _outbound(world.desk, ANN) == ["Hello, note 1."]


def test_a_send_left_sending_while_its_draft_is_rewritten_shows_what_went_out_once_settled_sent(tmp_path):
    """A crash or a lost server answer leaves the send in doubt until it is settled: its text may have gone out."""
    world = World(tmp_path / "data")
    _with_digests(world)
    with world.desk.resources(START)["warehouse"].connect() as con:
        con.execute("update send_ledger set status = 'sending', message_id = '<m1@x>' where contact_email = ?",
                    [ANN])
        frame = pl.DataFrame([{**d} for d in world.drafts], schema=DRAFT_SCHEMA)
        replace_drafts(con, PLAY, frame.with_columns(body=pl.lit("A new version's note.")))
        (row,) = con.execute("select send_key, play, contact_email, step, message_id from send_ledger "
                             "where contact_email = ?", [ANN]).fetchall()
        _settle(con, row, True, "dana", START, "the server took it")  # `sdr sends resolve KEY --sent`
    world.reply(random.Random(3), START, contact=ANN, label="question")
    _run(world.desk, START)
    assert _outbound(world.desk, ANN) == ["Hello, note 1."]


def test_a_text_kept_for_one_contact_stands_for_no_other_contacts_message_of_the_same_words(tmp_path):
    """Ann and Bob were sent the same words; Ann's draft was then edited by hand. Bob's draft rewritten
    keeps his text, which a whole build and a run building Bob alone both leave out of Ann's thread."""
    world = World(tmp_path / "data")
    world.sql("update message_drafts set body = 'Hello there.' where contact_email in (?, ?)", [ANN, BOB])
    world.drafts = [{**d, "body": "Hello there."} if d["contact_email"] in (ANN, BOB) else d for d in world.drafts]
    _with_digests(world)
    world.sql("update message_drafts set body = 'Hello there (edited by hand).' where contact_email = ?", [ANN])
    rng = random.Random(5)
    world.reply(rng, START, contact=ANN, label="question")
    world.reply(rng, START, contact=BOB, label="question")
    _run(world.desk, START)
    with world.desk.resources(START)["warehouse"].connect() as con:
        stored = frame_of(con, "select * from message_drafts").cast(DRAFT_SCHEMA)
        replace_drafts(con, PLAY, stored.with_columns(
            body=pl.when(pl.col("contact_email") == BOB).then(pl.lit("Bob's new note.")).otherwise("body")))
    at = START + timedelta(minutes=20)
    whole = CopiedDesk(world.desk.root, tmp_path / "whole")
    _run(world.desk, at)
    _run(whole, at, full_refresh=True)
    assert _outbound(whole, ANN) == _outbound(world.desk, ANN)
    assert _outbound(world.desk, BOB) == ["Hello there."]
