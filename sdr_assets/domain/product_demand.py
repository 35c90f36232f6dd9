"""How buyers want the prospect or its product: "Utilities are lining up to buy GridSense", "Demand
for GridSense has been huge", "Merchants are flocking to Kestrel Pay", "Shippers can't get enough of
it", "GridSense is in high demand".

A launch or a round is one event; no fact says who wants what the prospect sells or how much. A
sentence says so where buyers line up, queue, flock, rush or clamour, can't get enough, snap it up,
where it sells out or has a waiting list, or where demand is called high, and the clause speaks of
the prospect ("you", "your" or a name of theirs): "demand for clean data is high, so your team ..."
does not. A question, a condition and what buyers usually do ("manufacturers often line up vendors")
state nothing. Stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import claims_outright, clause_end, clause_start
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_HIGH = (rf"(?:huge|high|strong|big|massive|enormous|great|through{_B}the{_B}roof|off{_B}the{_B}charts|soaring|booming"
         rf"|exploding|insane)")
_DEMAND = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:queu|lin)(?:e|es|ed|ing){_B}up{_B}(?:for|to)|flock(?:s|ed|ing)?{_B}to"
    rf"|(?:can['’]?t|cannot|can{_B}not|couldn['’]?t){_B}get{_B}enough{_B}of"
    rf"|rush(?:es|ed|ing)?{_B}to{_B}(?:buy|sign|order|get|try|adopt|book)|clamou?r(?:s|ed|ing)?{_B}for"
    rf"|snap(?:s|ped|ping)?{_B}(?:it{_B}|them{_B})?up|sell(?:s|ing)?{_B}like{_B}hot{_B}?cakes"
    rf"|sold{_B}out|sells{_B}out|selling{_B}out|waiting{_B}lists?|wait{_B}lists?|back-?order(?:s|ed)?"
    rf"|(?:beating|knocking){_B}down{_B}(?:your|the|their){_B}doors?|in{_B}{_HIGH}{_B}demand"
    rf"|demand(?:{_B}for(?:{_B}[^\W\d_]+){{1,3}}?)?{_B}(?:is|are|was|has{_B}been|have{_B}been){_B}"
    rf"(?:already{_B}|really{_B}|very{_B})?{_HIGH})(?![^\W\d_])")
_THEIRS = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your|yours|you['’](?:re|ve|ll|d))(?![^\W\d_])")
# A part of every demand said: a text with none of them is not scanned.
_CUES = Cues(("up for", "up to", "flock", "enough of", "rush", "clamo", "snap", "hot cake", "hotcake", "sold out",
              "sells out", "selling out", "waiting list", "wait list", "backorder", "back-order", "door", "demand"))


def _demands(lower: str, names: tuple[str, ...]) -> list[str]:
    if not _CUES.any_in(lower):
        return []
    found = []
    for sentence, demand in claims_outright(lower, _DEMAND):
        clause = sentence[clause_start(sentence, demand.start()):clause_end(sentence, demand.end())]
        if _THEIRS.search(clause) or any(n in clause for n in names):
            found.append(" ".join(demand.group().split()))
    return found


def demand_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` (folded) that tells how buyers want the prospect or its
    product in words the ``grounds`` never say; ``names``: the names the facts give the prospect and theirs."""
    lowered = tuple(n.lower() for n in names if n)
    return [f"demand for the prospect not in the facts: '{p}'"
            for p in ungrounded(lambda read: _demands(read, lowered), text, grounds)]
