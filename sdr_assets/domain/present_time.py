""""Today" as the present, not as the day something happened.

"Today" is a time claim where it dates an event ("announced today", "the round you closed today",
"today's news"), and says nothing where its clause is about how things are or will be ("how
routing works today", "where your pipeline stands today", "free to talk today?"). A clause (up to
a comma, a stop or a line break) with no past form and no "today's" keeps only the present: there
"today" is blanked before the claim check reads the text.
"""

from __future__ import annotations

import re

from sdr_assets.domain.recency import is_past

_CLAUSE = re.compile(r"[^,;:.!?\n]+")
_TODAY = re.compile(r"(?<![^\W\d_])today(?![^\W\d_']|'s)")
_WORD = re.compile(r"[^\W\d_]+")


def without_present_today(lower: str) -> str:
    """``lower`` (lower-case text) with each "today" of a clause that has no past form blanked."""
    if "today" not in lower:
        return lower

    def clause(m: re.Match[str]) -> str:
        part = m.group()
        if "today" not in part or "earlier today" in part or any(is_past(w) for w in _WORD.findall(part)):
            return part
        return _TODAY.sub("     ", part)

    return _CLAUSE.sub(clause, lower)
