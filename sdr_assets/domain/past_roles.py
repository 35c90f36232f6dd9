"""The prospect's earlier career: "I believe you ran finance at Brex before this", "you used to lead
sales at Stripe", "in your time at Stripe", "Before Fernway you headed sales at Brex".

Hedged ("I believe", "if I remember right") or plain, such a sentence tells the prospect where they
worked and what they did there. It is said of them where it has "you" or "your" and a mark of an
earlier post: "used to", "previously", "formerly", "before this" (or "before this role", "before
joining", "before founding", "before" and a name), "prior to", "your time at", "when you were at",
"back at" a name. The clause that holds the mark is then stopped unless each of its content words
stands in a line of the grounds that tells of an earlier post ("Dana Ortiz was previously VP Finance
at Brex"), but for the company she works at now named right after "before" ("before Fernway",
"before joining Fernway"): facts that name that company tell nothing of where she was before it.
"Reps used to write every email" and "before you hire more reps" say nothing of the prospect's past.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.hearsay import LIGHT_WORDS, word_stem
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

# A text holding none of these holds no mark; "before" only in one of its marks, as most templates say
# "before it is sent".
_CUES = Cues(("used to", "previous", "formerly", "prior", "time at", "days at", "years at", "stint at", "tenure at",
              "were at", "back at"))
_BEFORE_CUE = LazyPattern(r"(?i:before)\s+(?:(?i:this|that|joining|founding|starting|moving|coming|you)|[A-Z])")
_MARK = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:you\s+used\s+to|previously|formerly"
    r"|before\s+(?:this|that)(?:\s+(?:role|job|move|post|position|seat))?(?=\s*(?:[,.;:!?)]|\Z|\s+(?:you|as)\b))"
    r"|before\s+(?:joining|founding|starting|moving|coming|you\s+joined|you\s+founded|you\s+moved)"
    r"|prior\s+to\s+(?:this|that|joining|founding)"
    r"|(?:your\s+(?:time|days|years|stint|tenure)|(?:(?:when|while)\s+)?you\s+were)\s+at(?![^\W\d_])"
    r"|before\s+(?-i:(?=[A-Z]))(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"|back\s+at\s+(?-i:(?=[A-Z])))")
# Marks in the grounds of a fact that tells of an earlier post.
_PAST_FACT = LazyPattern(r"(?i)(?<![^\W\d_])(?:previously|formerly|former|prior|used\s+to|ex-|joined\s+from"
                         r"|came\s+from|before\s+joining)(?![^\W\d_])")
_PROSPECT = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your|you're|you've|you'd)(?![^\W\d_])")
_CLAUSE = LazyPattern(r"[,;:\u2013\u2014()]|\s-\s")
_WORD = LazyPattern(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# The marks' own words and the hedges around them.
# "before" and the company the prospect is at now, which says only when the earlier post was.
_BEFORE_NOW = LazyPattern(
    r"(?i)(?<![^\W\d_])before\s+(?:(?:joining|founding|starting\s+at|coming\s+to|moving\s+to)\s+)?")
_MARK_WORDS = frozenset("believe think understand understanding gather remember recall right correctly "
                        "mistaken sure told used previously formerly before prior time days stint tenure were back "
                        "joining founding starting moving coming joined founded moved role job move post "
                        "position seat".split())


def _clause_at(sentence: str, at: int) -> str:
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, at)), default=0)
    end = _CLAUSE.search(sentence, at)
    return sentence[start:end.start() if end else len(sentence)]


def _said(clause: str, company: frozenset[str]) -> list[str]:
    """The words of ``clause``, but for the words of the ``company`` the prospect is at now right after
    "before"."""
    words: list[str] = []
    after_before = ()
    for match in _WORD.finditer(clause):
        word = match.group()
        if match.start() in after_before and word_stem(word) in company:
            after_before = (match.end() + 1,)
            continue
        words.append(word)
        mark = _BEFORE_NOW.match(clause, match.start())
        after_before = (mark.end(),) if mark else ()
    return words


def past_role_reasons(text: str, grounds: str, company: str = "") -> list[str]:
    """A reason for each sentence of ``text`` that tells the prospect of an earlier post of theirs in
    words no fact of an earlier post states; ``company``: the name of the company they are at now."""
    lower = text.lower()
    if not _CUES.any_in(lower) and not ("before" in lower and _BEFORE_CUE.search(text)):
        return []
    known: set[str] | None = None
    now: frozenset[str] = frozenset()
    reasons = []
    for sentence in SENTENCE_BREAKS.split(text):
        marks = list(_MARK.finditer(sentence))
        if not marks or not _PROSPECT.search(sentence):
            continue
        if known is None:
            past = [line for line in grounds.splitlines() if _PAST_FACT.search(line)]
            known = {word_stem(w) for line in past for w in _WORD.findall(line)}
            now = frozenset(word_stem(w) for w in _WORD.findall(company))
        for mark in marks:
            clause = _clause_at(sentence, mark.start())
            loose = [w for w in _said(clause, now) if w.lower() not in LIGHT_WORDS
                     and w.lower() not in _MARK_WORDS and word_stem(w) not in known]
            if loose:
                reasons.append(f"earlier post not in the facts ({', '.join(loose[:3])}): {sentence.strip()[:80]}")
                break
    return reasons
