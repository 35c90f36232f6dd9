"""Events of the prospect's dated ahead: "your board meeting next month", "your fiscal year ends next
quarter", "Initech's kickoff in two weeks", "ahead of your planning cycle at the end of the month".

Research finds an event that happened; it never finds when their board meets, their year ends or their
planning starts, so a date ahead for one is invented urgency. A sentence says so where an event of
theirs ("your" or "their", or a name with "'s" but for one of ours or of no one in particular: "my
team's", "our CEO's", "every company's"; and an event: a board meeting, a kickoff, a planning cycle, a
budget, a renewal, a quarter, a fiscal year, a review, a launch, ...) stands with a time ahead, a verb of
when it happens or not ("next month", "closes in two weeks", "get set tomorrow", "is going to meet by the end
of the quarter"), said outright: not in a question or after a word
of condition ("if your board meets next month"), nor as a thing we would make for them at a time we offer
("I can send your audit next week"; not "happy to join your kickoff next week", nor one they hold without
us: "happy to host your offsite next week"). "Before your next board meeting" names no date and says
nothing. Stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import not_stated_after, statements
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_EVENT = (rf"board(?:{_B}(?:meeting|meetings|review|deck))?|offsite|off-site|kickoff|kick-off|all-hands|sko"
          rf"|planning(?:{_B}(?:cycle|season|round))?|budget(?:s|ing)?(?:{_B}(?:cycle|season|round))?|renewal"
          rf"|(?:fiscal|financial){_B}year|year[- ]end|quarter(?:[- ]end)?|qbr|review|audit|deadline|launch|conference"
          rf"|summit|earnings(?:{_B}call)?|investor{_B}(?:update|call|meeting)")
_WHEN = r"meet|end|start|begin|close|kick[ \t]+off|happen|land|reset|convene|wrap[ \t]+up|come[ \t]+up"
# Said of one or of several ("your budgets get set"), or to come ("will meet", "is going to meet").
_SET = rf"(?:{_B}(?:coming{_B}up|due|scheduled|set))?"
_HAPPENS = (rf"meets|ends|starts|begins|closes|kicks{_B}off|happens|lands|resets|convenes|wraps{_B}up|comes{_B}up"
            rf"|{_WHEN}|(?:is|are){_SET}|gets?{_B}(?:set|locked|finalized|approved)"
            rf"|(?:will|(?:is|are){_B}going{_B}to){_B}(?:be{_SET}|{_WHEN})")
_AHEAD = (rf"next{_B}(?:week|month|quarter|year)|tomorrow"
          rf"|in{_B}(?:a{_B}few|two|three|four|\d+){_B}(?:days|weeks|months)"
          rf"|(?:at|by){_B}the{_B}end{_B}of{_B}(?:the|this|next){_B}(?:week|month|quarter|year)"
          rf"|on{_B}(?:monday|tuesday|wednesday|thursday|friday)")
_DATED = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:your|their|(?P<whose>[^\W\d_][\w&-]*['’]s))"
    rf"(?:{_B}(?:upcoming|next|annual|quarterly|big|first))?{_B}(?P<event>{_EVENT})"
    rf"(?P<happens>['’]s|{_B}(?:{_HAPPENS}))?{_B}(?:{_AHEAD})(?![^\W\d_])")
_CUES = Cues(("next week", "next month", "next quarter", "next year", "tomorrow", "in a few", "in two", "in three",
              "in four", "end of", "monday", "tuesday", "wednesday", "thursday", "friday", " days", " weeks",
              " months"))
_NOT_STATED = not_stated_after("in case", "hope", "hoping", "whatever", "no matter")
# Words before a possessive that make it ours or no one's in particular: "our team's", "every company's".
_NOT_THEIRS = LazyPattern(r"(?i)(?<![^\W\d_])(?:my|our|a|an|every|each|any|another|one|some|most)[ \t]+\Z")
# A thing of theirs we do at a time we offer: "I can send your audit next week", "happy to run your review
# next week"; not one we would join or help with at a time of theirs ("happy to join your kickoff next week"),
# nor one they hold without us ("happy to host your offsite next week", "I can book your board meeting").
_WE_DO = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:(?:i|we)(?:['’](?:ll|d))?(?:{_B}(?:can|could|will|would|might|may|shall))?|happy{_B}to"
    rf"|glad{_B}to|like{_B}to|love{_B}to|let{_B}me|let{_B}us|let['’]s)(?:{_B}(?:also|gladly|happily))?"
    rf"{_B}(?:send|share|run|do|hold|book|schedule|set{_B}up|draft|deliver|host)(?:{_B}you)?{_B}\Z")
_WE_MAKE = LazyPattern(r"(?i)(?:review|audit|kickoff|kick-off)\Z")


def _dated(lower: str) -> list[str]:
    """Each event of theirs dated ahead that ``lower`` states outright, as it is written there."""
    if not _CUES.any_in(lower):
        return []
    return [" ".join(m.group().split()) for sentence in statements(lower) for m in _DATED.finditer(sentence)
            if not _NOT_STATED.search(sentence, 0, m.start())
            and not (m["whose"] and _NOT_THEIRS.search(sentence, 0, m.start()))
            and not (not m["happens"] and _WE_MAKE.match(m["event"]) and _WE_DO.search(sentence, 0, m.start()))]


def dated_event_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each event of the prospect's that ``text`` (folded) dates ahead where the ``grounds``
    never say it."""
    return [f"date of an event of theirs not in the facts: '{said}'" for said in ungrounded(_dated, text, grounds)]
