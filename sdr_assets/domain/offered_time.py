"""Time a draft offers of its own side: "15 minutes next week?", "happy to send a two-minute video",
"half an hour on Zoom?".

A length in minutes or hours that the sender asks for or offers (an offer such as "happy to",
"worth" or "could we" at most three words before it, naming a call, a look or a video, or opening
a question) states nothing about the prospect, so it is blanked before the number checks read a
text. A length said of what a product saves or of a rate ("save 30 minutes a day", "from 4 hours
to 20 minutes", "free up 4 hours", "20 minutes faster") or of the prospect ("you spent 20 minutes
with our demo, so would a follow-up help?", "would your reps like their 3 hours back?") is a
claim and stays.
"""

from __future__ import annotations

import re

from sdr_assets.domain.lazy_patterns import LazyPattern

_NUMBER = (r"(?:\d{1,2}|one|two|three|four|five|ten|fifteen|twenty|thirty|forty(?:[ -]five)?|forty|sixty"
           r"|twenty[ -]five)")
# "15 minutes", "a two-minute", "15-20 min", "15 to 20 minutes", "an hour", "half an hour".
_LENGTH = LazyPattern(rf"(?i)(?<![\w$£€.,])(?:(?:a[ \t]+)?{_NUMBER}(?:[ \t]*(?:-|–|to|or)[ \t]*{_NUMBER})?"
                     r"(?:[ \t]*-[ \t]*|[ \t]+)(?:minutes?|mins?|hours?)|(?:half[ \t-]+)?an[ \t-]+hour|half[ \t-]+hour)"
                     r"(?![\w-])")
# What a meeting or a look is called right after its length ("a 20-minute call").
_MEETING = LazyPattern(r"(?i)[ \t]+(?:\w+[ \t]+)?(?:call|chat|look|video|demo|walkthrough|walk-through|conversation"
                      r"|meeting|intro|slot|overview|tour|sync|catch-up|session|loom)s?(?!\w)")
# A rate or a saving after the length, or a saving before it: a claim, not an offer.
_RATE_AFTER = LazyPattern(r"(?i)[ \t]+(?:a|an|per|each|every|faster|quicker|sooner|less|more|back|saved|shorter"
                         r"|longer)(?!\w)")
_SAVING_BEFORE = LazyPattern(r"(?i)(?<!\w)(?:save[sd]?|saving|cut|cuts|shave[sd]?|in[ \t]+under|within|under"
                            r"|only|just|(?<!open[ \t])(?<!up[ \t])to|from|in|instead[ \t]+of"
                            r"|(?:free|frees|freeing)[ \t]+up)[ \t]+\Z")
# An offer at most three words before the length ("could we find 20 minutes", "any chance of an hour").
_OFFER = LazyPattern(r"(?i)(?<!\w)(?:happy|glad|keen|shall|let|worth|open|free|spare|grab|fancy|how[ \t]+about"
                    r"|chance|borrow|steal|suit|talk|chat|meet|speak|connect"
                    r"|(?:could|can|would|may|might)[ \t]+(?:we|i)|(?:i|we)(?:'d|[ \t]+would)[ \t]+love"
                    r"|(?:do|would|could|can|will)[ \t]+you[ \t]+have)(?![\w'])(?:[ \t]+[\w'’-]+){0,3}?[ \t,]*\Z")
# What may stand before a length that opens a question ("15 min next week?", "Would half an hour work?").
_OPENS = LazyPattern(r"(?i)\s*(?:(?:just|maybe|perhaps|only|say|or|would|could|does|is)[ \t,]+)?")
_SENTENCE = LazyPattern(r"[^.!?\n]*(?:[.!?]+|\n|\Z)")


def _offered(sentence: str, m: re.Match[str]) -> bool:
    meeting = _MEETING.match(sentence, m.end())
    if _RATE_AFTER.match(sentence, m.end()) and not meeting:
        return False
    if meeting:
        return True
    if _SAVING_BEFORE.search(sentence, 0, m.start()):
        return False
    opens = _OPENS.fullmatch(sentence, 0, m.start()) is not None
    return bool(_OFFER.search(sentence, 0, m.start()) or (opens and sentence.rstrip().endswith("?")))


def without_offered_time(text: str) -> str:
    """``text`` with every length of time that its sender offers blanked (spaces of its length)."""
    if "min" not in text.lower() and "hour" not in text.lower():
        return text
    out = []
    for sentence in _SENTENCE.findall(text):
        at = 0
        for m in _LENGTH.finditer(sentence):
            if _offered(sentence, m):
                out += [sentence[at:m.start()], " " * (m.end() - m.start())]
                at = m.end()
        out.append(sentence[at:])
    return "".join(out)
