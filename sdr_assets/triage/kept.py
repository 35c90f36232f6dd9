"""What the triage works out from its own source and data alone, kept beside the bytecode: a process loads
it rather than working it out again.

Every process that triaged a human reply trained the labeller and the opt-out model from the labelled sets
(about 0.27 s of CPU) and read its patterns for the words and strings each requires (``required_words``,
about 0.25 s), the same every time: together most of the first step of a replies run that is not classifying.
The first process that works one out keeps it in ``__pycache__``, as Python keeps bytecode (and not where
``sys.dont_write_bytecode`` says not to), under a digest of all that decides it: the triage's source
(``rule_digest.triage_digest``), the labelled sets and the interpreter. Under another digest, or from a file
that does not hold what was written, it is worked out again. Where bytecode is written at setup only
(``PYTHONDONTWRITEBYTECODE``), so is this: ``python -m sdr_assets.triage.kept``.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from resources.whole_files import replace_whole

Model = TypeVar("Model")

DATA = Path(__file__).parent / "data"
KEPT = Path(__file__).parent / "__pycache__"
_CHECKSUM = 32  # the sha256 of what follows it, which a file torn or changed since does not match
# What ``load`` raises for a file missing, unreadable or not as written: then it is worked out again.
UNREADABLE = (OSError, ValueError, EOFError, TypeError)


def digest(name: str) -> str:
    """What decides ``name``: the triage's source, every labelled set, the interpreter."""
    from sdr_assets.rule_digest import triage_digest

    h = hashlib.sha256(f"{name}\0{triage_digest()}\0{sys.version}\0{unicodedata.unidata_version}\0"
                       f"{marshal.version}".encode())
    for path in sorted(DATA.glob("*.jsonl")):
        h.update(f"\0{path.name}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


def kept_path(name: str) -> Path:
    return KEPT / f"{name}.{digest(name)}.marshal"


def load(name: str) -> object:
    """What is kept of ``name`` for this digest; one of ``UNREADABLE`` where nothing is, as written."""
    path = kept_path(name)
    content = path.read_bytes()
    body = content[_CHECKSUM:]
    if hashlib.sha256(body).digest() != content[:_CHECKSUM]:
        raise ValueError(f"{path.name} does not hold what was written")
    return marshal.loads(body)


def keep(name: str, data: object) -> None:
    """``data`` kept for this digest where bytecode may be written, put in place whole (a process reading it
    meanwhile finds none or all of it); ``name``'s files under other digests are removed. A folder that cannot
    be written keeps nothing."""
    if sys.dont_write_bytecode:
        return
    path, body = kept_path(name), marshal.dumps(data)
    try:
        path.parent.mkdir(exist_ok=True)
        replace_whole(path, hashlib.sha256(body).digest() + body)
        for older in path.parent.glob(f"{name}.*.marshal"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass


def trained(name: str, train: Callable[[], Model], as_data: Callable[[Model], object],
            from_data: Callable[[object], Model]) -> Model:
    """The model ``name`` as kept for this digest, or as ``train`` makes it (then kept). ``as_data`` gives
    what ``marshal`` writes of it, and ``from_data`` the model back from that."""
    try:
        return from_data(load(name))
    except UNREADABLE:
        pass  # none kept for this digest, or not as it was written: trained below
    model = train()
    keep(name, as_data(model))
    return model


def read_patterns() -> set[tuple[str, int]]:
    """(pattern, flags) of each pattern the classifier's modules hold that is read for what it requires
    (``Caseless``, ``GuardedPattern``), in lists, tuples, sets, dicts and the project's objects, at any depth."""
    from .caseless import Caseless
    from .literal_guard import GuardedPattern

    importlib.import_module(f"{__package__}.classify")  # its modules make their patterns on import
    found: set[tuple[str, int]] = set()
    seen: set[int] = set()
    waiting = [value for name, module in sorted(sys.modules.items()) if name.startswith(f"{__package__}.")
               for value in vars(module).values()]
    while waiting:
        value = waiting.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, (Caseless, GuardedPattern)):
            found.add((value.pattern, int(value.flags)))
        if isinstance(value, dict):
            waiting.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            waiting.extend(value)
        elif type(value).__module__.startswith(__package__) and hasattr(value, "__dict__"):
            waiting.extend(vars(value).values())
    return found


def keep_all() -> list[Path]:
    """Both models and the reading of every pattern the classifier's modules hold, kept for this digest where
    bytecode may be written; their files."""
    from . import required_words
    from .labels import default_model
    from .optout_model import optout_model

    default_model()
    optout_model()
    patterns = read_patterns()
    if not patterns <= required_words.kept_readings().keys():
        required_words.keep_readings(patterns)
    return [kept_path(name) for name in ("labeller", "optout_model", required_words.READINGS)]


if __name__ == "__main__":  # setup (``make setup``): written as compileall writes bytecode, whatever the setting
    sys.dont_write_bytecode = False
    print("kept:", ", ".join(f"{p.name} ({'kept' if p.is_file() else 'not kept'})" for p in keep_all()))
