"""What matching a few new replies to their sends costs the replies run, with a long send history.

    python -m sdr_assets.reply_match_bench [--sends N] [--replies K]

A scratch data folder's ledger holds N sends (three steps to each of N/3 contacts, as months of
sending leave it); its maildir gets K replies, each answering one of them, after one a contact writes
anew, which a first run reads (loading triage's models). The ``raw_replies`` and
``reply_classifications`` steps run on them; the figures are the classification step's seconds and
the ledger rows it read (``ledger_rows_read``).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import dagster as dg

from resources.defaults import build_resources
from sdr_assets.rematch_bench import NOW, QUIET
from sdr_assets.replies import raw_replies, reply_classifications
from sdr_assets.sends import LEDGER_DDL

LEDGER_SQL = """
insert into send_ledger
select 'k' || lpad(i::varchar, 23, '0'), 'play-' || (i % 7), 'v1', 'Dana Whitfield', 'd' || i,
       'acct' || (i // 3 % 5000) || '.example', 'contact' || (i // 3) || '@acct' || (i // 3 % 5000) || '.example',
       'sam@outreach.example', i % 3 + 1, 'a', 'hiring', 0.8, 'Subject line number ' || i, 'sent', null,
       '<sdr-' || lpad(i::varchar, 24, '0') || '.' || repeat('0', 32) || '@outreach.example>', 't' || i,
       ?::timestamptz - to_days((i % 90)::integer), 'segment', 'digest' || i
from range(?) t(i)
"""


def _message_id(i: int) -> str:
    return f"<sdr-{i:024d}.{'0' * 32}@outreach.example>"


def _deliver(maildir: Path, sends: int, replies: int, first: int = 0) -> None:
    """``replies`` messages answering sends spread over the ledger, numbered from ``first``; the first of
    all is written anew, matched by its sender."""
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for n in range(first, first + replies):
        i = n * (sends // (first + replies))
        threading = "" if n == 0 else f"In-Reply-To: {_message_id(i)}\r\nReferences: {_message_id(i)}\r\n"
        (maildir / "new" / f"reply-{n}.eml").write_bytes(
            f"From: contact{i // 3}@acct{i // 3 % 5000}.example\r\nTo: sam@outreach.example\r\n"
            f"Subject: Re: hello\r\nMessage-ID: <reply-{n}@acct.example>\r\n{threading}"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nNot interested right now, thanks.\r\n".encode())


def with_sends(root: Path, sends: int) -> dict:
    """The resources of the scratch data folder ``root``, its ledger holding ``sends`` sends."""
    resources = build_resources({"SDR_DATA_DIR": str(root), "SDR_NOW": NOW})
    with resources["warehouse"].connect() as con:
        con.execute(LEDGER_DDL)
        con.execute(LEDGER_SQL, [NOW, sends])
    return resources


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=300000)
    parser.add_argument("--replies", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="sdr-reply-match-"))
    try:
        resources = with_sends(root, args.sends)
        maildir = Path(resources["mailbox"].path)
        with dg.DagsterInstance.ephemeral() as instance:
            _deliver(maildir, args.sends, 1)  # a first run pays for loading triage's models
            dg.materialize([raw_replies, reply_classifications], resources=resources, instance=instance,
                           run_config=QUIET)
            _deliver(maildir, args.sends, args.replies, first=1)
            result = dg.materialize([raw_replies, reply_classifications], resources=resources, instance=instance,
                                    run_config=QUIET)
            metadata = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                            if e.asset_key == reply_classifications.key)
            step = next(e for e in result.all_events if e.event_type_value == "STEP_SUCCESS"
                        and e.step_key == "reply_classifications")
            read = metadata["ledger_rows_read"].value if "ledger_rows_read" in metadata else f"all {args.sends}"
            print(f"{args.sends} sends, {args.replies} new replies ({metadata['new_rows'].value} classified, "
                  f"{metadata['unmatched_new'].value} matching no send): reply_classifications step "
                  f"{step.event_specific_data.duration_ms / 1000:.3f} s, ledger rows read: {read}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
