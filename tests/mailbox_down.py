"""A replies run that cannot read the mailbox: its IMAP server is a closed port on 127.0.0.1."""

from __future__ import annotations

import socket

import dagster as dg

from resources.imap import ImapMailbox
from sdr_assets.assembly import build_definitions


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replies_run_down(resources: dict, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """The replies job run once with the mailbox unreachable: it fails red, showing the cause."""
    unreachable = ImapMailbox(host="127.0.0.1", port=closed_port(), username="u", password="p", security="none")
    return build_definitions({**resources, "mailbox": unreachable}).resolve_job_def("replies_job") \
        .execute_in_process(instance=instance, raise_on_error=False)
