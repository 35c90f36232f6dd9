"""Who a draft's words are about when they are not about the prospect: the sender's own side.

"Our CEO is joining the call too", "my co-founder will be there": a role title after "our" or "my"
(and the words of a function, a department or the post that go on naming it, "our VP Engineering",
"our Head of Customer Success", "our Chief Revenue Officer"; not a name after it, "our CEO Dana
Smith", "our CEO Bill Gates") is of the sender's company, which no fact of the prospect's states. It
is blanked ("we" in its place) before the name and claim checks read a text, so a draft may say it;
the same title said of the prospect ("your CFO", "as CEO, you") is still read.
"""

from __future__ import annotations

import re

from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.given_names import is_also_a_name
from sdr_assets.domain.lexicon import CLAIM_GROUPS

_TITLES = "|".join(re.escape(t) for t in sorted(CLAIM_GROUPS["role_title"], key=len, reverse=True))
_OWN_TITLE = re.compile(
    rf"(?<![^\W\d_])(?i:(?:our|my)[ \t]+(?:own[ \t]+)?(?:{_TITLES}))(?![^\W\d_])"
    r"(?P<rest>(?:[ \t]+(?:of[ \t]+|&[ \t]*)?[A-Z][\w&-]*)*)")
_WORD = re.compile(r"[^\W\d_]+")
# The functions and departments a title goes on to name ("VP Sales", "Head of Customer Success"); an
# English word that is no given name goes on too ("Chief Revenue Officer", "Head of Data Science"), a
# first name (many are English words: "Bill", "Grant") does not.
_FUNCTIONS = frozenset(
    "of sales marketing engineering product products operations ops revops finance revenue growth customer "
    "customers success partnerships partners people talent data analytics technology tech design security legal "
    "support business development strategy research platform infrastructure brand communications recruiting "
    "accounts account solutions services enterprise commercial digital field channel alliances demand content "
    "experience global emea apac americas it hr ai gtm".split())


def _blank(m: re.Match[str]) -> str:
    """The title blanked, and the words after it as far as each goes on naming the post: "we" stands in
    its place, so a name after it does not open the sentence ("my co-founder Grant")."""
    end = m.start("rest")
    for word in _WORD.finditer(m.group("rest")):
        lower = word.group().lower()
        if lower not in _FUNCTIONS and (not is_english(lower) or is_also_a_name(lower)):
            break
        end = m.start("rest") + word.end()
    return "we".ljust(end - m.start()) + m.string[end:m.end()]


def without_own_titles(text: str) -> str:
    """``text`` with each role title of the sender's side ("our CEO", "my VP Sales") blanked."""
    if "our" not in text.lower() and "my" not in text.lower():
        return text
    return _OWN_TITLE.sub(_blank, text)
