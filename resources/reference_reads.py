"""The local reference files' reads, kept between runs.

Reading a file checks every row, so a run that enriches a few new accounts paid for the whole file,
however large it grows. What a read found (the usable records, the reasons per domain, the
quarantine) is kept in a folder of the data, under the digest of the file's bytes and of the code
that reads it, and a later read of the same bytes by the same code asks the kept records for the
domains it needs. Any other bytes, or any change to the reading code,
Python or polars, read the file again; so does a kept read whose records are not the bytes its
summary holds the digest of (truncated, damaged, missing).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import cache
from pathlib import Path

import polars as pl

from sdr_assets.domain import enrichment_records
from sdr_assets.domain.enrichment_bulk import Shape
from sdr_assets.domain.enrichment_records import LocalFile, QuarantinedRecord

log = logging.getLogger(__name__)

# The code whose verdicts a kept read holds: the reading and checking of records and all they call.
READING_CODE = Path(enrichment_records.__file__).parent


@cache
def code_digest() -> str:
    """A digest of the reading code, the interpreter and polars: a change to any of them may change a verdict."""
    digest = hashlib.sha256(f"{sys.version}|{pl.__version__}".encode())
    for path in sorted(READING_CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def kept_read(folder: str, name: str, data: bytes, shape: Shape, read: Callable[[bytes], LocalFile],
              data_sha256: str | None = None) -> LocalFile:
    """``read(data)``, or what it gave for the same bytes before, kept in ``folder`` (none kept when empty,
    nor for an empty file). ``data_sha256``: the hex SHA-256 of ``data``, where the caller took it."""
    if not folder or not data:
        return read(data)
    key = hashlib.sha256(f"{data_sha256 or hashlib.sha256(data).hexdigest()}|{code_digest()}".encode())
    stem = Path(folder) / f"{name}.{key.hexdigest()[:40]}"
    kept = _load(stem, shape)
    if kept is not None:
        return kept
    found = read(data)
    _keep(stem, found)
    return found


def _load(stem: Path, shape: Shape) -> LocalFile | None:
    """The read kept at ``stem``, held in memory (a later read of other bytes may remove the files); None
    when there is none, or its records are not the bytes its summary vouches for."""
    try:
        rest = json.loads(_path(stem, "json").read_text(encoding="utf-8"))
        stored = _path(stem, "parquet").read_bytes()
        if hashlib.sha256(stored).hexdigest() != rest["records_sha256"]:
            raise ValueError("its records are not the ones its summary vouches for")
        quarantined = [QuarantinedRecord(**entry) for entry in rest["quarantined"]]
        return LocalFile(shape, pl.scan_parquet(io.BytesIO(stored)), rest["held"], quarantined, rest["error"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the kept read %s cannot be loaded (%s): the file is read again", stem.name, exc)
        return None


def _keep(stem: Path, found: LocalFile) -> None:
    """Write ``found`` at ``stem`` (the records first, then the summary that vouches for their bytes) and
    remove the reads kept for other bytes of the same file. A folder that cannot be written keeps nothing."""
    buffer = io.BytesIO()
    # LZ4: quicker to write and to load than the default zstd, for a larger file.
    found.records.collect().write_parquet(buffer, compression="lz4")
    records = buffer.getvalue()
    rest = {"records_sha256": hashlib.sha256(records).hexdigest(), "held": found.held, "error": found.error,
            "quarantined": [asdict(entry) for entry in found.quarantined]}
    name = stem.name.rpartition(".")[0]
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        _replace(_path(stem, "parquet"), lambda path: path.write_bytes(records))
        _replace(_path(stem, "json"), lambda path: path.write_text(json.dumps(rest), encoding="utf-8"))
        for other in stem.parent.glob(f"{name}.*"):
            if not other.name.startswith(f"{stem.name}."):
                other.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("the read of %s cannot be kept in %s (%s): the next run reads the file again",
                    name, stem.parent, exc)


def _path(stem: Path, kind: str) -> Path:
    return stem.parent / f"{stem.name}.{kind}"


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file renamed into place: a reader sees the old file or the whole new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
