"""A play renamed in its file is the same play: no one it mailed under the old name gets a step again.

The send step is the real one (``tests/send_world.py``); the renamed play's drafts are its old
drafts under the new name, as the drafts step writes them from the same research (the signals,
enrichment and research layers key accounts by the play's name and never read the ledger)."""

import dagster as dg
import polars as pl
import pytest

from resources.warehouse import read_table, replace_rows
from sdr_assets.decisions import decide
from sdr_assets.domain.play_overlap import GRACE, OTHER_PLAY
from sdr_assets.domain.renamed_plays import former_names, versions_by_name
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.playbook import load_plays
from sdr_assets.sends import send_for_play
from tests.approving import current_version
from tests.send_world import PLAY, CrashingOutbox, _send_context, first_emails_sent, parse, play_yaml

NEW = "prop-play-eu"


def _rename(world, version: int, formerly: bool = False) -> None:
    """The play's file under the new name, at ``version``'s wording, and its drafts under that name."""
    text = play_yaml(version).replace(f"name: {PLAY}", f"name: {NEW}")
    (world.root / "plays" / f"{PLAY}.yaml").write_text(text + (f"formerly: [{PLAY}]\n" if formerly else ""))
    renamed = load_plays(world.root / "plays").plays[NEW]
    with world.warehouse.connect() as con:
        drafts = read_table(con, "message_drafts")
        copied = drafts.filter((pl.col("play") == PLAY) & (pl.col("play_version") == world.hashes[version]))
        copied = copied.with_columns(pl.lit(NEW).alias("play"), pl.lit(renamed.version_hash).alias("play_version"),
                                     pl.lit(renamed.content_sha256).alias("play_content"),
                                     (pl.col("draft_id") + "-eu").alias("draft_id"))
        replace_rows(con, "message_drafts", pl.concat([drafts, copied]).cast(DRAFT_SCHEMA, strict=False))


def _send_new(world) -> None:
    mail = CrashingOutbox(**{**world.resources["mail"].model_dump(), "counter": {}})
    send_for_play(_send_context(), NEW, warehouse=world.warehouse, paths=world.resources["paths"],
                  policy=world.resources["policy"], mail=mail)


def _approve_new(world) -> None:
    decide(NEW, "approve", "Dana Whitfield", "same play, new name", current_version(NEW, world.root / "plays"),
           warehouse_path=world.warehouse.path, plays_dir=world.root / "plays", mode="live")


def _sent_steps(world) -> list[tuple[str, int]]:
    with world.warehouse.connect() as con:
        return con.execute("select play, step from send_ledger where status = 'sent' order by all").fetchall()


@pytest.mark.parametrize(("version", "formerly"), [(0, False), (1, True)],
                         ids=["renamed", "renamed and edited, its former name declared"])
def test_a_renamed_play_goes_on_with_the_sequences_it_began_under_its_old_name(tmp_path, version, formerly):
    world = first_emails_sent(tmp_path)
    _rename(world, version, formerly)
    with pytest.raises(dg.Failure, match="approv"):
        _send_new(world)  # the new name has no approval of its own: the gate holds
    assert len(world.outbox()) == 4
    _approve_new(world)
    world.advance(3 * 24 * 60)
    _send_new(world)
    assert _sent_steps(world) == [(PLAY, 1)] * 4 + [(NEW, 2)] * 4, "each person: one first email, one follow-up"
    folder = world.root / "outbox"
    messages = [parse(p.read_bytes()) for p in sorted([*(folder / "new").iterdir(), *(folder / "cur").iterdir()])]
    firsts = {str(m["Message-ID"]).strip() for m in messages if m["In-Reply-To"] is None}
    assert {str(m["In-Reply-To"]).strip() for m in messages if m["In-Reply-To"] is not None} == firsts


def test_a_rename_with_an_edit_that_does_not_declare_the_old_name_is_a_new_play_after_the_old_sequences(tmp_path):
    """Nothing ties it to the old name (README, "Approving plays"), and nothing ended what the old name
    began: its people are in that sequence as it stood, so the new play's first email waits, held with
    why, until that sequence would have ended (one conversation per person at a time). Before, the
    old name's file gone ended its sequences, and its people got a second first email days after the
    first."""
    world = first_emails_sent(tmp_path)
    _rename(world, 1)
    _approve_new(world)
    world.advance(3 * 24 * 60)
    _send_new(world)
    assert _sent_steps(world) == [(PLAY, 1)] * 4
    with world.warehouse.connect() as con:
        held = con.execute("select status, reason from send_ledger where play = ?", [NEW]).fetchall()
    assert len(held) == 4 and all(status == "held" and reason.startswith(OTHER_PLAY)
                                  and f"sequence of '{PLAY}' (step 1 of 2 sent)" in reason for status, reason in held), held
    world.advance((2 + GRACE.days) * 24 * 60)  # past the old sequence's last delay and the stall's bound
    _send_new(world)
    assert _sent_steps(world) == [(PLAY, 1)] * 4 + [(NEW, 1)] * 4


def test_a_removed_play_that_was_revoked_holds_no_one(tmp_path):
    """A revoke recorded on the old name ended its sequences: the new play's first email goes."""
    world = first_emails_sent(tmp_path)
    world.decide("revoke")
    _rename(world, 1)
    _approve_new(world)
    world.advance(3 * 24 * 60)
    _send_new(world)
    assert _sent_steps(world) == [(PLAY, 1)] * 4 + [(NEW, 1)] * 4


def test_former_names_are_the_names_sharing_a_version_and_through_them_theirs():
    versions = versions_by_name([("old", "v0"), ("old", "v1"), ("copy-of-v0", "v0"), ("other", "v9"),
                                 ("new", "v1"), ("declared", "v5")])
    assert former_names(versions, "new", "v1") == {"old", "copy-of-v0"}
    assert former_names(versions, "newest", "v1") == {"old", "copy-of-v0", "new"}
    assert former_names(versions, "fresh", "v7", declared=["declared"]) == {"declared"}
    assert former_names(versions, "lonely", "v8") == set()
