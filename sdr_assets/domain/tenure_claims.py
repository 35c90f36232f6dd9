"""How long the prospect has held a post or how much she has done: "as a seasoned VP Sales", "after
years as VP Sales", "as a first-time CRO", "you've been VP Sales for a while", "with your decade in
sales", "having led sales for years", "as interim VP Sales".

Research gives a contact's title, never her time in it or her experience. A sentence says so where it
calls her long-time, first-time, seasoned, veteran or experienced in a post ("as a ..."), gives her
years or decades in one ("after years as", "your decade in"), or says she has held or done one for
years or a while ("you've been VP Sales for a while", "having led sales for years"), or calls a post of
hers held for a time only ("as interim VP Sales", "your acting CRO"). Nothing is stated
in a question or after a word of condition ("if you have run sales for years"), nor by years said of
no one of hers ("outbound has worked this way for years"). It is stopped unless the grounds say the
same words. Nor is one said of us or of teams in general ("As an experienced team, we know", "after
years of manual lists, most teams want", "as a first-time founder myself").
"""

from __future__ import annotations

import re

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_end, clause_start, not_stated_after, statements

_B = r"[ \t]+"
_LONG = rf"(?:years|decades?|a{_B}(?:while|long{_B}time)|some{_B}time|ages)"
# A word for a post: a title, or the post itself ("interim head of sales", "acting in the role").
_POST = (r"(?:vp|svp|evp|vice|president|head|director|manager|chief|ceo|cro|cfo|coo|cto|cmo|gm|lead|leader|officer"
         r"|founder|owner|role|post|position|seat|capacity)")
_TENURE = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:as{_B}an?{_B}(?:long-?time|first-?time|seasoned|veteran|experienced|tenured)"
    rf"|(?:after|with){_B}(?:your{_B})?(?:[^\W\d_]+{_B})?(?:years|decades?){_B}(?:as|in|of|at|leading|running)"
    rf"|your{_B}(?:[^\W\d_]+{_B})?(?:years|decades?){_B}(?:as|in|of|at|leading|running)"
    rf"|(?:you['’]ve|you{_B}have|having)(?:{_B}[^\W\d_'’-]+){{1,5}}?{_B}for{_B}{_LONG}"
    # A post held for a time only: "as interim VP Sales", "your acting CRO" (the word alone is matched, so
    # grounds that give the title so ground it); "your outgoing email", "your temporary setup" hold no post.
    rf"|(?:(?<=as[ \t])|(?<=as[ \t]an[ \t])|(?<=as[ \t]the[ \t])|(?<=your[ \t])|(?<=you['’]re[ \t])"
    rf"|(?<=you[ \t]are[ \t])|(?<=you['’]re[ \t]the[ \t]))(?:interim|acting|temporary|fractional|outgoing)"
    rf"(?=(?:{_B}[^\W\d_&-]+){{0,3}}?{_B}{_POST}(?![^\W\d_])))"
    rf"(?![^\W\d_])")
_CUES = Cues(("time", "seasoned", "veteran", "experienced", "tenured", "year", "decade", "while", "ages", "interim",
              "acting", "temporary", "fractional", "outgoing"))
_NOT_STATED = not_stated_after("in case")
# Whom an opening phrase tells of is the subject of its sentence: ours, or teams in general, are no one
# of hers ("As an experienced team, we", "After years of manual lists, most teams want").
_NOT_HERS = (r"(?:we|we['’](?:re|ve)|i|i['’](?:m|ve)|our|my|us|most|many|some|every|all|few|teams|companies|it|this"
             r"|that|there|they|outbound)")
_SUBJECT_NOT_HERS = LazyPattern(rf"(?i)[^,;:\n]*[,;:][ \t]*{_NOT_HERS}(?![^\W\d_'’])")
_OURS_BEFORE = LazyPattern(rf"(?i)(?<![^\W\d_])(?:{_NOT_HERS}|myself|ourselves)(?![^\W\d_'’])")
_MYSELF = LazyPattern(r"(?i)(?<![^\W\d_])(?:myself|ourselves)(?![^\W\d_])")


def _of_someone_else(sentence: str, match: re.Match[str]) -> bool:
    """Whether the tenure ``match`` opens a sentence whose subject is ours or no one's, or follows one."""
    if match.group().lower().startswith(("you", "your")):
        return False
    start = clause_start(sentence, match.start())
    return bool(_OURS_BEFORE.search(sentence, start, match.start()) or _SUBJECT_NOT_HERS.match(sentence, match.end())
                or _MYSELF.search(sentence, match.end(), clause_end(sentence, match.end())))


def _tenures(text: str) -> list[tuple[str, str]]:
    """Each tenure ``text`` states outside a question or condition, with its sentence."""
    said = []
    for sentence in statements(text):
        for match in _TENURE.finditer(sentence):
            if not _NOT_STATED.search(sentence, 0, match.start()) and not _of_someone_else(sentence, match):
                said.append((" ".join(match.group().lower().replace("’", "'").split()), sentence))
                break
    return said


def tenure_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each sentence of ``text`` (folded) that tells the prospect's tenure in words the
    ``grounds`` never say."""
    if not _CUES.any_in(text.lower()):
        return []
    said = _tenures(text)
    known = " ".join(grounds.lower().replace("’", "'").split()) if said else ""
    return [f"tenure of the prospect not in the facts ({tenure}): {sentence.strip()[:80]}"
            for tenure, sentence in said if tenure not in known]
