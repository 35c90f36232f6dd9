"""Who an email greets and who signs it: the names there are the contact's and the sender's.

A greeting ("Hi Dana," or "Dana,") opens the body, a signature ("Jordan Lee", "Best,\nJordan")
ends it. Those lines name people, and a name there that is also an English word ("Mark", "Will",
"Grant") reads like any capitalised word opening a sentence elsewhere, which the name check lets
pass; "hi sarah," is in lower case, which it does not read at all. So every word of a greeting
after its greeting word, and every capitalised word of a short last line (any word after a dash,
"- mike"), must be a name the grounds give (a word they write with a capital), a word anyone may
be greeted by ("team", "there", "Ms.") or a sign-off ("Best", "Thanks", "Looking forward").
"""

from __future__ import annotations

import re
import unicodedata

from sdr_assets.domain.lexicon import GENERIC_CAPITALISED

GENERIC = frozenset(GENERIC_CAPITALISED)

_GREETING = re.compile(
    r"(?i)\A\s*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[\s,]*"
    r"(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*[,!:\u2013\u2014-]")
_NAMES_ALONE = re.compile(r"\A\s*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*,\s*\Z")
_SIGNATURE = re.compile(r"\A[\s\-\u2013\u2014~]*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})[\s,.!]*\Z")
_WORD = re.compile(r"[^\W\d_]+")
ADDRESSEES = frozenset({"team", "there", "all", "everyone", "folks", "both", "you", "again", "and", "the",
                        "mr", "mrs", "ms", "mx", "miss", "dr", "prof"})
SIGN_OFFS = frozenset({"best", "thanks", "thank", "you", "regards", "kind", "warm", "warmest", "warmly", "cheers",
                       "sincerely", "all", "the", "wishes", "talk", "soon", "speak", "cordially", "many", "and",
                       "with", "from", "team", "yours", "truly", "take", "care", "again", "looking", "forward",
                       "have", "a", "great", "good", "nice", "day", "week", "weekend", "hear", "chat", "later",
                       "appreciate", "it", "stay", "safe", "to", "more"})
_DASHED = re.compile(r"\A\s*[-\u2013\u2014~]")


def _unnamed(raw: str, allowed: set[str], known: frozenset[str], capitalised_only: bool) -> list[str]:
    """The words of ``raw`` that name someone the grounds do not: not ``known`` greeting or closing
    words, and (where ``capitalised_only``) written with a capital, as a name on its own line is."""
    words = _WORD.findall(unicodedata.normalize("NFKC", raw))
    rest = [w for w in words if w.casefold() not in known]
    if capitalised_only and not all(w[0].isupper() for w in rest):
        return []  # an ordinary line ("Looking forward,"), no name
    return [w for w in rest if w.casefold() not in allowed]


def address_line_reasons(body: str, grounds: str) -> list[str]:
    """A name in the greeting or the signature of ``body`` that the grounds do not give."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines or body in grounds:  # the approved template as filled: its names are the grounds'
        return []
    # The names the grounds give: words they write with a capital ("will" in a template's prose is no Will).
    allowed = {w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", grounds)) if w[0].isupper()}
    reasons = []
    if greeting := _GREETING.match(lines[0]):  # after "Hi", "Dear": a name in any case
        other = _unnamed(greeting["names"], allowed, ADDRESSEES, capitalised_only=False)
    elif greeting := _NAMES_ALONE.match(lines[0]):  # "Mark,": only a name stands alone before a comma
        other = _unnamed(greeting["names"], allowed, ADDRESSEES | GENERIC, capitalised_only=True)
    if greeting and other:
        reasons.append(f"greeting names someone not in the facts: {greeting['names'].strip()}")
    signature = _SIGNATURE.match(lines[-1]) if len(lines) > 1 else None
    if signature and (other := _unnamed(signature["names"], allowed, SIGN_OFFS,
                                        capitalised_only=not _DASHED.match(lines[-1]))):
        reasons.append(f"signed by someone not in the facts: {signature['names'].strip()} ({', '.join(other)})")
    return reasons
