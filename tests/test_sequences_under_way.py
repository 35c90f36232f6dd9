"""A sequence is under way while a step of it is still to go: its research is kept for that step.

A LinkedIn step is done once its task was handed out (open) or a person decided it; a task held for
fresh research, or withdrawn while its contact waits (a pause), is still to go, as a held email is.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from sdr_assets.begun_sequences import under_way
from sdr_assets.domain.play_overlap import Sequence, mailing_elsewhere
from sdr_assets.domain.sequencing import linkedin_due
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.domain.tasks import RESEARCH_GONE
from sdr_assets.playbook import load_plays
from sdr_assets.task_records import ensure_table
from tests.conftest import RUN_NOW
from tests.openings import LINKEDIN_NOTE as NOTE
from tests.test_linkedin_tasks_on_their_day import PLAY

NOW = datetime.fromisoformat(RUN_NOW)
WRITTEN = "Jose@Bücher.example"  # as the draft, and so the ledger, spells her
CANONICAL = "jose@xn--bcher-kva.example"  # as her task stores her


@pytest.fixture
def book(data_dir):
    """The play with its LinkedIn note as step 2 of 3."""
    path = data_dir / "plays" / f"{PLAY}.yaml"
    step = "  - channel: email\n    delay_days: 4\n"
    path.write_text(path.read_text().replace(step, NOTE + step))
    loaded = load_plays(data_dir / "plays")
    assert [s["channel"] for s in loaded.plays[PLAY].sequence] == ["email", "linkedin", "email"]
    return loaded


def _under_way(tmp_path, data_dir, book, task: tuple[str, str, str | None], written: str = WRITTEN) -> set:
    """Her emails (steps 1 and 3) went to ``written``; her LinkedIn task is ``task`` (address, status,
    reason)."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create table send_ledger (play varchar, contact_email varchar, step integer, status varchar)")
    con.execute("insert into send_ledger values (?, ?, 1, 'sent'), (?, ?, 3, 'sent')", [PLAY, written] * 2)
    ensure_table(con)
    address, status, reason = task
    con.execute("insert into linkedin_tasks (task_id, play, contact_email, step, status, reason, created_at, "
                "updated_at) values ('t', ?, ?, 2, ?, ?, ?, ?)", [PLAY, address, status, reason, NOW, NOW])
    return under_way(con, book, data_dir, NOW)


@pytest.mark.parametrize("status", ["open", "done", "skipped"])
def test_a_sequence_whose_task_was_handed_out_is_over_at_an_international_domain(tmp_path, data_dir, book, status):
    assert not _under_way(tmp_path, data_dir, book, (CANONICAL, status, None))


def test_a_task_under_another_spelling_of_her_address_settles_her_step(tmp_path, data_dir, book):
    """Her emails went to ``Jose+News@``, her task (one per person) names ``jose@``: one mailbox."""
    assert not _under_way(tmp_path, data_dir, book, (CANONICAL, "done", None), written="Jose+News@Bücher.example")


@pytest.mark.parametrize(("status", "reason"), [("held", "waits: \"just\" holds for 14 days"),
                                                ("withdrawn", "held: out of office")])
def test_a_task_held_or_withdrawn_for_a_pause_is_still_to_go(tmp_path, data_dir, book, status, reason):
    assert _under_way(tmp_path, data_dir, book, ("ann@acme.example", status, reason), "Ann@Acme.example")


# How a task withdrawn as its research gone was worded by an earlier version.
EARLIER_WORDING = ("research gone: its account is no longer researched and its sequence is not under way, so no "
                   "research words its note again")


@pytest.mark.parametrize("reason", [RESEARCH_GONE, EARLIER_WORDING])
def test_a_task_withdrawn_as_its_research_gone_is_settled(tmp_path, data_dir, book, reason):
    assert not _under_way(tmp_path, data_dir, book, ("ann@acme.example", "withdrawn", reason), "Ann@Acme.example")


LATE_NOTE = NOTE.replace("delay_days: 2", "delay_days: 6")


@pytest.fixture
def note_last(data_dir):
    """The play with its LinkedIn note as step 3, after both emails."""
    path = data_dir / "plays" / f"{PLAY}.yaml"
    text = path.read_text()
    at = text.index("sender:")
    path.write_text(text[:at] + LATE_NOTE + text[at:])
    loaded = load_plays(data_dir / "plays")
    assert [s["channel"] for s in loaded.plays[PLAY].sequence] == ["email", "email", "linkedin"]
    return loaded


@pytest.mark.parametrize("refusal", ["failed", "invalid_address"])
def test_a_refused_email_cuts_the_emails_and_leaves_the_linkedin_step_its_research(tmp_path, data_dir, note_last,
                                                                                    refusal):
    """Her second email was refused for good (550, an invalid address): no email after it goes, but her
    LinkedIn note is still handed out, so its research is kept to word it until its task is; nor does
    another play's first email wait for a sequence whose emails ended."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    sent_at = NOW - timedelta(days=6)
    con.execute("create table send_ledger (play varchar, contact_email varchar, step integer, status varchar, "
                "sent_at timestamptz)")
    rows = [(PLAY, WRITTEN, 1, "sent", sent_at), (PLAY, WRITTEN, 2, refusal, sent_at + timedelta(days=4))]
    con.executemany("insert into send_ledger values (?, ?, ?, ?, ?)", [list(r) for r in rows])
    ledger = [dict(zip(("play", "contact_email", "step", "status", "sent_at"), r, strict=True)) for r in rows]
    note = {"draft_id": "n", "play": PLAY, "contact_email": WRITTEN, "step": 3, "channel": "linkedin",
            "delay_days": 6}
    assert [t["step"] for t in linkedin_due([note], ledger, PLAY, NOW)] == [3]
    assert under_way(con, note_last, data_dir, NOW) == {(PLAY, CANONICAL)}
    sending = {PLAY: Sequence.of(note_last.plays[PLAY].sequence)}
    assert mailing_elsewhere(ledger, "revops-hiring", NOW, sending, {suppression_key(WRITTEN)}) == {}
    ensure_table(con)
    con.execute("insert into linkedin_tasks (task_id, play, contact_email, step, status, created_at, updated_at) "
                "values ('t', ?, ?, 3, 'open', ?, ?)", [PLAY, CANONICAL, NOW, NOW])
    assert under_way(con, note_last, data_dir, NOW) == set(), "its note handed out, nothing of it is still to go"
