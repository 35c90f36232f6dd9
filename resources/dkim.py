"""DKIM: one private key under the data folder, its DNS record, and signatures made with dkimpy.

The key is generated once (``sdr dkim init``), written with mode 0600 under ``data/dkim/`` (which
git ignores), and never printed. ``sdr dkim record`` prints the TXT record to publish at
``{selector}._domainkey.{domain}``. Transports sign the exact bytes they deliver.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

# The headers a mailbox provider must be able to trust, signed whenever present. Listing From twice
# would also stop a second From being added after signing; one is what dkimpy's own defaults do.
SIGNED_HEADERS = (b"From", b"To", b"Subject", b"Date", b"Message-ID", b"List-Unsubscribe",
                  b"List-Unsubscribe-Post", b"In-Reply-To", b"References", b"MIME-Version", b"Content-Type")
KEY_BITS = 2048


class DkimKeyError(RuntimeError):
    """The key is missing, already exists, or cannot be read."""


def key_path(data_dir: str | Path, selector: str) -> Path:
    if not selector or not all(c.isalnum() or c in "-_" for c in selector):
        raise DkimKeyError(f"a DKIM selector is letters, digits, '-' and '_', not {selector!r}")
    return Path(data_dir) / "dkim" / f"{selector}.private.pem"


def create_key(path: Path) -> bool:
    """Generate the private key at ``path`` (mode 0600) unless one exists; True if it was created."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)  # never replaces a key another process wrote meanwhile
    except FileExistsError:
        return False
    finally:
        tmp.unlink()
    return True


def _read_key(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DkimKeyError(f"no DKIM key at {path}: run `sdr dkim init`") from None


def public_key_b64(path: Path) -> str:
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(_read_key(path), password=None)
    der = private.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
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
    return DnsRecord(f"{selector}._domainkey.{domain}", f"v=DKIM1; k=rsa; p={public_key_b64(path)}")


def sign(raw: bytes, *, selector: str, domain: str, key_pem: bytes) -> bytes:
    """``raw`` with a DKIM-Signature header (relaxed/relaxed, rsa-sha256) in front."""
    import dkim

    present = {line.split(b":", 1)[0].strip().lower()
               for line in raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n")
               if line[:1] not in (b" ", b"\t") and b":" in line}
    headers = [h for h in SIGNED_HEADERS if h.lower() in present]
    signature = dkim.sign(raw, selector.encode(), domain.encode(), key_pem,
                          canonicalize=(b"relaxed", b"relaxed"), include_headers=headers)
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    return signature.replace(b"\r\n", newline) + raw
