"""The deliverability guard counts a sending mailbox once, however the plays spell it: a play whose
sender was paused as ``sam+a@`` does not send on as ``SAM@``, and the warm-up behind the floor of its
complaint rate is the mailbox's, not one spelling's. Before, each recorded spelling had a rate of its
own, so a respelled sender went on mailing through a pause (Gmail and Yahoo block at 0.3 %)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import polars as pl

from resources.warehouse import read_table, replace_rows
from sdr_assets.domain.deliverability import ramps_at
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.monitor_checks import deliverability_result
from sdr_assets.monitoring import play_monitor
from sdr_assets.pause_notices import pause_notices
from sdr_assets.monitor_data import send_outcomes, sending_days_before, sends_with_verdicts
from sdr_assets.playbook import load_plays
from tests.send_world import CONTACTS, PLAY, SENDER, Spelling, World, complaint, play_yaml


def _sender(world: World, spelled: str) -> None:
    """The play's file with its sender spelled ``spelled``, its drafts at that version, approved."""
    (world.root / "plays" / f"{PLAY}.yaml").write_text(play_yaml(0).replace(SENDER, spelled))
    play = load_plays(world.root / "plays").plays[PLAY]
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        copied = drafts.filter(pl.col("play_version") == world.hashes[0]).with_columns(
            play_version=pl.lit(play.version_hash), play_content=pl.lit(play.content_sha256),
            draft_id=pl.col("draft_id") + f"-{spelled}")
        replace_rows(con, "message_drafts", pl.concat([drafts, copied]).cast(DRAFT_SCHEMA, strict=False))
    world.decide("approve")


def _complained_of_as_tagged(tmp_path: Path) -> World:
    """A world whose play sent its first emails as ``sam+a@``, two of which drew a complaint."""
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    _sender(world, "sam+a@outreach.example")
    assert world.send() == "sent"
    for sent in world.outbox()[:2]:
        world.deliver(complaint(sent.address, sent.message_id, world.now + timedelta(minutes=30)))
    world.advance(60)
    world.process()
    return world


def test_a_sender_paused_under_one_spelling_does_not_send_under_another(tmp_path: Path):
    world = _complained_of_as_tagged(tmp_path)
    _sender(world, "SAM@outreach.example")
    world.advance(3 * 24 * 60)
    outcome = world.send()
    assert outcome.startswith("refused: sending paused: mailbox sam@outreach.example"), outcome
    assert "2 complaints" in outcome
    assert len(world.outbox()) == 4, "a follow-up went out from the paused mailbox"


def test_the_check_and_the_owner_read_the_pause_of_the_tagged_sender(tmp_path: Path, instance):
    world = _complained_of_as_tagged(tmp_path)
    paths, policy = world.resources["paths"], world.resources["policy"]
    check = deliverability_result(PLAY, world.warehouse, paths, policy)
    assert not check.passed and "sending paused: mailbox sam@outreach.example" in check.description
    assert dg.materialize([play_monitor, pause_notices], resources=world.resources, instance=instance).success
    with world.warehouse.connect() as con:
        told = con.execute("select distinct p.scope, p.scope_value, n.play from monitor_pauses p join pause_notices n "
                           "using (pause_id) where p.scope in ('mailbox', 'domain')").fetchall()
    assert told == [("mailbox", "sam@outreach.example", PLAY)]


def test_the_floor_counts_the_warm_up_of_every_spelling(tmp_path: Path):
    """Days sent as ``sam+a@`` and as ``Sam@`` are one warm-up: the window read from the ledger gives
    the floor the whole history gives."""
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    for spelled in ("sam+a@outreach.example", "Sam@outreach.example"):
        _sender(world, spelled)
        assert world.send() == "sent"
        world.advance(3 * 24 * 60)
    since = datetime(2026, 11, 25, tzinfo=UTC)
    with world.warehouse.connect() as con:
        assert {m for (m,) in con.execute("select distinct mailbox from send_ledger").fetchall()} == {
            "sam+a@outreach.example", "sam@outreach.example"}
        whole = ramps_at(send_outcomes(sends_with_verdicts(con)), since, None)
        assert sending_days_before(con, since) == whole == {"sam@outreach.example": 2}
