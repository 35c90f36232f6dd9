"""Attachments and work for the prospect that no one did: "I've attached a short case study", "See the
attached deck", "I already built a list of your best-fit accounts", "I've put a hold on your calendar".

The send step mails plain text with no attachment, and research does nothing for a prospect but
find facts: an attachment is never there, and work done for them (a list, an audit, a report, a
hold, a note sent to someone else) is work no step did. Work is said done where we are the subject
of a past or perfect verb of making, sending or booking ("I've mapped", "we already scored") whose
clause names the prospect ("your accounts", "for you", a name of the facts). The approved template
saying the same grounds it.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_DONE = (r"built|put{_B}together|prepared|created|made|drafted|compiled|mapped|scored|loaded|shared|sent|pulled"
         r"|ran|analy[sz]ed|audited|scraped|booked|put{_B}a{_B}hold|blocked|reserved|set{_B}up|mocked{_B}up"
         r"|took{_B}the{_B}liberty").replace("{_B}", _B)
_ATTACHED = LazyPattern(r"\battach(?:ed|ing|ment|ments|es)?\b|\benclos(?:ed|ing|ure)\b")
_PROSPECT = LazyPattern(r"\byour?\b")
_WORK = LazyPattern(rf"\b(?:i|we)(?:'ve|{_B}have)?(?:{_B}already)?{_B}(?:{_DONE})\b(?P<rest>[^.!?;\n]*)")

# A word every attachment or piece of work holds: a text with none of them is not scanned.
_CUES = Cues(("attach", "enclos", "built", "together", "prepared", "created", "made", "drafted", "compiled", "mapped",
              "scored", "loaded", "shared", "sent", "pulled", "ran", "analy", "audited", "scraped", "booked", "hold",
              "blocked", "reserved", "set up", "mocked", "liberty"))


def _works(lower: str, names: tuple[str, ...]) -> list[str]:
    """What ``lower`` says of an attachment, or of work done for the prospect."""
    if not _CUES.any_in(lower):
        return []
    found = [m.group() for m in _ATTACHED.finditer(lower)]
    for m in _WORK.finditer(lower):
        rest = m["rest"]
        if "already" in m.group() or _PROSPECT.search(rest) or any(name and name in rest for name in names):
            found.append(" ".join(m.group().split()))
    return found


def work_reasons(text: str, grounds: str, names: tuple[str, ...]) -> list[str]:
    """A reason for each attachment or work done ``text`` (folded) states that ``grounds`` do not;
    ``names``: the names the facts give the prospect and theirs."""
    folded = tuple(n.lower() for n in names)
    return [f"attachment or work never done: '{phrase[:80]}'"
            for phrase in ungrounded(lambda lower: _works(lower, folded), text, grounds)]
