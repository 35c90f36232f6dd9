"""The bad-input corpus beyond signals: plays, replies and enrichment records.

Each kind is quarantined or reported with its reason, the good items next to it go on, and no run
or command fails. The signals corpus has its own test (tests/test_signal_corpus.py); the last test
here counts the kinds of all four areas:

    .venv/bin/python -m pytest -q -s -p no:cacheprovider tests/test_bad_input_corpus.py -k kinds
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from resources.defaults import build_resources
from resources.warehouse import replace_rows
from sdr_assets.assembly import build_definitions
from sdr_assets.cli import app
from tests.approving import current_version
from sdr_assets.enrichment import enriched_accounts
from tests.badinput.enrichment import corpus as enrichment_corpus
from tests.badinput.replies.corpus import corpus as reply_corpus
from tests.command_line import CommandLine
from tests.memory_instance import memory_instance
from tests.send_world import CONTACTS, Spelling, World, human_reply

BADINPUT = Path(__file__).parent / "badinput"
PLAYS = list(csv.DictReader((BADINPUT / "plays" / "index.csv").read_text(encoding="utf-8").splitlines()))
REPLIES = reply_corpus()
SIGNAL_KINDS = {r["kind"] for r in csv.DictReader((BADINPUT / "signals" / "index.csv").read_text(encoding="utf-8").splitlines())}
ANN = "ann.lee@acme.example"
ENRICHMENT = enrichment_corpus.KINDS

# --- plays -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def play_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plays-corpus")
    shutil.copytree(BADINPUT / "plays" / "files", root / "plays")
    return root


def _sdr(root: Path, *args: str):
    return CommandLine().invoke(app, list(args), env={"SDR_DATA_DIR": str(root), "SDR_NOW": "2026-11-20T09:00:00+00:00",
                                                    "DAGSTER_HOME": str(root / "dagster_home")})


@pytest.fixture(scope="module")
def listed(play_dir) -> dict:
    result = _sdr(play_dir, "plays", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("entry", PLAYS, ids=[e["kind"] for e in PLAYS])
def test_each_broken_play_file_is_listed_invalid_with_the_field_or_reason(listed, entry):
    """Each is listed invalid, but a valid file claiming another's name, which holds that play."""
    found = [f"{r.get('field') or ''} {r['reason']}" for r in listed["invalid"] if r["file"] == entry["file"]]
    found += [reason for reason in listed["held"].values() if entry["file"] in reason]
    assert len(found) == 1, f"{entry['file']} is not listed as invalid or holding its play"
    report = found[0]
    assert report.strip() and entry["word"] in report, report


def test_the_good_play_next_to_them_and_every_command_keep_working(listed, play_dir):
    assert [p["play"] for p in listed["plays"]] == ["good-play"] and list(listed["held"]) == ["twin-play"]
    version = current_version("good-play", play_dir / "plays")
    approved = _sdr(play_dir, "approve", "good-play", "--version", version, "--by", "Dana Whitfield", "--note", "read")
    assert approved.exit_code == 0, approved.output
    history = _sdr(play_dir, "plays", "history", "good-play", "--json")
    assert history.exit_code == 0 and json.loads(history.output)[-1]["decision"] == "approve", history.output
    refused = _sdr(play_dir, "approve", "bad-cap", "--by", "Dana Whitfield")
    assert refused.exit_code != 0 and "daily_cap" in refused.output, refused.output


# --- replies ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def replies(tmp_path_factory):
    """A world that wrote to its contacts; every broken reply, then Ann's genuine opt-out, go through
    the replies job twice (a message that broke the first run must not break the next)."""
    world = World(tmp_path_factory.mktemp("replies-corpus"), [Spelling().write(*c) for c in CONTACTS])
    world.decide("approve")
    assert world.send() == "sent"
    to_ann = next(s for s in world.outbox() if s.mailbox == ANN)
    keys = {world.deliver(raw): kind for kind, raw, _ in REPLIES}
    good = world.deliver(human_reply(f"Ann Lee <{ANN}>", "Please unsubscribe me from this list.", to_ann.message_id,
                                     world.now))
    job = build_definitions(world.resources).resolve_job_def("replies_job")
    with memory_instance() as instance:
        runs = [job.execute_in_process(instance=instance, raise_on_error=False) for _ in range(2)]
    with world.warehouse.connect() as con:
        classified = dict(con.execute("select message_key, kind from reply_classifications").fetchall())
        quarantined = dict(con.execute("select message_key, reason from quarantined_replies").fetchall())
    return world, runs, keys, good, classified, quarantined


def test_the_replies_job_succeeds_over_the_whole_corpus_twice(replies):
    _, runs, *_ = replies
    failures = [str(e.event_specific_data.error)[:300] for r in runs for e in r.all_events
                if e.event_type_value == "STEP_FAILURE"]
    assert all(r.success for r in runs) and failures == []


@pytest.mark.parametrize("kind, expected", [(k, e) for k, _, e in REPLIES], ids=[k for k, _, _ in REPLIES])
def test_each_broken_reply_is_triaged_or_quarantined_with_its_reason(replies, kind, expected):
    world, _, keys, _, classified, quarantined = replies
    key = next(k for k, v in keys.items() if v == kind)
    assert (key in classified) != (key in quarantined), "exactly one of triaged or quarantined"
    if expected == "quarantined":
        assert quarantined.get(key, "").strip(), "quarantined with its reason"
    elif expected in ("classified", "no-effect"):
        assert key in classified
    if expected == "no-effect":  # forged mail names Jane or a made-up send; only Ann opted out
        assert [a for a in ("@".join(c) for c in CONTACTS) if world.suppressed(a)] == [ANN]


def test_the_genuine_opt_out_after_the_broken_replies_counts_and_sending_goes_on(replies):
    world, _, _, good, classified, _ = replies
    assert classified[good] == "human"
    assert world.suppressed(ANN) == "unsubscribe_reply"
    assert world.stopped() <= {ANN}, "a forged reply stopped nobody's sequence (Ann's own mail stops hers)"
    world.advance(60 * 24 * 3)
    assert world.send() == "sent", "nothing stuck: the send step is not held back by the corpus"
    assert sum(s.mailbox == ANN for s in world.outbox()) == 1, "Ann's follow-up was not sent"


# --- enrichment ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def enriched(tmp_path_factory) -> tuple[dict, dict, list]:
    """The corpus files enriched once: each account's status and reason, the lines each kind's broken
    rows start on, and the quarantine rows."""
    root = tmp_path_factory.mktemp("enrichment-corpus")
    shutil.copytree(Path(__file__).parents[1] / "data" / "plays", root / "plays")
    (root / "reference").mkdir()
    lines = enrichment_corpus.write(root / "reference")
    resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": "2026-11-20T09:00:00+00:00"})
    qualified = pl.DataFrame([{"play": "revops-hiring", "company_domain": d, "signal_id": f"s-{d}", "signal_type": "hiring",
                               "observed_at": datetime(2026, 11, 19, tzinfo=UTC)} for d in enrichment_corpus.domains()])
    with resources["warehouse"].connect() as con:
        replace_rows(con, "qualified_signals", qualified)
    with memory_instance() as instance:
        assert dg.materialize([enriched_accounts], resources=resources, instance=instance).success
    with resources["warehouse"].connect() as con:
        accounts = {d: (s, r) for d, s, r in con.execute("select company_domain, status, reason from enriched_accounts").fetchall()}
        held = con.execute("select source, line, field, reason, domain from quarantined_enrichment_records").fetchall()
    return accounts, lines, held


@pytest.mark.parametrize("kind", ENRICHMENT, ids=[k.name for k in ENRICHMENT])
def test_each_broken_enrichment_record_is_quarantined_with_its_reason(enriched, kind):
    accounts, lines, held = enriched
    mine = [h for h in held if h[0] == kind.file and h[1] in lines[kind.name]]
    if kind.field is None:  # a bad address is not a broken record: the address checks refuse it
        assert mine == [] and accounts[kind.domain][0] == "address_refused"
        assert kind.word in accounts[kind.domain][1], accounts[kind.domain]
        return
    assert sorted(h[1] for h in mine) == lines[kind.name], f"{kind.name}: quarantined {mine}"
    assert all(h[2] == kind.field and kind.word in h[3] for h in mine), mine
    if kind.domain:
        status, reason = accounts[kind.domain]
        assert status != "ready" and reason.strip(), (status, reason)


def test_the_good_accounts_before_and_after_the_broken_rows_are_ready(enriched):
    accounts, _, held = enriched
    assert accounts[enrichment_corpus.GOOD_FIRST][0] == "ready"
    assert accounts[enrichment_corpus.GOOD_LAST][0] == "ready", "reading went on after every broken row"
    # Only one thing is wrong per account: the kinds' good halves are used, and said to be so.
    assert accounts["text.example"][1].startswith("company unknown, a provider failed: local: quarantined companies.csv")
    assert accounts["newline.example"][0] == "unenriched" and "contacts.csv line" in accounts["newline.example"][1]
    assert not {h[4] for h in held} & {enrichment_corpus.GOOD_FIRST, enrichment_corpus.GOOD_LAST}


# --- totals ----------------------------------------------------------------------------------------


def test_the_corpus_holds_at_least_fifty_kinds():
    counts = {"signals": len(SIGNAL_KINDS), "plays": len({e["kind"] for e in PLAYS}),
              "replies": len({k for k, _, _ in REPLIES}), "enrichment": len({k.name for k in ENRICHMENT})}
    print(f"bad-input kinds: {counts}, total {sum(counts.values())}")
    assert sum(counts.values()) >= 50 and all(counts.values())
