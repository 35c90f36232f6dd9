"""The offline models as trained from the labelled sets, kept beside the bytecode: a process loads them
rather than training the same models again.

Training the labeller and the opt-out model took about 0.27 s of CPU in every process that triaged a
human reply (it reads 2,400 labelled texts), the first step of a replies run included. The first process
that trains one keeps it in ``__pycache__``, as Python keeps bytecode (and not where
``sys.dont_write_bytecode`` says not to), under a digest of all that decides it: the triage's source
(``rule_digest.triage_digest``), the labelled sets and the interpreter. Under another digest, or from a
file that does not hold what was written, it is trained again. Where bytecode is written at setup only
(``PYTHONDONTWRITEBYTECODE``), so are they: ``python -m sdr_assets.triage.trained_models``.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Model = TypeVar("Model")

DATA = Path(__file__).parent / "data"
KEPT = Path(__file__).parent / "__pycache__"
_CHECKSUM = 32  # the sha256 of what follows it, which a file torn or changed since does not match


def digest(name: str) -> str:
    """What decides the model ``name``: the triage's source, every labelled set, the interpreter."""
    from sdr_assets.rule_digest import triage_digest

    h = hashlib.sha256(f"{name}\0{triage_digest()}\0{sys.version}\0{unicodedata.unidata_version}\0"
                       f"{marshal.version}".encode())
    for path in sorted(DATA.glob("*.jsonl")):
        h.update(f"\0{path.name}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


def kept_path(name: str) -> Path:
    return KEPT / f"{name}.{digest(name)}.marshal"


def trained(name: str, train: Callable[[], Model], as_data: Callable[[Model], object],
            from_data: Callable[[object], Model]) -> Model:
    """The model ``name`` as kept for this digest, or as ``train`` makes it (then kept). ``as_data`` gives
    what ``marshal`` writes of it, and ``from_data`` the model back from that."""
    path = kept_path(name)
    try:
        return from_data(_read(path))
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none kept for this digest, or not as it was written: trained below
    model = train()
    if not sys.dont_write_bytecode:
        _keep(path, marshal.dumps(as_data(model)))
    return model


def _read(path: Path) -> object:
    content = path.read_bytes()
    body = content[_CHECKSUM:]
    if hashlib.sha256(body).digest() != content[:_CHECKSUM]:
        raise ValueError(f"{path.name} does not hold what was written")
    return marshal.loads(body)


def _keep(path: Path, body: bytes) -> None:
    """Written whole under another name, then renamed: a process reading it meanwhile finds none or all of
    it. The model's files under other digests are removed. A folder that cannot be written keeps nothing."""
    try:
        path.parent.mkdir(exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(fd, 0o644)  # readable by all, as bytecode is
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.sha256(body).digest() + body)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for older in path.parent.glob(f"{path.name.split('.')[0]}.*.marshal"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass


def keep_all() -> list[Path]:
    """Both models, kept for this digest where bytecode may be written; their files."""
    from .labels import default_model
    from .optout_model import optout_model

    default_model()
    optout_model()
    return [kept_path(name) for name in ("labeller", "optout_model")]


if __name__ == "__main__":  # setup (``make setup``): written as compileall writes bytecode, whatever the setting
    sys.dont_write_bytecode = False
    print("trained models:", ", ".join(f"{p.name} ({'kept' if p.is_file() else 'not kept'})" for p in keep_all()))
