"""What a replies run with few new replies costs the steps after triage, with a long history.

    python -m sdr_assets.reply_history_bench [--sends N] [--stored H] [--replies K] [--rounds R]

A scratch data folder's ledger holds N sends (as ``reply_match_bench`` writes them); its maildir gets
H replies answering them (opt-outs, interest, questions, absences), which a first replies run
triages, records and escalates. Then K more arrive and the run is timed again, R times over: the
figures are the median seconds of ``suppression_events``, ``suppression_list``, ``sequence_holds`` and
``escalations`` in those runs, which should follow K, not H.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

import dagster as dg

from sdr_assets.escalations import escalations
from sdr_assets.optouts import suppression_events, suppression_list
from sdr_assets.rematch_bench import QUIET
from sdr_assets.replies import raw_replies, reply_classifications, sequence_holds
from sdr_assets.reply_match_bench import _message_id, with_sends

ASSETS = [raw_replies, reply_classifications, suppression_events, suppression_list, sequence_holds, escalations]
TIMED = ("suppression_events", "suppression_list", "sequence_holds", "escalations")
# What the replies say, in turn: each kind of row the steps after triage keep.
BODIES = ("Please remove me from your mailing list.",
          "Sounds interesting, could we talk on Thursday afternoon?",
          "What does it cost for a team of twelve?",
          "I am out of the office until 2026-12-01 with limited access to email.",
          "Not interested right now, thanks.")


def _deliver(maildir: Path, sends: int, first: int, count: int, spread: int) -> None:
    """``count`` replies numbered from ``first``, each answering a send ``spread`` sends after the last."""
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        i = n * (sends // spread)
        (maildir / "new" / f"reply-{n}.eml").write_bytes(
            f"From: contact{i // 3}@acct{i // 3 % 5000}.example\r\nTo: sam@outreach.example\r\n"
            f"Subject: Re: Subject line number {i}\r\nMessage-ID: <reply-{n}@acct.example>\r\n"
            f"Date: Thu, 19 Nov 2026 {8 + n % 10:02d}:{n % 60:02d}:00 +0000\r\n"
            f"In-Reply-To: {_message_id(i)}\r\nReferences: {_message_id(i)}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{BODIES[n % len(BODIES)]}\r\n".encode())


def _seconds(result: dg.ExecuteInProcessResult) -> dict[str, float]:
    return {e.step_key: e.event_specific_data.duration_ms / 1000 for e in result.all_events
            if e.event_type_value == "STEP_SUCCESS"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=300000)
    parser.add_argument("--stored", type=int, default=10000)
    parser.add_argument("--replies", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5, help="runs of K new replies; each step's median is printed")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="sdr-reply-history-"))
    spread = args.stored + args.rounds * args.replies
    try:
        resources = with_sends(root, args.sends)
        maildir = Path(resources["mailbox"].path)
        with dg.DagsterInstance.ephemeral() as instance:
            _deliver(maildir, args.sends, 0, args.stored, spread)
            dg.materialize(ASSETS, resources=resources, instance=instance, run_config=QUIET)
            runs = []
            for n in range(args.rounds):
                _deliver(maildir, args.sends, args.stored + n * args.replies, args.replies, spread)
                runs.append(_seconds(dg.materialize(ASSETS, resources=resources, instance=instance,
                                                    run_config=QUIET)))
            seconds = {step: statistics.median(run[step] for run in runs) for step in TIMED}
        with resources["warehouse"].connect() as con:
            rows = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TIMED}
        print(f"{args.sends} sends, {args.stored} stored replies, {args.replies} new (median of {args.rounds} runs): "
              + ", ".join(f"{step} {seconds[step]:.3f} s ({rows[step]} rows)" for step in TIMED))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
