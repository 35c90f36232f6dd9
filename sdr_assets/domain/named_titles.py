"""A title the facts give one person said of another: "Maria Lopez just joined Initech as VP Sales"
where VP Sales is the contact's title and Maria joined as Chief Revenue Officer, "Initech hired Maria
Lopez as its Revenue Operations Manager" (the role the company hires for), "Dana Park stepped in as
Chief Revenue Officer" (the new role of the signal's person, said of the contact), "Maria Lopez,
Initech's VP Sales, ...".

Each title of the facts is found where any word grounds it; this reads whose it is. A person of the
facts (the contact, or the person a signal names, in full or by either part of the name) is given a
title where it follows them as a role they took ("joined Initech as", "was promoted to", "stepped
in as", "is now"), where a verb of hiring or naming puts it after them ("hired Maria as", "named
Maria"), or beside their name ("Maria Lopez, Initech's VP Sales", "your new VP Sales, Maria Lopez").
The title must be theirs: the contact's own title, the signal person's new role. The approved
template saying the same of the same one grounds it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.address_lines import Roles

_B = r"[ \t]+"
_END = r"(?![^\W\d_])"
_OWNER = rf"(?:(?:the|its|their|your|our|a|an|[^\W\d_][\w&-]*['’]s){_B})?(?:new{_B})?"
# A role taken or held: "joined Initech as", "stepped in as", "was promoted to", "is now", "became".
_TOOK = (rf"(?:{_B}(?:has|had|was|has{_B}been|just|recently|now|officially|formally))*{_B}"
         rf"(?:(?:joined|joins|started|starts|stepped{_B}(?:in|up)|came{_B}(?:on{_B}board|aboard|in)|took{_B}over"
         rf"|takes{_B}over|arrived|returned|appointed|named|hired|tapped|brought{_B}(?:in|on))"
         rf"(?:{_B}(?!as{_END})[^\W\d_][\w&'’-]*){{0,2}}{_B}as"
         rf"|(?:promoted|elevated|moved{_B}up){_B}to|(?:is|was)(?:{_B}now)?|became|becomes)")
# A verb that puts a title after the person: "hired Maria as", "named Maria", "promoted Dana to".
_PUTS = r"(?:hired|hires|hiring|appointed|appoints|appointing|named|names|naming|promoted|promotes|tapped)"


@lru_cache(maxsize=64)
def _patterns(names: tuple[str, ...], titles: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The patterns of a title of ``titles`` said of a person of ``names`` (lower case), compiled once
    for a play's drafts to one account; the groups ``who`` and ``title``."""
    who = "(?P<who>" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
    ordered = sorted(titles, key=len, reverse=True)
    title = "(?P<title>" + "|".join(re.escape(t).replace(r"\ ", _B) for t in ordered) + ")"
    before = r"(?<![^\W\d_])"
    return (re.compile(rf"{before}{who}{_END}(?:{_TOOK}){_B}{_OWNER}{title}{_END}"),
            re.compile(rf"{before}{_PUTS}{_B}{who}{_END}(?:{_B}(?:as|to))?{_B}{_OWNER}{title}{_END}"),
            re.compile(rf"{before}{who}{_END},{_B}{_OWNER}{title}{_END}"),
            re.compile(rf"{before}{_OWNER}{title},?{_B}{who}{_END}"))


def _people(roles: Roles) -> dict[str, frozenset[str]]:
    """Each name of a person of the facts (full, and either part) with the titles the facts give them."""
    contact = frozenset(t.casefold() for t in (roles.value("title"),) if t)
    person = frozenset(t.casefold() for t in (roles.value("new_role"), roles.value("signal_title")) if t)
    owned: dict[str, frozenset[str]] = {}
    for full, titles in ((roles.contact, contact), (roles.value("person"), person)):
        for name in {full, *full.split()} if full.strip() else ():
            if len(name) > 1:
                owned[name.casefold()] = owned.get(name.casefold(), frozenset()) | titles
    return owned


def _said(lower: str, roles: Roles) -> list[tuple[str, str]]:
    """(name, title) for each title of the facts ``lower`` says of a person of the facts."""
    owned = _people(roles)
    titles = tuple(dict.fromkeys(v.casefold() for f in ("title", "role", "new_role", "signal_title")
                                 if (v := roles.value(f)).strip()))
    if not owned or not titles or not any(t.split()[0] in lower for t in titles):
        return []
    found = []
    for pattern in _patterns(tuple(owned), titles):
        found += [(m["who"], " ".join(m["title"].split())) for m in pattern.finditer(lower)]
    return found


def _shown(folded: str, roles: Roles) -> str:
    """``folded`` (a name or title, or a part of a name) as the facts write it."""
    for value in (roles.contact, *(v for _, v in roles.fields)):
        for part in (value, *value.split()):
            if " ".join(part.casefold().split()) == folded:
                return part
    return folded


def named_title_reasons(lower: str, known: str, roles: Roles) -> list[str]:
    """A reason for each title ``lower`` says of a person of the facts that the facts give someone else,
    unless ``known`` (the grounds, lower case) says it of them too."""
    said = _said(lower, roles)
    if not said:
        return []
    owned, grounded = _people(roles), set(_said(known, roles))
    reasons = []
    for who, title in dict.fromkeys(said):
        if title in owned[who] or (who, title) in grounded:
            continue
        shown = _shown(who, roles)
        theirs = " or ".join(sorted(_shown(t, roles) for t in owned[who])) or "no title"
        reasons.append(f"says {shown} is {_shown(title, roles)}; the facts give {shown} {theirs}")
    return reasons
