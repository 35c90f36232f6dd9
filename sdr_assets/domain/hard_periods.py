"""A time of the prospect's judged good or bad: "After a tough year, a new CRO makes sense", "Coming off
a slow quarter, ...", "After a strong year, the round is well earned", "It has been a rough few months".

Research finds one event of the prospect's; it never says how their year or quarter went. A sentence
judges one where it speaks of a year, quarter, few months or stretch as hard, slow, strong, record...
("a tough year", "the quarter was slow"), said outright of no one else: a period "for" or "in" others
("a hard year for fintech buyers"), a question, a condition and what usually happens state nothing of
theirs. Stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import claims_outright
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_END = r"(?![^\W\d_])"
_JUDGED = (r"(?:tough|hard|difficult|rough|challenging|slow|slower|bumpy|painful|brutal|turbulent|rocky|lean|quiet"
           r"|flat|disappointing|bad|weak|strong|stellar|solid|record|successful|banner|standout|fantastic|great"
           r"|good|excellent|huge|big|busy|hectic|crazy|wild)")
_PERIOD = r"(?:year|quarter|month|months|stretch|period|spell|season)"
_JUDGEMENT = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:{_JUDGED}(?:{_B}few)?{_B}{_PERIOD}"
    rf"|(?:year|quarter|months?){_B}(?:has{_B}been|have{_B}been|was|were|is){_B}(?:a{_B})?(?:very{_B}|really{_B})?"
    rf"{_JUDGED}){_END}(?P<whose>{_B}(?:for|in|across|at){_B}[^\W\d_]+(?:{_B}[^\W\d_]+)?)?")
# A period for or in these is the prospect's: "a rough year for the sales team", "a slow quarter for you".
_THEIRS = LazyPattern(r"(?i)[ \t]+(?:for|in|across|at)[ \t]+(?:you|your|the[ \t]+(?:[^\W\d_]+[ \t]+)?team"
                      r"|the[ \t]+company)(?![^\W\d_])")
# A period and a judgement every judgement said holds: a text without both is not scanned.
_CUES = Cues(("year", "quarter", "month", "stretch", "period", "spell", "season"))
_JUDGED_CUES = Cues(("tough", "hard", "difficult", "rough", "challenging", "slow", "bumpy", "painful", "brutal",
                     "turbulent", "rocky", "lean", "quiet", "flat", "disappointing", "bad", "weak", "strong", "stellar",
                     "solid", "record", "successful", "banner", "standout", "fantastic", "great", "good", "excellent",
                     "huge", "big", "busy", "hectic", "crazy", "wild"))


def _judgements(lower: str, names: tuple[str, ...]) -> list[str]:
    if not _CUES.any_in(lower) or not _JUDGED_CUES.any_in(lower) \
            or not _JUDGEMENT.search(lower):
        return []
    found = []
    for sentence, said in claims_outright(lower, _JUDGEMENT):
        whose = said["whose"]
        if whose and not _THEIRS.match(sentence, said.start("whose")) and not any(n in whose for n in names):
            continue
        found.append(" ".join(said.group(0)[:said.start("whose") - said.start() if whose else None].split()))
    return found


def period_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each time of the prospect's ``text`` (folded) calls good or bad in words the ``grounds``
    never say; ``names``: the names the facts give the prospect and theirs."""
    lowered = tuple(n.lower() for n in names if n)
    return [f"how a time of the prospect's went, not in the facts: '{p}'"
            for p in ungrounded(lambda read: _judgements(read, lowered), text, grounds)]
