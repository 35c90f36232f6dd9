"""Claims that a signal is news: "you just raised", "recently appointed", "the fresh Series B".

Research calls a signal news only while it is at most ``JUST_DAYS`` old (``facts.py``), and a draft
may do so on the same terms. Recency is said by "recent", "recently", "newly", "freshly",
"brand-new", "hot off", "fresh off", "fresh from", "on the heels of", a new round ("the new round",
"the new Series A", "the new $25M Series B"), "the ink barely dry", "only days after", by "fresh"
before a word of news or "latest" before one of a round or an announcement ("fresh funding", "the
fresh $25M round", "your latest round"; not "our latest announcement") and by "just" before a past
form, or an adverb and one ("just raised", "just closed", "just-announced", "just officially
closed", "just laid off"). A time ("yesterday", "this week", "days ago") is a claim of the
lexicon's, held at any age unless the grounds say it. "Just" as a word of degree ("just wanted to",
"just a quick note", "just 20 minutes", "just given the size") and "fresh" of anything else ("a
fresh look", "fresh pipeline") say none.
"""

from __future__ import annotations

from functools import lru_cache

from sdr_assets.domain.facts import JUST_DAYS
from sdr_assets.domain.lazy_patterns import LazyPattern

# An amount between "new" and its round: "$25M", "25.6 M€", "€10 million".
_AMOUNT = r"[$€£¥]?[ \t]*\d[\d.,]*(?:[ \t]*(?:k|m|mn|b|bn|million|billion))?(?:[ \t]*[$€£¥])?"
_ALWAYS = (r"recent|recently|newly|freshly|brand[- ]new|hot[ \t]+off|fresh[ \t]+(?:off|from)"
           r"|(?:hot[ \t]+)?on[ \t]+the[ \t]+heels[ \t]+of"
           r"|new[ \t]+(?:" + _AMOUNT + r"[ \t]+)?(?:round|raise|funding|financing|series[ \t]+[a-k])"
           r"|ink[ \t]+(?:is[ \t]+)?(?:barely|still|hardly)[ \t]+(?:dry|wet)|(?:only|mere|just)[ \t]+days[ \t]+(?:after|since)")
_FRESH_NEWS = (
    "round raise funding funds funded capital cash money investment investors backing financing injection "
    "series seed close news announcement hire hires hiring role roles leader leadership appointment launch "
    "launches release product acquisition deal"
)
# "Latest" says news only of the account's own: "your latest round", not "our latest announcement".
_LATEST_NEWS = "round|raise|funding|financing|series|seed|news|announcement|appointment|acquisition"
_RECENCY = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:(" + _ALWAYS + r")(?![^\W\d_])"
    r"|(just)(?:[ \t]+|[ \t]*-[ \t]*)(?:(?:officially|formally|finally|publicly|quietly|successfully)[ \t]+)?"
    r"([^\W\d_]+)"
    r"|(fresh)[ \t]+(?:(" + "|".join(_FRESH_NEWS.split()) + r")(?![^\W\d_])|(?=[$€£¥\d]))"
    r"|(?:(our|my)[ \t]+)?latest[ \t]+(?:" + _LATEST_NEWS + r")(?![^\W\d_]))")
# Past forms that do not end in "-ed"; not "given" nor "done" ("just given the size of your team").
_IRREGULAR = frozenset(
    "been got gotten became become came won made brought took taken began begun went gone built sold bought "
    "led grew grown saw seen heard read found left hit struck spun wrote written rose risen drew drawn broke "
    "broken chose chosen shut sent spent paid held kept met laid shown gave stood".split())
# Past forms "just" goes with as a word of degree: "I just wanted to", "just interested in".
_DEGREE = frozenset("wanted needed thought figured hoped meant wondered wished liked loved interested excited "
                    "asked based focused used".split())


def recency_claims(text: str) -> list[str]:
    """The phrases of ``text`` that call something news, lower case, in the order it has them."""
    found = []
    for m in _RECENCY.finditer(text):
        if m[6] or (m[2] and not is_past(m[3].lower())):
            continue
        found.append(" ".join(m.group().lower().split()))
    return found


def is_past(word: str) -> bool:
    """Whether "just" before ``word`` says when something happened ("just raised", not "just wanted")."""
    return word not in _DEGREE and (word in _IRREGULAR or (len(word) > 3 and word.endswith("ed")))


def recency_reasons(text: str, grounds: str, news: bool | None) -> list[str]:
    """A reason for ``text``'s first recency phrase unless the signal is news: ``news`` where research
    knows its age, else whether ``grounds`` (facts and approved template) call something news."""
    if news:
        return []
    claims = recency_claims(text)
    if not claims:
        return []
    if news is None:
        return [] if _grounds_call_news(grounds) else [f"recency claim not in the facts: '{claims[0]}'"]
    return [f"recency claim of a signal older than {JUST_DAYS} days: '{claims[0]}'"]


@lru_cache(maxsize=64)
def _grounds_call_news(grounds: str) -> bool:
    """Whether ``grounds`` call something news, read once for each: a draft's grounds are read for the
    model's text and again for the template's."""
    return bool(recency_claims(grounds))
