"""Integration: the whole graph against a DuckDB file under tmp_path, run twice."""

import mailbox
from collections import Counter
from pathlib import Path

import dagster as dg
import pytest

from tests.approving import approve
from sdr_assets.runner import RunReport, run_due, run_outreach
from sdr_assets.status import TABLES, collect_status

APPROVED = "revops-hiring"


def _counts(resources) -> dict[str, int]:
    return collect_status(resources["warehouse"], resources["paths"])["tables"]


def _outbox_ids(resources) -> list[str]:
    root = Path(resources["mail"].path)
    if not root.exists():
        return []
    return [m["Message-ID"] for m in mailbox.Maildir(root, create=False)]


def _approve(resources, play: str = APPROVED, by: str = "Dana Whitfield") -> None:
    approve(resources, play, by, "looked at the samples")


@pytest.mark.opening("revops_sent")  # the first run: revops-hiring approved, then `run_due`, not failed
def test_twice_gives_same_rows_and_sends_nothing_twice(defs, resources, instance):
    counts = _counts(resources)
    sent = _outbox_ids(resources)
    assert counts["raw_signals"] > 0 and counts["research_angles"] > 0 and counts["message_drafts"] > 0
    assert sent, "an approved play with ready accounts sends"
    assert counts["quarantined_signal_rows"] > 0, "the planted bad rows are quarantined"

    second = run_due(defs, instance)
    assert not second.failed
    assert _counts(resources) == counts
    again = _outbox_ids(resources)
    assert len(again) == len(sent)
    assert max(Counter(again).values()) == 1


@pytest.mark.opening("first_run")  # whose run says every play waits at its gate
def test_unapproved_plays_send_nothing_and_the_gate_says_why(resources):
    assert _outbox_ids(resources) == []
    with resources["warehouse"].connect() as con:
        drafts = con.execute("select count(*) from message_drafts").fetchall()[0][0]
        samples = con.execute(
            "select play, count(distinct contact_email) from message_drafts where is_review_sample group by play"
        ).fetchall()
    assert drafts > 0, "drafts are written for review even while the gate is closed"
    assert all(0 < n <= 5 for _, n in samples)


@pytest.mark.opening("first_run")
def test_send_asset_alone_refuses_without_approval_then_sends_after(defs, resources, instance):
    job = defs.resolve_implicit_global_asset_job_def().get_subset(asset_selection={dg.AssetKey([APPROVED, "send_ledger"])})
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "nothing is sent until a named person approves it" in str(failure.event_specific_data.error)
    assert _outbox_ids(resources) == []

    _approve(resources)
    result = job.execute_in_process(instance=instance)
    assert result.success
    assert len(_outbox_ids(resources)) > 0


def test_an_empty_name_is_not_an_approval(resources):
    from sdr_assets.domain.approvals import ApprovalError

    with pytest.raises(ApprovalError, match="name of the person"):
        _approve(resources, by="  ")


@pytest.mark.opening("revops_sent")
def test_every_table_in_status_exists_after_a_run(resources):
    counts = _counts(resources)
    with resources["warehouse"].connect() as con:
        existing = {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
    assert not set(TABLES) - existing, "status counts a table the pipeline never writes (it would always read 0)"
    assert counts["play_approvals"] == 1
    assert counts["send_ledger"] >= len(_outbox_ids(resources)) > 0
    assert counts["raw_signals"] >= counts["qualified_signals"] > 0


def _outreach(resources, instance) -> None:
    """The plays' outreach runs, as `run_due` launches them: the cap is the send step's, and the signals and
    replies runs around them in `run_due` change nothing it counts."""
    from sdr_assets.assembly import build_definitions

    report = RunReport()
    run_outreach(build_definitions(resources), instance, report)
    assert not report.failed, report.reasons


@pytest.mark.opening("signals_ran")
def test_the_mailbox_cap_holds_back_the_rest_for_a_later_day(environ, instance):
    from resources.defaults import build_resources

    resources = build_resources(environ(SDR_MAILBOX_DAILY_CAP="3"))
    _approve(resources)
    _outreach(resources, instance)
    status = collect_status(resources["warehouse"], resources["paths"])
    assert status["ledger_by_status"]["sent"] == 3 == len(_outbox_ids(resources))
    assert status["first_emails_waiting"][APPROVED] > 0

    next_day = build_resources(environ(SDR_MAILBOX_DAILY_CAP="3", SDR_NOW="2026-11-21T09:00:00+00:00"))
    _outreach(next_day, instance)
    assert len(_outbox_ids(resources)) == 6, "the next day brings the next three, no repeats"


def _ledger(resources) -> list[tuple]:
    with resources["warehouse"].connect() as con:
        return con.execute("select * from send_ledger order by send_key").fetchall()


@pytest.mark.opening("two_plays_sent")
def test_a_later_run_on_unchanged_inputs_leaves_the_ledger_as_it_was(environ, instance):
    """A message held again for the reason it was held before keeps its row as it was, date and all."""
    from datetime import datetime, timedelta

    from resources.defaults import build_resources
    from tests.conftest import RUN_NOW

    later = build_resources(environ(SDR_NOW=(datetime.fromisoformat(RUN_NOW) + timedelta(minutes=5)).isoformat()))
    ledger = _ledger(later)
    assert any(row[13] == "held" for row in ledger), "precondition: a message held back"
    _outreach(later, instance)
    assert _ledger(later) == ledger
