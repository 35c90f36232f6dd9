"""A count said as people a company has already: "your 5 SDRs already on the team", "your current
team of 5 SDRs", "with 5 SDRs on the floor already".

Openings may be said as the people a company is hiring, never as people there already. A count
the grounds give in a clause of hiring ("is hiring 5 SDRs") is openings; said in a clause that
places its people there now ("already", "current", "existing", "on the team", "on the floor"), it
is a headcount the facts do not give, unless the clause speaks of people to come ("once the 5
SDRs you're hiring are on the team", "your current reps will welcome the 5 new SDRs").
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_THERE_NOW = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:already|current|currently|existing|on[ \t]+(?:the|your|their)[ \t]+"
    r"(?:team|floor|payroll|books)|on[ \t]+staff|in[ \t]+seat)(?![^\W\d_])")
# People to come: "the 5 SDRs you're hiring", "once they're on the team", "will be on the floor",
# "the 5 new SDRs".
_TO_COME = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:hiring|hire|recruiting|recruit|once|when|after|join|joining|start|starting|onboard"
    r"|onboarding|will[ \t]+be|to[ \t]+be|soon|new|more|additional|extra)(?![^\W\d_])|['’]ll[ \t]+be(?![^\W\d_])")
_CLAUSE_BREAK = LazyPattern(r"[;,.!?\n]")


def said_as_staff(text: str, at: int) -> bool:
    """Whether the clause of ``text`` around the number at ``at`` places its people there now, and
    speaks of none to come."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, at - 120), at)), default=max(0, at - 120))
    found = _CLAUSE_BREAK.search(text, at)
    end = found.start() if found else len(text)
    return _THERE_NOW.search(text, start, end) is not None and _TO_COME.search(text, start, end) is None
