"""A predecessor the facts never name: "Your last Head of Revenue Operations left after a few months",
"The previous Chief Revenue Officer left in a hurry", "Maria replaces the outgoing CRO", "since Maria
took over sales from you".

A leadership signal names the person who took a role, a hiring signal the role that is open; neither
says who held it before, how they left, or that the contact gave it up. A title after "previous",
"last", "former", "outgoing", "departing" or "prior", a title someone replaces or succeeds, and a
role taken over from the contact each claim one, unless the grounds say the same.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.new_roles import A_TITLE
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_PREDECESSOR = LazyPattern(
    rf"(?<![^\W\d_])(?:(?:previous|last|former|outgoing|departing|prior){_B}{A_TITLE}"
    rf"|(?:replac(?:es|ed|ing)|succe(?:eds|eded|eding)|t(?:ook|akes|aking){_B}over{_B}from){_B}{A_TITLE}"
    rf"|t(?:ook|akes|aking){_B}over{_B}(?:[^\W\d_]+{_B}){{0,3}}?from{_B}you)(?![^\W\d_])")


# A word every predecessor said holds: a text with none of them is not scanned.
_CUES = Cues(("previous", "last", "former", "outgoing", "departing", "prior", "replac", "succe", "over"))


def _predecessors(lower: str) -> list[str]:
    if not _CUES.any_in(lower):
        return []
    return [" ".join(m.group().split()) for m in _PREDECESSOR.finditer(lower)]


def predecessor_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each predecessor ``text`` (folded) speaks of that ``grounds`` do not."""
    return [f"predecessor not in the facts: '{who}'" for who in ungrounded(_predecessors, text, grounds)]
