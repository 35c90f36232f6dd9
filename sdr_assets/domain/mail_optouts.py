"""Opt-outs by mail: which addresses a message that asks to stop may suppress.

A mailed opt-out counts for an address only when it comes from that address (any plus tag), or
when it carries a valid signed unsubscribe token naming it: a stranger cannot stop someone else's
mail by writing in her name. The sender's own address is always suppressed, since they asked. A
request that names a contact without proof, or matches no contact at all, goes to a person.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable
from dataclasses import dataclass

from sdr_assets.domain.addresses import InvalidAddressError, canonical_address
from sdr_assets.domain.route_probe import is_probe
from sdr_assets.domain.suppression import suppression_key
from sdr_assets.domain.tokens import InvalidTokenError, Secrets
from sdr_assets.domain.unsubscribe import UnsubscribeRequest, read_unsubscribe_token


ROUTE_PROBE = "our own probe of the route to the replies mailbox (`sdr suppress probe`)"


@dataclass(frozen=True)
class MailOptOut:
    targets: tuple[str, ...]
    via: str  # unsubscribe_mail (the List-Unsubscribe's mailto or a provider's report) or unsubscribe_reply
    needs_review: bool
    reason: str


def _canonical(address: str | None) -> str | None:
    try:
        return canonical_address(address or "")
    except InvalidAddressError:
        return None


def verified_token(secrets: Secrets, tokens: Iterable[str]) -> UnsubscribeRequest | None:
    """What the first token that verifies under the project's secrets says: a send and its recipient."""
    for token in tokens:
        try:
            return read_unsubscribe_token(secrets, token)
        except InvalidTokenError:
            continue
    return None


def token_address(secrets: Secrets, tokens: Iterable[str]) -> str | None:
    """The address named by the first token that verifies under the project's secrets."""
    request = verified_token(secrets, tokens)
    return _canonical(request.address) if request else None


def mail_optout(*, from_addr: str | None, contact_email: str | None, verified_address: str | None,
                known_mailboxes: Container[str], to_unsubscribe_address: bool) -> MailOptOut:
    """Decide a message that asks to stop.

    ``contact_email`` is the recipient of the send the message answers (if any),
    ``verified_address`` what a valid token in it names, ``known_mailboxes`` the mailboxes
    (``suppression_key``) of everyone the pipeline has written to.
    """
    sender = _canonical(from_addr)
    targets = {a for a in (sender, verified_address) if a}
    proven = {suppression_key(a) for a in targets}
    via = "unsubscribe_mail" if to_unsubscribe_address else "unsubscribe_reply"
    contact = _canonical(contact_email)
    if contact and suppression_key(contact) not in proven:
        return MailOptOut(tuple(sorted(targets)), via, True,
                          f"asks to stop mail to {contact} from {sender or 'an unknown sender'} without a valid "
                          "token: a person decides")
    if not any(k in known_mailboxes for k in proven) and not contact:
        return MailOptOut(tuple(sorted(targets)), via, True,
                          f"asks to stop but {sender or 'the sender'} is no contact of ours: a person looks")
    return MailOptOut(tuple(sorted(targets)), via, False, "opt-out by mail from the recipient or with a valid token")


def known_mailboxes(addresses: Iterable[str | None]) -> set[str]:
    return {suppression_key(a) for a in map(_canonical, addresses) if a}


def optout_columns(result, contact_email: str | None, secret: Secrets, known: Container[str]) -> dict:
    """The opt-out columns of a reply classification row for a triage result (no change unless it asks to stop).

    Our own route probe (``domain.route_probe``) is no reply and no opt-out, known by the token in its
    subject whatever triage took it for: a forward that rewrites its To makes it look like any mail."""
    if is_probe(secret, [*result.unsubscribe_tokens, *(result.subject or "").split()]):
        return {"optout_targets": "[]", "optout_via": None, "kind": "other", "label": None, "needs_review": False,
                "reason": ROUTE_PROBE}
    if not (result.kind == "human" and result.label == "unsubscribe"):
        return {"optout_targets": "[]", "optout_via": None}
    decision = mail_optout(from_addr=result.from_addr, contact_email=contact_email,
                           verified_address=token_address(secret, result.unsubscribe_tokens),
                           known_mailboxes=known, to_unsubscribe_address=result.to_unsubscribe_address)
    columns = {"optout_targets": json.dumps(list(decision.targets)), "optout_via": decision.via}
    if decision.needs_review:
        columns.update(needs_review=True, reason=decision.reason)
    return columns
