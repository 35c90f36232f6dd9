"""DKIM: one private key under the data folder, its DNS record, and the signature on every message.

The key is generated once (``sdr dkim init``), written with mode 0600 under ``data/dkim/`` (which
git ignores), and never printed. ``sdr dkim record`` prints the TXT record to publish at
``{selector}._domainkey.{domain}``. Transports sign the exact bytes they deliver.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from resources.whole_files import create_once
from sdr_assets.domain.addresses import InvalidAddressError, canonical_domain
from sdr_assets.domain.dmarc import organisational_domain, relaxed_aligned

# The headers a mailbox provider must be able to trust, signed whenever present. Each is a header a
# message has once at most, and is listed in h= once more than the message has it (RFC 6376 8.15):
# a second one added above the signed one then breaks the signature. dkimpy's defaults do this
# for From alone.
SIGNED_HEADERS = (b"From", b"To", b"Subject", b"Date", b"Message-ID", b"List-Unsubscribe",
                  b"List-Unsubscribe-Post", b"MIME-Version", b"Content-Type", b"Content-Transfer-Encoding")
# The headers that would redirect or recast a replayed copy of a signed message (answers to another
# address, more recipients, a thread it never was in), listed in h= even when the message lacks
# them: an absent header signs as empty (RFC 6376 5.4), so one added later breaks the signature.
ALWAYS_SIGNED = (b"Reply-To", b"Cc", b"Sender", b"In-Reply-To", b"References")
KEY_BITS = 2048


class DkimKeyError(RuntimeError):
    """The key is missing, already exists, or cannot be read."""


class DkimSigningError(DkimKeyError):
    """The key cannot sign: unreadable, damaged, or not an RSA private key. Raised before anything is
    delivered, so the message may be tried again once the key is fixed: ``transient`` tells the send
    loop to release it rather than record it as failed."""

    transient = True


_SELECTOR = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")


def check_selector(selector: str) -> str:
    """``selector``, or DkimKeyError when it names no DNS record (RFC 6376 3.1)."""
    if not _SELECTOR.fullmatch(selector or ""):
        raise DkimKeyError(f"a DKIM selector is names of letters, digits, '-' and '_', joined by dots, "
                           f"not {selector!r}")
    return selector


KEY_SUFFIX = ".private.pem"  # a key file's name is its selector and this


def key_path(data_dir: str | Path, selector: str) -> Path:
    return Path(data_dir) / "dkim" / f"{check_selector(selector)}{KEY_SUFFIX}"


def domain_name(domain: str) -> str:
    """``domain`` as a signature's ``d=`` and its DNS record name it: lower-case A-labels (RFC 6376
    3.5) without a final dot; a receiver looks ``bücher.example``'s key up at ``xn--bcher-kva.example``.
    DkimKeyError when it is no domain name."""
    try:
        return canonical_domain(domain.strip().rstrip("."))
    except InvalidAddressError as exc:
        reason = str(exc).partition(": ")[2] or "no domain name"
        raise DkimKeyError(f"{domain!r} is not a domain mail can use: {reason}") from None


@lru_cache(maxsize=64)
def signing_domain(domain: str) -> str:
    """``domain`` as a signature's ``d=`` names it (``domain_name``), or DkimKeyError when no
    signature can: not a domain name, or a public suffix, which is no organisation's domain. The
    public suffix list is read on the first call (about 50 ms), so the settings check only
    ``domain_name``."""
    name = domain_name(domain)
    if organisational_domain(name) is None:
        raise DkimKeyError(f"{domain!r} is a public suffix, not an organisation's domain")
    return name


def create_key(path: Path) -> bool:
    """Generate the private key at ``path`` (mode 0600) unless one exists; True if it was created."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if path.exists():
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())
    return create_once(path, pem)


def _read_key(path: Path) -> bytes:
    """The key file's bytes, or DkimKeyError saying why there are none: nothing at ``path`` (run `sdr
    dkim init`), or something there that is no readable file (a link to nothing, a folder), which
    `sdr dkim init` keeps."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        if not path.is_symlink():
            raise DkimKeyError(f"no DKIM key at {path}: run `sdr dkim init`") from None
        why = f"it links to {os.readlink(path)}, which does not exist"
    except OSError as exc:
        why = exc.strerror or str(exc)
    raise DkimKeyError(f"the DKIM key at {path} cannot be read ({why}): fix it, or move it aside and run "
                       "`sdr dkim init` for a new key") from None


def public_key_b64(path: Path) -> str:
    from cryptography.hazmat.primitives import serialization

    try:
        public = _private_key(_read_key(path)).public_key()
    except DkimSigningError as exc:
        raise DkimKeyError(f"the DKIM key at {path} cannot sign: {exc}; move it aside and run `sdr dkim init` "
                           "for a new key") from None
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


@dataclass(frozen=True)
class DnsRecord:
    name: str
    value: str

    def zone_line(self) -> str:
        # DNS strings hold at most 255 characters each: split the value into quoted chunks.
        chunks = [self.value[i:i + 250] for i in range(0, len(self.value), 250)]
        return f"{self.name}. IN TXT ( " + " ".join(f'"{c}"' for c in chunks) + " )"


def dns_record(path: Path, selector: str, domain: str) -> DnsRecord:
    return DnsRecord(f"{check_selector(selector)}._domainkey.{signing_domain(domain)}",
                     f"v=DKIM1; k=rsa; p={public_key_b64(path)}")


_WSP = re.compile(rb"[ \t]+")
_LINE = re.compile(rb"\r?\n")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
# Each header name a signature may list, lower-case, and whether it is listed even when absent.
_SIGNABLE = tuple((h.lower(), h in ALWAYS_SIGNED) for h in (*SIGNED_HEADERS, *ALWAYS_SIGNED))


def _relaxed_header(name: bytes, value: bytes) -> bytes:
    """RFC 6376 3.4.2: lower-case name, unfolded value, runs of whitespace as one space, trimmed.
    Most values have no line break, tab or double space: those skip the substitutions."""
    if b"\n" in value:
        value = _LINE.sub(b"", value)
    if b"\t" in value or b"  " in value:
        value = _WSP.sub(b" ", value)
    return name.strip().lower() + b":" + value.strip()


def _relaxed_body(body: bytes) -> bytes:
    """RFC 6376 3.4.4: runs of whitespace as one space, none at line ends, no empty lines at the end.
    Whitespace is reduced in the whole body at once: a run of it never spans a line break."""
    lines = [line.rstrip(b" ") for line in _LINE.split(_WSP.sub(b" ", body))]
    while lines and not lines[-1]:
        lines.pop()
    return b"\r\n".join(lines) + b"\r\n" if lines else b""


def _fields(head: bytes) -> list[tuple[bytes, bytes]]:
    fields: list[tuple[bytes, bytes]] = []
    for line in _LINE.split(head):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] = (fields[-1][0], fields[-1][1] + b"\r\n" + line)
        elif b":" in line:
            name, _, value = line.partition(b":")
            fields.append((name, value))
    return fields


def _instances(fields: list[tuple[bytes, bytes]]) -> dict[bytes, list[tuple[bytes, bytes]]]:
    """The fields under each lower-case name, top down."""
    by_name: dict[bytes, list[tuple[bytes, bytes]]] = {}
    for field in fields:
        by_name.setdefault(field[0].strip().lower(), []).append(field)
    return by_name


def _signed(by_name: dict[bytes, list[tuple[bytes, bytes]]], names: list[bytes]) -> list[tuple[bytes, bytes]]:
    """For each name, the last instance not taken yet, from the bottom up (RFC 6376 5.4.2); a name
    with none left signs as empty (nothing chosen)."""
    left = {name: list(found) for name, found in by_name.items()}
    return [stack.pop() for name in names if (stack := left.get(name))]


_FAQ = re.compile(r"See https?://\S+ for more details\.\s*")


@lru_cache(maxsize=8)
def _private_key(key_pem: bytes):
    """The RSA private key in ``key_pem``, or DkimSigningError saying why it is none."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        why = _FAQ.sub("", str(exc)).strip()
        raise DkimSigningError(f"not a readable unencrypted PEM private key ({why})") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        kind = type(key).__name__.removesuffix("PrivateKey")
        raise DkimSigningError(f"the key is {kind}, not RSA (the signature is rsa-sha256)")
    return key


def aligned(from_domain: str, signer: str) -> bool:
    """Whether DMARC's relaxed alignment passes for mail From one domain signed by the other: both
    have one organisational domain, by the public suffix list (``sdr_assets.domain.dmarc``). A name
    that is no domain aligns with nothing."""
    try:
        return relaxed_aligned(domain_name(from_domain), domain_name(signer))
    except DkimKeyError:
        return False


def sign(raw: bytes, *, selector: str, domain: str, key_pem: bytes) -> bytes:
    """``raw`` with a DKIM-Signature header (relaxed/relaxed, rsa-sha256) in front.

    Canonicalisation follows RFC 6376 and the RSA signature is made by OpenSSL (through
    ``cryptography``): pure-Python RSA cost milliseconds per message. The tests verify every
    signature with dkimpy. A key that cannot sign raises DkimSigningError.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    parts = _HEAD_END.split(raw, maxsplit=1)
    head, body = parts[0], parts[1] if len(parts) > 1 else b""
    by_name = _instances(_fields(head))
    names = [lower for lower, always in _SIGNABLE if always or lower in by_name
             for _ in range(len(by_name.get(lower, ())) + 1)]
    body_hash = base64.b64encode(hashlib.sha256(_relaxed_body(body)).digest())
    try:
        check_selector(selector)
    except DkimKeyError as exc:
        raise DkimSigningError(str(exc)) from None
    try:
        signer = signing_domain(domain).encode("ascii")
    except DkimKeyError as exc:
        raise DkimSigningError(f"the signing domain {exc}") from None
    tags = [b"v=1", b"a=rsa-sha256", b"c=relaxed/relaxed", b"d=" + signer, b"s=" + selector.encode(),
            b"h=" + b":".join(names), b"bh=" + body_hash]
    unsigned = b"; ".join([*tags, b"b="])
    data = b"".join(_relaxed_header(n, v) + b"\r\n" for n, v in _signed(by_name, names))
    data += _relaxed_header(b"DKIM-Signature", b" " + unsigned)
    key = _private_key(key_pem)
    try:
        signature = base64.b64encode(key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
    except ValueError as exc:  # a key too short for a SHA-256 signature
        raise DkimSigningError(f"the RSA key cannot make an rsa-sha256 signature ({exc})") from None
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    folded = newline + b"\t"
    chunks = [signature[i:i + 72] for i in range(0, len(signature), 72)]
    header = b"DKIM-Signature: " + (b";" + folded).join(tags) + b";" + folded + b"b=" + folded.join(chunks)
    return header + newline + raw
