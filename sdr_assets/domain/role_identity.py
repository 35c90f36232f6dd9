"""The canonical form of a hiring row's role, for the event it names: one role however it is worded.

Vendors word one opening differently: "Sr. Account Executive" and "Senior Account Executive", "VP
Sales" and "Vice President, Sales", "Head of RevOps" and "Head of Revenue Operations". The canonical
form is conservative: it expands common abbreviations, drops punctuation, puts the qualifier of an
"X, Y" form first ("Account Executive, Enterprise" is "Enterprise Account Executive"), reads a rank
before its field ("VP of Sales", "Director of Sales") as after it, and puts seniority first. It adds
or drops no word that tells roles apart: "Account Executive" and "Senior Account Executive", or
"Sales Manager" and "Sales Development Manager", stay two roles. Used only to tell events apart.
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
_PUNCTUATION = re.compile(r"[^\w\s,]+")
_SPACES = re.compile(r"\s+")


def _words(text: str) -> list[str]:
    words = " ".join(_WORDS.get(word, word) for word in text.split())
    return _PHRASE.sub(lambda found: _PHRASES[found.group(0)], words).split()


def canonical_role(title: str | None) -> str:
    """The role ``title`` names, worded one way: lower case, words separated by one space."""
    text = _PUNCTUATION.sub(" ", (title or "").lower().replace("&", " and "))
    parts = [part.strip() for part in text.split(",")]
    if len(parts) == 2 and all(parts):  # "Vice President, Sales": the qualifier first
        parts.reverse()
    words = _words(_SPACES.sub(" ", " ".join(parts)))
    seniority = [word for word in _SENIORITY if word in words]
    rest = [word for word in words if word not in _SENIORITY]
    if len(rest) > 2 and rest[0] in _RANKS and rest[1] == "of":
        rest = [*rest[2:], rest[0]]
    elif len(rest) > 1 and rest[0] in ("vp", "evp"):  # "VP Sales"
        rest = [*rest[1:], rest[0]]
    return " ".join([*seniority, *rest])
