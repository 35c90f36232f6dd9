"""Who a draft's words are about when they are not about the prospect: the sender's own side.

"Our CEO is joining the call too", "my co-founder will be there": a role title after "our" or "my"
(and the words of a function, a department or the post that go on naming it, "our VP Engineering",
"our Head of Customer Success", "our Chief Revenue Officer"; not a name after it, "our CEO Dana
Smith", "our CEO Bill Gates") is of the sender's company, which no fact of the prospect's states. It
is blanked ("we" in its place) before the name and claim checks read a text, so a draft may say it.
A title of the prospect's side with a verb of what is to come or may be ("your CFO will want to see
this", "your Head of Sales might ask") names a role every company has, no person and no hire: it is
blanked too ("they"). Said of a person or a hire, or of a past, it is still read: "your new CFO",
"your CFO Jane will", "your CFO told me", "your CTO must have mentioned us", "as CEO, you".
"""

from __future__ import annotations

import re

from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.given_names import is_also_a_name
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import CLAIM_GROUPS

_TITLES = "|".join(re.escape(t) for t in sorted(CLAIM_GROUPS["role_title"], key=len, reverse=True))
# A title of the sender's side ("our", "my") or of the prospect's ("your"): one pattern, one scan.
_TITLE = LazyPattern(
    rf"(?<![^\W\d_])(?i:(?P<whose>our|my|your)[ \t]+(?:own[ \t]+)?(?:{_TITLES}))(?![^\W\d_])"
    r"(?P<rest>(?:[ \t]+(?:of[ \t]+|&[ \t]*)?[A-Z][\w&-]*)*)")
# A verb of what is to come or may be, right after the title (or after "probably", "likely"): it says
# what a role would do. Not a perfect after it ("must have met", "could've seen"): that claims a past.
_MODAL = LazyPattern(r"(?:[ \t]+(?:probably|likely))?(?:'ll|[ \t]+(?:will|would|might|may|can|could|should|must))"
                    r"(?![^\W\d_])(?!'ve|(?:[ \t]+(?:not|never|also|still|probably|likely|already|surely|certainly)"
                    r"(?![^\W\d_]))*[ \t]+(?:have|of)(?![^\W\d_])(?![ \t]+(?:to|a|an|the|some|any|no|more|questions"
                    r"|thoughts|concerns|input|views|feedback)(?![^\W\d_])))")
_WORD = LazyPattern(r"[^\W\d_]+")
# The functions and departments a title goes on to name ("VP Sales", "Head of Customer Success"); an
# English word that is no given name goes on too ("Chief Revenue Officer", "Head of Data Science"), a
# first name (many are English words: "Bill", "Grant") does not.
_FUNCTIONS = frozenset(
    "of sales marketing engineering product products operations ops revops finance revenue growth customer "
    "customers success partnerships partners people talent data analytics technology tech design security legal "
    "support business development strategy research platform infrastructure brand communications recruiting "
    "accounts account solutions services enterprise commercial digital field channel alliances demand content "
    "experience global emea apac americas it hr ai gtm".split())


def _title_end(m: re.Match[str]) -> int:
    """Where the title of ``m`` ends: after the words of ``rest`` as far as each goes on naming the post."""
    end = m.start("rest")
    for word in _WORD.finditer(m.group("rest")):
        lower = word.group().lower()
        if lower not in _FUNCTIONS and (not is_english(lower) or is_also_a_name(lower)):
            break
        end = m.start("rest") + word.end()
    return end


def _blank(m: re.Match[str]) -> str:
    """The sender's title blanked: "we" stands in its place, so a name after it does not open the
    sentence ("my co-founder Grant"); the prospect's ("they") only where a verb of what is to come or
    may be follows it."""
    end = _title_end(m)
    if m["whose"].lower() != "your":
        return "we".ljust(end - m.start()) + m.string[end:m.end()]
    if not _MODAL.match(m.string, end):
        return m.group()
    return "they".ljust(end - m.start()) + m.string[end:m.end()]


def without_own_titles(text: str) -> str:
    """``text`` with each role title of the sender's side ("our CEO", "my VP Sales") blanked, and
    each of the prospect's before a verb of what is to come or may be ("your CFO will")."""
    if "our" not in text.lower() and "my" not in text.lower():
        return text
    return _TITLE.sub(_blank, text)
