"""Where a text says someone took a new role, read by the sentence's structure, not by set phrases.

A new role is a verb of entering one (join, step into or up, take over or the helm, come on board,
move into a seat, arrive, land or assume a role, start as or become a title, settle in), a passive
of being put in one (appointed, promoted, named, hired, tapped, brought on, ...), or a noun of it
(an arrival, a move to, a start at, the first 90 days, a new seat). It is said of the contact where
"you" is the verb's subject ("since you took over", "you've come on board"), "as you", "since you"
or "now that you" has its present ("as you step into the role", "now that you lead marketing"), a
greeting welcomes them ("welcome aboard", "welcome to Acme"), they started at the company, "congrats
on" or a clause that "you" then opens has its -ing form ("congrats on taking the helm", "stepping
into the CRO seat, you"), "your" has the noun ("your first 90 days", "your move to Acme") or "you"
are "the new" one. It is said of a named person where the name is the verb's subject ("Jordan took
the helm"). Offers, plans and plain present tenses say none: "we would welcome a call", "as you lead
sales", "before they join", "you started at zero", "as a new customer, you", "starting as a pilot,
you", "you became profitable", "if you're joining us at the summit" (a progressive of joining,
starting, coming or arriving needs a seat, a title or a team in its clause; "you're taking over"
does not), "as you step up hiring" ("step up" needs a seat, a title or to lead), "you came on as a
customer" (and "came on as" a title), "you were selected for an award" (and "selected", "chosen",
"picked": a title or to lead), trips, events and visits: "you arrived in Berlin" (but "since you
arrived in March"), "as you join us for the demo", "you came over to our booth".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.name_slots import word_first

_B = r"[ \t]+"
SOON = r"(?:(?:just|recently|now|officially|finally|formally|already)[ \t]+)?"
_END = r"(?![^\W\d_])"
_SEAT = r"(?:role|seat|position|job|post|chair|title|gig|helm|reins|office)"
# "the role", "a new position", "the VP Marketing seat": a determiner, up to three words, a seat.
_A_SEAT = rf"(?:the|a|an|your|this|that|their){_B}(?:[^\W\d_]+{_B}){{0,3}}?{_SEAT}{_END}"
# "VP Marketing", "the new Head of X", "a Sales Director": a title, by the word that ranks it.
_RANKS = r"head|vp|svp|evp|vice[ \t]+president|president|director|chief|manager|lead|leader|officer|founder"
_RANKS += r"|ceo|cro|cmo|cfo|cto|coo|cio|cso|cpo"
_A_TITLE = rf"(?:(?:the|our|a|an|their){_B})?(?:(?:new|acting|interim){_B})?(?:[^\W\d_]+{_B}){{0,2}}?(?:{_RANKS}){_END}"
A_TITLE = _A_TITLE  # the title a congratulation names (promotions.py)


class Verb(NamedTuple):
    """A verb of entering a role in each form, what follows it, how a reason says it, and whether
    its progressive can state a plan ("you're joining us", "you're starting Monday")."""

    present: str
    past: str
    ing: str
    then: str
    said: str
    plan: bool = False


# Joining an event or the sender ("as you join us for the demo") is no role, nor joining people for
# or at an occasion ("you're joining the team for lunch", "joined them at the offsite"); joining a
# company in time for one is ("joining Acme just in time for the kickoff"). A kickoff, where a new
# hire starts, is no such occasion.
_AN_EVENT = (r"(?:call|demo|webinar|meeting|session|event|summit|conference|panel|workshop|talk|stream|livestream"
             r"|roundtable|waitlist|beta|pilot|community|lunch|dinner|breakfast|brunch|coffee|drink|offsite"
             r"|party|celebration|standup|stand-up|retro|walk|game|trip|visit)s?")
_PEOPLE = rf"(?:us|them|me|everyone|(?:the|our|your){_B}(?:[^\W\d_]+{_B})?team){_END}"
_FOR_AN_EVENT = (rf"(?:{_B}{_PEOPLE})?{_B}(?:for|at){_B}(?:(?:the|a|an|this|that|our|your|their|its){_B})?"
                 rf"(?:[^\W\d_]+{_B}){{0,2}}?{_AN_EVENT}{_END}")
_NOT_A_TEAM = rf"(?!{_B}(?:(?:us|our|me){_END}|(?:the|a|an|this|that|our){_B}{_AN_EVENT}{_END})|{_FOR_AN_EVENT})"
# Arriving somewhere ("you arrived in Berlin", "arrived back from the summit") is a trip, not a
# role; arriving "in March" or "in the role" still is one.
_WHEN = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
         rf"|spring|summer|autumn|fall|winter|q[1-4]|\d{{4}}|the{_B}(?:role|seat|job|position|team|company))")
_A_TRIP = rf"{_B}(?:in(?!{_B}{_WHEN}{_END})|from|back|home|here|there|safely|safe|late|early|by|via){_END}"
# Coming over to the sender or a booth is a visit: "you came over to our booth".
_A_VISIT = rf"(?!{_B}(?:our|my|us|me|the{_B}(?:booth|stand|table|bar|session|demo|event)s?){_END})"
# Put at the head of something ("step up to lead marketing", "chosen to run sales"), not of an event.
_NO_EVENT = rf"(?!{_B}(?:the|a|an|this|that|our){_B}{_AN_EVENT}{_END})"
_TO_LEAD = rf"to{_B}(?:lead|run|head){_END}{_NO_EVENT}"
_TO_LEAD_OR_OWN = rf"to{_B}(?:lead|run|head|own|manage|oversee){_END}{_NO_EVENT}"

_VERBS = (
    Verb("join|joins", "joined", "joining", _END + _NOT_A_TEAM, "joined", plan=True),
    Verb("step|steps", "stepped", "stepping",
         rf"{_B}(?:into{_END}|up{_B}(?:as{_B}{_A_TITLE}|{_TO_LEAD_OR_OWN}|(?:(?:into|to){_B})?{_A_SEAT}))",
         "stepped in"),
    Verb("take|takes", "took|taken", "taking", rf"{_B}(?:over{_END}|charge{_END}|on{_B}{_A_SEAT}|{_A_SEAT})",
         "took over"),
    Verb("come|comes", "came|come", "coming",
         rf"{_B}(?:(?:aboard|on{_B}?board|onboard){_END}|over{_B}to{_END}{_A_VISIT}"
         rf"|(?:on|in|over){_B}as{_B}{_A_TITLE})", "joined", plan=True),
    Verb("move|moves", "moved", "moving", rf"{_B}(?:up{_B})?(?:into|to){_B}{_A_SEAT}", "moved into a new role"),
    Verb("arrive|arrives", "arrived", "arriving", rf"{_END}(?!{_B}at{_B}(?:a|an|the|this|that|our){_END}|{_A_TRIP})",
         "joined", plan=True),
    Verb("land|lands", "landed", "landing", rf"{_B}{_A_SEAT}", "has a new role"),
    Verb("assume|assumes", "assumed", "assuming", rf"{_B}{_A_SEAT}", "has a new role"),
    Verb("start|starts", "started", "starting", rf"{_B}(?:as{_B}{_A_TITLE}|in{_B}{_A_SEAT})", "joined", plan=True),
    Verb("settle|settles", "settled", "settling", rf"{_B}in(?:to{_B}{_A_SEAT}|{_END})", "has a new role"),
    Verb("(?!)", "became", "becoming", rf"{_B}{_A_TITLE}", "has a new role"),
)
# Put in a role by someone else: "you were appointed", "on being named", "Dana was promoted".
# "Chosen", "picked" and "selected" only for a title or to lead: "picked as the new CRO", "chosen to
# lead revenue", not "selected for an award".
_PASSIVE = (rf"(?:appointed|promoted|named(?!{_B}(?:in|on|by|for|among|after|at|one){_END})|hired|tapped"
            rf"|elevated|installed|recruited|brought{_B}(?:on|in)"
            rf"|(?:chosen|picked|selected)(?={_B}(?:(?:as|to{_B}(?:be|become)){_B}{_A_TITLE}|{_TO_LEAD}))){_END}")
_PASSIVE_WORD = LazyPattern(rf"(?:brought{_B})?[^\W\d_]+\Z")  # the passive's word, where a match of it ends
_HAS = rf"(?:'ve|'d|'re|{_B}(?:have|had|are|were))?"
# "You're joining" (or starting, coming, arriving) is a plan or a trip ("if you're joining us at the
# summit") unless a seat, a title, a team or "aboard" follows in its clause ("you're joining the
# team", "you're starting as VP Sales"); taking over or stepping up is a new role planned or not.
_HAS_DONE = rf"(?:'ve|'d|{_B}(?:have|had))?"
_ARE = rf"(?:'re|{_B}(?:are|were))"
_A_TEAM = (rf"(?:the|a|an|your|their){_B}(?:[^\W\d_]+{_B}){{0,3}}?(?:team|company){_END}"
           rf"(?!{_B}{_AN_EVENT}{_END})|(?:aboard|on{_B}?board|onboard){_END}")
_A_SEAT_AHEAD = rf"(?=[^,.!?;\n]*?(?<![^\W\d_])(?:{_A_SEAT}|{_A_TEAM}|as{_B}{_A_TITLE}))"
_BEEN = rf"(?:'ve{_B}been|{_B}have{_B}been|{_B}had{_B}been|{_B}were|{_B}got|'re|{_B}are)"
# "you" as one who leads now: "now that you lead marketing", "now that you're at the helm".
_NOW_LEADS = (rf"\bnow{_B}that{_B}you(?:'re|{_B}are)?{_B}(?:lead|run|head|manage|oversee|leading|running"
              rf"|heading|managing|overseeing|in{_B}charge|at{_B}the{_B}helm|in{_B}the{_B}(?:seat|role|chair|job))"
              + _END)
_NOUNS = (rf"\byour{_B}(?:recent{_B})?(?:arrival|(?:move|transition|step){_B}(?:up{_B})?(?:to|into){_B}{_A_SEAT}"
          rf"|start{_B}(?:as{_B}{_A_TITLE}|in{_B}{_A_SEAT})|onboarding|elevation|step{_B}up{_END}"
          rf"|first{_B}(?:(?:\d+|few|couple{_B}of|thirty|sixty|ninety|hundred){_B})?"
          rf"(?:day|week|month)s?(?!{_B}of{_END})"
          rf"|first{_B}(?:quarter|year){_B}(?:as|at|in)){_END}")
_NEW_SEAT = (rf"\b(?:your|congrat(?:s|ulations){_B}on{_B}the|on{_B}the){_B}new{_B}"
             rf"(?:role|position|job|gig|seat|post|chair|title|company|employer){_END}")
# "as the new VP Marketing, you", "you're the new one", "you're new in the seat"; not "as a new customer".
_NOT_A_ROLE = (r"(?:customer|client|user|subscriber|reader|partner|vendor|prospect|visitor|company|business"
               r"|team)s?")
_THE_NEW = (rf"\bas{_B}(?:the|a|an|our){_B}new{_B}(?!{_NOT_A_ROLE}{_END})[^,.!?\n]{{1,60}},[ \t]*you\b"
            rf"|\byou(?:'re|{_B}are){_B}(?:now{_B})?(?:the|a|our){_B}new\b"
            rf"|\byou(?:'re|{_B}are){_B}(?:still{_B})?new{_B}(?:to|in|at|on){_B}"
            rf"(?:{_A_SEAT}|the{_B}(?:team|company){_END}|board{_END})")
_WELCOME = (rf"\bwelcome{_B}(?:aboard|on{_B}?board|onboard|to{_B}(?:the{_B}(?:team|company|fold)|your{_B}new))"
            + _END)


def _any(forms: str, verb: Verb) -> str:
    return f"(?:{forms}){verb.then}"


_PAST = "|".join(_any(v.past, v) for v in _VERBS)
_ING = "|".join(_any(v.ing, v) for v in _VERBS)
_ING_PLAN = "|".join(_any(v.ing, v) for v in _VERBS if v.plan)
_ING_NOW = "|".join(_any(v.ing, v) for v in _VERBS if not v.plan)
_PRESENT = "|".join(_any(v.present, v) for v in _VERBS)
# One pattern for every verb (a pattern a verb would cost a scan of the text each).
_YOU_ENTER = LazyPattern(rf"\byou{_HAS_DONE}{_B}{SOON}(?:{_PAST}|{_ING})"
                        rf"|\byou{_ARE}{_B}{SOON}(?:{_ING_NOW}|{_A_SEAT_AHEAD}(?:{_ING_PLAN}))"
                        rf"|\b(?:as|now{_B}that|since){_B}you{_B}{SOON}(?:{_PRESENT})"
                        rf"|\b(?:congrat(?:s|ulations)|kudos){_B}on{_B}(?:{_ING})"
                        rf"|(?:^|(?<=[.!?])[ \t]+|\b(?:since|after){_B})(?:{_ING})[^.!?\n]*?,[ \t]*you\b", re.M)
_EACH_VERB = tuple((LazyPattern(rf"\b{_any(f'{v.present}|{v.past}|{v.ing}', v)}"), v.said) for v in _VERBS)
# The nouns of a new seat "your" has in ``_NOUNS``.
_SEAT_NOUNS = Cues(("arrival", "move", "transition", "step", "start", "onboarding", "elevation", "first"))


def _may_have_new_seat(text: str) -> bool:
    """Whether ``text`` has what every match of ``_NOUNS``, ``_NEW_SEAT`` or ``_THE_NEW`` has: "new", or
    "your" and a noun of a new seat. Most drafts have neither, and that pattern tries every place."""
    return "new" in text or ("your" in text and _SEAT_NOUNS.any_in(text))


# (pattern, how a reason says it, what a text needs for the pattern to be worth running, or None) for
# the other ways a text says "you" took a new role.
_YOU_OTHER: tuple[tuple[LazyPattern, str, Callable[[str], bool] | None], ...] = (
    (word_first(r"\byour[ \t]+promotion\b"), "was promoted", None),
    (word_first(r"\byour[ \t]+appointment\b"), "was appointed", None),
    (word_first(_NOW_LEADS), "took over", None),
    (LazyPattern(f"{_NOUNS}|{_NEW_SEAT}|{_THE_NEW}"), "has a new role", _may_have_new_seat),
    (word_first(_WELCOME), "joined", None),
)
_YOU_PASSIVE = LazyPattern(rf"\byou{_BEEN}{_B}{SOON}{_PASSIVE}|\bon{_B}being{_B}{_PASSIVE}")
# The words of ``_PASSIVE``, one of which every match of ``_YOU_PASSIVE`` holds.
_PASSIVE_WORDS = Cues(("appointed", "promoted", "named", "hired", "tapped", "elevated", "installed", "recruited",
                       "brought", "chosen", "picked", "selected"))


# Each form of a verb of entering, but those holding a shorter one ("joined" holds "join"): a text
# with none of them has no match of ``_YOU_ENTER``, which a plain substring test tells cheaply.
_FORMS = {f for v in _VERBS for forms in (v.present, v.past, v.ing) for f in forms.split("|") if f.isalpha()}
_VERB_STEMS = Cues(sorted(f for f in _FORMS if not any(o != f and o in f for o in _FORMS)))


def _entering(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_YOU_ENTER`` in ``text``, in order, looked for only on its lines with a form of a
    verb of entering: none of its branches reads across a line break, and ``^`` and the look-behinds
    read a line's start as they read the text's."""
    stems = _VERB_STEMS.held_in(text)
    if not stems:
        return
    for line in text.split("\n"):
        if any(stem in line for stem in stems):
            yield from _YOU_ENTER.finditer(line)


def you_new_roles(text: str) -> Iterator[str]:
    """How a reason says each new role ``text`` (folded, lower case) says "you" took."""
    for m in _entering(text):
        found = m.group()
        yield min((at.start(), said) for p, said in _EACH_VERB if (at := p.search(found)))[1]
    for m in _YOU_PASSIVE.finditer(text) if _PASSIVE_WORDS.any_in(text) else ():
        yield passive_said(m.group())
    for pattern, said, worth in _YOU_OTHER:
        for _ in pattern.finditer(text) if worth is None or worth(text) else ():
            yield said


# After a person's name: "Jordan took the helm", "Jordan's promotion", "Jordan was appointed".
NAMED_NEW_ROLE = (rf"(?:'s|{_B}has|{_B}had)?{_B}{SOON}({_PAST}"
                  rf"|(?:was|has{_B}been|got){_B}{_PASSIVE})|'s{_B}(promotion|appointment|new{_B}role|arrival)\b")


def passive_said(found: str) -> str:
    """How a reason says the passive new role ``found`` ("you were tapped to" reads "was tapped")."""
    return "was " + " ".join(_PASSIVE_WORD.search(found).group().split())


_NOUN_SAID = {"promotion": "was promoted", "appointment": "was appointed", "new role": "has a new role",
              "arrival": "joined"}


def said_of_named(how: str) -> str:
    """How a reason says the new role ``how`` (as the named pattern found it) a person took."""
    how = " ".join(how.split())
    if how in _NOUN_SAID:
        return _NOUN_SAID[how]
    if how.startswith(("was ", "has been ", "got ")):
        return passive_said(how)
    return next((v.said for v in _VERBS if re.fullmatch(v.past, how.split()[0])), how)


# Before the company's name: "welcome to Acme", "since you started at Acme", "your move to Acme".
AT_COMPANY = (rf"\b(?:welcome{_B}to|you{_HAS}{_B}{SOON}(?:started|starting){_B}at|you{_ARE}{_B}{SOON}joining"
              rf"|since{_B}you{_B}start(?:ed)?{_B}at|on{_B}starting{_B}at|your{_B}(?:recent{_B})?(?:move{_B}to"
              rf"|start{_B}at)){_B}")
AT_COMPANY_LEADS = ("welcome", "you", "since", "on")  # the words each match of AT_COMPANY starts with
