"""The canonical form of a hiring row's role, for the event it names: one role however it is worded.

Vendors word one opening differently: "Sr. Account Executive" and "Senior Account Executive", "VP
Sales" and "Vice President, Sales", "Head of RevOps" and "Head of Revenue Operations". The canonical
form is conservative: it expands common abbreviations, drops punctuation but a language's own ("C++",
"C#"), puts the qualifier of an "X, Y" form first ("Account Executive, Enterprise" is "Enterprise
Account Executive") unless Y is a bare rank ("Sales, Head" is "Sales Head"), reads a rank before its
field ("VP of Sales", "Director of Sales") as after it, and puts the title's seniority first ("Senior
Manager, Sales", "Account Executive (Senior)", "Sales, Senior VP"). A field's own seniority stays in
it, the rank then read before the field: "Director, Senior Living" and "Senior Living Director" (a
known field's, wherever it stands) are "director of senior living", apart from "Senior Director,
Living". It adds or drops no word that tells roles apart: "Account Executive" and "Senior Account
Executive", "Sales Manager" and "Sales Development Manager", or "C Developer" and "C++ Developer"
stay two roles. Used only to tell events apart.
"""

from __future__ import annotations

import re

# One word for another, whole words only; the phrases are read after the words are.
_WORDS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "dir": "director", "exec": "executive",
    "acct": "account", "mktg": "marketing", "ops": "operations", "revops": "revenue operations",
    "salesops": "sales operations", "bizdev": "business development", "rep": "representative",
    "ae": "account executive", "sdr": "sales development representative",
    "bdr": "business development representative", "csm": "customer success manager",
    "hr": "human resources", "gtm": "go to market", "svp": "senior vp",
    "cro": "chief revenue officer", "ceo": "chief executive officer", "cfo": "chief financial officer",
    "cmo": "chief marketing officer", "coo": "chief operating officer", "cto": "chief technology officer",
}
_PHRASES = {"executive vice president": "evp", "executive vp": "evp", "vice president": "vp",
            "rev operations": "revenue operations", "biz dev": "business development"}
_PHRASE = re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b")  # the longest first where one holds another
_SENIORITY = ("senior", "junior")
_RANKS = ("vp", "evp", "head", "director", "manager")  # "<rank> of <field>" reads as "<field> <rank>"
_FIELDS = {("senior", "living")}  # a seniority word that is a field's own wherever it stands
_PUNCTUATION = re.compile(r"(?<=\b[a-z])([+#]+)(?!\w)|[^\w\s,]")  # the first: "c++", "c#", "f#" keep it


def _words(text: str) -> list[str]:
    words = " ".join(_WORDS.get(word, word) for word in text.split())
    return _PHRASE.sub(lambda found: _PHRASES[found.group(0)], words).split()


def _seniority(parts: list[list[str]]) -> list[str]:
    """Take out of ``parts`` the title's seniority: its first word, a part's last ("Account Executive
    (Senior)") or one before a rank ("Sales, Senior VP"); a field's own ("Senior Living") stays, and
    one of a known field ("Senior Living Director") wherever it stands."""
    taken = []
    for n, part in enumerate(parts):
        kept = []
        for at, word in enumerate(part):
            after = part[at + 1] if at + 1 < len(part) else None
            of_title = ((n, at) == (0, 0) or after is None or after in _RANKS) and (word, after) not in _FIELDS
            (taken if word in _SENIORITY and of_title else kept).append(word)
        part[:] = kept
    return taken


def _seniority_led(first: str, seniority: list[str]) -> bool:
    """Whether a field starting with ``first`` is read before its rank: a field's own seniority ("Senior
    Living"), or a field the title's seniority would make a known one of ("senior director of living",
    not "senior living director")."""
    return first in _SENIORITY or any((word, first) in _FIELDS for word in seniority[-1:])


def canonical_role(title: str | None) -> str:
    """The role ``title`` names, worded one way: lower case, words separated by one space."""
    text = _PUNCTUATION.sub(lambda found: found.group(1) or " ", (title or "").lower().replace("&", " and "))
    parts = [_words(part) for part in text.split(",")]
    seniority = _seniority(parts)
    bare_rank = len(parts) == 2 and len(parts[1]) == 1 and parts[1][0] in _RANKS  # "Sales, Head"
    if len(parts) == 2 and all(parts) and not bare_rank:  # "Vice President, Sales": the qualifier first
        parts.reverse()
    rest = [word for part in parts for word in part]
    if len(rest) > 2 and rest[0] in _RANKS and rest[1] == "of":
        rest = [*rest[2:], rest[0]]
    elif len(rest) > 1 and rest[0] in ("vp", "evp"):  # "VP Sales"
        rest = [*rest[1:], rest[0]]
    if len(rest) > 1 and rest[-1] in _RANKS and _seniority_led(rest[0], seniority):
        rest = [rest[-1], "of", *rest[:-1]]
    return " ".join([*seniority, *rest])
