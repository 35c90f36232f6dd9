""""Today" as the present, not as the day something happened.

"Today" is a time claim where it dates an event ("announced today", "the round you closed today",
"goes live today", "the launch today", "today's news"), and says nothing where its clause asks or
tells how things are or when the sender is free ("how routing works today", "where your pipeline
stands today", "free to talk today?", "happy to chat today"). A clause (up to a comma, a stop or a
line break) of a question, or with a verb of how things stand or of being free, keeps only the present
where it has no past form, no "today's" and no word of an event (going live, news, launch, announce,
...): there "today" is blanked before the claim check reads the text.

"Call", "talk", "chat" and "meet" say when the sender is free ("happy to call today", "a quick chat
today?"), as does a call or meeting offered ("happy to set up a meeting today"), not where they name
an event of the prospect's ("your earnings call today", "your talk today", "the investor call
today"): a clause with one keeps "today" as a time claim, as does one that says a thing is live ("is
the page live today?", "are the new features live today?"; "a live demo today?" is an offer, and
"live" as a way of working is no launch: "a live-chat widget", "live or on-demand support", people
"live on chat", "are your reps live on chat today?"; not a thing, "is the hotline live on the phones
today?"). "A call" is ours only in a clause that offers it ("happy to set up", "can", "let's", "free
for"); one wished luck or well ("have a great meeting today", "hope the call goes well today") is
theirs, dated, as is "the call" they are hoped or asked to attend ("hope you can make the call
today", "will you be at the summit today?"): a call of ours is said as ours or offered ("hope you
can join our demo today", "can you make a quick call today?", "happy to show you on the call
today"). To "make the call on" a thing is to decide it ("do you make the call on tooling today?").
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.recency import is_past

_SENTENCE = LazyPattern(r"[^.!?\n]+[.!?]*")
_CLAUSE = LazyPattern(r"[^,;:]+")
_TODAY = LazyPattern(r"(?<![^\W\d_])today(?![^\W\d_']|'s)")
_WORD = LazyPattern(r"[^\W\d_]+")
# How things stand, not what happened ("how routing works today", "where it stands today"), and when
# the sender is free ("happy to chat today", "free today").
_STATE = frozenset("work works stand stands look looks run runs sit sits handle handles manage manages "
                   "operate operates talk chat call meet free available".split())
# Words of when, where or for whom, which may follow a predicate ("live today", "live on the site").
_WHEN = (r"(?:today|yet|now|already|again|soon|still|then|there|here|tomorrow|this|next|on|in|at|by|for|from|with|to"
         r"|and|or|as|until|before|after|when|while|so|but|too|also|right|across|everywhere)(?![^\W\d_])")
# "Live" said of a thing, not set before a noun ("a live demo", "a live walkthrough"): what follows is
# no word, or a word of when, where or for whom.
_PREDICATE = rf"(?![ \t]+(?!{_WHEN})[^\W\d_])"
# "Live" as a way of working, not a launch: in a compound ("a live-chat widget"), or against a recorded
# one before a noun ("live or on-demand support"; "is the beta live or on-demand today?" is said of it).
_MODE = (r"(?!-(?:chat|chats|stream|streams|streamed|streaming)(?![^\W\d_-])|[ \t]+(?:and|or|vs\.?|versus)[ \t]+"
         r"(?:recorded|pre-recorded|on-demand|async|asynchronous|in-person|virtual|taped|self-serve|self-paced"
         rf"|automated)(?![^\W\d_-])[ \t]+(?!{_WHEN})[^\W\d_])")
# Someone on a channel ("your reps are live on chat", "is someone live on the phone"): a way of working
# of people, not of a thing ("is the new hotline live on the phones").
_CHANNEL = LazyPattern(r"[ \t]+(?:on|in|over)[ \t]+(?:(?:the|a|an|your|our)[ \t]+)?(?:chat|chats|phones?|calls?|air"
                      r"|video|camera|zoom|lines?|headsets?)(?![^\W\d_-])")
_WHO = LazyPattern(r"[^\W\d_]+(?![^\W\d_]|'s(?![^\W\d_]))")  # a word that owns nothing: "team", not "team's"
_PEOPLE = frozenset("you we they reps rep agents agent team teams staff someone somebody anyone anybody everyone "
                    "people sdrs".split())
# A word of an event that "today" would date ("goes live today", "in the news today"), as a whole word
# with its endings, so "lives", "pressure" and "fundamental" are none.
_EVENT = LazyPattern(rf"(?<![^\W\d_])(?:(?:go|goes|going|gone|went)[ \t]+live(?![^\W\d_]){_MODE}{_PREDICATE}"
                    r"|news|launch(?:es|ed|ing)?|announc(?:e|es|ed|ing|ements?)|releas(?:e|es|ed|ing)"
                    r"|unveil(?:s|ed|ing)?|debut(?:s|ed|ing)?"
                    r"|ship(?:s|ped|ping)?|rais(?:e|es|ed|ing)|fund(?:ing|ed|s)?|rounds?|ipos?"
                    r"|acqui(?:re|res|red|ring|sitions?)|merg(?:e|es|ed|ing|ers?)|press(?:[ \t]+releases?)?"
                    r"|headlines?|celebrat(?:e|es|ed|ing|ions?)|milestones?|anniversar(?:y|ies)|earnings)(?![^\W\d_])")
# A thing said to be live, however far the subject sits between ("is the page live", "are the new
# features live"), not a place something lives ("where does your routing live").
_LIVE = LazyPattern(r"(?:(?<![^\W\d_])(?:is|are|be|isn't|aren't)|'s|'re)(?![^\W\d_])(?P<subject>[^,;:]*?)"
                   rf"(?<![^\W\d_])live(?![^\W\d_]){_MODE}{_PREDICATE}")
# One event, not the run of them ("your calls", "your meetings") nor a thing of calls ("your call
# volume", "your call notes"), which are how things stand.
_EVENT_NOUN = (r"(?:call|meeting|talk|chat|keynote|webinar|presentation|panel|event|conference|summit|offsite"
               r"|kick-?off|all-hands|town[ \t-]hall|demo[ \t-]day|session)(?![^\W\d_'-])"
               r"(?![ \t]+(?:volumes?|cent(?:er|re)s?|notes|recordings?|quality|scripts?|rates?|data|logs?|queues?"
               r"|times?|lists?|cadence|schedules?|tracking|flow|handling|metrics|counts?|load|coverage|routing))")
# Words that make a call or a meeting one of the prospect's own events ("earnings call", "board meeting").
_OWNED_BY = (r"(?:earnings|investors?|analysts?|board|shareholders?|launch|quarterly|annual|all-hands|town[ \t-]hall"
             r"|kick-?off|q[1-4])")
# An event of the prospect's: one of theirs ("your call", "your big talk", "Larkspur's keynote") or
# one a word above names ("the earnings call"); not "a call" or "our call", nor "your reps call".
_THEIR_EVENT = LazyPattern(
    rf"(?<![^\W\d_])(?:(?:your|their|his|her|its|(?!(?:let|that|it|there|here|what|who|where|how|he|she|when|one)'s)"
    rf"[^\W\d_]+'s)[ \t]+(?:(?:{_OWNED_BY}|big|first|next|upcoming|weekly|monthly|company|product|customer|partner)"
    rf"[ \t]+){{0,2}}|{_OWNED_BY}[ \t]+){_EVENT_NOUN}")
# A call or meeting the sender offers ("happy to set up a meeting today", "hope you can join our demo
# today"): "a call" or "our call" with a word of offering in its clause, not one wished well ("have a
# great meeting today").
_OURS = LazyPattern(r"(?<![^\W\d_])(?:an?|our)[ \t]+(?:[^\W\d_]+[ \t]+){0,2}?(?:call|chat|meeting|talk|catch-up|demo)"
                   r"(?![^\W\d_])")
_OFFERING = (r"set[ \t]+up|book|schedule|jump[ \t]+on|hop[ \t]+on|grab|give[ \t]+you|show[ \t]+you|happy[ \t]+to"
             r"|glad[ \t]+to|let's")
_OFFER = LazyPattern(rf"(?<![^\W\d_])(?:{_OFFERING}|do|can|could|shall|free[ \t]+for)(?![^\W\d_])")
# An offer said outright, no "can" that only asks ("hope you can make the call"): it makes the call or
# meeting "you" are on ours ("happy to show you on the call today").
_OFFERED = LazyPattern(rf"(?<![^\W\d_])(?:{_OFFERING})(?![^\W\d_])")
_OFFERED_NOUNS = frozenset("call chat meeting demo catch-up".split())
# Luck or a hope wished for an event ("good luck on a big call today", "hope the call goes well
# today"), not the sender's hope to do a thing ("hope to catch you for a call today"): that is their
# event, which "today" dates, unless the clause offers ours.
_WISH = LazyPattern(r"(?<![^\W\d_])(?:good[ \t]+luck|best[ \t]+of[ \t]+luck|hope(?![ \t]+to(?![^\W\d_]))"
                   r"|congrat[^\W\d_]*|enjoy|have[ \t]+a[ \t]+great|break[ \t]+a[ \t]+leg)(?![^\W\d_])")
_WISHED = LazyPattern(r"(?<![^\W\d_])(?:an?|the|your|their|this|that|[^\W\d_]+'s)[ \t]+"
                     rf"(?:[^\W\d_-]+[ \t]+){{0,2}}?(?:{_EVENT_NOUN}|(?:demo|pitch|catch-up)(?![^\W\d_-]))")

# "Make the call on", "about" or "for" a thing: decide it, no event ("do you make the call on tooling?").
_DECIDES = (r"(?:make|makes|making)[ \t]+(?:the|that|this)[ \t]+(?:[^\W\d_-]+[ \t]+){0,2}?call[ \t]+(?:on|about|for)"
            r"(?![^\W\d_])(?![ \t]+(?:time|zoom|teams|video|the[ \t]+phone)(?![^\W\d_]))")
# "You" attending an event named as a known one ("hope you can make the call today", "will you be at
# the summit today?"): theirs, which "today" dates; not "our call" nor "a call" offered.
_ATTENDS = LazyPattern(r"(?<![^\W\d_])you(?:'ll|'re|[ \t]+(?:can|could|will|would|might|may|are|get[ \t]+to|manage[ \t]+to))?"
                      r"(?:[ \t]+(?:still|also|able[ \t]+to|going[ \t]+to))*[ \t]+(?:be[ \t]+)?"
                      rf"(?!{_DECIDES})(?:make|makes|making|attend|attending|join|joining|catch|catching|at|on|in|dial[ \t]+into|get[ \t]+to|make[ \t]+it[ \t]+to)"
                      r"[ \t]+(?:the|that|this)[ \t]+(?:[^\W\d_-]+[ \t]+){0,2}?"
                      rf"(?:{_EVENT_NOUN}|(?:demo|pitch|catch-up)(?![^\W\d_-]))")


def _dated_live(part: str) -> bool:
    """Whether ``part`` says a thing is live, not people on a channel ("your reps are live on chat")."""
    for m in _LIVE.finditer(part):
        who = _WHO.findall(m["subject"]) + _WHO.findall(part[:m.start()])[-1:]
        if not (_CHANNEL.match(part, m.end()) and _PEOPLE.intersection(who)):
            return True
    return False


def without_present_today(lower: str) -> str:
    """``lower`` (lower-case text) with each "today" blanked in a clause of a question or of how things
    stand that dates no event."""
    if "today" not in lower:
        return lower

    def sentence(s: re.Match[str]) -> str:
        question = s.group().endswith("?")

        def clause(m: re.Match[str]) -> str:
            part = m.group()
            attends = _ATTENDS.search(part)
            offered = attends and _OFFERED.search(part) and attends.group().split()[-1] in _OFFERED_NOUNS
            if "today" not in part or "earlier today" in part or _EVENT.search(part) or _dated_live(part) \
                    or _THEIR_EVENT.search(part) or (attends and not offered):
                return part
            offer = _OFFER.search(part)
            if not offer and _WISH.search(part) and _WISHED.search(part):
                return part
            words = _WORD.findall(part)
            ours = offer and (offered or _OURS.search(part))
            if any(is_past(w) for w in words) or not (question or _STATE.intersection(words) or ours):
                return part
            return _TODAY.sub("     ", part)

        return _CLAUSE.sub(clause, s.group())

    return _SENTENCE.sub(sentence, lower)
