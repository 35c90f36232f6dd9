"""Send-path benchmark: what one message costs, piece by piece, in CPU time.

    python -m sdr_assets.send_bench [--messages 1000]

Each message goes through the work the send loop does for it, in the loop's order and on real
components: the approval gate's re-check (its one query, on a warehouse file attached as the
pipeline attaches it), the suppressions' re-check (the count of suppression events and the opt-out
log's re-read; the loop asks it before the claim and again before the hand-over, timed here once),
the message built and rendered, its DKIM signature (a fresh 2048-bit key), and its delivery to a
maildir (written, fsynced, linked into ``new/``). Every piece is timed with this thread's CPU clock, interleaved as in the loop, so each
figure carries the cache misses the others cause; the gate's query is also timed repeated on its
own, for comparison. Nothing leaves the machine; the folder is
temporary. The figures are a floor for ``sdr bench``'s send stage, which adds the plan, the
ledger's claims and outcomes, and Dagster's step.

    python -m sdr_assets.send_bench --batch [--messages 3000]

times the send loop itself instead (``send_batch``, with its helper thread): the same messages, for
one approved play, claimed in the ledger, re-checked (approval and suppressions, as the send step
asks them) and delivered signed, in wall and CPU time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from resources.dkim import create_key
from resources.mail import MaildirOutbox
from resources.store import approvals
from resources.warehouse import Warehouse
from sdr_assets import optout_log
from sdr_assets.domain.messages import build_message
from sdr_assets.playbook import load_plays
from sdr_assets.send_loop import prepared_mark, send_batch, unplanned_cursor
from sdr_assets.sends import LEDGER_DDL
from sdr_assets.suppression import SuppressionWatch, current_suppressions

PIECES = ("gate re-check", "suppression re-check", "build", "render", "DKIM signature", "maildir delivery")
_SENT_AT = datetime(2026, 11, 28, 9, tzinfo=UTC)
_BODY = ("Hi {name},\n\nI saw Company{i} is hiring a Head of Revenue Operations. Teams that add RevOps at around "
         "120 people usually spend the new hire's first quarter untangling routing and reporting.\n\nWorth a "
         "20-minute look before they join?\n\nSam Carter")


PLAYS = Path(__file__).resolve().parents[1] / "data" / "plays"


def _message(i: int, to_email: str | None = None):
    return build_message(
        secret=b"send-bench-secret-0123456789abcd", send_key=f"bench{i:08d}", sender_name="Sam Carter",
        sender_email="sam@outreach.example", postal_address="1 Main Street, Springfield", to_name=f"Contact {i}",
        to_email=to_email or f"contact{i}@company{i}.example", subject=f"Head of Revenue Operations at Company{i}",
        body=_BODY.format(name=f"Contact {i}", i=i), sent_at=_SENT_AT, sending_domain="outreach.example",
        unsubscribe_url="https://outreach.example/u")


def measure(messages: int, root: Path) -> dict:
    """CPU milliseconds per message for each piece, their sum, the gate's query alone, and the
    maildir's message count."""
    key = root / "dkim" / "bench.private.pem"
    create_key(key)
    outbox = MaildirOutbox(path=str(root / "outbox"), dkim_key_path=str(key), dkim_domain="outreach.example")
    outbox.send(_message(messages))  # makes the maildir's folders and loads the key, as the batch's first message does
    optout_log.append(root, "bench", "opted.out@company.example", _SENT_AT)
    spent = dict.fromkeys(PIECES, 0.0)

    def timed(piece: str, work: Callable[[], object]) -> object:
        start = time.thread_time()
        try:
            return work()
        finally:
            spent[piece] += time.thread_time() - start

    with Warehouse(path=str(root / "warehouse.duckdb")).connect() as con:
        approvals.ensure_gate_records(con)
        marks = unplanned_cursor(con)
        watch = SuppressionWatch(con, current_suppressions(con, root))  # the log read to its end, as by then
        try:
            mark = prepared_mark(marks)
            for i in range(messages):
                timed("gate re-check", lambda: marks.execute(mark).fetchone())
                timed("suppression re-check", lambda i=i: watch.reason_for(f"contact{i}@company{i}.example"))
                message = timed("build", lambda i=i: _message(i))
                raw = timed("render", lambda m=message: outbox.render(m))
                signed = timed("DKIM signature", lambda r=raw: outbox.signed(r))
                timed("maildir delivery", lambda s=signed: outbox.deliver(s))
            start = time.thread_time()
            for _ in range(messages):
                marks.execute(mark).fetchone()
            alone = (time.thread_time() - start) / messages * 1000
        finally:
            marks.close()
            watch.close()
    per = {piece: round(seconds / messages * 1000, 4) for piece, seconds in spent.items()}
    delivered = sum(1 for _ in (root / "outbox" / "new").iterdir()) - 1  # less the warm-up message
    return {"messages": messages, "ms_per_message": per, "total_ms_per_message": round(sum(per.values()), 4),
            "gate_query_alone_ms": round(alone, 4), "delivered": delivered}


def measure_batch(messages: int, root: Path) -> dict:
    """Wall and CPU milliseconds per message of one ``send_batch`` over ``messages`` drafts of an
    approved play, the messages it sent and the messages in the maildir."""
    play = load_plays(PLAYS).plays["revops-hiring"]
    key = root / "dkim" / "bench.private.pem"
    create_key(key)
    outbox = MaildirOutbox(path=str(root / "outbox"), dkim_key_path=str(key), dkim_domain="outreach.example")
    drafts = [{"index": i, "send_key": f"bench{i:08d}", "play": play.name, "draft_id": f"d{i}", "company_domain":
               f"company{i}.example", "contact_email": f"contact{i}@company{i}.example", "step": 1, "variant": "a",
               "signal_type": "hiring", "fit": 0.5, "subject": ""} for i in range(messages)]

    def message_for(draft: dict, address: str):
        return _message(draft["index"], address)

    with Warehouse(path=str(root / "warehouse.duckdb")).connect() as con:
        con.execute(LEDGER_DDL)
        approvals.record_decision(con, play, play.version_hash, "approve", "Send Bench", now=_SENT_AT)
        watch = SuppressionWatch(con, current_suppressions(con, root))
        try:
            wall, cpu = time.perf_counter(), time.process_time()
            outcome = send_batch(con, drafts, play, "Send Bench", "sam@outreach.example", outbox, _SENT_AT,
                                 message_for, watch.known_reason_for, plays_dir=PLAYS,
                                 suppressed_now=watch.reason_for)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            watch.close()
    delivered = sum(1 for _ in (root / "outbox" / "new").iterdir())
    return {"messages": messages, "sent": outcome.sent, "delivered": delivered,
            "wall_ms_per_message": round(wall / messages * 1000, 4),
            "cpu_ms_per_message": round(cpu / messages * 1000, 4)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages to send through the path")
    parser.add_argument("--batch", action="store_true", help="time the send loop itself, start to end")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sdr-send-bench-") as folder:
        if args.batch:
            out = measure_batch(args.messages, Path(folder))
            print(f"send loop, {out['messages']:,} messages ({out['sent']:,} sent, {out['delivered']:,} in the "
                  f"maildir): {out['wall_ms_per_message']:.3f} ms per message wall, "
                  f"{out['cpu_ms_per_message']:.3f} ms CPU")
            return
        out = measure(args.messages, Path(folder))
    total = out["total_ms_per_message"]
    print(f"send path, {out['messages']:,} messages ({out['delivered']:,} in the maildir), CPU ms per message:")
    for piece, ms in out["ms_per_message"].items():
        print(f"  {piece:20s} {ms:7.3f}  {ms / total:6.1%}")
    print(f"  {'total':20s} {total:7.3f}")
    print(f"the gate's query repeated on its own, without the rest: {out['gate_query_alone_ms']:.3f} ms")


if __name__ == "__main__":
    main()
