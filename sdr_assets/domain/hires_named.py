""""Your new" said of the people a company is hiring: "support for your new Account Executives",
"a quick idea for your new SDRs", where the facts say the company is hiring them.

"Your new" is a leadership claim (someone joined); said of a role the grounds say the company is
hiring (a title or role of the grounds, or its plural, or "hires", "reps", "recruits") as the whole
noun phrase, and clearly of hires to come (after "for", "support", "help", "ramp" or "onboard", or
before "will", "could" or "'ll"), it names the hires to come and claims no one joined, so it is
blanked before the claim check reads a text (lower case). Where the grounds say no hiring, of
anything else ("your new CFO" where the opening is for a Head of Sales, "your new office", "your new
Sales Development team"), after a greeting of people there ("congrats on", "welcome"), before a
verb of now or the past ("your new SDRs are ramping", "hit quota"), or with a verb of arriving in
its clause ("your new Head of X started"), it stays.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.title_abbreviations import TITLE_WORDS

_HIRING = LazyPattern(r"(?<![^\W\d_])(?:hiring|recruiting|openings?|vacanc(?:y|ies))(?![^\W\d_])")
_YOUR_NEW = LazyPattern(r"(?<![^\W\d_])(?P<new>your[ \t]+new)[ \t]+"
                       r"(?P<who>[^\W\d_][\w&'-]*(?:[ \t]+[^\W\d_][\w&'-]*){0,3})")
# A verb of arriving in the rest of the clause: "your new Head of X started" says a hire is made.
_ARRIVAL = LazyPattern(r"(?<![^\W\d_])(?:join(?:s|ed|ing)?|start(?:s|ed|ing)?|began|begins|arriv(?:e|es|ed|ing)"
                      r"|came|comes|hired|appointed|onboarded|on[ \t]+board|aboard)(?![^\W\d_])")
_MODAL = LazyPattern(r"(?<![^\W\d_])(?:could|will|would|can|may|might|should|to|'ll)[ \t]+\Z")
_CLAUSE_END = LazyPattern(r"[,;:.!?\n]")
# What says the people are still to come: a purpose just before "your new", or a modal after the role.
_TO_COME_BEFORE = LazyPattern(r"(?<![^\W\d_])(?:for|support(?:s|ing)?|help(?:s|ing)?|ramp(?:s|ing)?|onboard(?:s|ing)?)"
                             r"(?:[ \t]+(?:to|with))?[ \t]+\Z")
_TO_COME_AFTER = LazyPattern(r"[ \t]*(?:'ll|[ \t](?:will|could|can|would|may|might|should)(?![^\W\d_]))")
# What may follow the whole noun phrase: the end of a clause or a word that is no part of it.
_PHRASE_END = LazyPattern(r"[ \t]*(?:[,;:.!?\n)]|\Z|'ll|[ \t](?:will|could|can|would|may|might|should|to|with|at|in"
                         r"|on|from|and|or|as|so|who|that|this|next|each|every)(?![^\W\d_]))")
_WORD = LazyPattern(r"[ \t]*[^\W\d_][\w&'-]*")
_GREETED = LazyPattern(r"(?<![^\W\d_])(?:congrat\w*|welcom\w*|kudos)(?![^\W\d_])")
_HIRES = frozenset("hire hires recruit recruits reps rep joiners starters colleagues teammates".split())


def _named_hire(words: list[str], grounds: str) -> int:
    """How many of the first of ``words`` name a hire: a hire noun, or words (or their plural) with a
    title's word among them that ``grounds`` (their lines that say a hiring) say; 0 for none."""
    if words[0] in _HIRES:
        return 1
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        said = (phrase, phrase[:-1]) if phrase.endswith("s") else (phrase,)
        titled = TITLE_WORDS.intersection(words[:n]) or TITLE_WORDS.intersection(w.rstrip("s") for w in words[:n])
        if titled and any(re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", grounds) for p in said):
            return n
    return 0


def _to_come(lower: str, m: re.Match[str], named: int) -> bool:
    """Whether ``m`` ("your new" and its words) names, in its first ``named`` words as the whole noun
    phrase, people still to come."""
    end = m.start("who")
    for _ in range(named):
        end = _WORD.match(lower, end).end()
    if not _PHRASE_END.match(lower, end):
        return False
    start = max((c.end() for c in _CLAUSE_END.finditer(lower, 0, m.start())), default=0)
    if _GREETED.search(lower, start, m.start()):
        return False
    return bool(_TO_COME_BEFORE.search(lower, start, m.start()) or _TO_COME_AFTER.match(lower, end))


def _arrives(lower: str, start: int) -> bool:
    """Whether the clause from ``start`` has a verb of arriving not after a modal ("could start")."""
    end = _CLAUSE_END.search(lower, start)
    for m in _ARRIVAL.finditer(lower, start, end.start() if end else len(lower)):
        if not _MODAL.search(lower, 0, m.start()):
            return True
    return False


def without_hires_named(lower: str, grounds: str) -> str:
    """``lower`` with "your new" blanked where it names the people ``grounds`` (lower case) say the
    company is hiring."""
    if "your new" not in lower or not _HIRING.search(grounds):
        return lower
    hiring = "\n".join(line for line in grounds.splitlines() if _HIRING.search(line))

    def blank(m: re.Match[str]) -> str:
        named = 0 if _arrives(m.string, m.end("new")) else _named_hire(m["who"].split(), hiring)
        if not named or not _to_come(m.string, m, named):
            return m.group()
        return " " * len(m["new"]) + m.group()[len(m["new"]):]
    return _YOUR_NEW.sub(blank, lower)
