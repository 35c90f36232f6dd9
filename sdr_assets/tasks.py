"""LinkedIn tasks: steps a person does by hand, kept across runs with who did or skipped each.

No LinkedIn automation: the pipeline only lists what is due, a person does it and marks it
(`sdr tasks done|skip`). Suppressed, held and replied contacts get no task, and a play whose current
version is not approved gets none either: its open tasks are withdrawn. A note whose why-now no
longer holds on its due day waits for fresh research as an email does: its task is held, with why,
and withdrawn once no research will word it again (its signal no longer stored, or its account gone
from the research). While replies lag or the clock reads earlier than what is recorded, no task is
opened (a stop reply may sit unread) while withdrawals and holds still go on and the CSV is rewritten.
"""

import time
from datetime import datetime, timedelta

import dagster as dg
import duckdb

from resources.settings import PipelinePaths, SendPolicy
from resources.store.approvals import approval_status
from resources.warehouse import Warehouse, insert_rows, read_table
from resources.tables import transaction
from sdr_assets.current_drafts import current_drafts
from sdr_assets.domain.addresses import InvalidAddressError, canonical_address, person_key
from sdr_assets.domain.sequencing import linkedin_due
from sdr_assets.domain.renamed_plays import as_one_play
from sdr_assets.domain.tasks import OPEN, PENDING, PERSON_STATUSES, plan_tasks, task_id, withdraw_undrafted
from sdr_assets.former_plays import former_names_of, names_of
from sdr_assets.play_state import CLEARS_ITSELF
from sdr_assets.metadata import defined_columns, table_metadata
from sdr_assets.playbook import load_plays
from sdr_assets.reply_intake import clock_behind, replies_behind
from sdr_assets.reply_wait import wait_or_refuse
from sdr_assets.reply_wait_records import clear_wait, refuse_wait
from sdr_assets.segment_pauses import paused_segments
from sdr_assets.stale_drafts import stale_tasks
from sdr_assets import stop_requests
from sdr_assets.task_records import (COLUMNS, CSV_NAME, TASK_SCHEMA, contacts_stopped, ensure_table, notes_of,
                                     requests_of, withdraw_tasks_of_earlier_versions, withdraw_tasks_of_stopped_plays,
                                     write_csv)


STEP = "LinkedIn tasks"


def _canonical(address: str) -> str | None:
    try:
        return canonical_address(address)
    except InvalidAddressError:
        return None


def excluded_contacts(con: duckdb.DuckDBPyConnection, data_dir: str, addresses: set[str], now: datetime
                      ) -> dict[str, str]:
    """For each address that must get no task now, the reason: suppressed, or held as the send step
    holds her (a reply says "replied: ...", other holds "held: ..."), at any address of her profile."""
    suppressed, held = contacts_stopped(con, data_dir, addresses, now)
    return {**held, **suppressed}


def _as_existing(due: list[dict], existing: dict[str, dict]) -> list[dict]:
    """One due step per person (``person_key``: ``jane+news@`` and ``jane@`` are one) and step, under the
    address of the task she already has for it in any spelling, so that task is the one updated."""
    spelled = {(person_key(t["contact_email"]), int(t["step"])): t["contact_email"] for t in existing.values()}
    kept: dict[tuple[str, int], dict] = {}
    for row in due:
        key = (person_key(row["address"]), int(row["step"]))
        kept.setdefault(key, {**row, "address": spelled.get(key, row["address"])})
    return list(kept.values())


def _decided_under(con: duckdb.DuckDBPyConnection, name: str, formerly: set[str]) -> dict[str, dict]:
    """The tasks a person did or skipped under the play's former names (``former_plays``), each by its
    id under ``name``: a step done before a rename is not handed out again."""
    if not formerly:
        return {}
    done = read_table(con, "linkedin_tasks", "where list_contains(?, play) and list_contains(?, status)",
                      [sorted(formerly), list(PERSON_STATUSES)])
    return {task_id(name, r["contact_email"], r["step"]): r for r in done.iter_rows(named=True)}


def play_tasks(play: str) -> dg.AssetsDefinition:
    """One play's LinkedIn tasks: its rows of ``linkedin_tasks``, due once the first email went out."""

    @dg.asset(key=[play, "linkedin_tasks"], group_name="sends", kinds={"duckdb", "csv"},
              deps=[dg.AssetKey([play, "message_drafts"]), dg.AssetKey([play, "send_ledger"]), "enriched_accounts",
                    "raw_signals", "play_versions"],
              metadata={"sdr/reads_later_events": "play_approvals, monitor_pauses, suppression_list, "
                                                  "suppression_events, suppression_replies_read, optout_log_offset, "
                                                  "sequence_holds, raw_replies, "
                                                  "reply_intake, reply_classifications, quarantined_replies, "
                                                  "escalation_events", **defined_columns(TASK_SCHEMA)},
              description=f"{play}: LinkedIn steps for a person to do by hand, due once the first email went "
                          "out; kept across runs. Contacts suppressed, held or who replied get none; a note whose "
                          "why-now no longer holds on its due day is held for fresh research.")
    def tasks(context: dg.AssetExecutionContext, warehouse: Warehouse, policy: SendPolicy,
              paths: PipelinePaths) -> dg.MaterializeResult:
        return write_tasks(play, warehouse, policy, paths, context)

    return tasks


def write_tasks(name: str, warehouse: Warehouse, policy: SendPolicy, paths: PipelinePaths,
                context: dg.AssetExecutionContext | None = None) -> dg.MaterializeResult:
    """Add and update the play's tasks and withdraw those of contacts who were suppressed, held or
    replied; never change a task a person marked done or skipped. While the clock reads earlier than
    what is recorded (red) or replies lag (a stop reply may sit unread: a green wait for a fresh replies
    run, else red, ``reply_wait``) it opens no task, yet withdraws and holds as ever; a play not approved
    that would open none (waiting for approval, paused, rejected, revoked) neither waits nor stops.
    """
    now = policy.now()
    with warehouse.connect() as con:
        ensure_table(con)
        lag = timedelta(minutes=policy.reply_max_lag_minutes)
        clock = clock_behind(con, now)
        behind = None if clock else replies_behind(con, now, lag)
        if not (clock or behind):
            clear_wait(con, name, STEP)
        play = load_plays(paths.plays).plays.get(name)
        stopped = withdraw_tasks_of_stopped_plays(con, paths.plays, paths.mode, now)
        folder = requests_of(con)
        approved = (play is not None and name not in stopped and approval_status(con, play, paths.mode).approved
                    and not (folder is not None and stop_requests.pending_for(folder, names_of(con, play))))
        if approved:  # the notes of the approved version only, grounded as the emails are
            drafts = current_drafts(con, play, "and grounded")
            # A play not approved has no tasks still to come: they were withdrawn just now.
            withdraw_tasks_of_earlier_versions(con, paths.plays, now, {name}, {name: notes_of(drafts)})
        else:
            drafts = read_table(con, "message_drafts", "where false")
        formerly = former_names_of(con, play) if play is not None else set()
        ledger = read_table(con, "send_ledger", "where list_contains(?, play)", [sorted({name, *formerly})])
        existing = {**_decided_under(con, name, formerly),
                    **{r["task_id"]: r for r in read_table(con, "linkedin_tasks", "where play = ?", [name])
                       .iter_rows(named=True)}}
        history = as_one_play(list(ledger.iter_rows(named=True)), name, formerly)
        due = _as_existing([{**d, "address": address, "note": d["body"]}
                            for d in linkedin_due(list(drafts.iter_rows(named=True)), history, name, now)
                            if (address := _canonical(d["contact_email"]))], existing)
        pending = {tid: t for tid, t in existing.items() if t["status"] in PENDING} if approved else {}
        excluded = excluded_contacts(con, paths.data_dir, {d["address"] for d in due}
                                     | {t["contact_email"] for t in pending.values()}, now)
        if due:  # the monitor's segment pauses hold the people of those segments on every channel
            segments, accounts = paused_segments(con, play, paths.mode)
            for d in due:
                if d["company_domain"] in accounts:
                    excluded.setdefault(d["address"], f"segment paused by the monitor: {', '.join(segments)}")
        stale = stale_tasks(con, play, due, now) if due else {}
        noted = {(person_key(d["contact_email"]), int(d["step"])) for d in notes_of(drafts).iter_rows(named=True)}
        drafted = {tid for tid, t in existing.items() if (person_key(t["contact_email"]), int(t["step"])) in noted}
        changes = plan_tasks(due, existing, excluded, now, stale) + withdraw_undrafted(pending, drafted, excluded, now)
        if clock or behind:  # no task added, opened or reworded; withdrawals and holds still go
            kept = [t for t in changes if t["task_id"] in existing and t["status"] != OPEN]
            held, changes = len(kept) < len(changes), kept
            if not (approved or held):  # a play that opens nothing neither waits nor stops
                clock = behind = None
                clear_wait(con, name, STEP)
        if changes:  # one commit for the whole batch
            with transaction(con):
                insert_rows(con, "linkedin_tasks", COLUMNS, [[t[c] for c in COLUMNS] for t in changes], "task_id",
                            "replace")
        frame = read_table(con, "linkedin_tasks", "where play = ?", [name])
        exported = write_csv(con, paths.exports / CSV_NAME)
        if clock:
            refuse_wait(con, name, STEP)
            raise dg.Failure(description=f"{name}: {STEP} stopped: {clock}",
                             metadata={"play": name, "changed_this_run": len(changes), CLEARS_ITSELF: True})
        if behind:
            waits = wait_or_refuse(context, con, name, behind, now, time.time(), lag, STEP)
            return dg.MaterializeResult(metadata={**waits, "changed_this_run": len(changes)})
    counts = {k: int(n) for k, n in frame.group_by("status").len().iter_rows()} if frame.height else {}
    open_due = sum(1 for r in frame.iter_rows(named=True) if r["status"] == OPEN and r["due_at"] <= now)
    return dg.MaterializeResult(metadata=table_metadata(
        frame.drop("note"), by_status=dg.MetadataValue.json(counts), open_and_due=open_due,
        changed_this_run=len(changes), csv_export=dg.MetadataValue.path(str(paths.exports / CSV_NAME)),
        csv_rows=exported))
