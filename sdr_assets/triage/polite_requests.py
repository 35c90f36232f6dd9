"""Her own request put as a condition: "If you could take me off your list that would be great", "if you
would stop emailing me, thanks", "Wenn Sie mich aus dem Verteiler nehmen könnten", "Si vous pouviez me
retirer de votre liste".

Its "if you" is no notice's: a notice puts a condition on its reader's wish or state ("If you no longer
wish to receive these emails, click here", "If you are not the intended recipient"), a polite request asks
the reader to do something to the writer, who names herself (me, us, my). ``reader_notices`` reads a
text for its notice marks without these clauses.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

__all__ = ["without_polite_requests"]

# What her condition asks done, in the clause that names her; the modal or courtesy of asking before it
# ("could", "are able to", "don't mind,", "'d be so kind as to").
_DONE = (r"(?:take|taking|get|getting|remove|removing|stop|stopping|quit|cease|ceasing|unsubscribe|unsubscribing|"
         r"delete|deleting|erase|erasing|drop|dropping|leave|leaving|not|no longer|never|refrain|exclude|excluding|opt|"
         r"opting)")
_ASKING = (r"(?:could|would|can|will|might|'d|are able to|'re able to|(?:do|would)(?: not|n'?t) mind)")
_COURTESY = r"(?:please|kindly|just|be so kind as to|be kind enough to)"
_POLITE_REQUEST_RE = LazyPattern(
    rf"\bif you(?: guys| all)? ?{_ASKING}(?:[ ,]+{_COURTESY})*[ ,]+{_DONE}\b[^.!?\n]{{0,60}}?"
    r"\b(?:me|us|my|our|myself|ourselves)\b[^.!?\n]*"
    r"|\b(?:wenn|falls) sie (?:mich|uns|meine\w*)\b[^.!?\n]{0,80}?\b(?:könnten|würden|wollen|möchten)\b[^.!?\n]*"
    r"|\bsi vous (?:pouviez|pourriez|vouliez|voudriez)(?: bien)? (?:me|nous|m'|ne plus me|ne plus nous)"
    r"[^.!?\n]*"
    r"|\b(?:als|indien) u (?:mij|me|ons)\b[^.!?\n]{0,80}?\b(?:zou|zoudt|kunt|kan|wilt|wil)\b[^.!?\n]*",
    re.I)


def without_polite_requests(text: str) -> str:
    """``text`` with each clause that asks, as a condition, for something done to its writer left out."""
    return _POLITE_REQUEST_RE.sub(" ", text)
