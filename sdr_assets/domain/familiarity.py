"""The sender's long acquaintance with the prospect, or the word of others about them, as a model puts
it to sound personal: "I've been following Initech for a while", "I'm a big fan of your product", "I'm a
longtime admirer of Initech", "I hear great things about your team", "Everyone I talk to raves about
Initech", "Folks I know speak highly of your team", "Your reputation precedes you".

Research finds an event of the prospect's; it never finds that the sender has watched them for years,
uses or admires their product, or hears them praised. A sentence claims so where "I" or "we" have been
following, watching or admiring them for a time or closely, are fans, admirers or followers of
someone, hear good things, or where everyone we talk to praises them or their reputation goes before
them. A question and a condition state nothing. Stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import outright_sentences
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_END = r"(?![^\W\d_])"
_WE = (rf"(?<![^\W\d_])(?:i|we)(?:['’]ve|['’]m|['’]re|{_B}have|{_B}am|{_B}are)?"
       rf"(?:{_B}(?:long|always|really|also))?")
# Whom the sender follows or admires: what follows the verb, read by ``_theirs``.
_WHOM = r"(?P<whom>[^\W\d_][\w&'’-]*(?:[ \t]+[^\W\d_][\w&'’-]*)?)"
# Each claim with the words one of which it holds: a text holding none of them is not scanned for it.
_CLAIMS = tuple((LazyPattern(f"(?i){claim}"), Cues(cues)) for claim, cues in (
    (rf"{_WE}(?:{_B}been)?{_B}(?:following|followed|watching|watched|tracking|tracked|admiring)(?!{_B}up{_END})"
     rf"{_B}{_WHOM}(?:{_B}[^\W\d_][\w&'’-]*){{0,3}}?"
     rf"{_B}(?:for{_B}(?:a{_B}while|years|ages|some{_B}time|a{_B}long{_B}time|months)|since|closely"
     rf"|from{_B}afar){_END}",
     ("following", "followed", "watching", "watched", "tracking", "tracked", "admiring")),
    (rf"{_WE}{_B}(?:long{_B})?admired{_B}{_WHOM}", ("admired",)),
    (rf"{_WE}{_B}(?:a|an){_B}(?:(?:big|huge|longtime|long-time|avid|loyal|genuine|massive){_B})?"
     rf"(?:fan|admirer|follower){_B}of{_B}{_WHOM}", ("fan of", "admirer of", "follower of")),
    (rf"{_WE}{_B}(?:(?:keep|often|always){_B})?(?:hear|heard|hearing){_B}(?:(?:such|so{_B}many|a{_B}lot{_B}of"
     rf"|nothing{_B}but|only){_B})?(?:great|good|amazing|wonderful|fantastic|excellent|positive)"
     rf"{_B}(?:things|reviews|feedback){_B}about{_B}{_WHOM}", ("things about", "reviews about", "feedback about")),
    (rf"(?<![^\W\d_])(?:everyone|everybody|anyone|people|folks)(?:{_B}(?:i|we))?{_B}"
     rf"(?:(?:talk|speak|spoke|work|worked){_B}(?:to|with)|know|ask|asked|meet|met){_B}(?:[^\W\d_]+{_B}){{0,2}}?"
     rf"(?:raves?|speaks?{_B}highly|praises?|loves?|recommends?"
     rf"|says?{_B}(?:(?:such|only|nothing{_B}but){_B})?(?:great|good|amazing|wonderful|nice|positive){_B}things)"
     rf"(?:{_B}(?:about|of))?{_B}{_WHOM}",
     ("rave", "highly", "praise", "love", "recommend", "things")),
    (rf"(?<![^\W\d_])(?P<whom>your|[^\W\d_][\w&-]*['’]s){_B}reputation{_B}precedes{_END}",
     ("reputation precedes",))))
# Words that make what follows the prospect's: "your product", "you", "what you are building".
_THEIRS = frozenset("you your yours what how".split())


def _theirs(said, names: frozenset[str]) -> bool:
    """Whether what ``said`` follows, admires or hears praised is the prospect: "you", "your ...", "what
    you ...", or a name of theirs (``names``: the words of the names the facts give them)."""
    first = said["whom"].split()[0]
    return first in _THEIRS or first in names or first.removesuffix("'s").removesuffix("’s") in names


def _claims(lower: str, names: frozenset[str]) -> list[str]:
    claims = [claim for claim, cues in _CLAIMS if cues.any_in(lower)]
    if not claims:
        return []
    return [" ".join(m.group().split()) for s in outright_sentences(lower) if not s.rstrip().endswith("?")
            for claim in claims for m in claim.finditer(s) if _theirs(m, names)]


def familiarity_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each acquaintance with the prospect, or praise of them heard, that ``text`` (folded)
    claims in words the ``grounds`` never say; ``names``: the names the facts give the prospect and theirs."""
    words = frozenset(w.lower() for n in names for w in n.split())
    return [f"familiarity with the prospect not in the facts: '{said}'"
            for said in ungrounded(lambda lower: _claims(lower, words), text, grounds)]
