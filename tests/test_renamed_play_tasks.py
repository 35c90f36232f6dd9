"""A renamed play's LinkedIn steps follow it as its emails do: a person whose first email went under
the old name gets her LinkedIn step under the new one, due from that email, and a step a person
marked done under the old name is not handed out again. Before, the old name's open tasks were
withdrawn ("play removed") and the new name opened none: its first emails were another name's."""

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest

from resources.warehouse import read_table, replace_rows
from sdr_assets.decisions import decide
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.playbook import load_plays
from sdr_assets.sends import send_for_play
from sdr_assets.tasks import write_tasks
from tests.approving import current_version
from tests.send_world import CONTACTS, PLAY, START, CrashingOutbox, Spelling, World, _send_context, play_yaml

NEW = "prop-play-eu"
NOTE = "  - channel: linkedin\n    delay_days: 1\n    action: connect\n    note: \"Hi {first_name}, glad to connect.\"\n"
FOLLOW_UP = "  - channel: email\n    delay_days: 2\n"


def noted_yaml(name: str, version: int, formerly: str = "") -> str:
    """The send world's play under ``name`` with a LinkedIn note between its two emails."""
    text = play_yaml(version).replace(f"name: {PLAY}", f"name: {name}").replace(FOLLOW_UP, NOTE + FOLLOW_UP)
    return text + (f"formerly: [{formerly}]\n" if formerly else "")


def file_and_approve(world: World, text: str) -> str:
    """``text`` as the play's file, its drafts (email, note, email) at its version, approved; its name."""
    (world.root / "plays" / f"{PLAY}.yaml").write_text(text)
    [play] = load_plays(world.root / "plays").plays.values()
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        first = drafts.filter((pl.col("play_version") == world.hashes[0]) & (pl.col("step") == 1))
        note = first.with_columns(step=pl.lit(2, pl.Int64), channel=pl.lit("linkedin"), delay_days=pl.lit(1, pl.Int64),
                                  subject=pl.lit(None, pl.String), body=pl.lit("Hi, glad to connect."))
        follow_up = drafts.filter((pl.col("play_version") == world.hashes[0]) & (pl.col("step") == 2))
        steps = pl.concat([first, note, follow_up.with_columns(step=pl.lit(3, pl.Int64))]).with_columns(
            play=pl.lit(play.name), play_version=pl.lit(play.version_hash), play_content=pl.lit(play.content_sha256),
            draft_id=pl.col("draft_id") + f"-{play.name}-{play.version_hash}-" + pl.col("step").cast(pl.String))
        replace_rows(con, "message_drafts", pl.concat([drafts, steps.cast(DRAFT_SCHEMA, strict=False)]))
    decide(play.name, "approve", "Dana Whitfield", "samples read", current_version(play.name, world.root / "plays"),
           warehouse_path=world.warehouse.path, plays_dir=world.root / "plays", mode="live")
    return play.name


def send(world: World, name: str) -> None:
    mail = CrashingOutbox(**{**world.resources["mail"].model_dump(), "counter": {}})
    send_for_play(_send_context(), name, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=mail)


def tasks(world: World, name: str) -> dict[str, tuple]:
    """The LinkedIn step's task of each person under ``name``, after its tasks step ran."""
    write_tasks(name, world.warehouse, world.resources["policy"], world.resources["paths"])
    with world.warehouse.connect() as con:
        rows = con.execute("select contact_email, step, status, due_at from linkedin_tasks where play = ?",
                           [name]).fetchall()
    return {email: tuple(rest) for email, *rest in rows}


@pytest.mark.parametrize(("version", "formerly"), [(0, ""), (1, PLAY)],
                         ids=["renamed", "renamed and edited, its former name declared"])
def test_a_renamed_play_hands_out_the_linkedin_steps_its_old_name_began(tmp_path: Path, version, formerly):
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    send(world, file_and_approve(world, noted_yaml(PLAY, 0)))
    world.advance(24 * 60 + 10)
    assert {s for _, s, _ in tasks(world, PLAY).values()} == {"open"}
    with world.warehouse.connect() as con:
        con.execute("update linkedin_tasks set status = 'done', decided_by = 'Dana Whitfield' "
                    "where contact_email = 'ann.lee@acme.example'")

    world.advance(60)
    assert file_and_approve(world, noted_yaml(NEW, version, formerly)) == NEW
    due = (START + timedelta(days=1)).replace(hour=0)
    assert tasks(world, NEW) == {email: (2, "open", due) for email in (
        "jane+news@acme.example", "josé.núñez@xn--bcher-kva.example", "øyvind@sub.fjord.example")}, \
        "each person not done gets her LinkedIn step once, under the new name; Ann's, done before, is not repeated"
    world.advance(3 * 24 * 60)
    send(world, NEW)
    assert len(tasks(world, NEW)) == 3
