"""What the prospect's people are made of: "Your sales team is mostly new hires", "Most of your reps
joined this year", "Larkspur's revenue team is largely junior", "Your data team is made up of
contractors".

Research counts a prospect's employees and open roles; it never says who they are, how long they have
been there or where they come from. A sentence says so where the prospect's people ("your", "their"
or a name of theirs with "'s", a few words, then a word for staff: team, reps, sellers...) are said to
be mostly, largely, all or half something, made up of it, or where a share of them ("most of your
reps", "half of Acme's sellers") are something or joined lately, and what they are is a kind of
people (new, junior, recent hires, contractors, seniors...), or where they work ("your global team",
"your remote reps"; grounded by the word anywhere in the grounds). Our own team, teams in general ("teams
that are mostly new hires"), a question and a condition state nothing. Stopped unless the grounds
say the same words.
"""

from __future__ import annotations

import re

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import outright_sentences
from sdr_assets.domain.ungrounded import ungrounded

_B = r"[ \t]+"
_END = r"(?![^\W\d_])"
_OWNER = rf"(?P<owner>your|their|(?P<name>(?:[^\W\d_][\w&-]*{_B}){{0,2}}[^\W\d_][\w&-]*)['’]s){_B}"
_PEOPLE = (rf"(?:[^\W\d_]+{_B}){{0,3}}?(?:teams?|reps|representatives|sellers|salespeople|staff|people|employees"
           rf"|workforce|headcount|sdrs|bdrs|aes|hires|engineers|analysts|members|org|department){_END}")
_SHARE = (r"(?:mostly|mainly|largely|predominantly|entirely|almost[ \t]+entirely|nearly[ \t]+all|almost[ \t]+all"
          r"|all|half|made[ \t]+up|composed|full[ \t]+of)")
_SHARE_OF = (r"(?:most|half|many|all|nearly[ \t]+all|almost[ \t]+all|the[ \t]+majority|a[ \t]+third|a[ \t]+quarter"
             r"|a[ \t]+lot|lots|plenty)")
_REST = r"(?P<rest>[^,;:.!?\n\u2013\u2014()]*)"
# "your team is mostly ...", and "most of your reps ...".
_MAKEUPS = (
    LazyPattern(rf"(?i)(?<![^\W\d_]){_OWNER}{_PEOPLE}{_B}(?:is|are|was|were|['’]s|['’]re)(?:{_B}(?:now|still))?{_B}"
                rf"{_SHARE}{_END}{_REST}"),
    LazyPattern(rf"(?i)(?<![^\W\d_]){_SHARE_OF}{_B}of{_B}{_OWNER}{_PEOPLE}{_REST}"),
)
# Where the prospect's people are said to work: "your global team", "their remote reps". Grounds that
# use the word anywhere (a "VP Global Sales") ground it.
_WHERE = LazyPattern(rf"(?i)(?<![^\W\d_]){_OWNER}(?:(?:fully|mostly|largely|now){_B})?"
                     rf"(?P<where>global|remote|distributed|offshore|hybrid|multinational|overseas){_B}{_PEOPLE}")
_WHERE_CUES = Cues(("global", "remote", "distributed", "offshore", "hybrid", "multinational", "overseas"))
# What people are said to be: new or long in the job, junior or senior, hired from outside.
_KIND = LazyPattern(
    r"(?i)(?<![^\W\d_])(?:new|newer|recent|recently|junior|juniors|inexperienced|green|first-time|fresh|graduates?"
    r"|grads|rookies|contractors?|contract|freelancers?|freelance|offshore|outsourced|agency|temporary|temps"
    r"|senior|seniors|seasoned|veterans?|experienced|remote|newcomers|joiners|starters|joined|started|hired"
    r"|onboarded|arrived)(?![^\W\d_])")
# A share every make-up said holds, and who owns the people: a text without both is not scanned.
_CUES = Cues(("mostly", "mainly", "largely", "predominantly", "entirely", " all ", "half", "made up", "composed",
              "full of", "most of", "many of", "all of", "majority", "third of", "quarter of", "lot of", "lots of",
              "plenty of"))
_OWNER_CUES = Cues(("your", "their", "'s", "’s"))


def _makeups(lower: str, names: frozenset[str]) -> list[str]:
    found = []
    for sentence in outright_sentences(lower):
        for said in (m for makeup in _MAKEUPS for m in makeup.finditer(sentence)):
            name = said["name"]
            if name and name.split()[-1].lower() not in names:
                continue
            if _KIND.search(said.group()):
                found.append(" ".join(said.group().split()))
    return found


def makeup_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that tells what the prospect's people are made of in words
    the ``grounds`` never say; ``names``: the names the facts give the prospect and theirs."""
    lower = text.lower()
    if not _OWNER_CUES.any_in(lower):
        return []
    words = frozenset(w.lower() for n in names for w in n.split())
    reasons = [f"make-up of the prospect's people not in the facts: '{said}'"
               for said in _places(lower, grounds.lower(), words)] if _WHERE_CUES.any_in(lower) else []
    if not _CUES.any_in(lower) or not _KIND.search(lower):
        return reasons
    return reasons + [f"make-up of the prospect's people not in the facts: '{said}'"
                      for said in ungrounded(lambda read: _makeups(read, words), text, grounds)]


def _places(lower: str, grounds: str, names: frozenset[str]) -> list[str]:
    """Where ``lower`` says the prospect's people work, in words ``grounds`` never use."""
    found = []
    for sentence in outright_sentences(lower):
        for said in _WHERE.finditer(sentence):
            name = said["name"]
            if (name and name.split()[-1] not in names) or _word(said["where"]).search(grounds):
                continue
            found.append(" ".join(said.group().split()))
    return list(dict.fromkeys(found))


def _word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])")
