"""A replies run Dagster created but never submitted (left 'not started' when the daemon was stopped
mid-tick for longer than it resumes a tick, or its submission failed twice) holds no reply sensor
tick: the tick asks for its batch again, under the same run key, which Dagster's daemon answers by
submitting that very run. A run starting, started or queued still holds it, as it reads the backlog."""

from datetime import datetime, timedelta

import dagster as dg
import pytest

from resources.imap import ImapMailbox
from resources.settings import SendPolicy
from resources.warehouse import Warehouse
from sensors.replies import reply_mailbox_sensor
from tests.mail.imap_server import ImapTestServer
from tests.memory_instance import memory_instance

T0 = datetime.fromisoformat("2026-11-20T10:00:00+00:00")


def _raw(n: int) -> bytes:
    return (f"From: Prospect {n} <p{n}@example.com>\r\nTo: sam@example.org\r\nSubject: Re: hi\r\n"
            f"Message-ID: <orphan{n}@example.com>\r\n\r\nplease remove me\r\n").encode()


@pytest.mark.parametrize("status, asks", [(dg.DagsterRunStatus.NOT_STARTED, True),
                                          (dg.DagsterRunStatus.STARTING, False)])
def test_a_replies_run_never_submitted_does_not_hold_the_sensor_for_ever(tmp_path, defs, status, asks):
    with ImapTestServer(username="reader", password="s3cret") as server:
        server.append(_raw(1))
        mailbox = ImapMailbox(host="127.0.0.1", port=server.port, username="reader", password="s3cret",
                              security="none", timeout_seconds=5.0)
        with memory_instance() as instance:
            instance.create_run_for_job(defs.resolve_job_def("replies_job"), status=status)
            with dg.build_sensor_context(instance=instance, resources={
                    "mailbox": mailbox, "warehouse": Warehouse(path=str(tmp_path / "w.duckdb")),
                    "policy": SendPolicy(now_override=(T0 + timedelta(days=2)).isoformat())}) as context:
                result = reply_mailbox_sensor(context)
    requests = getattr(result, "run_requests", None) or []
    assert (len(requests) == 1) is asks, getattr(result, "skip_message", result)
