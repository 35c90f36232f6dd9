"""Signed tokens: what a message carries so that only we can tie a click or a reply to a send.

A token is ``{payload}.{signature}`` where the signature is a truncated HMAC-SHA256 of the
payload under the project's secret, in URL-safe base64. Payloads are plain ASCII made by the
caller (for example a send key). Verification is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNATURE_BYTES = 16  # 128 bits: forging one by guessing is out of reach


class InvalidTokenError(ValueError):
    """The token was forged, truncated or altered."""


def _signature(secret: bytes, payload: str, purpose: str) -> str:
    mac = hmac.new(secret, f"{purpose}\x00{payload}".encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def sign(secret: bytes, payload: str, purpose: str = "unsubscribe") -> str:
    if "." in payload or not payload.isascii():
        raise ValueError("a token payload is ASCII without dots")
    return f"{payload}.{_signature(secret, payload, purpose)}"


def verify(secret: bytes, token: str, purpose: str = "unsubscribe") -> str:
    """Return the payload of a genuine token; raise InvalidTokenError otherwise."""
    payload, dot, signature = str(token or "").rpartition(".")
    if not dot or not payload or not signature.isascii():
        raise InvalidTokenError("malformed token")
    if not hmac.compare_digest(signature, _signature(secret, payload, purpose)):
        raise InvalidTokenError("bad signature")
    return payload


def mac_hex(secret: bytes, payload: str, purpose: str, length: int = 16) -> str:
    """A short hex HMAC, for identifiers such as Message-IDs that must not be guessable."""
    return hmac.new(secret, f"{purpose}\x00{payload}".encode(), hashlib.sha256).hexdigest()[:length]
