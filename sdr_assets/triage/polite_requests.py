"""Her own request put as a condition: "If you could take me off your list that would be great", "if you
would stop emailing me, thanks", "I'd appreciate it if you took me off your mailing list", "if you stopped
reaching out", "Wenn Sie mich aus dem Verteiler nehmen könnten", "Si vous pouviez me retirer de votre liste".

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
# "Not" and "no longer" ask something left undone, unless a wish follows: "if you would not like to receive
# further emails from us" is a notice's condition on its reader's wish, whatever its "us".
_DONE = (r"(?:take|taking|get|getting|remove|removing|stop|stopping|quit|cease|ceasing|unsubscribe|unsubscribing|"
         r"delete|deleting|erase|erasing|drop|dropping|leave|leaving|refrain|exclude|excluding|opt|opting|"
         r"(?:not|no longer|never)(?! (?:like|want|wish|care|prefer|be interested)\b))")
# Her wish put in the past tense, with no modal: "I'd appreciate it if you took me off your list".
_DONE_AS_WISHED = r"(?:took|removed|stopped|ceased|unsubscribed|deleted|erased|dropped|excluded)"
_ASKING = (r"(?:could|would|can|will|might|'d|are able to|'re able to|(?:do|would)(?: not|n'?t) mind)")
_COURTESY = r"(?:please|kindly|just|be so kind as to|be kind enough to)"
_POLITE_REQUEST_RE = LazyPattern(
    rf"\bif you(?: guys| all)? ?{_ASKING}(?:[ ,]+{_COURTESY})*[ ,]+{_DONE}\b[^.!?\n]{{0,60}}?"
    r"\b(?:me|us|my|our|myself|ourselves)\b[^.!?\n]*"
    rf"|\bif you(?: guys| all)? {_DONE_AS_WISHED}\b[^.!?\n]{{0,60}}?\b(?:me|us|my|our|myself|ourselves)\b[^.!?\n]*"
    r"|\bif you(?: guys| all)? (?:stopped|ceased) (?:reaching out|e-?mailing|contacting|writing|sending)\b[^.!?\n]*"
    r"|\b(?:wenn|falls) sie (?:mich|uns|meine\w*)\b[^.!?\n]{0,80}?\b(?:könnten|würden|wollen|möchten)\b[^.!?\n]*"
    r"|\bsi vous (?:pouviez|pourriez|vouliez|voudriez)(?: bien)? (?:me|nous|m'|ne plus me|ne plus nous)"
    r"[^.!?\n]*"
    r"|\b(?:als|indien) u (?:mij|me|ons)\b[^.!?\n]{0,80}?\b(?:zou|zoudt|kunt|kan|wilt|wil)\b[^.!?\n]*",
    re.I)


def without_polite_requests(text: str) -> str:
    """``text`` with each clause that asks, as a condition, for something done to its writer left out."""
    return _POLITE_REQUEST_RE.sub(" ", text)
