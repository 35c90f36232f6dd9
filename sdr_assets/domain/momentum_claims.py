"""Vague praise of the prospect's pace: "you've been growing fast", "congrats on the momentum",
"things are busy at your end", "Acme is on a roll", "congrats on a huge year".

No fact says how fast a prospect grows, how much momentum it has or how busy its people are: a
signal is one event, and these words make it a trend. A clause says it of the prospect where it
speaks of them ("you", "your", a name of theirs) or congratulates or admires ("congrats on the
momentum", "impressive how fast the team has grown"); "buyers are busy, so your team" does not. It
states nothing as a question, in a clause of condition or time ("if things are busy at your end"),
of teams in general ("growing teams often", "busy data teams") or as what we help with ("we help
your team keep momentum"). It is stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_end, clause_start, not_stated_after, statements

_B = r"[ \t]+"
# Growth or pace made a trend, and a workload made a state.
_PACE = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:momentum|traction|on{_B}a{_B}roll|on{_B}fire|boom(?:ing)?|hyper-?growth"
    rf"|t(?:aking|aken|akes|ook){_B}off|sky-?rocket\w*|explod(?:ing|ed)|shot{_B}up|grown"
    rf"|(?:grow|scal)(?:ing|es|s|ed)?{_B}(?:so{_B}|really{_B}|very{_B})?(?:fast|quickly|rapidly|like{_B}crazy)"
    rf"|getting{_B}bigger|come{_B}a{_B}long{_B}way|firing{_B}on{_B}all{_B}cylinders|(?:killing|crushing){_B}it"
    rf"|(?:huge|big|great|banner|massive|incredible|amazing|crazy|wild|record){_B}(?:year|quarter|month|run)"
    rf"|wind{_B}in{_B}(?:your|their|its){_B}sails|busy|hectic|swamped|slammed|flat{_B}out|stretched(?:{_B}thin)?"
    rf"|(?:a{_B}lot|so{_B}much){_B}on{_B}(?:your|their){_B}plate)(?![^\W\d_])")
# A text holding none of these holds no claim of pace: each is a part of one of them.
_CUES = Cues(("momentum", "traction", "roll", " fire", "boom", "hyper", "king off", "ok off", "ken off", "kes off",
              "rocket", "explod", "shot up", "grown", "fast", "quickly", "rapidly", "crazy", "bigger", "long way",
              "cylinders", "ing it", "huge", "big ", "great", "banner", "massive", "incredible", "amazing", "wild",
              "record", "sails", "busy", "hectic", "swamped", "slammed", "flat out", "stretched", "plate"))
_OF_PROSPECT = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your|yours|you['’](?:re|ve|ll|d)|congrat\w*|kudos|impress\w*"
                           r"|hats[ \t]+off)(?![^\W\d_])")
# Words before the claim that make it a condition, a time, teams in general or what we help with.
_NOT_STATED = not_stated_after("in case", "as long as", "often", "usually", "typically", "most", "many", "every",
                               "any", "teams (?:that|who)", "help", "helps", "keep", "keeps", "build", "gain",
                               "sustain", "maintain", "will", "would", "could")


def momentum_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that calls the prospect growing, busy or on a roll in
    words the ``grounds`` never say; ``names``: the names the facts give the prospect and its product."""
    lower = text.lower()
    if not _CUES.any_in(lower):
        return []
    said_names = [n.lower() for n in names if n]
    reasons = []
    for sentence in statements(text):
        for pace in _PACE.finditer(sentence):
            start = clause_start(sentence, pace.start())
            clause = sentence[start:clause_end(sentence, pace.end())]
            of_prospect = _OF_PROSPECT.search(clause) or any(n in clause.lower() for n in said_names)
            if not of_prospect or _NOT_STATED.search(sentence, start, pace.start()):
                continue
            if " ".join(pace.group().lower().split()) not in " ".join(grounds.lower().split()):
                reasons.append(f"pace of the prospect not in the facts ({pace.group()}): {sentence.strip()[:80]}")
                break
    return reasons
