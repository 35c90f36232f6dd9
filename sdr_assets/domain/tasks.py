"""LinkedIn tasks a person works through: which to add, update or withdraw; people's decisions stay.

A task is one LinkedIn step of a play for one contact, identified by play, canonical address and
step, so re-drafting or a new play version updates the same task. A person marks it done or skipped;
a run never changes that. A contact who is suppressed, held or has replied gets no new task, and
an open one is withdrawn (and reopened by a later run once a pause has passed). A task held for fresh
research is withdrawn once no research will word its note again: its signal is no longer stored
(kept research words it as stored) or its account left the research.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sdr_assets.domain.approvals import nobody_named
from sdr_assets.domain.timeliness import GONE, Stale

OPEN, DONE, SKIPPED, WITHDRAWN, HELD = "open", "done", "skipped", "withdrawn", "held"
PERSON_STATUSES = (DONE, SKIPPED)
# The tasks a list shows as still to come: a held one waits for fresh research, with its reason.
PENDING = (OPEN, HELD)
SYSTEM = "system"
# How every wording of RESEARCH_GONE, this one and earlier ones, begins: stored rows are matched by it.
RESEARCH_GONE_PREFIX = "research gone: "
# Why a held task whose note no draft holds any more is withdrawn.
RESEARCH_GONE = (RESEARCH_GONE_PREFIX + "its signal is no longer stored, or its account no longer researched, so no "
                 "research words its note again")


def stale_status(stale: Stale) -> tuple[str, str]:
    """The status and reason of a task whose note waits for fresh research: withdrawn where no research
    words it again (``GONE``: its step settled, so its sequence ends), held with why otherwise."""
    return (WITHDRAWN, RESEARCH_GONE) if stale.kind == GONE else (HELD, stale.reason)


class TaskError(ValueError):
    """A task decision that cannot be recorded, with the reason."""


def task_id(play: str, address: str, step: int) -> str:
    return hashlib.sha256(f"linkedin|{play}|{address}|{step}".encode()).hexdigest()[:12]


def plan_tasks(due: list[dict[str, Any]], existing: dict[str, dict[str, Any]], excluded: dict[str, str],
               now: datetime, stale: Mapping[str, Stale] | None = None) -> list[dict[str, Any]]:
    """The task rows to write for one play's due LinkedIn steps.

    ``due`` rows carry ``address`` (canonical), ``play``, ``step``, ``contact_name``, ``linkedin_url``,
    ``note`` and ``due_at`` (and ``draft_id``, ``play_version``: the version that wrote the note);
    ``existing`` maps task ids to stored rows; ``excluded`` maps an address to why it must not be
    contacted now; ``stale`` maps a draft id to why its note waits for fresh research: its task is
    held, shown with the reason, or withdrawn where no research will word it again
    (:func:`stale_status`). Rows decided by a person are never returned.
    """
    out = []
    for row in due:
        tid = task_id(row["play"], row["address"], row["step"])
        before = existing.get(tid)
        if before is not None and before["status"] in PERSON_STATUSES:
            continue
        reason = excluded.get(row["address"])
        if reason and before is None:
            continue
        task = {
            "task_id": tid, "play": row["play"], "contact_email": row["address"],
            "contact_name": row["contact_name"], "linkedin_url": row["linkedin_url"], "step": row["step"],
            "note": row["note"], "due_at": row["due_at"], "play_version": row.get("play_version"),
            "created_at": before["created_at"] if before else now, "updated_at": now,
        }
        waits = (stale or {}).get(row.get("draft_id"))
        if reason:
            task.update(status=WITHDRAWN, decided_by=SYSTEM, reason=reason, decided_at=now)
        elif waits:
            status, why = stale_status(waits)
            task.update(status=status, decided_by=SYSTEM, reason=why, decided_at=now)
        else:
            task.update(status=OPEN, decided_by=None, reason=None, decided_at=None)
        if before is not None and all(before.get(k) == v for k, v in task.items() if k not in ("updated_at",
                                                                                               "decided_at")):
            continue
        out.append(task)
    return out


def withdraw_undrafted(existing: dict[str, dict[str, Any]], drafted: set[str], excluded: dict[str, str],
                       now: datetime) -> list[dict[str, Any]]:
    """The withdrawals of the tasks still to come whose note no current draft holds (``drafted``: the
    task ids of the play's LinkedIn drafts), their account gone from the research: one whose contact
    must not be contacted now (``excluded``, by address), with why; a held one, since the research it
    waits for will not come. An open one stays: its note was asked on its day and holds."""
    out = []
    for tid, task in existing.items():
        if task["status"] not in PENDING or tid in drafted:
            continue
        reason = excluded.get(task["contact_email"]) or (RESEARCH_GONE if task["status"] == HELD else None)
        if reason:
            out.append({**task, "status": WITHDRAWN, "decided_by": SYSTEM, "reason": reason, "decided_at": now,
                        "updated_at": now})
    return out


def decide_task(current: dict[str, Any] | None, decision: str, by: str, reason: str = "",
                mode: str = "live") -> dict[str, str]:
    """Check a person's decision on a task (``by`` names a person by the approval gate's rule in the
    run ``mode``); return the fields to store."""
    if refusal := nobody_named(by, mode):
        raise TaskError(refusal)
    if current is None:
        raise TaskError("no such task: see `sdr tasks list`")
    person = by.strip()
    if decision not in PERSON_STATUSES:
        raise TaskError(f"a task is marked {' or '.join(PERSON_STATUSES)}, not {decision!r}")
    if decision == SKIPPED and not (reason or "").strip():
        raise TaskError("say why the task is skipped (--reason)")
    if current["status"] in PERSON_STATUSES:
        raise TaskError(f"task {current['task_id']} is already {current['status']} by {current['decided_by']}")
    if current["status"] == WITHDRAWN:
        raise TaskError(f"task {current['task_id']} was withdrawn ({current['reason']}): it is nobody's to do now")
    if current["status"] == HELD:
        raise TaskError(f"task {current['task_id']} is held ({current['reason']}): it is nobody's to do now")
    return {"status": decision, "decided_by": person, "reason": (reason or "").strip() or None}
