"""A finished sequence that an edit gives an inserted step stays finished.

Play A's sequence reached its last email for Ann; play B's first email to her waits a day and goes.
If A is then edited to insert a step before its last one (the case ``content_digest`` exists for),
A's last email step becomes 3, and her new step 3 is the message she got as step 2: it is recorded
``sent_before``, dated when that message went, so A's sequence to her has ended and B's first email
goes.
"""

from __future__ import annotations

import polars as pl

from resources.warehouse import read_table, replace_rows
from sdr_assets.domain.sequencing import send_key
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.playbook import load_plays
from tests.send_world import PLAY, SENDER, World, play_yaml
from tests.test_cross_play_sequences import ANN, OTHER, _add_second_play, _rows, _send_other

INSERTED = """  - channel: email
    delay_days: 1
    subject: "A thought"
    body: "An inserted note."
"""


def _insert_step(world: World) -> None:
    """Version with a step inserted before the last one; its drafts, Ann's step 3 the message she got as 2."""
    text = play_yaml(0)
    anchor = "  - channel: email\n    delay_days: 2\n"
    assert anchor in text
    (world.root / "plays" / f"{PLAY}.yaml").write_text(text.replace(anchor, INSERTED + anchor), encoding="utf-8")
    play = load_plays(world.root / "plays").plays[PLAY]
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        old = drafts.filter((pl.col("play") == PLAY) & (pl.col("play_version") == world.version))
        mine = pl.concat([
            old.filter(pl.col("step") == 1),
            old.filter(pl.col("step") == 2).with_columns(subject=pl.lit("A thought"), body=pl.lit("An inserted note."),
                                                         delay_days=pl.lit(1, dtype=pl.Int64)),
            old.filter(pl.col("step") == 2).with_columns(step=pl.lit(3, dtype=pl.Int64)),
        ]).with_columns(play_version=pl.lit(play.version_hash), play_content=pl.lit(play.content_sha256),
                        draft_id=pl.lit("v9-") + pl.col("step").cast(pl.String))
        replace_rows(con, "message_drafts", pl.concat([drafts, mine.select(list(DRAFT_SCHEMA))], how="diagonal"))
    world.version = play.version_hash
    world.decide("approve")


def test_another_plays_first_email_goes_after_a_finished_sequence_gains_an_inserted_step(tmp_path):
    world = World(tmp_path, [ANN])
    world.decide("approve")
    _add_second_play(world, SENDER)
    assert world.send() == "sent"
    world.advance(2 * 24 * 60)
    assert world.send() == "sent"
    assert [(r[0], r[1], r[2]) for r in _rows(world)] == [(PLAY, 1, "sent"), (PLAY, 2, "sent")]
    _insert_step(world)
    for _ in range(5):
        world.advance(24 * 60)
        assert world.send() == "sent"
        _send_other(world)
    assert (OTHER, 1, "sent") in [(r[0], r[1], r[2]) for r in _rows(world)], _rows(world)
    assert [(r[0], r[1], r[2]) for r in _rows(world) if r[0] == PLAY] == [
        (PLAY, 1, "sent"), (PLAY, 2, "sent"), (PLAY, 3, "sent_before")], "A's step 3 is settled, not sent again"
    with world.warehouse.connect() as con:
        (same,) = con.execute("select count(distinct sent_at) from send_ledger where play = ? and step >= 2",
                              [PLAY]).fetchone()
    assert same == 1, "dated when the message went as step 2"
    assert send_key(PLAY, ANN, 3) not in {m.send_key for m in world.outbox()}, "nothing twice"
