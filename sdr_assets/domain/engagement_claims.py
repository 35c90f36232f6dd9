"""What the prospect did with our mail or site: "I noticed you opened my last email", "I saw you
clicked the link", "you checked out our site", "you've been on our pricing page", or her colleagues with it ("a few of your
colleagues already replied", "your colleague Sam already replied").

No research tracks her, so a draft may say so only where its approved template does. A sentence says
so where "you" (or her team) did one of these deeds to our mail, a link or a page of ours, said
outright: not in a question or after a word of condition ("if you already checked out our site").
A follow-up that says what we sent, or that she may not have read it ("in case you didn't get to read
my last note", "not sure you had a chance to open it"), says nothing she did; nor does "we opened our
office" or "it has been on our roadmap".
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import not_stated_after, statements

_B = r"[ \t]+"
_DEED = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:you|your{_B}(?:team|colleagues?))"
    rf"(?:(?:['’]ve|['’]re|{_B}(?:have|had|were|are))(?:{_B}been)?)?"
    rf"(?:{_B}(?:just|already|recently|also|even|finally))*{_B}"
    rf"(?:opened|opening|clicked|clicking|checked{_B}out|checking{_B}out|looked{_B}at|looking{_B}at|viewed|viewing"
    rf"|visited|visiting|browsed|browsing|read|reading|downloaded|watched)"
    rf"(?:{_B}on|{_B}through)?(?:{_B}[^\W\d_'’-]+){{0,2}}?{_B}(?:my|our|the{_B}link|it)(?![^\W\d_])"
    # Being on a page of ours: "you were on our pricing page", not "you've been on my list".
    rf"|(?<![^\W\d_])(?:you|your{_B}team)(?:['’]ve{_B}been|{_B}(?:have|had){_B}been|{_B}were){_B}on{_B}our"
    rf"(?:{_B}[^\W\d_'’-]+)?{_B}(?:site|website|page|pages|pricing|blog|webinar|docs|demo)(?![^\W\d_])"
    # Her colleagues answering our mail: "a few of your colleagues already replied".
    # A colleague may be named ("your colleague Sam already replied") or "of yours".
    rf"|(?<![^\W\d_])(?:(?:(?:a{_B}few|some|several|many|most|one|two|three|a{_B}couple){_B}of{_B})?your{_B}"
    rf"(?:colleagues?|co-?workers?|peers?|team(?:mates?)?)(?:{_B}(?-i:[A-Z][^\W\d_'’-]*)){{0,2}}"
    rf"|(?:a|one|two|some|several){_B}(?:colleagues?|co-?workers?|teammates?){_B}of{_B}yours)"
    rf"(?:{_B}(?:at|on|in){_B}[^\W\d_'’-]+)?"
    rf"(?:['’]ve|{_B}(?:have|has|had))?(?:{_B}(?:just|already|recently|also|even))*{_B}"
    rf"(?:replied|responded|answered|wrote{_B}back|got{_B}back{_B}to{_B}(?:me|us))(?![^\W\d_])")
_CUES = Cues(("open", "click", "check", "look", "view", "visit", "brows", "read", "download", "watch", "on", "replied",
              "responded", "answered", "wrote back", "got back"))
_NOT_STATED = not_stated_after("in case", "hope", "not", "never")


def _deeds(text: str) -> list[str]:
    """Each deed of hers with our mail or site that ``text`` states outright, folded."""
    said = []
    for sentence in statements(text):
        for match in _DEED.finditer(sentence):
            if not _NOT_STATED.search(sentence, 0, match.start()):
                said.append(" ".join(match.group().lower().replace("’", "'").split()))
    return said


def engagement_reasons(text: str, grounds: str) -> list[str]:
    """A reason for the first deed of the prospect with our mail or site that ``text`` states and the
    ``grounds`` never say."""
    if not _CUES.any_in(text.lower()) or not (said := _deeds(text)):
        return []
    known = " ".join(grounds.lower().replace("’", "'").split())
    loose = [deed for deed in said if deed not in known]
    return [f"earlier contact claim not in the facts: '{loose[0]}'"] if loose else []
