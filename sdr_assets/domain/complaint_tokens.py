"""Complaints tied to a send by our signed unsubscribe token.

A feedback report's attached original may have lost our Message-ID (a relay replaced it) and
redacted its recipient, yet still carry our ``List-Unsubscribe``, whose token names the send and
its recipient under the project's secret. A token that verifies proves the complaint as the
Message-ID's MAC does; one that does not adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sdr_assets.domain.addresses import person_mailbox
from sdr_assets.domain.mail_optouts import verified_token
from sdr_assets.domain.tokens import Secrets


def complaint_by_token(secrets: Secrets, tokens: Iterable[str], recipients: list[str],
                       sends: Mapping[str, dict]) -> tuple[dict, list[str]]:
    """The send (a ledger row of ``sends``, by send key) the first verified token names, ``{}`` when
    none verifies or the ledger holds no send of it to that address; and ``recipients`` with the
    token's address added, whom the report names."""
    request = verified_token(secrets, tokens)
    mailbox = person_mailbox(request.address) if request else None
    if mailbox is None:
        return {}, recipients
    named = recipients if mailbox in {person_mailbox(r) for r in recipients} else [*recipients, request.address]
    send = sends.get(request.send_key, {})
    return (send if send and person_mailbox(send.get("contact_email")) == mailbox else {}), named
