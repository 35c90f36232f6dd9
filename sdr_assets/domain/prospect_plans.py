"""The prospect's plans and what its money goes to: "The round will fund a big push into enterprise
sales", "Most of the money is earmarked for hiring", "Index Ventures put in most of the money",
"Helio Energy plans to sell GridSense across Europe", "You plan to use the raise to move upmarket".

A signal says a round was raised, a role is open or a product launched; no fact says what the
prospect means to do next, what its money will pay for or how a round was shared among investors.
A sentence states a plan where the prospect ("you", "your", "they", "its", a name of theirs) plans,
intends, aims or is set to do something, or "the plan is" to; it states where money goes where a
round, raise, funding or sum funds, pays for, goes to or is earmarked for something, is spent or used
on it, or is shared out ("most of the money", "the largest share of the round"). Nothing is stated in
a question, asked or indirect ("curious how you're planning to ramp the new reps"), after a word of
condition ("if part of the money goes to sales"), of rounds or teams in general ("a round like this
often pays for", "teams that plan to hire") or by us ("we can plan the first campaign"). It is
stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_start, not_stated_after, statements

_B = r"[ \t]+"
_MONEY = rf"(?:round|raise|funding|funds|money|capital|cash|proceeds|investment|series{_B}[a-z]|[$€£][\d.,]+[mkb]?)"
_THE = rf"(?:the|your|its|their|this|that|our){_B}(?:[^\W\d_]+{_B})?"
_SET_TO = rf"{_B}(?:set|preparing|getting{_B}ready|looking|hoping){_B}to"
_PLAN = LazyPattern(
    rf"(?i)(?:(?<![^\W\d_])(?:plan(?:s|ning|ned)?{_B}to|intend(?:s|ing|ed)?{_B}to|aim(?:s|ing|ed)?{_B}to"
    rf"|(?:is|are){_SET_TO}|gearing{_B}up{_B}to|the{_B}plan{_B}is{_B}to)|['’](?:re|s){_SET_TO})(?![^\W\d_])")
_ALLOCATION = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:most|half|part|much|bulk|majority|share|rest|third|quarter|chunk|portion|slice)"
    rf"{_B}of{_B}{_THE}{_MONEY}"
    rf"|{_MONEY}(?:{_B}(?:will|would|is|are|was|were|has|have|been|being|mostly|largely|all))*{_B}"
    rf"(?:go(?:es|ing)?{_B}(?:to|into|toward|towards)|went{_B}(?:to|into)|pa(?:y|ys|ying|id){_B}for|fund"
    rf"|fuel(?:s|ing)?|finance(?:s|d)?|earmarked|spent|allocated|set{_B}aside|used{_B}(?:to|for|on)|bankroll\w*)"
    rf"|(?:use|uses|using|spend|spends|spending|put|puts|putting|invest|invests|investing|pour|pours|pouring"
    rf"|deploy|deploys|deploying){_B}{_THE}{_MONEY}{_B}(?:on|to|into|in|toward|towards|for))(?![^\W\d_])")
# A sentence holding none of these holds no plan, and one holding none of the next no use of money:
# each is a part of one of them.
_PLAN_CUES = Cues(("plan", "intend", "aim", "set to", "preparing", "ready to", "looking to", "hoping to", "gearing"))
_ALLOCATION_CUES = Cues(("most of", "half of", "part of", "much of", "bulk of", "majority of", "share of", "rest of",
                         "third of", "quarter of", "chunk of", "portion of", "slice of", "go to", "goes to", "going to",
                         "go into", "goes into", "going into", "go toward", "goes toward", "going toward", "went",
                         "pay for", "pays for", "paying for", "paid for", " fund", "fuel", "financ", "earmark", "spen",
                         "allocat", "aside", "used ", "bankroll", "use ", "uses ", "using", "put ", "puts", "invest",
                         "pour", "deploy"))
# Words before the claim that make it a condition, a question, rounds or teams in general, or what we
# help with.
_NOT_STATED = not_stated_after("in case", "whatever", "however", "how", "what", "curious", r"wonder\w*", "often",
                               "usually", "typically", "generally", "like (?:this|that|yours)",
                               "(?:teams|companies|founders|startups) (?:that|who)", "help", "helps", "could", "would",
                               "might", "may", "should")
_OURS = LazyPattern(r"(?i)(?<![^\W\d_])(?:we|i|our|us|we['’](?:re|ll|ve|d)|i['’](?:m|ll|ve|d))(?![^\W\d_])")
_THEIRS = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your|they|their|its|it|you['’](?:re|ll|ve|d)|they['’]re|the"
                      r"[ \t]+plan|the[ \t]+company|the[ \t]+team)(?![^\W\d_])")


def _planner_is_theirs(sentence: str, start: int, names: tuple[str, ...]) -> bool:
    """Whether the clause of ``sentence`` up to ``start`` makes the prospect the one who plans."""
    before = sentence[clause_start(sentence, start):start]
    if _OURS.search(before):
        return False
    return bool(_THEIRS.search(before)) or any(n in before.lower() for n in names)


def plan_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that tells the prospect's plans or what its money goes
    to in words the ``grounds`` never say; ``names``: the names the facts give the prospect and theirs."""
    lower = text.lower()
    # A sentence holds only the cues the text holds: a sentence is looked at for the kinds it may hold.
    planned, allocated = _PLAN_CUES.held_in(lower), _ALLOCATION_CUES.held_in(lower)
    if not (planned or allocated):
        return []
    said_names = tuple(n.lower() for n in names if n)
    known = " ".join(grounds.lower().split())
    reasons = []
    for sentence in statements(text):
        lower = sentence.lower()
        plans = [m for m in _PLAN.finditer(sentence) if _planner_is_theirs(sentence, m.start(), said_names)
                 or m.group().lower().startswith("the")] if any(cue in lower for cue in planned) else []
        uses = [m for m in _ALLOCATION.finditer(sentence) if not _OURS.search(sentence, 0, m.start())
                ] if any(cue in lower for cue in allocated) else []
        for claim in sorted((*plans, *uses), key=lambda m: m.start()):
            if _NOT_STATED.search(sentence, 0, claim.start()):
                continue
            if " ".join(claim.group().lower().split()) not in known:
                reasons.append(f"plan or use of money not in the facts ({claim.group()}): {sentence.strip()[:80]}")
                break
    return reasons
