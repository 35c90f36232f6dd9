"""A run builds again only the conversations whose contacts' rows or events changed, and the rows, the
logged events and the queue it leaves are those a whole build from the same state leaves."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from resources.model import OfflineModel
from sdr_assets.domain import escalations as esc
from sdr_assets.domain.escalations import EscalationError
from sdr_assets.drafts import DRAFT_SCHEMA
from sdr_assets.enrichment import ENRICHED_SCHEMA
from sdr_assets.escalation_scope import WILD, read_marks
from sdr_assets.escalations import escalations
from sdr_assets.incremental import LayerConfig
from sdr_assets.research import ANGLE_SCHEMA
from sdr_assets.sends import LEDGER_SCHEMA
from tests.escalation_desk import PLAY, CopiedDesk, Desk, reply
from tests.send_world import _body

START = datetime(2026, 11, 23, 9, tzinfo=UTC)
CONTACTS = ("ann@acme.example", "bob@initech.example", "cy@globex.example", "dee@umbrella.example")
COLLEAGUE = "eve@acme.example"  # writes in Ann's conversation
LABELS = ("interested", "question", "objection", "referral", "not_interested")


def _row(schema: dict, **values) -> dict:
    return {**dict.fromkeys(schema), **values}


class World:
    """Four contacts mailed by one play, their accounts and research, and the replies written so far."""

    def __init__(self, root: Path):
        self.desk, self.replies, self.sends, self.drafts = Desk(root), [], [], []
        for contact in CONTACTS:
            self.send(contact)
        self.desk.write("enriched_accounts", [
            _row(ENRICHED_SCHEMA, play=PLAY, email=c, status="ready", first_name=c.split("@")[0].title(),
                 last_name="Doe", title="VP Operations", company_name=c.split("@")[1].split(".")[0].title(),
                 company_domain=c.split("@")[1]) for c in CONTACTS], ENRICHED_SCHEMA)
        self.desk.write("research_angles", [_row(ANGLE_SCHEMA, play=PLAY, contact_email=c, signal_type="hiring",
                                                 why_now="hiring a RevOps lead", facts="[]") for c in CONTACTS],
                        ANGLE_SCHEMA)

    def send(self, contact: str) -> None:
        """One more message of the play to ``contact``, with its draft."""
        n = len(self.sends) + 1
        self.sends.append(_row(LEDGER_SCHEMA, send_key=f"{n:024d}", play=PLAY, draft_id=f"d-{n}", contact_email=contact,
                               company_domain=contact.split("@")[1], mailbox="sdr@outreach.example", step=n,
                               signal_type="hiring", subject=f"Note {n}", status="sent",
                               sent_at=START - timedelta(days=3) + timedelta(hours=n)))
        self.drafts.append(_row(DRAFT_SCHEMA, draft_id=f"d-{n}", play=PLAY, contact_email=contact, contact_name="",
                                body=f"Hello, note {n}."))
        self.desk.write("send_ledger", self.sends, LEDGER_SCHEMA)
        self.desk.write("message_drafts", self.drafts, DRAFT_SCHEMA)

    def reply(self, rng: random.Random, at: datetime, sender: str | None = None, contact: str | None = None,
              play: str | None = PLAY, label: str | None = None) -> None:
        """One more reply, its text and (unless given) its label drawn from ``rng``."""
        contact = contact or rng.choice(CONTACTS)
        text, drawn = rng.choice(["Tell me more.", "Not now.", "Who else uses it?"]), rng.choice(LABELS)
        self.replies.append(reply(f"<r{len(self.replies)}@example>", text, label or drawn, at,
                                  contact=contact if play else None, sender=sender or contact, play=play))
        self.write_replies()

    def write_replies(self) -> None:
        self.desk.replies(self.replies)

    def sql(self, statement: str, params: list | None = None) -> None:
        with self.desk.resources(START)["warehouse"].connect() as con:
            con.execute(statement, params or [])

    def ids(self) -> list[str]:
        with self.desk.resources(START)["warehouse"].connect() as con:
            return [e for (e,) in con.execute("select escalation_id from escalations order by 1").fetchall()]


def _run(desk: Desk, now: datetime, full_refresh: bool = False) -> dict:
    r = desk.resources(now)
    result = _body(escalations)(config=LayerConfig(full_refresh=full_refresh), warehouse=r["warehouse"],
                                model=r["model"], paths=r["paths"], policy=r["policy"],
                                escalation_policy=r["escalation_policy"])
    return result.metadata


def _state(desk: Desk, now: datetime) -> tuple:
    with desk.resources(now)["warehouse"].connect() as con:
        rows = con.execute("select * from escalations order by escalation_id").fetchall()
        events = con.execute("select * from escalation_events order by event_id").fetchall()
    return rows, events, [(r["escalation_id"], r["status"], r["label"]) for r in desk.queue(now)]


def _step(world: World, rng: random.Random, at: datetime) -> str:
    """One change another part of the system could make, chosen by ``rng``; its name."""
    ids = world.ids()
    choice = rng.choice(["reply", "reply", "colleague", "placed", "act", "research", "account", "send",
                         "relabel", "nothing"])
    if choice == "reply":
        world.reply(rng, at)
    elif choice == "colleague":
        world.reply(rng, at, sender=COLLEAGUE, contact=CONTACTS[0])
    elif choice == "placed":
        # A reply first read with no send to match, matched once the ledger has it.
        contact = rng.choice(CONTACTS)
        world.reply(rng, at, contact=contact, play=None, label="question")
        return "unplaced reply"
    elif choice == "act" and ids:
        action = rng.choice(["claim", "snooze", "handle"])
        extra = {"outcome": "nurture"} if action == "handle" else (
            {"until": at + timedelta(hours=2)} if action == "snooze" else {})
        try:
            world.desk.act(rng.choice(ids), action, "dana", at, take_over=True, **extra)
        except EscalationError:
            return "act refused"  # handled twice, say: nothing changed
    elif choice == "research":
        world.sql("update research_angles set why_now = ? where contact_email = ?",
                  [f"opened an office {rng.randint(1, 99)}", rng.choice(CONTACTS)])
    elif choice == "account":
        world.sql("update enriched_accounts set title = ? where email = ?",
                  [rng.choice(["COO", "CRO", "Head of Sales"]), rng.choice([*CONTACTS, COLLEAGUE])])
    elif choice == "send":
        world.send(rng.choice(CONTACTS))
    elif choice == "relabel" and world.replies:
        i = rng.randrange(len(world.replies))
        replaced = {**world.replies[i], "label": rng.choice(LABELS)}
        if world.replies[i]["play"] is None:  # the unplaced reply matched to its send
            replaced |= {"play": PLAY, "contact_email": replaced["from_addr"]}
        world.replies[i] = replaced
        world.write_replies()
    return choice


@pytest.mark.parametrize(("seed", "collide"), [(1, False), (2, False), (3, True)])
def test_each_run_after_a_change_leaves_what_a_whole_build_leaves(tmp_path, monkeypatch, seed, collide):
    """Random changes, one at a time: after each, a run on the data folder and a whole build on a copy of
    it as it stood must leave the same rows, logged events and queue; most runs build fewer
    conversations than there are. With ``collide``, every conversation's short id is the same one
    lengthened: a new conversation must not take the id of one the run did not build."""
    if collide:
        real = esc.short_id
        monkeypatch.setattr(esc, "short_id", lambda key, taken, length=6: real("one hash", taken, length))
    rng = random.Random(seed)
    world = World(tmp_path / "data")
    at = START
    for contact in CONTACTS:
        world.reply(rng, at, contact=contact)
    world.reply(rng, at, sender=COLLEAGUE, contact=CONTACTS[0])
    _run(world.desk, at)
    partial = 0
    for step in range(16):
        at += timedelta(minutes=20)
        change = _step(world, rng, at)
        whole = CopiedDesk(world.desk.root, tmp_path / f"whole-{step}")
        ran, rebuilt = _run(world.desk, at), _run(whole, at, full_refresh=True)
        assert _state(world.desk, at) == _state(whole, at), f"step {step}: {change}"
        assert ran["dagster/row_count"] == rebuilt["dagster/row_count"]
        partial += 0 < ran["conversations_built"] < ran["dagster/row_count"]
        assert _run(world.desk, at)["rebuilt"].startswith("no:"), f"step {step}: {change} built twice"
    assert partial >= 3, "runs that could build a few conversations built them all"


def _questions(root: Path, rng: random.Random) -> World:
    """A question from each contact, escalated."""
    world = World(root)
    for contact in CONTACTS:
        world.reply(rng, START, contact=contact, label="question")
    assert _run(world.desk, START)["conversations_built"] == len(CONTACTS)
    return world


def test_a_claim_builds_its_conversation_alone_and_a_new_reply_those_of_its_contact(tmp_path):
    rng = random.Random(7)
    world = _questions(tmp_path / "data", rng)
    world.desk.act(world.ids()[0], "claim", "dana", START)
    assert _run(world.desk, START)["conversations_built"] == 1
    world.reply(rng, START + timedelta(hours=1), contact=CONTACTS[1])
    ran = _run(world.desk, START + timedelta(hours=1))
    assert ran["conversations_built"] == 1 and ran["new_replies_logged"] == 1
    assert ran["dagster/row_count"] == len(CONTACTS)


def test_a_reply_without_an_ascii_address_builds_every_conversation(tmp_path):
    world = _questions(tmp_path / "data", random.Random(8))
    world.replies.append(reply("<zoe@example>", "Bitte mehr Infos.", "question", START, contact="zoë@initech.example",
                               sender="zoë@initech.example"))
    world.write_replies()
    ran = _run(world.desk, START)
    assert ran["conversations_built"] == ran["dagster/row_count"] == len(CONTACTS) + 1


def test_rows_without_an_address_build_nothing_while_every_reply_has_one(tmp_path):
    """Accounts enriched without a contact (a new signal's, say) are no conversation's input."""
    world = _questions(tmp_path / "data", random.Random(9))
    world.sql("insert into enriched_accounts (play, email, status, company_domain) "
              "values (?, null, 'no_contact', 'hooli.example')", [PLAY])
    world.sql("insert into research_angles (play, contact_email, why_now) values (?, '', 'raised a round')", [PLAY])
    assert _run(world.desk, START)["rebuilt"].startswith("no:")


def test_a_quarantine_stored_before_it_had_addresses_is_marked_and_its_change_seen(tmp_path):
    """Before, the marks' statement named no column for such a table and the step failed on its syntax."""
    world = _questions(tmp_path / "data", random.Random(10))
    world.sql("create table quarantined_replies (message_id varchar, message_key varchar, reason varchar, "
              "quarantined_at timestamptz)")
    world.sql("insert into quarantined_replies values ('<q1@x>', '<q1@x>', 'no Date header', ?)", [START])
    first = _run(world.desk, START)
    assert first["conversations_built"] == 1 and first["dagster/row_count"] == len(CONTACTS) + 1
    assert _run(world.desk, START)["rebuilt"].startswith("no:")
    world.sql("update quarantined_replies set reason = 'no From header'")
    assert _run(world.desk, START)["conversations_built"] == 1


ANN, BOB = "ann@acme.example", "bob@initech.example"
KELVIN = "\u212aim@globex.example"  # KELVIN SIGN: not ASCII, yet Python lower-cases it to "kim@globex.example"


def test_a_reply_whose_address_lowers_to_ascii_sees_its_account_change(tmp_path):
    """The reply is marked under WILD alone (not ASCII), but its row looks the account up by Python's lower
    case, "kim@globex.example": no reply's address is that in SQL, so the account row is marked nowhere."""
    world = World(tmp_path / "data")
    world.sql("insert into enriched_accounts (play, email, status, first_name, last_name, title, company_name) "
              "values ('revops-hiring', 'kim@globex.example', 'ready', 'Kim', 'Ng', 'VP Sales', 'Globex')")
    world.replies.append(reply("<k1@example>", "Tell me more.", "question", START, contact=KELVIN, sender=KELVIN))
    world.write_replies()
    _run(world.desk, START)
    with world.desk.resources(START)["warehouse"].connect() as con:
        assert con.execute("select title from escalations where contact_email = 'kim@globex.example'").fetchall() \
            == [("VP Sales",)], "the row is built from the ASCII account row"
    world.sql("update enriched_accounts set title = 'COO' where email = 'kim@globex.example'")
    at = START + timedelta(minutes=20)
    whole = CopiedDesk(world.desk.root, tmp_path / "whole")
    ran = _run(world.desk, at)
    _run(whole, at, full_refresh=True)
    assert _state(world.desk, at) == _state(whole, at), f"incremental run: {ran['rebuilt']}"


def _run_with(desk, now, model, full_refresh=False) -> dict:
    r = desk.resources(now)
    return _body(escalations)(config=LayerConfig(full_refresh=full_refresh), warehouse=r["warehouse"], model=model,
                              paths=r["paths"], policy=r["policy"],
                              escalation_policy=r["escalation_policy"]).metadata


def _one(desk, at, sql, params):
    with desk.resources(at)["warehouse"].connect() as con:
        return con.execute(sql, params).fetchone()


def test_a_handled_conversation_reopened_by_the_run_is_answered_under_the_rules_of_now(tmp_path):
    """A handled conversation keeps the answer it was handled with, written under earlier rules. The run that
    logs a reply opening it again still takes it for handled (``handled`` is read before the reply event is
    appended) and keeps the old answer, and records as built the event marks with that event: no later run
    builds it again, while a whole build answers the now open conversation under the rules of now."""
    rng = random.Random(11)
    world = World(tmp_path / "data")
    world.reply(rng, START, contact=ANN, label="question")
    world.reply(rng, START, contact=BOB, label="question")
    old_rules, new_rules = OfflineModel(booking_url=""), OfflineModel(booking_url="https://cal.example/sdr")
    _run_with(world.desk, START, old_rules)
    (ann,) = _one(world.desk, START, "select escalation_id from escalations where contact_email = ?", [ANN])
    world.desk.act(ann, "handle", "dana", START + timedelta(minutes=10), outcome="nurture")
    _run_with(world.desk, START + timedelta(minutes=10), old_rules)
    _run_with(world.desk, START + timedelta(minutes=20), new_rules)  # the rules changed: a whole build
    # Ann's follow-up, delayed in transit: its Date is before her first reply's, so the row's latest stays.
    world.replies.append(reply("<late@acme.example>", "And the price?", "question", START - timedelta(hours=1),
                               contact=ANN, sender=ANN))
    world.write_replies()
    assert _run_with(world.desk, START + timedelta(minutes=30), new_rules)["new_replies_logged"] == 1
    assert [r["status"] for r in world.desk.queue(START + timedelta(minutes=30)) if r["escalation_id"] == ann] \
        == ["open"], "the reply opened the handled conversation again"
    at = START + timedelta(minutes=40)
    world.reply(rng, at, contact=BOB, label="question")  # a change elsewhere
    whole = CopiedDesk(world.desk.root, tmp_path / "whole")
    ran = _run_with(world.desk, at, new_rules)
    _run_with(whole, at, new_rules, full_refresh=True)
    sql = "select answer_rules, suggested_response, updated_at from escalations where escalation_id = ?"
    assert _one(world.desk, at, sql, [ann]) == _one(whole, at, sql, [ann]), \
        f"incremental run built {ran['conversations_built']} of {ran['dagster/row_count']}"


def test_the_marks_of_a_quarantine_without_addresses_and_no_classified_replies_are_read():
    """A warehouse of an earlier layout: no reply table holds an address column yet."""
    with duckdb.connect() as con:
        con.execute("create table quarantined_replies (message_id varchar, message_key varchar, reason varchar, "
                    "quarantined_at timestamptz)")
        con.execute("insert into quarantined_replies values ('<q1@x>', '<q1@x>', 'no Date header', now())")
        marks = read_marks(con)
    assert "a:" in marks and WILD not in marks
