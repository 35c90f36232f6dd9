"""A day a draft offers for a call, which states nothing about the prospect: "Free Thursday?",
"Does Tuesday work?", "How about next Wednesday?".

A weekday is blanked before the checks read a text where the clause it stands in (a sentence cut at
",", ";" and dashes) asks about meeting: a question with a word of meeting ("work", "free", "good",
"chat", ...) in that clause, or "how about". A weekday with a time of the clock after it, in its
clause or the next ("Tuesday at 10:00", "Thu 2pm", "Thursday, noon?") is a slot the sender's
calendar never offered, and stays to be stopped (suggested answers offer the booking link instead);
so does a weekday said of the prospect: one in a clause that tells of the past ("you announced it
on Tuesday", "did you launch on Tuesday?", "saw you launched on Monday, open to a call?"), one of
theirs ("Friday's launch") and, after the clause's first, one far from the words that ask ("chat on
Friday after your board meets on Friday?"), which stay and are checked as names. Weekdays listed
("Free Monday, Tuesday or Wednesday?") are one clause, and each listed after a day offered is offered;
a weekday is listed only where a comma, "?", "." or the clause's end (or more listed days, or a word
of meeting) follows it, not "Free Monday, Tuesday your team launches?", and a comma only where the
next clause is not said of the prospect: one that tells of the past or opens with "when", "after",
"the day", "once", "since" or "before" ("Can we talk Monday, Sunday, when you go live?").
A weekday offered is said of the prospect too where the words right after it tell of them (the day
ends its clause, or they follow it in the clause): a clause that tells of the past ("Free Monday,
the day you launched?"), one that opens with "when", "after", "the day", "once", "since" or "before"
and speaks of them without asking ("Free Monday, when you go live?", not "Free Monday, when it
suits you?" nor "Free Monday after lunch?"), or their event ("Free Monday, your launch day?").
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

# A weekday in full in any case, or abbreviated with a capital ("Tue", never the verb "sat").
_DAY = r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)"
_DAYS = LazyPattern(rf"(?<![\w-])(?:(?i:next|this|on)[ \t]+)?{_DAY}(?![\w-])(?!['’]s(?!\w))")
# A text without one of these offers no day.
_ANY_DAY = LazyPattern(rf"\b{_DAY}\b")
# What makes the day a slot: a time of the clock after it ("at 10:00", "2pm", "at noon").
_TIME_AFTER = LazyPattern(r"(?i)[ \t]*,?[ \t]*(?:(?:at|around|from|after|before|by)[ \t]+)?(?:\d|(?:noon|midday)(?!\w))")
_OFFER_WORDS = (r"(?:work|works|free|suit|suits|available|open|chat|call|meet|talk|speak|catch"
                r"|connect|good|better|easier|convenient)(?![\w'])")
_OFFER = LazyPattern(rf"(?i)(?<![\w']){_OFFER_WORDS}")
_ASKS = LazyPattern(r"(?i)(?<![\w'])(?:how|what)[ \t]+about(?![\w'])")
# A clause that tells of the past: a verb in -ed ("launched", not "need", "Wed", nor an adjective
# after an article or "for": "a personalized demo"), one of the common irregular past forms, or
# "did", "was", "were".
_PAST = LazyPattern(r"(?i)(?<![\w'])(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bour )(?<!\byour )(?<!\bfor )(?<!\babout )"
                   r"(?!(?:interested|based|hundred|wed)(?![\w']))(?:[a-z]*[a-df-z]ed|did|was|were"
                   r"|had|went|saw|made|came|began|got|took|told|gave|said|met|spoke|sent|wrote|built|grew|ran|won"
                   r"|brought|bought|found|held|kept|left)(?![\w'])")
# A weekday after the clause's first is offered only this many words or fewer from where it asks.
_NEAR = 3
# What stands between two weekdays of a list: "Monday, Tuesday", "Tuesday, or next Wednesday".
_BETWEEN = LazyPattern(r"(?i)[ \t]*,?[ \t]*(?:(?:or|and)[ \t]+)?\Z")
# A clause that ends on a weekday and a comma, and one that a weekday opens: the two list weekdays.
_ENDS_ON_DAY = LazyPattern(rf"{_DAY}[ \t]*,\Z")
_OPENS_WITH_DAY = LazyPattern(rf"[ \t]*(?:(?i:or|and)[ \t]+)?(?:(?i:next|this|on)[ \t]+)?{_DAY}(?![\w-])")
# What follows a weekday that is an item of a list: a part of the day, more listed weekdays, then a
# comma, "?", "." or the clause's end, or a word of meeting ("Tuesday, ...", "Tuesday or Wednesday?",
# "Tuesday or Wednesday work?"); not "Tuesday you launch".
_ITEM_END = LazyPattern(rf"(?:[ \t]+(?i:morning|afternoon))?(?:[ \t]*,?[ \t]*(?i:or|and)[ \t]+(?:(?i:next|this|on)[ \t]+)?"
                        rf"{_DAY}(?![\w-])(?:[ \t]+(?i:morning|afternoon))?)*(?:[ \t]*(?:[,?.!:;]|\Z)|[ \t]+(?i:{_OFFER_WORDS}))")
# How a clause said of the prospect opens: after one, a comma ends no listed weekday.
_OF_PROSPECT = LazyPattern(r"(?i)[ \t]*(?:when|after|the[ \t]+day|once|since|before)(?![\w'])")
# The words of the prospect, and an event of theirs, which a clause right after a weekday tells of.
_THEM = LazyPattern(r"(?i)(?<![\w'])(?:you|your|yours|you['’](?:re|ve|ll)|they|their|they['’](?:re|ve|ll)|team"
                    r"|board)(?![\w'])")
_THEIR_EVENT = LazyPattern(r"(?i)[ \t]*(?:your|their)[ \t]+(?:[\w-]+[ \t]+){0,2}?(?:launch|release|event|go-live"
                           r"|conference|summit|offsite|kick-?off|anniversary|announcement|day)(?![\w'])")
# A word that may stand before a time of theirs: "right after your launch".
_RIGHT = LazyPattern(r"(?i)(?:[ \t]*(?:right|just|straight)(?![\w']))?")
# What stands between a weekday and the words right after it: a part of the day, then a clause's end.
_AFTER_DAY = LazyPattern(r"(?:[ \t]+(?i:morning|afternoon))?[ \t]*[,;:\u2014\u2013(-]*")
_WORD = LazyPattern(r"[\w'’]+")
_SENTENCE = LazyPattern(r"[^.!?\n]*(?:[.!?]+|\n|\Z)")
_CLAUSE = LazyPattern(r"[^,;\u2014\u2013]*[,;\u2014\u2013]?")


def _offers(clause: str, question: bool) -> bool:
    """Whether ``clause`` of a sentence (a ``question`` or not) asks about a day to meet."""
    if _PAST.search(clause):
        return False
    return (question and _OFFER.search(clause) is not None) or _ASKS.search(clause) is not None


def _asked(clause: str, question: bool) -> list[tuple[int, int]]:
    """Where ``clause`` asks to meet: its words of meeting (in a question) and its "how about"."""
    found = [*_ASKS.finditer(clause), *(_OFFER.finditer(clause) if question else ())]
    return [m.span() for m in found]


def _near(clause: str, day: re.Match[str], asked: list[tuple[int, int]]) -> bool:
    """Whether ``day`` stands within a few words of where ``clause`` asks to meet."""
    return any(len(_WORD.findall(clause[end:day.start()] if end <= day.start() else clause[day.end():start]))
               <= _NEAR for start, end in asked)


def _item(clause: str, at: int, rest: str) -> bool:
    """Whether the weekday ending at ``at`` in ``clause`` (``rest`` of its sentence after) is listed."""
    end = _ITEM_END.match(clause, at)
    if end is None:
        return False
    if not end.group().endswith(","):
        return True
    after = _CLAUSE.match(clause[end.end():] + rest).group()
    return not (_PAST.search(after) or _OF_PROSPECT.match(after))


def _told_of_them(sentence: str, at: int) -> bool:
    """Whether the words of ``sentence`` right after the weekday ending at ``at`` tell of the prospect:
    a clause of the past, of a time of theirs ("when you go live") or an event of theirs."""
    start = _AFTER_DAY.match(sentence, at).end()
    if start == len(sentence) or sentence[start] in "?.!\n":
        return False
    after = _CLAUSE.match(sentence, start).group()
    if _THEIR_EVENT.match(after):
        return True
    if start > at and sentence[at:start].strip(" \t") and _PAST.search(after):
        return True
    opens = _RIGHT.match(after).end()
    return _OF_PROSPECT.match(after, opens) is not None and _THEM.search(after) is not None and not _OFFER.search(after)


def _clauses(sentence: str) -> list[str]:
    """The clauses of ``sentence``, where a list of weekdays ("Monday, Tuesday or Wednesday") is one."""
    clauses: list[str] = []
    parts = _CLAUSE.findall(sentence)
    for i, clause in enumerate(parts):
        opens = _OPENS_WITH_DAY.match(clause)
        if clauses and _ENDS_ON_DAY.search(clauses[-1]) and opens \
                and _item(clause, opens.end(), "".join(parts[i + 1:])):
            clauses[-1] += clause
        else:
            clauses.append(clause)
    return clauses


def without_offered_days(text: str) -> str:
    """``text`` with each weekday it offers for a call, without a time, blanked."""
    if not _ANY_DAY.search(text):
        return text
    out = []
    for sentence in _SENTENCE.findall(text):
        question = sentence.rstrip().endswith("?")
        start = 0
        for clause in _clauses(sentence):
            named = list(_DAYS.finditer(clause))
            days = [m for m in named if not _TIME_AFTER.match(sentence, start + m.end())]
            start += len(clause)
            rest = sentence[start:]
            if not days or not _offers(clause, question):
                out.append(clause)
                continue
            asked = _asked(clause, question)
            offered: list[re.Match[str]] = []
            for m in days:
                listed = offered and _BETWEEN.match(clause, offered[-1].end(), m.start()) \
                    and _item(clause, m.end(), rest)
                if m is named[0] or listed or _near(clause, m, asked):
                    offered.append(m)
            days = [m for m in offered if not _told_of_them(sentence, start - len(clause) + m.end())]
            at = 0
            for m in days:
                out += [clause[at:m.start()], " " * (m.end() - m.start())]
                at = m.end()
            out.append(clause[at:])
    return "".join(out)
