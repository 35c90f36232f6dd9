"""Figures for the escalation queue at volume: `python -m sdr_assets.inbox_bench [--escalations N]`.

Builds a synthetic queue (each escalation with a three-message thread, a reply event and, for a
share of them, a claim, a note and a hand-off) in a scratch warehouse, then times what a person
waits for: listing the inbox, recording an action, and the CRM exports.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from resources.warehouse import Warehouse, replace_rows
from sdr_assets.crm import export_crm
from sdr_assets.domain import escalations as esc
from sdr_assets.escalations import ESCALATION_SCHEMA
from sdr_assets.inbox import ensure_tables, load_queue, record_action

LABELS = ("interested", "question", "objection", "wrong_person", "not_interested")
NOW = datetime(2026, 11, 24, 15, tzinfo=UTC)


def synthetic_queue(n: int) -> tuple[pl.DataFrame, list[tuple]]:
    rows, events, taken = [], [], set()
    for i in range(n):
        key = f"bench-play|contact{i}@account{i % 997}.example"
        escalation_id = esc.short_id(key, taken)
        taken.add(escalation_id)
        at = NOW - timedelta(hours=i % 200)
        label = LABELS[i % len(LABELS)]
        thread = [{"direction": "out", "at": (at - timedelta(days=2)).isoformat(), "from": "sam@outreach.example",
                   "subject": "Hello", "text": "Hi there, " * 40},
                  {"direction": "in", "at": at.isoformat(), "from": f"contact{i}@x.example", "subject": "Re: Hello",
                   "text": "Sounds interesting. " * 20, "label": label, "message_id": f"<m{i}@x>"}]
        rows.append({
            "escalation_id": escalation_id, "thread_key": key, "play": "bench-play",
            "contact_email": f"contact{i}@account{i % 997}.example", "from_addr": f"contact{i}@x.example",
            "first_name": "Jo", "last_name": f"Doe{i}", "contact_name": f"Jo Doe{i}", "title": "VP Sales",
            "company_name": f"Account {i % 997}", "company_domain": f"account{i % 997}.example", "industry": "Software",
            "country": "US", "signal_id": f"s{i}", "signal_type": "hiring", "why_now": "hiring a RevOps lead",
            "label": label, "sub_reason": None, "priority": esc.priority(label), "confidence": 0.9,
            "needs_review": False, "may_ask_to_stop": False, "message_id": f"<m{i}@x>", "reply_count": 1,
            "reply_text": thread[-1]["text"],
            "thread": json.dumps(thread), "proposed_contacts": "", "suggested_response": "Thanks Jo.",
            "routed_to": "Dana Whitfield", "first_reply_at": at, "received_at": at, "escalated_at": at,
            "updated_at": at, "simulated": True,
        })
        events.append((escalation_id, "reply", "pipeline", at, None, None, None, f"<m{i}@x>"))
        if i % 3 == 0:
            events.append((escalation_id, "claim", "Sam Lee", at + timedelta(minutes=5), None, None, None, None))
            events.append((escalation_id, "note", "Sam Lee", at + timedelta(minutes=6), None, None, "called", None))
        if i % 9 == 0:
            events.append((escalation_id, "handle", "Sam Lee", at + timedelta(minutes=7), None, "nurture", None, None))
    return pl.DataFrame(rows, schema=ESCALATION_SCHEMA), events


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escalations", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Warehouse(path=str(Path(tmp) / "bench.duckdb"))
        frame, events = synthetic_queue(args.escalations)
        with warehouse.connect() as con:
            ensure_tables(con)
            replace_rows(con, "escalations", frame)
            con.executemany("insert into escalation_events (escalation_id, action, actor, acted_at, recorded_at, until, "
                            "outcome, note, message_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(e, a, who, at, at, until, outcome, note, mid) for e, a, who, at, until, outcome, note, mid
                             in events])
        started = time.perf_counter()
        with warehouse.connect() as con:
            queue = load_queue(con, NOW)
        listed = time.perf_counter() - started
        target = next(r["escalation_id"] for r in queue if r["status"] == "open")
        started = time.perf_counter()
        record_action(warehouse, target, "claim", "Bench", NOW)
        acted = time.perf_counter() - started
        timings = {}
        for fmt in ("hubspot", "salesforce"):
            started = time.perf_counter()
            export_crm(warehouse, NOW, fmt, Path(tmp) / "crm")
            timings[fmt] = time.perf_counter() - started
    print(f"escalation queue: {len(frame):,} escalations, {len(events):,} events")
    print(f"  inbox (load and fold the whole queue): {listed:.2f} s")
    print(f"  one recorded action (claim, with its checks): {acted:.2f} s")
    for fmt, seconds in timings.items():
        print(f"  export crm --format {fmt}: {seconds:.2f} s ({len(frame) / seconds:,.0f} escalations/s)")


if __name__ == "__main__":
    main()
