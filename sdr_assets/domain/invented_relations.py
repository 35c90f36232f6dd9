"""Relations between us and the prospect's world that no fact states: "Maria asked me to reach out",
"Maria Lopez and I worked together", "Index Ventures told us you'd be a great fit", "Stripe's sales
team has used us", "we have a few connections in common", "Accel portfolio intro", "Initech x Jordan".

Research gives names (the signal's person, the investors, the tools in the prospect's stack, the
company and its product) and what they did; it never finds that one of them knows us, referred us,
uses us or said anything to us. A name of the facts is the subject of a referral or of a word said
("Maria said", "Index Ventures pointed us to you"), uses or backs us ("HubSpot's own reps use our
drafts", "GridSense was built with our data"), is one of our users, friends or fans, is known to
us or worked with us ("I know Maria from", "Maria Lopez and I"), introduces us ("Accel portfolio intro",
"Intro via Accel"; an "Initech intro call" is a call to meet) or stands beside us ("Initech x Jordan",
"Jordan x Initech"; the sender beside it or the contact by a plus, an ampersand or "<>": "Initech + Jordan",
"Dana <> Jordan"), or is where our friends are ("our
friends at Index Ventures"); and without a name, connections in common, a meeting with the contact,
someone of theirs who spoke to us ("a former colleague of yours speaks highly of you"), or the reader
or a person of theirs, by a pronoun, who worked with us, knows us, is one of our customers or
friends or used us ("I worked with you before", "she and I go way back", "she used us at her last
company"), said outright (not after "if"). The approved template saying the same grounds it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import not_stated_after
from sdr_assets.domain.ungrounded import ungrounded

# Where a name of the facts stood, one mark a letter of it.
_MARK = "\ue000"
_MARKS = LazyPattern(f"{_MARK}{_MARK}*")  # opening with the mark itself, so the engine skips to it
_B = r"[ \t]+"
_CLAUSE = r"[^.!?;,\n]"
_FIELDS = ("person", "lead_investor", "investors", "technology", "company_name", "product")
_REFERS = (r"asked|told|tells|pointed|suggested|suggests|recommended|recommends|introduced|referred|mentioned"
           r"|thought|thinks|said|says|speaks?|spoke|put[ \t]+(?:me|us)|sent[ \t]+(?:me|us)")
_REPLIED = r"replied|responded|answered|wrote[ \t]+back|got[ \t]+back[ \t]+to[ \t]+(?:me|us)"
# Words between a name and what it did, but for a passive's ("Will replied", "Will's team got back to us"; not
# "questions will be personally answered", "every email will get replied to").
_BETWEEN = rf"(?:{_B}(?!(?:be|been|being|get|gets|got|gotten)(?![^\W\d_]))[^\W\d_]+){{0,3}}?"
_ONE_OF_US = (rf"(?:is|was|are|were|has{_B}been){_B}(?:already{_B}|always{_B})?(?:(?:a|an){_B}(?:old{_B}|big{_B}|huge{_B}"
              rf"|long-time{_B}|longtime{_B})?(?:fan|friend|customer|client|user|partner|backer|investor)"
              rf"|one{_B}of{_B}our)\b")
_USES = r"uses?|used|using|tried|tries|runs?|ran|built|builds?|relies|relied|backs|backed|loves?|loved"
# Right after a name: "Maria asked", "Maria Lopez and I", "Stripe's sales team has used us".
_AFTER_NAME = LazyPattern(
    rf"(?:'s?)?{_BETWEEN}{_B}(?:(?:already|also|just|once){_B})?(?:{_REFERS}|{_REPLIED}|{_ONE_OF_US})\b"
    rf"|{_B}(?:already{_B}|really{_B})?want(?:s|ed){_B}to\b"
    rf"|(?:'s?)?{_CLAUSE}*?\b(?:{_USES})(?:{_B}[^\W\d_]+){{0,3}}?{_B}(?:us|our|ours)\b"
    rf"|{_B}and{_B}(?:i|we|me)\b"
    # An introduction by a name of theirs, or the two of us put side by side: "Accel portfolio intro",
    # "Initech x Jordan"; not a call or meeting to meet ("Initech intro call?").
    rf"|(?:'s?)?(?:{_B}portfolio)?{_B}(?:intro|introduction)\b(?!{_B}(?:calls?|chats?|meetings?|sessions?|demos?"
    rf"|decks?|of)\b)|{_B}(?:x|\u00d7|<>){_B}(?=[^\W\d_])")
# Right before a name: "we run outbound for", "I know", "our friends at", "we integrate with".
_BEFORE_NAME = LazyPattern(
    rf"(?:\b(?:we|i)(?:'ve|{_B}have)?(?:{_B}already)?{_B}(?:run|ran|do|did|work|worked|built|build|handle|handled"
    rf"|power|powered|supply|supplied)(?:{_B}[^\W\d_]+){{0,2}}?{_B}(?:for|with){_B}(?:the{_B})?"
    rf"|\b(?:we|i)(?:{_B}both)?{_B}(?:know|knew|met|worked{_B}with){_B}(?:(?:a{_B}few|some|several|many){_B}"
    rf"(?:people|folks){_B}(?:at|from){_B})?"
    rf"|\b(?:i|we){_B}and{_B}|\b(?:friends|colleagues|contacts|partners){_B}(?:at|from){_B}"
    rf"|\b(?:we|our(?:{_B}[^\W\d_]+)?){_B}(?:integrate|plug|connect|sync)s?(?:{_B}(?:natively|directly))?{_B}"
    rf"(?:with|into){_B}"
    # An introduction through a name of theirs, or us put beside it: "Intro via Accel", "Jordan x Initech".
    rf"|\b(?:(?:intro|introduction){_B}(?:from|courtesy{_B}of)|(?:intro|introduction|introduced){_B}(?:via|through))"
    rf"{_B}"
    rf"|(?<![^\W\d_])[^\W\d_]+{_B}(?:x|\u00d7|<>){_B})\Z")
_UNNAMED = LazyPattern(
    rf"\b(?:connections?|friends?|contacts?|people|acquaintances){_B}in{_B}common\b"
    rf"|\bmutual{_B}(?:connection|friend|contact|acquaintance|colleague)s?\b"
    rf"|\bwe{_B}both{_B}know\b|\bwe{_B}go{_B}(?:way{_B})?back\b"
    rf"|\b(?:bump(?:ing|ed)?|r[au]n(?:ning)?){_B}into{_B}you\b"
    rf"|\b(?:great|good|nice|lovely){_B}(?:meeting|seeing|chatting{_B}with|talking{_B}to){_B}you\b"
    rf"|\b(?:someone|somebody|a{_B}(?:former{_B}|mutual{_B})?(?:colleague|friend|contact)"
    rf"|(?:one{_B}of{_B})?your{_B}(?:former{_B})?(?:board{_B}members?|board|investors?|colleagues?|teammates?"
    rf"|peers?|friends?)|my{_B}(?:colleague|boss|friend|manager|co-?founder)s?)\b{_CLAUSE}{{0,40}}?"
    rf"\b(?:told|tells|speaks|spoke|thought|suggested|recommended|mentioned|said|pointed|asked|referred"
    rf"|introduced|met)\b"
    # The reader, or a person of theirs by a pronoun, known to us, one of ours or one who used us.
    rf"|\b(?:i|we)(?:'ve|'d|{_B}have|{_B}had)?(?:{_B}(?:already|also))?{_B}(?:worked|partnered){_B}"
    rf"(?:(?:together{_B})?with{_B})(?:you|her|him)\b"
    rf"|\b(?:you|she|he){_B}and{_B}(?:i|me){_B}(?:go|went|worked|were|met|have|used|know|knew)\b"
    rf"|\b(?:i|we){_B}(?:know|knew|met){_B}(?:you|her|him){_B}(?:from|at|through|back|since|well)\b"
    rf"|\b(?:you|she|he)(?:{_B}(?:is|was|are|were)|{_B}(?:has|have){_B}been|'s|'re){_B}(?:already{_B}|also{_B})?"
    rf"(?:a|an){_B}(?:(?:old|big|huge|long-?time|former|happy|loyal){_B})?(?:fan|friend|customer|client|user"
    rf"|partner)s?{_B}of{_B}(?:ours|mine|us)\b"
    rf"|\b(?:you|she|he)(?:'ve|'d|{_B}have|{_B}has|{_B}had)?(?:{_B}(?:already|also))?{_B}"
    rf"(?:used|tried|loved|enjoyed|relied{_B}on)(?:{_B}working{_B}with)?{_B}(?:us|our)\b"
    rf"|\b(?:she|he){_B}(?:already{_B})?knows{_B}(?:us|our)\b")
# A word every relation without a name holds: a text with none of them is not scanned for one.
_UNNAMED_CUES = Cues(("common", "mutual", "both know", "go back", "go way back", "into you", "meeting you",
                      "seeing you", "with you", "to you", "someone", "somebody", "colleague", "friend", "contact",
                      "your board", "board member", "your investor", "teammate", "peer", "boss", "manager", "founder",
                      "with her", "with him", " and i ", " and me ", "know you", "know her", "know him", "knew you",
                      "knew her", "knew him", "met you", "met her", "met him", " of ours", " of mine", " of us", "used us",
                      "used our", "tried us", "tried our", "loved us", "loved our", "enjoyed us", "enjoyed our",
                      "relied on", "with us", "with our", "knows us", "knows our"))


@lru_cache(maxsize=64)
def _names(fields: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The names of the facts (``fields``: each fact's field and value) other than the contact's and the
    sender's, longest first, folded; worked out once for a play's drafts to one account."""
    names = set()
    for field, value in fields:
        if field in _FIELDS or field.startswith("tech_"):
            parts = [v.strip() for v in value.split(",")] if field in ("investors", "lead_investor") else [value]
            names.update(p.casefold() for p in parts if p.strip())
            if field == "person":
                names.update(w.casefold() for w in value.split() if len(w) > 1)
    return tuple(sorted(names, key=len, reverse=True))


def _marked(lower: str, names: list[str]) -> str:
    """``lower`` with each letter of each whole-word name replaced by the mark the patterns read."""
    for name in names:
        at = lower.find(name)
        while at >= 0:
            end = at + len(name)
            if (at == 0 or not lower[at - 1].isalnum()) and (end == len(lower) or not lower[end].isalnum()):
                lower = lower[:at] + _MARK * len(name) + lower[end:]
            at = lower.find(name, end)
    return lower


# The words every phrase of ``_BEFORE_NAME`` ends with, before its blanks.
_BEFORE_ENDS = ("for", "with", "the", "know", "knew", "met", "and", "at", "from", "into", "via", "through", "of",
                " x", "\u00d7", "<>")


def _may_end_before(marked: str, at: int) -> bool:
    """Whether ``marked`` has one of ``_BEFORE_ENDS`` and blanks right before ``at``: without, no
    phrase of ``_BEFORE_NAME`` ends there, and its look for one is spared."""
    ahead = marked[max(0, at - 80):at]
    word = ahead.rstrip(" \t")
    return len(word) < len(ahead) and word.endswith(_BEFORE_ENDS)


_CONDITION = not_stated_after()
_SENTENCE_END = LazyPattern(r"[.!?;\n]")


def _stated(marked: str, at: int) -> bool:
    """Whether a relation at ``at`` is stated: no condition ("if you used our drafts") opens its sentence
    before it."""
    opens = max(0, at - 80)
    start = max((m.end() for m in _SENTENCE_END.finditer(marked, opens, at)), default=opens)
    return _CONDITION.search(marked, start, at) is None


def _relations(lower: str, names: tuple[str, ...]) -> list[str]:
    """What states each relation ``lower`` states, as it is written there."""
    marked = _marked(lower, [n for n in names if n in lower])
    spans = []
    for name in _MARKS.finditer(marked) if _MARK in marked else ():
        if after := _AFTER_NAME.match(marked, name.end()):
            spans.append((name.start(), after.end()))
        if _may_end_before(marked, name.start()) \
                and (before := _BEFORE_NAME.search(marked, max(0, name.start() - 80), name.start())):
            spans.append((before.start(), name.end()))
    if _UNNAMED_CUES.any_in(lower):
        spans += [m.span() for m in _UNNAMED.finditer(marked) if _stated(marked, m.start())]
    return [" ".join(lower[start:end].split()) for start, end in spans]


# Two names set side by side as a pair ("Initech + Jordan", "Dana & Jordan", "Jordan <> Initech").
_BESIDE = r"[ \t]*(?:\+|&|<>|\u00d7)[ \t]*|[ \t]+x[ \t]+"


@lru_cache(maxsize=64)
def _pairs(theirs: tuple[str, ...], ours: tuple[str, ...]) -> LazyPattern | None:
    """A pattern of a name of ``theirs`` and one of ``ours`` (the sender's) set side by side, either first."""
    if not theirs or not ours:
        return None
    them, us = ("|".join(map(re.escape, sorted(names, key=len, reverse=True))) for names in (theirs, ours))
    return LazyPattern(rf"(?<![^\W\d_])(?:(?:{them})(?:{_BESIDE})(?:{us})|(?:{us})(?:{_BESIDE})(?:{them}))"
                       rf"(?![^\W\d_])")


def _beside_us(lower: str, pairs: LazyPattern | None) -> list[str]:
    """Each place ``lower`` sets the sender beside a name of the prospect's, as it is written there."""
    return [] if pairs is None else [" ".join(m.group().split()) for m in pairs.finditer(lower)]


def relation_reasons(text: str, grounds: str, roles: Roles | None) -> list[str]:
    """A reason for each relation with us ``text`` (folded) states that ``grounds`` do not: also the
    sender set beside the contact or a name of the facts, as a subject pairs two who meet."""
    names = _names(roles.fields) if roles else ()
    sender = _full_and_first(roles.sender) if roles else ()
    pairs = _pairs(tuple(n for n in (*names, *_full_and_first(roles.contact)) if n not in sender), sender) \
        if roles else None
    return [f"relation with us not in the facts: '{phrase[:80]}'"
            for phrase in ungrounded(lambda lower: _relations(lower, names) + _beside_us(lower, pairs), text, grounds)]


def _full_and_first(name: str) -> tuple[str, ...]:
    """A person's full name and first name, folded: how a subject names her."""
    words = name.casefold().split()
    return tuple(dict.fromkeys((" ".join(words), words[0]))) if words else ()
