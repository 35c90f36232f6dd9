"""Which version of the project's own rules judged a stored row: a digest of their source.

A stored draft keeps the verdict the verifier gave it when it was written. When the verifier gets
stricter (a claim of being "the first", a name in lower case), a draft it would now hold must not
keep going out under the old verdict, and nobody should have to remember to bump a number for
that. The digest covers a module and every module of the project it imports, at any depth, so an
edit to any check changes it. Line endings are read as LF, so a checkout that writes CRLF (Windows
with ``core.autocrlf``) gives the same digest for the same code.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

PROJECT = "sdr_assets"
_ROOT = Path(__file__).resolve().parent
# What decides a draft's verdict (``settle`` and every check it runs, the LinkedIn notes' bounds and the
# hold for a missing fact in ``drafts``) and a suggested answer's.
VERIFIER_MODULES = ("sdr_assets.domain.drafting", "sdr_assets.domain.drafts", "sdr_assets.domain.suggestions")
# What shapes a suggested answer: the thread it answers (which messages, who wrote them, which facts:
# ``escalation_rows``), the ask and the check of the model's answer (``answers``), the prompt
# (``prompts``) and the offline answer with the rules it is checked by (``suggestions``).
ANSWER_MODULES = ("sdr_assets.domain.answers", "sdr_assets.domain.escalation_rows", "sdr_assets.domain.prompts",
                  "sdr_assets.domain.suggestions")
# What decides a reply's kind and label (triage) and whom an opt-out by mail suppresses.
TRIAGE_MODULES = ("sdr_assets.triage", "sdr_assets.domain.mail_optouts")
# What decides the events an owing reply gives (``events_from_replies``: its targets and reason).
SUPPRESSION_MODULES = ("sdr_assets.domain.suppression",)
# What decides a person's hold from her replies (``holds_from``), and whose hold a reply is (``person_key``).
HOLD_MODULES = ("sdr_assets.domain.holds", "sdr_assets.domain.addresses")


@cache
def verifier_digest() -> str:
    """The digest of the verifier as this process runs it."""
    return source_digest(*VERIFIER_MODULES)


@cache
def answer_digest() -> str:
    """The digest of what shapes a suggested answer as this process runs it."""
    return source_digest(*ANSWER_MODULES)


@cache
def triage_digest() -> str:
    """The digest of reply triage as this process runs it."""
    return source_digest(*TRIAGE_MODULES)


@cache
def suppression_digest() -> str:
    """The digest of the events replies owe as this process works them out."""
    return source_digest(*SUPPRESSION_MODULES)


@cache
def hold_digest() -> str:
    """The digest of the holds replies put as this process works them out."""
    return source_digest(*HOLD_MODULES)


def source_digest(*modules: str) -> str:
    """sha256 (24 hex digits) of the source of ``modules`` and every project module they import."""
    h = hashlib.sha256()
    for name, source in sorted(_closure(modules).items()):
        h.update(f"{name}\0{len(source)}\0".encode())
        h.update(source)
    return h.hexdigest()[:24]


def _closure(roots: tuple[str, ...]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    waiting = list(roots)
    while waiting:
        name = waiting.pop()
        if name in found or (path := _path(name)) is None:
            continue  # seen, or not a module: a name inside one (``from m import function``)
        found[name] = path.read_bytes().replace(b"\r\n", b"\n")
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        parents = [".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 1)]  # run on import too
        waiting.extend([*parents, *_imported(package, found[name])])
    return found


def _path(name: str) -> Path | None:
    """A project module's file, found without importing anything."""
    base = _ROOT.joinpath(*name.split(".")[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


_FROM = re.compile(rb"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
_IMPORT = re.compile(rb"^[ \t]*import[ \t]+([^\n]*)", re.MULTILINE)


def _imported(package: str, source: bytes) -> list[str]:
    """The project modules ``source``, a module of ``package``, may import, functions' own imports
    included. A line that only looks like an import (in a docstring) at worst adds a module."""
    names: list[str] = []
    for dots, module, imported in _FROM.findall(source):
        base = module.decode()
        if dots:
            parts = package.split(".")
            base = ".".join([*parts[: len(parts) - len(dots) + 1], *filter(None, [base])])
        names += [base, *(f"{base}.{alias}" for alias in _aliases(imported))]
    for imported in _IMPORT.findall(source):
        names += _aliases(imported)
    return [n for n in names if n == PROJECT or n.startswith(f"{PROJECT}.")]


def _aliases(imported: bytes) -> list[str]:
    """The names in ``a as b, c`` or ``(a, b as c)``, without their aliases."""
    text = ",".join(line.split("#")[0] for line in imported.decode().splitlines())
    return [part.split()[0] for part in text.strip("() \t").split(",") if part.split()]
