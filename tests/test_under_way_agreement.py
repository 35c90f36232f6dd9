"""One reading of a sequence under way (``domain/under_way``): the research kept for its follow-ups
(``begun_sequences``) and another play's first email held for it (``play_overlap``) agree on it.

The play has three email steps (delays 0, 4 and 9); a step the ledger settles another way (a message
that went as another step after an edit inserted one, a refusal for good) counts alike in both.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest

from sdr_assets.begun_sequences import under_way
from sdr_assets.domain.play_overlap import OTHER_PLAY, Sequence, mailing_elsewhere
from sdr_assets.domain.sequencing import Hold, Limits, plan_sends, send_key
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.playbook import load_plays
from tests.conftest import RUN_NOW

NOW = datetime.fromisoformat(RUN_NOW)
PLAY, OTHER = "series-b-funding", "revops-hiring"
ANN = "Ann@Acme.example"
LAST = "  - channel: email\n    delay_days: 9\n    subject: \"Re: last\"\n    body: |\n      Last note.\n"


@pytest.fixture
def book(data_dir):
    path = data_dir / "plays" / f"{PLAY}.yaml"
    text = path.read_text()
    at = text.index("sender:")
    path.write_text(text[:at] + LAST + text[at:])
    loaded = load_plays(data_dir / "plays")
    assert [s["delay_days"] for s in loaded.plays[PLAY].sequence] == [0, 4, 9]
    return loaded


def _ledger(con: duckdb.DuckDBPyConnection, steps: dict[int, str]) -> list[dict]:
    """``steps`` of PLAY to Ann, each with its status, the latest two days ago."""
    rows = [{"send_key": send_key(PLAY, ANN, step), "play": PLAY, "contact_email": ANN, "step": step,
             "status": status, "mailbox": "sam@outreach.example",
             "sent_at": NOW - timedelta(days=2 + len(steps) - step)} for step, status in steps.items()]
    con.execute("create or replace table send_ledger (play varchar, contact_email varchar, step integer, "
                "status varchar, sent_at timestamptz)")
    con.executemany("insert into send_ledger values (?, ?, ?, ?, ?)",
                    [[r["play"], r["contact_email"], r["step"], r["status"], r["sent_at"]] for r in rows])
    return rows


CASES = {
    "her first email went": ({1: "sent"}, True),
    "perhaps sent": ({1: "sending"}, True),
    "an inserted step: step 2 went as step 1": ({1: "sent", 2: "sent_before"}, True),
    "an inserted step settled the last": ({1: "sent", 2: "sent", 3: "sent_before"}, False),
    "every step went": ({1: "sent", 2: "sent", 3: "sent"}, False),
    "step 2 refused for good": ({1: "sent", 2: "failed"}, False),
    "step 2 to an invalid address": ({1: "sent", 2: "invalid_address"}, False),
    "her first email refused": ({1: "failed"}, False),
    "her first email held": ({1: "held"}, False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_research_kept_and_the_other_plays_wait_read_one_rule(tmp_path, data_dir, book, case):
    steps, expected = CASES[case]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ledger = _ledger(con, steps)
    kept = under_way(con, book, data_dir, NOW) == {(PLAY, ANN.lower())}
    busy = mailing_elsewhere(ledger, OTHER, NOW, {PLAY: Sequence.of(book.plays[PLAY].sequence)},
                             {suppression_key(ANN)})
    assert (kept, bool(busy)) == (expected, expected)
    if busy:
        assert busy[suppression_key(ANN)].startswith(f"{OTHER_PLAY}this person is in the sequence of '{PLAY}'")


def test_a_stop_ends_it_for_both(tmp_path, data_dir, book):
    """A reply that stops her sequence lets its research go; the other play's first email does not go
    either: the stop holds her for every play, before the rule of one conversation is asked."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ledger = _ledger(con, {1: "sent"})
    assert under_way(con, book, data_dir, NOW) == {(PLAY, ANN.lower())}
    con.execute("create table sequence_holds (email varchar, hold varchar, until date, reason varchar)")
    con.execute("insert into sequence_holds values (?, 'stop', null, 'replied')", [ANN.lower()])
    assert under_way(con, book, data_dir, NOW) == set()
    draft = {"draft_id": "d", "play": OTHER, "contact_email": ANN, "step": 1, "channel": "email",
             "delay_days": 0, "fit": 0.5}
    roomy = Limits(mailbox_daily_cap=100, warmup_start=100, warmup_increment=0, play_daily_cap=100)
    plan = plan_sends([draft], ledger, set(), {"ann@acme.example": Hold("stop", None, "replied")}, roomy, NOW,
                      OTHER, "sam@outreach.example", sending={PLAY: Sequence.of(book.plays[PLAY].sequence)})
    assert (plan.send, plan.skipped, plan.deferred) == ([], [], {"replied": 1})


class _RowsRead:
    """A connection that counts the rows its statements on ``send_ledger`` hand back."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con, self.rows = con, 0

    def execute(self, sql: str, *args):
        result = self._con.execute(sql, *args)
        return _Counted(result, self) if "send_ledger" in sql else result

    def __getattr__(self, name: str):
        return getattr(self._con, name)


class _Counted:
    def __init__(self, result, reader: _RowsRead) -> None:
        self._result, self._reader = result, reader

    def fetchall(self) -> list:
        rows = self._result.fetchall()
        self._reader.rows += len(rows)
        return rows

    def to_arrow_table(self):
        table = self._result.to_arrow_table()
        self._reader.rows += table.num_rows
        return table

    def __getattr__(self, name: str):
        return getattr(self._result, name)


def test_the_ledger_is_read_a_spelling_at_a_time_not_a_send_at_a_time(tmp_path, data_dir, book):
    """Months of sends are read one row per play and unfinished spelling of an address, not one per
    send: 40 people who got all three emails (under two spellings each) and Ann, whose first email
    went. A finished spelling is read only beside an unfinished one of the same local part."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _ledger(con, {1: "sent"})
    done = [[PLAY, f"{spelling}{n}@acme.example", step, "sent", NOW - timedelta(days=20 - step)]
            for n in range(40) for step in (1, 2, 3) for spelling in ("p", "P")]
    con.executemany("insert into send_ledger values (?, ?, ?, ?, ?)", done)
    reader = _RowsRead(con)
    assert under_way(reader, book, data_dir, NOW) == {(PLAY, ANN.lower())}
    assert reader.rows == 1, "240 sends of finished sequences, none read"


def test_a_sequence_finished_under_one_spelling_is_finished_under_every_other(tmp_path, data_dir, book):
    """Every step went to ``ann@acme.example``; a draft spelled ``Ann@Acme.example`` went as her first
    email too. Her sequence is done: no research is kept for follow-ups, and no other play waits."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ledger = _ledger(con, {1: "sent"})
    done = [{"send_key": send_key(PLAY, ANN.lower(), step), "play": PLAY, "contact_email": ANN.lower(), "step": step,
             "status": "sent", "mailbox": "sam@outreach.example", "sent_at": NOW - timedelta(days=20 - step)}
            for step in (1, 2, 3)]
    con.executemany("insert into send_ledger values (?, ?, ?, ?, ?)",
                    [[r["play"], r["contact_email"], r["step"], r["status"], r["sent_at"]] for r in done])
    assert under_way(con, book, data_dir, NOW) == set()
    assert mailing_elsewhere([*ledger, *done], OTHER, NOW, {PLAY: Sequence.of(book.plays[PLAY].sequence)},
                             {suppression_key(ANN)}) == {}
