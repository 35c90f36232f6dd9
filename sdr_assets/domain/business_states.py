"""The state of the prospect's business: "your round was oversubscribed", "congrats on the pivot to
payments", "sorry to hear about the churn", "saw the waitlist", "heard the launch sold out".

Each is news the facts must hold: research never infers demand, trouble or a change of course. A
state is said of the prospect where its word follows "your" or "their" ("your churn", "their recent
pivot"), follows "the" in a sentence that greets, regrets or reports something ("congrats on the
pivot", "sorry about the outage", "saw the waitlist", "after the rebrand"), or, as a participle,
tells what happened ("the beta was oversubscribed", "the launch sold out", "since you pivoted"),
unless a word of a general case comes before it ("rounds that are oversubscribed", "if a launch
sells out"). It is stopped unless the grounds hold the state in a word of its own ("the Series A was
oversubscribed" grounds "your oversubscribed round"). "Churn is something every SaaS team watches",
"a waitlist can help" and "no outage this year" say nothing of the prospect.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

# Each state: the words that say it, and what in the grounds holds it.
_STATES = {
    "oversubscribed": (r"over-?subscri(?:bed|ption)", r"over-?subscri"),
    "pivot": (r"pivot(?:s|ed|ing)?", r"pivot"),
    "churn": (r"churn(?:s|ed|ing)?", r"churn"),
    "waitlist": (r"wait-?lists?|wait(?:ing)?\s+lists?", r"wait-?list|wait(?:ing)?\s+list"),
    "sell-out": (r"sold\s+out|sell-?outs?|sells?\s+out|selling\s+out", r"sold\s+out|sell-?out|sells?\s+out"),
    "outage": (r"outages?|downtime", r"outage|downtime"),
    "rebrand": (r"rebrand(?:s|ed|ing)?", r"rebrand"),
}
_CUES = Cues(("subscri", "pivot", "churn", "wait", "sold out", "sell", "outage", "downtime", "rebrand"))
_TERM = "|".join(f"(?P<{name.replace('-', '_')}>{said})" for name, (said, _) in _STATES.items())
_HELD = {name.replace("-", "_"): LazyPattern(f"(?i)(?<![^\\W\\d_])(?:{held})") for name, (_, held) in _STATES.items()}
_SAID = LazyPattern(rf"(?i)(?<![^\W\d_])(?:{_TERM})(?![^\W\d_])")
_OWNER = LazyPattern(r"(?i)(?<![^\W\d_])(?:your|their)\s+(?:[^\W\d_]+\s+)?\Z")
_THE = LazyPattern(r"(?i)(?<![^\W\d_])the\s+(?:[^\W\d_]+\s+)?\Z")
_EVENT = LazyPattern(r"(?i)(?<![^\W\d_])(?:congrat\w*|sorry|saw|seen|see|heard|hear|noticed|read|spotted|love"
                     r"|loved|impressed|after|since|following|great|nice|amazing|about)(?![^\W\d_])")
_HAPPENED = LazyPattern(r"(?i)\A(?:over-?subscribed|pivoted|churned|rebranded|sold\s+out)\Z")
_GENERAL = LazyPattern(r"(?i)(?<![^\W\d_])(?:that|which|who|if|when|whenever|whether|often|usually|typically"
                       r"|tend|tends)(?![^\W\d_])")


def _of_prospect(sentence: str, at: int, word: str) -> bool:
    before = sentence[:at]
    if _OWNER.search(before):
        return True
    if _THE.search(before) and _EVENT.search(before):
        return True
    return _HAPPENED.match(word) is not None and not _GENERAL.search(before)


def business_state_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each state of the prospect's business ``text`` tells them of that ``grounds``
    never hold."""
    lower = text.lower()
    if not _CUES.any_in(lower):
        return []
    reasons: list[str] = []
    for sentence in SENTENCE_BREAKS.split(text):
        for said in _SAID.finditer(sentence):
            state = said.lastgroup or ""
            if _of_prospect(sentence, said.start(), said.group()) and not _HELD[state].search(grounds):
                reasons.append(f"{state.replace('_', '-')} not in the facts: {sentence.strip()[:80]}")
    return list(dict.fromkeys(reasons))
