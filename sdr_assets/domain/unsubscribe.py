"""Unsubscribe tokens: a signed link that names the recipient and the send, and nothing else.

The payload is the send key and the canonical recipient address (base64url), so the unsubscribe
service can record an opt-out and name the address without reading the warehouse.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sdr_assets.domain.tokens import InvalidTokenError, sign, verify

PURPOSE = "unsubscribe"


@dataclass(frozen=True)
class UnsubscribeRequest:
    send_key: str
    address: str


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _unb64(text: str) -> str:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")


def unsubscribe_token(secret: bytes, send_key: str, address: str) -> str:
    """The token for one send to one canonical address."""
    if not send_key.isalnum():
        raise ValueError("a send key is alphanumeric")
    return sign(secret, f"{send_key}-{_b64(address)}", PURPOSE)


def read_unsubscribe_token(secret: bytes, token: str) -> UnsubscribeRequest:
    """What a genuine token says; InvalidTokenError for anything forged, truncated or altered."""
    payload = verify(secret, token, PURPOSE)
    send_key, dash, encoded = payload.partition("-")
    try:
        address = _unb64(encoded) if dash else ""
    except (ValueError, UnicodeDecodeError):
        address = ""
    if not send_key or "@" not in address:
        raise InvalidTokenError("token payload is not a send and an address")
    return UnsubscribeRequest(send_key, address)


def unsubscribe_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{token}"


def unsubscribe_mailto(sending_domain: str, token: str) -> str:
    return f"mailto:unsubscribe@{sending_domain}?subject=unsubscribe%20{token}"
