"""A LinkedIn step is one task per person, however her address is spelled: research that words
``jane+news@`` as ``jane@`` after her first email still hands out her step (before, it matched no
first email and was lost, while her emails went on), and never a second task beside one she has."""

from pathlib import Path

from tests.send_world import CONTACTS, PLAY, Spelling, World
from tests.test_renamed_play_tasks import file_and_approve, noted_yaml, send, tasks

TAGGED, PLAIN = "jane+news@acme.example", "jane@acme.example"


def _first_emails(tmp_path: Path) -> World:
    world = World(tmp_path, [Spelling().write(*c) for c in CONTACTS])
    send(world, file_and_approve(world, noted_yaml(PLAY, 0)))
    world.advance(24 * 60 + 10)
    return world


def _respelled(world: World) -> None:
    """Research words her address without its tag now: her drafts, all steps, name ``jane@``."""
    with world.warehouse.connect() as con:
        con.execute("update message_drafts set contact_email = ? where contact_email = ?", [PLAIN, TAGGED])


def test_her_linkedin_step_follows_her_address_respelled_after_her_first_email(tmp_path: Path):
    world = _first_emails(tmp_path)
    _respelled(world)
    handed = tasks(world, PLAY)
    assert handed[PLAIN][:2] == (2, "open"), "her LinkedIn step was lost"
    assert len(handed) == len(CONTACTS)


def test_a_respelled_address_gets_no_second_task_beside_the_one_she_has(tmp_path: Path):
    world = _first_emails(tmp_path)
    assert tasks(world, PLAY)[TAGGED][:2] == (2, "open")
    with world.warehouse.connect() as con:
        con.execute("update linkedin_tasks set status = 'done', decided_by = 'Dana Whitfield' where contact_email = ?",
                    [TAGGED])
    _respelled(world)
    handed = tasks(world, PLAY)
    assert handed[TAGGED][:2] == (2, "done") and PLAIN not in handed
    assert len(handed) == len(CONTACTS)
