"""Signed tokens: what a message carries so that only we can tie a click or a reply to a send.

A token is ``{payload}.{signature}`` where the signature is a truncated HMAC-SHA256 of the
payload under the project's secret, in URL-safe base64. Payloads are plain ASCII made by the
caller (for example a send key). A token is signed with the current secret and verified against
it and the previous ones (a rotation must not break the links already delivered). Verification is
constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

SIGNATURE_BYTES = 16  # 128 bits: forging one by guessing is out of reach
FINGERPRINT_CHARS = 12
Secrets = bytes | Sequence[bytes]  # one secret, or the current one followed by previous ones


class InvalidTokenError(ValueError):
    """The token was forged, truncated or altered."""


def _signature(secret: bytes, payload: str, purpose: str) -> str:
    mac = hmac.new(secret, f"{purpose}\x00{payload}".encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def sign(secret: bytes, payload: str, purpose: str = "unsubscribe") -> str:
    if "." in payload or not payload.isascii():
        raise ValueError("a token payload is ASCII without dots")
    return f"{payload}.{_signature(secret, payload, purpose)}"


def keys(secrets: Secrets) -> tuple[bytes, ...]:
    """The secrets a token may be signed with: ``secrets`` itself when it is one."""
    return (secrets,) if isinstance(secrets, bytes) else tuple(secrets)


def verify(secrets: Secrets, token: str, purpose: str = "unsubscribe") -> str:
    """Return the payload of a token signed with one of ``secrets``; raise InvalidTokenError otherwise."""
    payload, dot, signature = str(token or "").rpartition(".")
    if not dot or not payload or not signature.isascii():
        raise InvalidTokenError("malformed token")
    if not any(hmac.compare_digest(signature, _signature(key, payload, purpose)) for key in keys(secrets)):
        raise InvalidTokenError("bad signature")
    return payload


def mac_hex(secret: bytes, payload: str, purpose: str, length: int = 16) -> str:
    """A short hex HMAC, for identifiers such as Message-IDs that must not be guessable."""
    return hmac.new(secret, f"{purpose}\x00{payload}".encode(), hashlib.sha256).hexdigest()[:length]


def fingerprint(secret: bytes) -> str:
    """A short name for ``secret`` that reveals nothing of it: two processes that show the same one sign alike."""
    return mac_hex(secret, "fingerprint", "secret-fingerprint", FINGERPRINT_CHARS)
