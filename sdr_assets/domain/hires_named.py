""""Your new" said of the people a company is hiring: "support for your new Account Executives",
"a quick idea for your new SDRs", where the facts say the company is hiring them.

"Your new" is a leadership claim (someone joined); said of a role the grounds say the company is
hiring (a title or role of the grounds, or its plural, or "hires", "reps", "recruits") it names
the hires to come and claims no one joined, so it is blanked before the claim check reads a text
(lower case). Where the grounds say no hiring, of anything else ("your new CFO" where the opening
is for a Head of Sales, "your new office"), or with a verb of arriving in its clause ("your new
Head of X started"), it stays.
"""

from __future__ import annotations

import re

from sdr_assets.domain.title_abbreviations import TITLE_WORDS

_HIRING = re.compile(r"(?<![^\W\d_])(?:hiring|recruiting|openings?|vacanc(?:y|ies))(?![^\W\d_])")
_YOUR_NEW = re.compile(r"(?<![^\W\d_])(?P<new>your[ \t]+new)[ \t]+"
                       r"(?P<who>[^\W\d_][\w&'-]*(?:[ \t]+[^\W\d_][\w&'-]*){0,3})")
# A verb of arriving in the rest of the clause: "your new Head of X started" says a hire is made.
_ARRIVAL = re.compile(r"(?<![^\W\d_])(?:join(?:s|ed|ing)?|start(?:s|ed|ing)?|began|begins|arriv(?:e|es|ed|ing)"
                      r"|came|comes|hired|appointed|onboarded|on[ \t]+board|aboard)(?![^\W\d_])")
_MODAL = re.compile(r"(?<![^\W\d_])(?:could|will|would|can|may|might|should|to|'ll)[ \t]+\Z")
_CLAUSE_END = re.compile(r"[,;:.!?\n]")
_HIRES = frozenset("hire hires recruit recruits reps rep joiners starters colleagues teammates".split())


def _named_hire(words: list[str], grounds: str) -> bool:
    """Whether the first of ``words`` name a hire: a hire noun, or words (or their plural) with a
    title's word among them that ``grounds`` (their lines that say a hiring) say."""
    if words[0] in _HIRES:
        return True
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        said = (phrase, phrase[:-1]) if phrase.endswith("s") else (phrase,)
        titled = TITLE_WORDS.intersection(words[:n]) or TITLE_WORDS.intersection(w.rstrip("s") for w in words[:n])
        if titled and any(re.search(rf"(?<![^\W\d_]){re.escape(p)}(?![^\W\d_])", grounds) for p in said):
            return True
    return False


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
        if _arrives(m.string, m.end("new")) or not _named_hire(m["who"].split(), hiring):
            return m.group()
        return " " * len(m["new"]) + m.group()[len(m["new"]):]
    return _YOUR_NEW.sub(blank, lower)
