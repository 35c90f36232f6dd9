"""The sender's name given to someone at the prospect: "Nora Beck on your board", "Ivy Park, your
recruiter, mentioned the push", "Owen Reed said the demo went well".

The grounds hold the sender's name for the signature, so each of its words is grounded. Written
first person, a draft names its sender only to sign or to introduce ("I'm Ivy Park"). Where the
name has a place at the prospect after it (", your ...", "on your team", "at Acme") or a verb of
someone who spoke or did something ("said", "mentioned", "ran"), the draft says someone of that
name is there, which no fact says.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

# The sender's own side after ", your": "Nora Beck, your point of contact", "Owen Reed, your account
# executive" sign a draft; "Nora Beck, your board member" places her at the prospect.
_OWN_SIDE = (r"(?:(?:main|dedicated|primary|new|usual|direct|first)[ \t]+)?(?:point[ \t]+of[ \t]+contact|contact|rep"
             r"|representative|account[ \t]+(?:executive|manager|lead|director)|ae|csm|partner|guide|host|advisor"
             r"|adviser|consultant|customer[ \t]+success[ \t]+manager|success[ \t]+manager|specialist)(?![^\W\d_])")
_ELSEWHERE = (rf"(?:[ \t]*,[ \t]*(?:your|their|its)(?![^\W\d_])(?![ \t]+{_OWN_SIDE})"
              r"|[ \t]+(?:on|in|at|from|of)[ \t]+(?:your|the|their|its)[ \t]+"
              r"(?:team|board|side|staff|company|sales|marketing|finance|people|recruiting|talent)(?![^\W\d_])"
              r"|(?:[ \t]+(?:already|also|recently|just))?[ \t]+(?:mentioned|said|says|told|tells|shared|suggested"
              r"|recommended|introduced|did|gave|ran|runs|showed|asked|pointed|noted|flagged|wrote|joined|leads|led"
              r"|is[ \t]+(?:on|at|in)|was[ \t]+(?:on|at|in))(?![^\W\d_]))")
_INTRODUCED = LazyPattern(r"(?i)(?:\bi['’]?m|\bi[ \t]+am|\bthis[ \t]+is|\bname[ \t]+is|\bit['’]s)[ \t,]*\Z")


def sender_role_reasons(text: str, sender: str) -> list[str]:
    """A reason where ``text`` gives the ``sender``'s name (whole, or the first name) a place or a
    deed at the prospect."""
    names = [n for n in dict.fromkeys((sender.strip(), sender.strip().split(" ")[0])) if len(n) >= 2]
    if not names or names[-1] not in text:
        return []
    for m in _named_elsewhere(tuple(names)).finditer(text):
        if not _INTRODUCED.search(text, max(0, m.start() - 20), m.start()):
            return [f"the sender named as someone at the prospect: {sender.strip()}"]
    return []


@lru_cache(maxsize=64)
def _named_elsewhere(names: tuple[str, ...]) -> re.Pattern[str]:
    """The sender's ``names`` with a place or a deed at the prospect after them, compiled once per
    sender: a play's drafts share theirs, and other patterns crowd it out of ``re``'s own cache. Each name
    opens with its first letter, so the engine skips to where one stands and only there asks for no letter
    before it."""
    starts = (re.escape(n[0]) + r"(?<![^\W\d_]" + re.escape(n[0]) + ")" + re.escape(n[1:]) for n in names)
    return re.compile("(?:" + "|".join(starts) + r")(?![^\W\d_])" + _ELSEWHERE)
