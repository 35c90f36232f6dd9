"""People named in lower case where a draft greets or congratulates them: "hi tom,", "p.s. congrats
to tom on the new role".

A capitalised name the grounds lack is read as a name already. In lower case a given name is often
an English word too ("tom", "bill", "mark", "june"), so the English word list cannot tell it. Here
the place does: the word that ends a greeting at the start of a line ("hi", "hey", "hello", "dear",
then a comma, a dash, "!" or the line's end), or the word after "congrats to", "congratulations
to", "kudos to", "shout-out to", "hats off to" or "say hi to". It names a person unless the grounds
give it, or it is a function word, a group ("team", "everyone", "folks") or an English word form
("marketing", "sales").
"""

from __future__ import annotations

import re

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lowercase_names import WORD_FORM

_NAME = r"([^\W\d_][^\W\d_'-]*)"
_GREETED = LazyPattern(r"(?im)^[ \t]*(?:hi|hey|hello|dear|morning|good morning)[ \t]+" + _NAME
                      + r"[ \t]*(?:[,!–—-]|$)")
_CONGRATULATED = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:congrats|congratulations|kudos|shout-?outs?|hats off|say hi|say hello)\s+to\s+" + _NAME
    + r"(?![^\W\d_])")
# A part of each phrase of ``_CONGRATULATED`` in lower case, without an "i" or "s" (which the pattern's
# case-blind reading also takes as "ı" and "ſ"): a text without one congratulates no one (most texts).
_CONGRATULATED_MARKS = Cues(("congrat", "kudo", "hout", "off", "ay h"))
_GROUPS = frozenset(
    "all everyone everybody anyone folks team teams crew guys gang friends colleagues there both y'all yall "
    "again sir madam friend colleague people leadership".split())
_ENGLISH = FUNCTION_WORDS["en"]


def lowercase_people(text: str, grounds: str) -> list[str]:
    """The lower-case words of ``text`` that greet or congratulate a person ``grounds`` never name,
    in the order the text has them."""
    lower = text.lower()
    congratulated = _CONGRATULATED.finditer(text) if _CONGRATULATED_MARKS.any_in(lower) else ()
    words = [raw for match in sorted([*_GREETED.finditer(text), *congratulated], key=re.Match.start)
             if (raw := match.group(1)).islower() and not _ordinary(raw.casefold().strip("'-"))]
    if not words:  # the grounds' words are read only for a draft that names someone this way
        return []
    given = {w.casefold() for w in re.findall(r"[^\W\d_]+", grounds)}
    return list(dict.fromkeys(raw for raw in words if raw.casefold().strip("'-") not in given))


def _ordinary(word: str) -> bool:
    """A function word, a group, or a word whose form says it is no given name ("marketing", "sales")."""
    return word in _ENGLISH or word in _GROUPS or WORD_FORM.search(word) is not None
