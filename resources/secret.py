"""The project's secret: from ``SDR_SECRET``, or generated once under the data folder (mode 0600).

Tokens are signed with that secret and verified against it and the previous ones: those listed in
``SDR_SECRET_PREVIOUS`` (comma-separated), and the data folder's key file when ``SDR_SECRET`` has
taken its place. A rotation thus leaves every link already delivered working.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from resources.whole_files import create_once
from sdr_assets.domain.tokens import fingerprint

SECRET_FILE = "secret.key"


@dataclass(frozen=True)
class SecretKeys:
    """The secret that signs, where it comes from, and the previous ones that still verify."""

    signing: bytes
    source: str
    previous: tuple[bytes, ...] = ()

    @property
    def verifying(self) -> tuple[bytes, ...]:
        return (self.signing, *self.previous)

    def describe(self) -> str:
        """Which secret signs, by fingerprint (never the secret), and how many previous ones verify."""
        count = len({k.strip() for k in self.previous})  # one value as given and stripped is one secret
        older = f", {count} previous secret(s) still verifying" if self.previous else ""
        return f"secret {fingerprint(self.signing)} (from {self.source}){older}"


def load_secret(data_dir: str | Path, environ: Mapping[str, str] | None = None) -> bytes:
    """The secret that signs unsubscribe tokens and Message-IDs. Never committed, never printed."""
    env = os.environ if environ is None else environ
    if env.get("SDR_SECRET"):
        return env["SDR_SECRET"].encode()
    return _key_file(Path(data_dir) / SECRET_FILE)


def load_secrets(data_dir: str | Path, environ: Mapping[str, str] | None = None) -> SecretKeys:
    """The signing secret with the previous ones, which verify what it signed before a rotation."""
    env = os.environ if environ is None else environ
    path = Path(data_dir) / SECRET_FILE
    items = [item for item in env.get("SDR_SECRET_PREVIOUS", "").split(",") if item.strip()]
    previous = [item.strip().encode() for item in items]
    if env.get("SDR_SECRET") and path.is_file():
        previous.append(path.read_bytes().strip())  # what signed the mail before SDR_SECRET was set
    # SDR_SECRET signs byte for byte: a value moved from it as it was (a mounted secret file's final
    # newline included) must verify what it signed, beside the value stripped.
    previous += [item.encode() for item in items]
    signing = load_secret(data_dir, env)
    source = "SDR_SECRET" if env.get("SDR_SECRET") else str(path)
    return SecretKeys(signing, source, tuple(dict.fromkeys(k for k in previous if k and k != signing)))


def signing_fingerprint(data_dir: str | Path, environ: Mapping[str, str] | None = None) -> str:
    """The fingerprint of the secret that signs the links, "" while there is none yet; writes no key file."""
    env = os.environ if environ is None else environ
    if not env.get("SDR_SECRET") and not (Path(data_dir) / SECRET_FILE).is_file():
        return ""
    return fingerprint(load_secret(data_dir, env))


def secret_note(data_dir: str | Path, environ: Mapping[str, str] | None = None) -> str:
    """What signs the unsubscribe links, as `sdr run` and `sdr serve` say at start; writes no key file."""
    env = os.environ if environ is None else environ
    if not env.get("SDR_SECRET") and not (Path(data_dir) / SECRET_FILE).is_file():
        return f"no secret yet (the first send writes {Path(data_dir) / SECRET_FILE})"
    return load_secrets(data_dir, env).describe()


def _key_file(path: Path) -> bytes:
    if not path.exists():
        create_once(path, secrets.token_hex(32).encode("ascii"))  # lost a race: the winner's secret is read
    return path.read_bytes().strip()
