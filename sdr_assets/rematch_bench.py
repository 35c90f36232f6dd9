"""What a ledger that moved costs the replies run, with many stored replies that answer no send.

    python -m sdr_assets.rematch_bench [--replies N] [--moves K]

A scratch data folder's maildir gets N messages that name none of our sends (a newsletter's
issues); the replies run stores and classifies them. Then the ledger moves K times (each a send
table of other contacts, as a send run leaves it), and after each the ``reply_classifications``
step alone is timed: the stored replies that matched no send are matched again only where the
ledger may match them now.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.replies import raw_replies, reply_classifications

NOW = "2026-11-20T09:00:00+00:00"
# The figures alone: Dagster's console logger would print every event of every run.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
FILLER = "This week's issue covers pipeline hygiene, territory plans and forecasting. " * 40
LEDGER_SQL = """
create or replace table send_ledger as
select '<sdr-' || i || '@outreach.example>' as message_id, 'k' || i as send_key, 'alpha' as play,
       'contact' || i || '@elsewhere.example' as contact_email, 'sent' as status,
       ?::timestamptz as sent_at, 1 as step
from range(?) t(i)
"""


def _deliver(maildir: Path, n: int) -> None:
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        message = EmailMessage()
        message["From"], message["To"] = f"digest{i}@newsletter.example", "sam@outreach.example"
        message["Subject"], message["Message-ID"] = f"Weekly digest {i}", f"<digest-{i}@newsletter.example>"
        message.set_content(f"Issue {i}. {FILLER}")
        (maildir / "new" / f"digest-{i}.eml").write_bytes(message.as_bytes())


def _step_seconds(result: dg.ExecuteInProcessResult) -> float:
    success = next(e for e in result.all_events if e.event_type_value == "STEP_SUCCESS")
    return success.event_specific_data.duration_ms / 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=20000)
    parser.add_argument("--moves", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="sdr-rematch-"))
    try:
        resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": NOW})
        _deliver(Path(resources["mailbox"].path), args.replies)
        with dg.DagsterInstance.ephemeral() as instance:
            started = time.perf_counter()
            dg.materialize([raw_replies, reply_classifications], resources=resources, instance=instance,
                           run_config=QUIET)
            print(f"{args.replies} replies stored and classified: {time.perf_counter() - started:.2f} s")
            for move in range(1, args.moves + 1):
                with resources["warehouse"].connect() as con:
                    con.execute(LEDGER_SQL, [NOW, 1000 * move])
                result = dg.materialize([reply_classifications], resources=resources, instance=instance,
                                        run_config=QUIET)
                metadata = next(iter(result.get_asset_materialization_events())).materialization.metadata
                print(f"ledger moved ({1000 * move} sends): reply_classifications step {_step_seconds(result):.3f} s, "
                      f"unmatched replies read again: {metadata['unmatched_read_again'].value}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
