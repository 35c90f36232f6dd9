"""The plays folder, read in one place: every command, asset, check and sensor gets the same plays.

Each file is parsed once per content (the cache is keyed on its bytes, so an edit is seen at once,
however quickly it follows the last one); reading the folder again costs only reading the files.
"""

from __future__ import annotations

import copy
import hashlib
import os
import stat
from pathlib import Path

from sdr_assets.domain.plays import Play, PlayBook, PlayError, parse_play_text, playbook
from sdr_assets.domain.writer import OFFLINE_IDENTITY, writer_identity

_CACHE_LIMIT = 512
_parsed: dict[tuple[str, bytes], Play | PlayError] = {}


def load_plays(directory: Path, writer: dict[str, str] | None = None) -> PlayBook:
    """Every ``*.yaml``/``*.yml`` play of the folder; a broken file is reported, never fatal to the rest.

    ``writer`` is what writes the text (the model resource's identity); by default the one the
    environment configures, as the model resource is chosen.
    """
    directory = Path(directory)
    if not directory.is_dir():
        return PlayBook({})
    outcomes: dict[str, Play | PlayError] = {}
    texts: dict[str, str] = {}
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        outcome, texts[path.name] = _read(path)
        outcomes[path.name] = _written_by(outcome, writer)
    return playbook(outcomes, texts)


def load_play(path: Path, writer: dict[str, str] | None = None) -> Play:
    """One play file, validated; raises PlayError naming the file, field and line."""
    outcome = _written_by(_read(Path(path))[0], writer)
    if isinstance(outcome, PlayError):
        raise outcome
    return outcome


def _read(path: Path) -> tuple[Play | PlayError, str]:
    try:
        if not stat.S_ISREG(path.stat().st_mode) and not path.is_dir():
            # A named pipe or a device would block the read until something writes to it.
            return PlayError(path.name, "is not a regular file (a named pipe or a device)"), ""
        raw = path.read_bytes()
    except OSError as exc:
        return PlayError(path.name, f"cannot be read: {exc.strerror}"), ""
    key = (path.name, hashlib.sha256(raw).digest())
    text = raw.decode("utf-8", "replace")
    if key not in _parsed:
        if len(_parsed) >= _CACHE_LIMIT:
            _parsed.clear()
        _parsed[key] = _parse(raw, path.name)
    return _parsed[key], text


def _parse(raw: bytes, source: str) -> Play | PlayError:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return PlayError(source, f"not UTF-8 text (byte {exc.start})")
    try:
        return parse_play_text(text, source, OFFLINE_IDENTITY)
    except PlayError as exc:
        return exc


def _written_by(outcome: Play | PlayError, writer: dict[str, str] | None) -> Play | PlayError:
    if isinstance(outcome, PlayError):
        return outcome
    # A copy: a caller that edits its play's sections never changes another caller's.
    return copy.deepcopy(outcome).written_by(writer_identity(os.environ) if writer is None else writer)
