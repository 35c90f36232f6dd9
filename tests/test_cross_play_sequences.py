"""One person in two approved plays: one conversation with her at a time.

The second play's first email waits, held with the reason, while the first play's sequence to her
runs and for a day after its last email, whichever of our mailboxes each play sends from; `sdr
status` counts it apart. The send step against a real DuckDB file and maildir (``tests/send_world.py``).
"""

import polars as pl
import pytest

from resources.warehouse import read_table, replace_rows
from sdr_assets.cli_summary import _print_notes
from sdr_assets.decisions import decide
from sdr_assets.domain.play_overlap import OTHER_PLAY
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.playbook import load_plays
from sdr_assets.sends import send_for_play
from sdr_assets.status import collect_status
from tests.send_world import CONTACTS, PLAY, SENDER, Spelling, World, _send_context, play_yaml

OTHER = "second-play"
ANN = Spelling().write(*CONTACTS[2])


def _add_second_play(world: World, sender: str) -> None:
    """A second play, from ``sender``, drafted for the same person, approved."""
    text = play_yaml(1).replace(f"name: {PLAY}", f"name: {OTHER}").replace(f"email: {SENDER}", f"email: {sender}")
    (world.root / "plays" / f"{OTHER}.yaml").write_text(text, encoding="utf-8")
    play = load_plays(world.root / "plays").plays[OTHER]
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        mine = drafts.filter(pl.col("play_version") == world.version).with_columns(
            play=pl.lit(OTHER), play_version=pl.lit(play.version_hash), play_content=pl.lit(play.content_sha256),
            draft_id=pl.lit(OTHER + "-") + pl.col("draft_id"),
            subject=pl.when(pl.col("step") == 1).then(pl.lit("A different opener")).otherwise(pl.col("subject")))
        replace_rows(con, "message_drafts", pl.concat([drafts, mine.select(list(DRAFT_SCHEMA))], how="diagonal"))
    decide(OTHER, "approve", "Dana Whitfield", "test", play.version_hash, warehouse_path=world.warehouse.path,
           plays_dir=world.root / "plays", mode="live")


def _send_other(world: World) -> None:
    send_for_play(_send_context(), OTHER, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=world.resources["mail"])


def _rows(world: World) -> list[tuple]:
    with world.warehouse.connect() as con:
        return con.execute("select play, step, status, reason from send_ledger order by play, step").fetchall()


@pytest.mark.parametrize("sender", [SENDER, "jo@outreach.example"])
def test_a_person_in_two_plays_gets_the_second_first_email_a_day_after_the_first_sequence_ends(
        tmp_path, capsys, sender):
    world = World(tmp_path, [ANN])
    world.decide("approve")
    _add_second_play(world, sender)
    assert world.send() == "sent"
    _send_other(world)
    (held,) = [r for r in _rows(world) if r[0] == OTHER]
    assert held[1:3] == (1, "held") and held[3].startswith(OTHER_PLAY) and f"'{PLAY}' mailed" in held[3], held
    assert len(world.outbox()) == 1, "one cold email, not two in the same minute"

    world.advance(24 * 60)
    _send_other(world)
    assert "sequence of 'prop-play' (step 1 of 2 sent)" in [r for r in _rows(world) if r[0] == OTHER][0][3]
    status = collect_status(world.warehouse, world.resources["paths"], world.now, policy=world.resources["policy"])
    assert status["waiting_for_another_play"] == {PLAY: 0, OTHER: 1}
    _print_notes(status)
    printed = " ".join(capsys.readouterr().out.split())
    assert "First emails waiting for another play's sequence to their person to end (one conversation at a " \
           f"time): 1 ({OTHER}: 1)" in printed, printed
    assert "for a later day's allowance" not in printed, printed

    world.advance(24 * 60)
    assert world.send() == "sent", "the first play's follow-up goes: a running sequence is never held"
    _send_other(world)
    assert [(r[0], r[1], r[2]) for r in _rows(world)] == [(PLAY, 1, "sent"), (PLAY, 2, "sent"), (OTHER, 1, "held")]

    world.advance(23 * 60 + 30)
    _send_other(world)
    assert [(r[0], r[1], r[2]) for r in _rows(world) if r[0] == OTHER] == [(OTHER, 1, "sent")]
    assert len(world.outbox()) == 3


def test_a_person_mid_sequence_in_a_revoked_play_gets_the_other_plays_first_email(tmp_path):
    world = World(tmp_path, [ANN])
    world.decide("approve")
    _add_second_play(world, SENDER)
    assert world.send() == "sent"
    world.decide("revoke")
    world.advance(24 * 60)
    _send_other(world)
    assert [(r[0], r[1], r[2]) for r in _rows(world)] == [(PLAY, 1, "sent"), (OTHER, 1, "sent")], _rows(world)


@pytest.mark.parametrize("hold", ["paused", "edited"])
def test_a_person_mid_sequence_in_a_held_play_waits_for_it_to_end(tmp_path, hold):
    """A paused play, or one edited and not approved yet, may send its follow-ups once it resumes:
    the other play's first email waits, within the bound the reason gives."""
    world = World(tmp_path, [ANN])
    world.decide("approve")
    _add_second_play(world, SENDER)
    assert world.send() == "sent"
    text = play_yaml(1) + "paused: true\n" if hold == "paused" else play_yaml(7)
    (world.root / "plays" / f"{PLAY}.yaml").write_text(text, encoding="utf-8")
    world.advance(24 * 60)
    _send_other(world)
    (held,) = [r for r in _rows(world) if r[0] == OTHER]
    assert held[2] == "held" and f"sequence of '{PLAY}' (step 1 of 2 sent)" in held[3], _rows(world)
    assert len(world.outbox()) == 1
