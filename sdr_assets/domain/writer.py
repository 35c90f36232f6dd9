"""What writes a play's text: part of the version a person approves.

The model's name, the endpoint's identity and the prompt version are hashed with the play, so
switching ``OPENAI_BASE_URL`` or ``SDR_MODEL``, or editing a prompt (its version is its text), sends
the play back to the gate.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from sdr_assets.domain.prompts import prompt_version

OFFLINE_IDENTITY = {"model": "offline-template"}


def endpoint_identity(base_url: str) -> str:
    """The endpoint as a person would name it: scheme, host, port and path, without credentials."""
    parts = urlsplit(base_url.strip())
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{host}{port}{parts.path.rstrip('/')}"


def model_identity(model: str, base_url: str) -> dict[str, str]:
    return {"model": model, "endpoint": endpoint_identity(base_url), "prompt_version": prompt_version()}


def writer_identity(environ: Mapping[str, str]) -> dict[str, str]:
    """What writes the text, from the same settings that choose the model resource."""
    if not environ.get("OPENAI_BASE_URL"):
        return dict(OFFLINE_IDENTITY)
    return model_identity(environ.get("SDR_MODEL", "gpt-4o-mini"), environ["OPENAI_BASE_URL"])
