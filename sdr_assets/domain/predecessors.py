"""Whoever held a role before, whom the facts never name: a predecessor ("Your last Head of Revenue
Operations left after a few months", "The previous Chief Revenue Officer left in a hurry", "Maria
replaces the outgoing CRO", "since Maria took over sales from you"), and what the one who held it
before did ("Your VP Sales before you set up HubSpot", "The Chief Revenue Officer before Maria built the
pipeline", "Whoever held the role before set up the routing", "Your predecessor chose HubSpot").

A leadership signal names the person who took a role, a hiring signal the role that is open; neither
says who held it before, how they left, what they did, or that the contact gave it up. A title after
"previous", "last", "former", "outgoing", "departing" or "prior", a title someone replaces or succeeds,
and a role taken over from the contact each claim a predecessor. A sentence tells of what an earlier
holder did where it opens with a title or "the one" held "before" someone ("The Head of Data before you
started ..."), where someone who held, ran or led something did so "before", or where it speaks of a
predecessor of theirs. "Before" as a time ("Check with your VP Sales before you set up a call", "try the
tables before you commit"), a question and a condition state nothing. Each is stopped unless the
grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.new_roles import A_TITLE
from sdr_assets.domain.said_outright import outright_sentences
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_PREDECESSOR = LazyPattern(
    rf"(?<![^\W\d_])(?:(?:previous|last|former|outgoing|departing|prior){_B}{A_TITLE}"
    rf"|(?:replac(?:es|ed|ing)|succe(?:eds|eded|eding)|t(?:ook|akes|aking){_B}over{_B}from){_B}{A_TITLE}"
    rf"|t(?:ook|akes|aking){_B}over{_B}(?:[^\W\d_]+{_B}){{0,3}}?from{_B}you)(?![^\W\d_])")


# A word every predecessor said holds: a text with none of them is not scanned.
_CUES = Cues(("previous", "last", "former", "outgoing", "departing", "prior", "replac", "succe", "over"))


def _predecessors(lower: str) -> list[str]:
    if not _CUES.any_in(lower):
        return []
    return [" ".join(m.group().split()) for m in _PREDECESSOR.finditer(lower)]


def predecessor_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each predecessor ``text`` (folded) speaks of that ``grounds`` do not."""
    return [f"predecessor not in the facts: '{who}'" for who in ungrounded(_predecessors, text, grounds)]


_WORD = r"[^\W\d_][\w&'’-]*"
_RANK = (r"(?:head|vp|svp|evp|president|director|chief|manager|lead|leader|officer|founder|ceo|cro|cmo|cfo|cto|coo"
         r"|person|one)")
# Words after "before" that make it a time ("your VP Sales before the board meeting"), not a person.
_NO_ONE = (r"(?:the|a|an|your|their|our|my|this|that|these|those|it|its|we|they|any|every|each|next|then|and|or"
           r"|going|sending|starting|joining)(?![^\W\d_])")
_HOLDER = LazyPattern(
    rf"(?i)(?:^[ \t]*(?:the|your|their|(?:{_WORD}{_B}){{0,2}}{_WORD}['’]s){_B}(?:{_WORD}{_B}){{0,3}}?{_RANK}"
    rf"(?:{_B}of)?(?:{_B}{_WORD}){{0,2}}?{_B}before{_B}(?!{_NO_ONE}){_WORD}(?={_B}(?!and|or|but)[^\W\d_])"
    rf"|(?<![^\W\d_])(?:whoever|the{_B}(?:person|one|people){_B}(?:who|that)|someone{_B}who|those{_B}who){_B}"
    rf"(?:held|had|ran|filled|led|owned|did|managed|headed|was{_B}in|sat{_B}in)(?:{_B}{_WORD}){{0,3}}?{_B}before"
    rf"|(?<![^\W\d_])(?:your|her|his|their|the|{_WORD}['’]s){_B}predecessors?)(?![^\W\d_])")
# "Before" and someone after it, or one who held something: "before it goes out" holds neither.
_BEFORE_SOMEONE = LazyPattern(rf"before{_B}(?!(?:it|the|a|an|we|they|your|our|their|this|that|then|and|or|i|going"
                              rf"|sending|anything|anyone)(?![^\W\d_]))[^\W\d_]")


# A predecessor, or "before" with one who held something or someone after it: a text with neither tells
# of no earlier holder.
_HOLDER_CUES = Cues(("predecessor", "before", "who"))


def _holders(lower: str) -> list[str]:
    held = _HOLDER_CUES.held_in(lower)
    if "predecessor" not in held and not ("before" in held and ("who" in held or _BEFORE_SOMEONE.search(lower))):
        return []
    return [" ".join(m.group().split()) for sentence in outright_sentences(lower) for m in _HOLDER.finditer(sentence)]


def earlier_holder_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each sentence of ``text`` (folded) that tells of the one who held a role before,
    unless the ``grounds`` say the same words."""
    return [f"earlier holder of a role not in the facts: '{p}'" for p in ungrounded(_holders, text, grounds)]
