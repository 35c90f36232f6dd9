"""Claims that a company has made a hire: "congrats on the new Head of X joining next month", "your
new Head of X started", "you've hired a Head of X".

A hiring signal says a role is open, not filled: a draft may speak of the hire to come ("once the
new hire starts", "before your new Head of X starts", "once the new hire has joined", "once you've
hired a Head of X"), in a clause a word of time or condition opens, in a present or perfect form,
and may not say the hire is made ("once your new Head of X came on board" and "after the new hire
started" say it is). A title called new after a verb to come in its clause ("you will work with
the new Head of X") is the hire to come too. A new one said to join, start or arrive outside
such a clause or in a past form, a congratulation on a new one, and "you hired" each claim it; the facts ground it only where
they name the person who joined (``person``) or the approved template says the same.
"""

from __future__ import annotations

import re

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern

_CLAUSE = LazyPattern(r"[^,;:.!?\n]+")
# A word that makes the clause after it a time to come or a condition.
_FUTURE = LazyPattern(r"(?<![^\W\d_])(?:once|when|whenever|before|after|until|till|if|as[ \t]+soon[ \t]+as"
                     r"|by[ \t]+the[ \t]+time)(?![^\W\d_])")
_WHO = r"(?:[^\W\d_][\w&'-]*[ \t]+){0,5}?[^\W\d_][\w&'-]*"
_NEW_ONE = rf"(?:the|your|a|their)[ \t]+new[ \t]+{_WHO}"
# A new one congratulated on is a person where the words name a hire or a post ("the new Head of X",
# "your new hires"), not "the new office".
_NEW_PERSON = (r"(?:the|your|a|their)[ \t]+new[ \t]+(?:[^\W\d_][\w&'-]*[ \t]+){0,3}?(?:hires?|recruits?|colleagues?"
               r"|teammates?|team[ \t]+members?|head|vp|svp|evp|director|manager|lead|chief|officer|ceo|cto|cfo|coo|cro"
               r"|cmo|president|executive|leader)(?![^\W\d_])")
_ARRIVES = (r"[ \t]+(?:(?:who|that)[ \t]+)?(?:(?:is|has|have|'s|was|just|already|officially)[ \t]+)*"
            r"(?:join(?:ing|s|ed)|start(?:ing|s|ed)|arriv(?:ing|es|ed)|onboard(?:ing|ed)|began|begins|beginning"
            r"|com(?:ing|es)[ \t]+(?:on[ \t]+board|aboard)|came[ \t]+(?:on[ \t]+board|aboard)|on[ \t]+board|aboard"
            r"|been[ \t]+hired|been[ \t]+appointed)(?![^\W\d_])")
# A word that puts the arrival in the past ("came on board", "had started", "was hired"); a perfect
# ("has started", "have joined") is the hire to come in a clause of time to come.
_PAST = LazyPattern(r"(?<![^\W\d_])(?:was|were|had|came|began|(?P<perfect>(?:(?:has|have|'s)[ \t]+"
                   r"(?:(?:just|already|officially)[ \t]+)*)?)(?:joined|started|arrived|onboarded))(?![^\W\d_])")


def _is_past(words: str) -> bool:
    """Whether ``words`` put an arrival in the past, not in a perfect ("has started")."""
    return any(not m["perfect"] for m in _PAST.finditer(words))


_MADE = LazyPattern(
    rf"(?<![^\W\d_])(?:(?P<arrival>{_NEW_ONE}{_ARRIVES})"
    rf"|(?:congrat(?:s|ulations)|kudos)[ \t]+on[ \t]+(?:(?:hiring|landing|finding|bringing[ \t]+on)[ \t]+)?{_NEW_PERSON}"
    rf"|(?:congrat(?:s|ulations)|kudos)[ \t]+on[ \t]+filling(?![^\W\d_])"
    r"|you(?P<perfect>'ve|[ \t]+have)?[ \t]+(?:(?:just|already|finally|now)[ \t]+)?(?:hired|filled|brought[ \t]+on)"
    r"(?![^\W\d_]))")
# A word every hire said made holds: a text with none of them says none.
_MADE_CUES = Cues(("new", "hire", "congrat", "kudos", "filled", "brought"))


def _hires_made(lower: str) -> list[str]:
    """The phrases of ``lower`` that say a hire is made, outside a clause of time to come.

    No part of ``_MADE`` reads a sign that ends a clause, so a clause's match is one in the whole
    text too: a text without one (most) is not read clause by clause."""
    if _MADE.search(lower) is None:
        return []
    found = []
    for clause in _CLAUSE.finditer(lower):
        for m in _MADE.finditer(clause.group()):
            to_come = m["perfect"] or (m["arrival"] and not _is_past(m.group()))
            if not (to_come and _FUTURE.search(clause.group(), 0, m.start())):
                found.append(" ".join(m.group().split()))
    return found


_COMING = LazyPattern(rf"(?P<new>(?:the|your|a|their)[ \t]+new)(?P<who>[ \t]+{_WHO})(?P<arrives>{_ARRIVES})")


def _blank_to_come(m: re.Match[str]) -> str:
    """A "your new" of ``_COMING`` and its arrival ("has joined") blanked where the arrival is to
    come, kept where it is past."""
    if _is_past(m["arrives"]):
        return m.group()
    new = " " * len(m["new"]) if m["new"].startswith("your") else m["new"]
    return new + m["who"] + " " * len(m["arrives"])


def hires_to_come(lower: str) -> list[tuple[int, int]]:
    """Where ``lower`` speaks of a new one to come in a clause of time to come ("before your new Head
    of X starts"), not where the arrival is past."""
    spans = []
    for part in _CLAUSE.finditer(lower):
        start = _FUTURE.search(part.group())
        if start is not None:
            spans += [(part.start() + m.start(), part.start() + m.end())
                      for m in _COMING.finditer(part.group(), start.end()) if not _is_past(m["arrives"])]
    return spans


# A verb of time to come: "you'll work with the new Head of X", "you will meet the new hire".
_WILL = LazyPattern(r"(?<![^\W\d_])(?:will|'ll|shall|(?:is|are)[ \t]+going[ \t]+to)(?![^\W\d_])")


def after_verb_to_come(lower: str, at: int) -> bool:
    """Whether a verb of time to come stands before ``at`` in its clause of ``lower``, with no arrival
    in the past: "you will probably work closely with the new Head of X". A new one who is the verb's
    subject ("your new Head of X will want clean data") is no such clause: it reads as one hired."""
    clause = next((m for m in _CLAUSE.finditer(lower) if m.start() <= at < m.end()), None)
    return clause is not None and _WILL.search(lower, clause.start(), at) is not None and not _is_past(clause.group())


def without_hires_to_come(lower: str) -> str:
    """``lower`` with "your new" and the arrival blanked in a clause of time to come ("before your
    new Head of X starts", "once the new hire has joined"), where they claim no new role or joining;
    not where the arrival is past ("after your new Head of X started")."""
    if "new" not in lower:
        return lower

    def clause(m: re.Match[str]) -> str:
        part = m.group()
        start = _FUTURE.search(part)
        if start is None:
            return part
        return part[:start.end()] + _COMING.sub(_blank_to_come, part[start.end():])

    return _CLAUSE.sub(clause, lower)


def hire_claim_reasons(lower: str, known: str, roles: Roles) -> list[str]:
    """A reason where ``lower`` says a hire is made that neither the facts (a ``person`` who joined)
    nor the approved template in ``known`` say."""
    said = _hires_made(lower) if _MADE_CUES.any_in(lower) else []
    if not said or roles.value("person") or _hires_made(known):
        return []
    role = roles.value("role") or "the role"
    return [f"says a hire was made ('{said[0]}'); the facts say {role} is open"]
