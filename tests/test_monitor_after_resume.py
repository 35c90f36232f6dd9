"""After a person resumes a play, the monitor judges what arrives from then on.

Replies that arrive after the resume count, whatever message they answer: a late wave of refusals
to the mail sent before the pause pauses the play again. Those the person saw before resuming do
not. Replies are real messages triaged by the real pipeline.
"""

from datetime import UTC, datetime

import pytest

from resources.settings import SendPolicy
from sdr_assets.assembly import build_definitions
from sdr_assets.decisions import decide
from sdr_assets.playbook import load_plays
from tests.monitor_world import REVOPS, deliver, not_interested_reply, query_warehouse, run_job, sent_messages

RESUMED = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _later(resources: dict, now: str) -> dict:
    policy = SendPolicy(now_override=now, postal_address=resources["policy"].postal_address)
    return {**resources, "policy": policy}


def _late(send) -> bytes:
    """A "not interested" reply with its own Message-ID."""
    return not_interested_reply(send).replace(b"<no-", b"<late-")


def _play_pauses(resources) -> list[tuple[int, str]]:
    return query_warehouse(resources, "select pause_id, message_ids from monitor_pauses where play = ? "
                                      "and scope = 'play' order by pause_id", [REVOPS])


@pytest.mark.opening("revops_sent")
def test_refusals_arriving_after_a_resume_to_mail_sent_before_it_pause_the_play_again(defs, resources, instance):
    sends = sent_messages(resources, REVOPS)
    deliver(resources, [not_interested_reply(s) for s in sends[:8]])
    assert run_job(defs, instance, "replies_job").success
    assert len(_play_pauses(resources)) == 1
    play = load_plays(resources["paths"].plays).plays[REVOPS]
    decide(REVOPS, "resume", "Dana Whitfield", "replies read", play.version_hash,
           warehouse_path=resources["warehouse"].path, plays_dir=resources["paths"].plays_dir, now=RESUMED)

    later = _later(resources, "2026-11-20T15:00:00+00:00")
    assert run_job(build_definitions(later), instance, "replies_job").success
    assert len(_play_pauses(resources)) == 1, "the replies the person saw before resuming do not count again"

    deliver(resources, [_late(s) for s in sends[8:]])
    assert run_job(build_definitions(later), instance, "replies_job").success
    pauses = _play_pauses(resources)
    assert len(pauses) == 2, "a late wave of refusals to the mail sent before the pause pauses the play again"
    tripped_by = pauses[1][1].split()
    assert tripped_by and all(m.startswith("<late-") for m in tripped_by), tripped_by
