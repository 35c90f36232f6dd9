"""Unsubscribe tokens: a signed link that names the recipient and the send, and nothing else.

The payload is the send key and the canonical recipient address (base64url), so the unsubscribe
service can record an opt-out and name the address without reading the warehouse.
"""

from __future__ import annotations

import base64
import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from sdr_assets.domain.tokens import InvalidTokenError, Secrets, sign, verify

PURPOSE = "unsubscribe"
# Names no recipient can reach (RFC 2606, RFC 6761): a link or mailto under one is an opt-out lost.
SPECIAL_USE_TLDS = ("example", "invalid", "test", "localhost")
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
URI_CHARS = re.compile(r"[!-;=?-~]+")  # printable ASCII but '<' and '>'


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


def read_unsubscribe_token(secrets: Secrets, token: str) -> UnsubscribeRequest:
    """What a token signed with one of ``secrets`` says; InvalidTokenError for anything forged,
    truncated or altered."""
    payload = verify(secrets, token, PURPOSE)
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


@lru_cache(maxsize=64)
def base_url_problem(url: str) -> str:
    """What the base of the one-click link must be and ``url`` is not ("" when it is fine). Asked for
    every message a batch builds, of the one base it has.

    HTTPS, or HTTP on this machine for a local service; printable ASCII without spaces or angle
    brackets, since it is written as it is into ``List-Unsubscribe``; no query or fragment, since the
    token is appended to the path, which `sdr serve` answers.
    """
    parts = urlsplit(url or "")
    local = on_this_machine(parts.hostname or "")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        return "must be an https:// link"
    if not URI_CHARS.fullmatch(url):
        return "must be printable ASCII without spaces or angle brackets"
    if "?" in url or "#" in url:
        return "must be a link without a query or fragment: the token is added to its path"
    return ""


def route_of(path: str) -> str:
    """The route `sdr serve` answers the links under ``path`` (a base URL's path, as written in it) on:
    decoded, without slashes at its ends (``/d%C3%A9sinscription/`` is ``désinscription``)."""
    return unquote(path).strip("/")


def link_route(url: str) -> tuple[str, str, int, str] | None:
    """Where the links built on the base ``url`` land: scheme, host (lower case, without a final dot),
    port (the scheme's own when none is written) and the route `sdr serve` answers them on
    (``route_of``); None for a base no link can be built on."""
    try:
        parts = urlsplit(url or "")
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower())
    except ValueError:  # a port that is no number, or out of range
        return None
    host = (parts.hostname or "").rstrip(".")
    if not host or port is None:
        return None
    return parts.scheme.lower(), host.lower(), port, route_of(parts.path)


def answers_links_of(answered: str, links: str) -> bool:
    """Whether a service started for links on the base ``answered`` answers those built on ``links``:
    the same scheme, host, port and route. Where the service listens is not compared: behind a
    proxy it is never the public address."""
    route = link_route(answered)
    return route is not None and route == link_route(links)


def unsubscribe_mailto(sending_domain: str, token: str) -> str:
    return f"mailto:unsubscribe@{sending_domain}?subject=unsubscribe%20{token}"


def on_this_machine(host: str) -> bool:
    """Whether ``host`` names this machine: localhost or a loopback address."""
    name = (host or "").strip().rstrip(".").lower()
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return name == "localhost"


def unreachable_host(host: str) -> bool:
    """Whether ``host`` is a special-use name or this machine, which no recipient's click or mail reaches."""
    name = (host or "").strip().rstrip(".").lower()
    return (not name or on_this_machine(name) or name.rpartition(".")[2] in SPECIAL_USE_TLDS
            or any(name == d or name.endswith("." + d) for d in EXAMPLE_DOMAINS))


def unreachable_endpoints(unsubscribe_url: str, sending_domain: str) -> list[str]:
    """Why the opt-out endpoints of real mail would go nowhere, naming the setting ([] when they are fine):
    the one-click link (``SDR_UNSUBSCRIBE_URL``) and the mailto at the sending domain (``SDR_SENDING_DOMAIN``)."""
    problems = []
    host = urlsplit(unsubscribe_url or "").hostname or ""
    if unreachable_host(host):
        problems.append(f"SDR_UNSUBSCRIBE_URL points at {host or 'no host'}, which no recipient can reach: set it "
                        "to the public https:// address where `sdr serve` answers")
    if unreachable_host(sending_domain):
        problems.append(f"SDR_SENDING_DOMAIN is {sending_domain!r}, so the opt-out mailto (unsubscribe@"
                        f"{sending_domain}) reaches nobody: set it to the domain whose mailbox receives it")
    return problems
