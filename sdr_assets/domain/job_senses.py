"""Claim words in their sense of a job or of people who lead, which claims nothing: "we can write the
post for the Head of RevOps role" (a job post we would write), "if Maria plans an interview with the
team" (an interview to hold), "through a change of leader" (who leads), "companies that plan to hire
reps" (hiring by no one in particular), "Acme just listed a RevOps Manager role" (an opening).

Each is blanked before the claim check reads a text (lower case), as ``claim_word_senses.py`` blanks
its own. "Your post about pricing", "the job post says the role reports to you", "Maria gave an
interview", "the leader in smart grid software" and "Acme hired a data engineer" claim something and
stay.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_B = r"[ \t]+"
_NOT_AFTER = r"(?<![^\W\d_])"
_END = r"(?![^\W\d_])"
_WORDS = r"[^\W\d_][\w&'-]*"
# Each sense, with a word a text must hold for it to apply.
_SENSES = (
    # A job post we would write: "we can write the post for the Head of RevOps role", "draft the job post".
    # One of theirs is read as its words ("the job post says the role reports to you") and stays.
    ("post", LazyPattern(rf"{_NOT_AFTER}(?:write|writing|draft|drafting|rewrite|rewriting|polish|polishing|prepare"
                        rf"|preparing|create|creating){_B}(?:(?:the|a|an|your|that|this){_B})?(?:(?:job|role|hiring"
                        rf"|vacancy){_B})?(?P<word>posts?){_END}")),
    # An interview to hold, or one of hiring: "plans an interview", "interviews candidates".
    ("interview", LazyPattern(
        rf"{_NOT_AFTER}(?:(?:plan|plans|planning|planned|schedule|schedules|scheduling|arrange|arranges|arranging"
        rf"|run|runs|running|hold|holds|holding|conduct|conducts|book|books){_B}(?:(?:an|a|the|your|their|any|some)"
        rf"{_B})?(?:{_WORDS}{_B})?(?P<word>interviews?){_END}"
        rf"|(?:job|hiring|candidate|first|final|panel|second|follow-up){_B}(?P<word2>interviews?){_END}"
        rf"|(?P<word3>interview(?:s|ing)?)(?={_B}(?:candidates|applicants|people|for{_B}(?:the|a|this){_B}role)"
        rf"{_END}))")),
    # The one who leads, as it changes: "a change of leader", "a new leader joins".
    ("leader", LazyPattern(rf"{_NOT_AFTER}(?:(?:change|changes|switch|turnover|transition)s?{_B}(?:of|in)"
                          rf"|new|incoming|outgoing|interim|acting){_B}(?P<word>leaders?){_END}"
                          rf"(?!{_B}(?:in|of|among|across|at){_END})")),
    # A role listed: "Acme just listed a RevOps Manager role" tells an opening, no listing on a market.
    ("listed", LazyPattern(rf"{_NOT_AFTER}(?P<word>listed){_B}(?:{_WORDS}{_B}){{0,5}}?(?:roles?|positions?"
                          rf"|openings?|jobs?|vacanc(?:y|ies)|reqs?){_END}")),
    # Hiring by no one in particular: "companies that plan to hire reps".
    ("to hire", LazyPattern(rf"{_NOT_AFTER}(?:teams|companies|startups|businesses|firms|founders|leaders"
                           rf"|organi[sz]ations|people|those|anyone|whoever){_B}(?:that|who){_B}"
                           rf"(?:{_WORDS}{_B}){{0,2}}?to{_B}(?P<word>hire){_END}")),
)


def _blank(match) -> str:
    group = next(g for g in ("word", "word2", "word3") if g in match.re.groupindex and match[g] is not None)
    start, end = match.start(group) - match.start(), match.end(group) - match.start()
    return match.group()[:start] + " " * (end - start) + match.group()[end:]


def without_job_senses(lower: str) -> str:
    """``lower`` with each claim word of ``_SENSES`` blanked where it means a job or who leads."""
    for key, sense in _SENSES:
        if key in lower:
            lower = sense.sub(_blank, lower)
    return lower
