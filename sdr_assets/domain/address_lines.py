"""Who an email greets and who signs it: the names there are the contact's and the sender's.

A greeting ("Hi Dana," or "Dana,") opens the body, a signature ("Jordan Lee", "Best,\nJordan")
ends it. Those lines name people, and a name there that is also an English word ("Mark", "Will",
"Grant") reads like any capitalised word opening a sentence elsewhere, which the name check lets
pass; "hi sarah," is in lower case, which it does not read at all. So every word of a greeting
after its greeting word, and of a short last line, must be a name the grounds give (a word they
write with a capital), a word anyone may be greeted by ("team", "there", "all") or a sign-off
("Best", "Thanks", "Cheers").
"""

from __future__ import annotations

import re
import unicodedata

_GREETING = re.compile(
    r"(?i)\A\s*(?:hi|hello|hey|dear|greetings|good\s+(?:morning|afternoon|evening))\b[\s,]*"
    r"(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*[,!:\u2013\u2014-]")
_NAMES_ALONE = re.compile(r"\A\s*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*,\s*\Z")
_SIGNATURE = re.compile(r"\A[\s\-\u2013\u2014~]*(?P<names>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})[\s,.!]*\Z")
_WORD = re.compile(r"[^\W\d_]+")
ADDRESSEES = frozenset({"team", "there", "all", "everyone", "folks", "both", "you", "again"})
SIGN_OFFS = frozenset({"best", "thanks", "thank", "you", "regards", "kind", "warm", "warmest", "warmly", "cheers",
                       "sincerely", "all", "the", "wishes", "talk", "soon", "speak", "cordially", "many", "and",
                       "with", "from", "team", "yours", "truly", "take", "care", "again"})


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def address_line_reasons(body: str, grounds: str) -> list[str]:
    """A name in the greeting or the signature of ``body`` that the grounds do not give."""
    lines = [line for line in body.splitlines() if line.strip()]
    if not lines:
        return []
    # The names the grounds give: words they write with a capital ("will" in a template's prose is no Will).
    allowed = {w.casefold() for w in _WORD.findall(unicodedata.normalize("NFKC", grounds)) if w[0].isupper()}
    reasons = []
    greeting = _GREETING.match(lines[0]) or _NAMES_ALONE.match(lines[0])
    if greeting and (other := [w for w in _words(greeting["names"]) if w not in allowed and w not in ADDRESSEES]):
        reasons.append(f"greeting names someone not in the facts: {greeting['names'].strip()}")
    signature = _SIGNATURE.match(lines[-1]) if len(lines) > 1 else None
    if signature and (other := [w for w in _words(signature["names"]) if w not in allowed and w not in SIGN_OFFS]):
        reasons.append(f"signed by someone not in the facts: {signature['names'].strip()} ({', '.join(other)})")
    return reasons
