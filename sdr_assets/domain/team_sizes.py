"""The size of one of the prospect's teams, told with a number the facts give something else: "your
1,200-person sales team", "a 1,200-strong engineering org", "a sales team of 240", "240 people in
sales", where 1,200 and 240 are the company's headcount (or "a 2-person RevOps team" of 2 openings).

The number check finds the number in the grounds and reads the noun it counts there ("1,200
employees"); a team of a function that counts it is not the company. Research gives the company's
headcount and the openings of a role, never how many people one function has, so a function's team
said to have a number of people is stopped unless the grounds say the same words; a team of ours
("our 20-person data team") is not theirs.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_END = r"(?![^\W\d_])"
_N = r"\d(?:[\d,.]*\d)?(?:[ \t]*k)?\+?"
_ABOUT = rf"(?:(?:about|around|roughly|nearly|almost|over|some|more{_B}than|just{_B}under){_B})?"
_FUNCTION = (r"(?:sales|marketing|engineering|revenue|revops|rev[ \t]*ops|sales[ \t]*ops|data|product|support"
             r"|customer[ \t]+success|cs|finance|operations|ops|sdr|bdr|go-to-market|gtm|it|security|hr|design"
             r"|growth|demand[ \t]+gen|research|legal)")
_TEAM = r"(?:team|teams|org|organi[sz]ation|department|function|group|floor|force)"
# Read at each number: "1,200-person sales team", "1,200 people in sales"; and before it, "sales team of".
_AT_NUMBER = LazyPattern(
    rf"(?i){_N}(?:[ \t]*-?[ \t]*(?:person|people|strong|member|head|seat){_B}{_FUNCTION}{_B}{_TEAM}"
    rf"|{_B}(?:people|employees|staff|heads|folks|members){_B}(?:in|on){_B}(?:(?:the|your|their){_B})?{_FUNCTION})"
    rf"{_END}")
_BEFORE_NUMBER = LazyPattern(rf"(?i)(?<![^\W\d_]){_FUNCTION}{_B}{_TEAM}{_B}of{_B}{_ABOUT}\Z")
_AFTER_OF = LazyPattern(rf"(?i){_N}(?![\w.,]*[ \t]*(?:%|percent|accounts|customers|deals)){_END}")
_NUMBER = LazyPattern(r"(?<![\w.,])\d")
# A team of ours ("our 20-person data team") is none of the prospect's.
_OURS = LazyPattern(r"(?<![^\W\d_])(?:our|my|we)(?:[ \t]+[^\W\d_]+){0,2}[ \t]*\Z")


def _sizes(lower: str) -> list[str]:
    found = []
    for number in _NUMBER.finditer(lower) if any(c.isdigit() for c in lower) else ():
        at = number.start()
        if said := _AT_NUMBER.match(lower, at):
            start, end = at, said.end()
        elif (team := _BEFORE_NUMBER.search(lower, max(0, at - 60), at)) and (size := _AFTER_OF.match(lower, at)):
            start, end = team.start(), size.end()
        else:
            continue
        if not _OURS.search(lower, max(0, start - 40), start):
            found.append(" ".join(lower[start:end].split()))
    return found


def team_size_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each size of a function's team that ``text`` (folded) tells in words the ``grounds``
    never say."""
    return [f"size of a team of the prospect not in the facts: '{said}'" for said in ungrounded(_sizes, text, grounds)]
