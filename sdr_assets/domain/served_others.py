"""Others we are said to have served or to serve: "We helped another energy company fill its pipeline",
"We've fixed the same problem for teams much bigger than yours", "Several logistics leaders already get
their account data from us", "Dozens of startups rely on us", "We work with a few Accel portfolio
companies", "Several Accel portfolio companies use our platform".

No fact tells whom we have served: research is about the prospect, and the approved template says
what we help with, not for whom we did it. A sentence tells of others we served where "we" did
something in the past ("we helped", "we've worked with", "we supplied") to others it names (another,
other, teams, companies, leaders...), where "we" serve now ("we work with", "we support") others it
counts (a few, several, other...), or where others it counts or says do so already take something
from us, use or trust us or a thing of ours ("get their data from us", "rely on us", "use our
platform"); "sales teams use us to draft outbound", "we work with sales teams" and "we set this up for
revenue teams" say what we do.
Nothing is stated in a question, after a word of condition or an offer ("if utilities are your
market", "we could clean up routing"), in what we help with ("we help teams like yours"), of a kind
of team ("we built our drafting for teams that sign off"), of the prospect ("your reps would get a
clean pipeline from us") or of teams in general with no "us" ("many fintech teams use a round to build
pipeline"). It is stopped unless the grounds say the same words.
"""

from __future__ import annotations

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import clause_end, not_stated_after, statements

_B = r"[ \t]+"
# "we" with a verb in the past: a deed done, not a service offered.
_PAST_DEED = LazyPattern(
    rf"(?<![^\W\d_])(?i:we(?:['’]ve|{_B}have|{_B}had)?(?:{_B}(?:already|also|just|recently|once|\w+ly))?{_B}"
    rf"(?:(?!\w*eed(?![^\W\d_]))[^\W\d_]+ed|built|ran|run|did|done|found|sent|made|won|got|brought|led|took"
    rf"|gave|grew|kept|sold|saw|set|put))(?![^\W\d_])")
# A deed that reads as now too ("we set this up for revenue teams", "we run outbound for Software teams"):
# a service, a customer only of others it counts.
_NOW_TOO = LazyPattern(r"(?i)\Awe[ \t]+(?:set|run|put)\Z")
# "we" serving others now ("we work with", "we already support"): said of others it counts, a customer.
_PRESENT_SERVICE = LazyPattern(
    rf"(?<![^\W\d_])(?i:we(?:{_B}(?:already|also|now|currently|proudly))?{_B}(?:(?:work|partner){_B}with"
    rf"|support|serve|power))(?![^\W\d_])")
# "us" in lower case, never the country, or a thing of ours ("our platform"), and the word before it
# that makes others take from us, use or trust us.
_US = LazyPattern(r"(?<![^\W\d_])(?:us|our[ \t]+(?:product|platform|tool|software|service|approach|drafting"
                 r"|process|tables|data))(?![^\W\d_])")
_TAKES = LazyPattern(
    rf"(?<![^\W\d_])(?i:from|through|with|via|on|to|trust|trusts|trusted|use|uses|used|chose|choose|chooses"
    rf"|pick|picks|picked|hire|hired|recommend|recommends|recommended){_B}$")
_OTHERS = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:another|other|others|several|many|most|dozens|hundreds|plenty|teams|companies|company"
    r"|firms|firm|leaders|startups?|business(?:es)?|brands?|retailers?|banks?|clinics?|clients?|customers?"
    r"|competitors?|rivals?|utilities|organi[sz]ations?|players|vendors?|peers)"
    r"(?![^\W\d_])")
# A text holding none of these holds no deed of ours and no one who uses us.
_CUES = Cues(("we", " us", "our"))
# Words before the claim that make it a condition, a time, an offer or what we help with.
_NOT_STATED = not_stated_after("in case", "will", "would", "could", "can", "might", "may", "should", "shall", "help",
                               "helps")
# Others counted or said to use us already: "teams use us to draft outbound" says what we do.
_COUNTED = LazyPattern(r"(?i)(?<![^\W\d_])(?:another|other|others|several|many|most|dozens|hundreds|plenty|lots"
                       r"|some|already|few|handful|number[ \t]+of|\d+)(?![^\W\d_])")
# An offer to show how others did a thing ("happy to share how Accel's other portfolio companies do it"):
# we could tell only of those we served. Its others stand in the grounds where the template offers the
# same ("I can share how other Software teams approached it"). A condition before the offer ("if pipeline is
# on your list, I can share how ...") asks her interest and still tells of those others. Others an offer
# names by "other" alone ("I can show how other teams set it up") are no one in particular: the play's own
# offer, without its kind; and the template's offer of how a kind of team does it ("Happy to show you how
# Software teams set it up") grounds "how other Software teams".
_HOW_OTHERS = LazyPattern(
    rf"(?i)(?<![^\W\d_])(?:share|show(?:{_B}you)?|walk{_B}you{_B}through|tell{_B}you|explain|send(?:{_B}you)?"
    rf"|here['’]s|see)(?:{_B}[^\W\d_]+){{0,2}}?{_B}how{_B}(?P<others>(?:[^\W\d_]+(?:['’]s)?{_B}){{0,2}}?"
    rf"others?(?:{_B}[\w-]+){{0,3}}?{_B}(?:teams|companies|firms|startups|customers|clients|leaders|founders"
    rf"|businesses|brands|orgs|organi[sz]ations|portfolio{_B}companies))(?![^\W\d_])")
_PLAIN_OTHERS = LazyPattern(rf"(?i)others?(?:{_B}(?:teams|companies|firms|startups|leaders|founders|businesses"
                            rf"|brands|orgs|organi[sz]ations))?\Z")
_OFFERED = LazyPattern(r"(?i)(?<![^\W\d_])(?:can|could|would|happy|glad|love|let[ \t]+me|want[ \t]+me|i['’]d"
                       r"|i['’]ll|i[ \t]+will)(?![^\W\d_])")
_KIND = LazyPattern(r"(?i)[ \t]+(?:that|who|which|like)(?![^\W\d_])")
_YOURS = LazyPattern(r"(?i)(?<![^\W\d_])(?:you|your)[ \t]+$")


def _names_others(sentence: str, start: int, end: int, nouns: bool = False) -> bool:
    """Whether ``sentence`` between ``start`` and ``end`` names others than the prospect, and not a
    kind of team ("teams that sign off", "teams like yours"); with ``nouns``, by a noun of them, not a
    count alone ("we support several CRMs" counts no customers)."""
    return any(not _YOURS.search(sentence, 0, m.start()) and not _KIND.match(sentence, m.end())
               and not (nouns and _COUNTED.fullmatch(m.group()))
               for m in _OTHERS.finditer(sentence, start, end))


def served_others_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each sentence of ``text`` that tells of others we served in words the
    ``grounds`` never say."""
    lower = text.lower()
    known = " ".join(grounds.lower().replace("’", "'").split())
    reasons = _how_others_reasons(text, known) if "how" in lower and "other" in lower else []
    if not _CUES.any_in(lower) or not (_PAST_DEED.search(text) or _US.search(text) or _PRESENT_SERVICE.search(text)):
        return reasons
    for sentence in statements(text):
        deeds = [(m.start(), m.group()) for m in _PAST_DEED.finditer(sentence)
                 if _names_others(sentence, m.end(), len(sentence))
                 and not (_NOW_TOO.search(m.group()) and not _COUNTED.search(sentence, m.end()))]
        deeds += [(m.start(), m.group()) for m in _PRESENT_SERVICE.finditer(sentence)
                  if _names_others(sentence, m.end(), clause_end(sentence, m.end()), nouns=True)
                  and _COUNTED.search(sentence, m.end())]
        uses = [(take.start(), f"{take.group().strip()} {m.group()}") for m in _US.finditer(sentence)
                if (take := _TAKES.search(sentence[:m.start()]))
                and _names_others(sentence, 0, m.start()) and _COUNTED.search(sentence, 0, m.start())]
        for start, claim in (*deeds, *uses):
            phrase = " ".join(claim.lower().replace("’", "'").split())
            if _NOT_STATED.search(sentence, 0, start) or phrase in known:
                continue
            reasons.append(f"others we served not in the facts ({claim}): {sentence.strip()[:80]}")
            break
    return reasons


def _how_others_reasons(text: str, known: str) -> list[str]:
    """A reason for each sentence of ``text`` that offers to show how others did a thing, of others
    ``known`` (the grounds, spaced and in lower case) never name so."""
    reasons = []
    for sentence in statements(text):
        for offer in _HOW_OTHERS.finditer(sentence):
            others = " ".join(offer["others"].lower().replace("’", "'").split())
            if _PLAIN_OTHERS.match(others) and _OFFERED.search(sentence, 0, offer.start()):
                continue
            kind = " ".join(w for w in others.split() if w not in ("other", "others"))
            if others not in known and f"how {kind}" not in known:
                reasons.append(f"others we served not in the facts ({offer['others']}): {sentence.strip()[:80]}")
                break
    return reasons
