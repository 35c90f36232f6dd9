"""A day a draft offers for a call, which states nothing about the prospect: "Free Thursday?",
"Does Tuesday work?", "How about next Wednesday?".

A weekday in a question that speaks of meeting ("work", "free", "chat", ...) or after "how about" is
blanked before the checks read a text. A weekday with a time of the clock ("Tuesday at 10:00", "Thu
2pm") is a slot the sender's calendar never offered, and stays to be stopped (suggested answers offer
the booking link instead); a weekday said of the prospect ("you announced it on Tuesday", "did you
launch on Tuesday?") stays and is checked as a name.
"""

from __future__ import annotations

import re

# A weekday in full in any case, or abbreviated with a capital ("Tue", never the verb "sat").
_DAY = r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)"
_DAYS = re.compile(rf"(?<![\w-])(?:(?i:next|this|on)[ \t]+)?{_DAY}(?![\w-])")
# A text without one of these offers no day.
_ANY_DAY = re.compile(rf"\b{_DAY}\b")
# What makes the day a slot: a time of the clock after it ("at 10:00", "2pm", "at noon").
_TIME_AFTER = re.compile(r"(?i)[ \t]*,?[ \t]*(?:(?:at|around|from|after|before|by)[ \t]+)?(?:\d|(?:noon|midday)(?!\w))")
_OFFER = re.compile(r"(?i)(?<![\w'])(?:work|works|free|suit|suits|available|open|chat|call|meet|talk|speak|catch"
                    r"|connect|good|better|easier|convenient)(?![\w'])")
_ASKS = re.compile(r"(?i)(?<![\w'])(?:how|what)[ \t]+about(?![\w'])")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|\Z)")


def _offers(sentence: str) -> bool:
    return (sentence.rstrip().endswith("?") and _OFFER.search(sentence) is not None) \
        or _ASKS.search(sentence) is not None


def without_offered_days(text: str) -> str:
    """``text`` with each weekday it offers for a call, without a time, blanked."""
    if not _ANY_DAY.search(text):
        return text
    out = []
    for sentence in _SENTENCE.findall(text):
        days = [m for m in _DAYS.finditer(sentence) if not _TIME_AFTER.match(sentence, m.end())]
        if not days or not _offers(sentence):
            out.append(sentence)
            continue
        at = 0
        for m in days:
            out += [sentence[at:m.start()], " " * (m.end() - m.start())]
            at = m.end()
        out.append(sentence[at:])
    return "".join(out)
