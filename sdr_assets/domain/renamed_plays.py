"""A play under a new name is the same play: what it sent under its former names is its own history.

The version hash leaves the name out, so a file whose only change is its ``name:`` keeps its
version. A name that sent or was decided on at one of the play's versions is the play under
another name (renamed, or copied without an edit), and so, in turn, is a name that shares one of
that name's versions. A rename made together with an edit shares no version with the old name: its
file says so (``formerly: [old-name]``, inside the version hash, so the approval covers it), else it
is a new play. The sends of a former name count as the play's own: a person who got a step under it
never gets that step again, her next step waits from it and joins its thread, and the rule of one
conversation per person sees one sequence, not a second play.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sdr_assets.domain.sequencing import send_key


def versions_by_name(rows: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each play name's versions, from (name, version) pairs: ledger rows and recorded decisions."""
    found: dict[str, set[str]] = {}
    for name, version in rows:
        found.setdefault(name, set()).add(version)
    return found


def former_names(versions: Mapping[str, set[str]], play: str, version: str, declared: Iterable[str] = ()) -> set[str]:
    """The other names ``play``, now at ``version``, went by: those its file ``declared`` (``formerly``)
    and those sharing one of its versions, and so on through theirs."""
    names = {play, *declared}
    known = {version, *(v for name in names for v in versions.get(name, ()))}
    while found := {name for name, held in versions.items() if name not in names and held & known}:
        names |= found
        known |= {v for name in found for v in versions[name]}
    return names - {play}


def as_one_play(ledger: list[dict[str, Any]], play: str, names: set[str]) -> list[dict[str, Any]]:
    """The ledger with the rows of ``names`` read as ``play``'s, keyed as its own step to the contact."""
    if not names:
        return ledger
    return [{**row, "play": play, "send_key": send_key(play, row["contact_email"], int(row["step"]))}
            if row["play"] in names else row for row in ledger]
