"""How the prospect's things stand: "your routing rules are out of date", "your conversion rates have
dropped", "Acme missed its targets", "GridSense has had a bumpy start", "you have a small sales team".

A sentence states how something of the prospect stands where its subject is theirs ("your" or "their" and a few
words, the company or its product by name, with or without "'s", or "you") and its verb tells a state or what
became of it: a form of "be" or "have" (alone, "has been", "must be"), "keeps", "still" and a verb, a past
("dropped", "lost", "just hit"), what became of a target of theirs ("you beat your targets"), or, where the
subject (or a share of it: "most of your pipeline") opens its clause, what their people do day to day, rely
or depend on, run, live in or get from somewhere, or lack ("your reps spend hours on admin", "you run outbound
from spreadsheets", "you live in spreadsheets", "your pipeline comes mostly from referrals", "your team lacks
a data source"; not "the hours your reps spend"). Research finds
the prospect's events, never the state of their data, numbers, people or standing, so the verb (but one of what
they do or lack) and the words after it, to the end of the clause, must each stand in the grounds ("your team
is adopting Snowflake" where the facts say so), but for words of no content, words that only tie a fact to the
prospect ("led by", "employees") and the claim words the claim check judges in their senses; of an activity
under way, what it is about ("your team has been exploring sales platforms" where the facts say it researches
them); of keeping on working in or using something, that thing ("your reps keep working in Salesforce" where
the facts name it). A question ("Is your CRM data holding up?", "curious how you're ..."), a wish ("hope you're
free"), a clause of condition or time ("if your numbers are down"), a verb to come ("your reps will spend less
time"), a thing to come ("your next board meeting is a good moment to ...") and a guess at what the reader does
("as CEO, you're probably close to every deal") state nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.hearsay import LIGHT_WORDS, word_stem
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import CLAIM_GROUPS, NUMBER_WORDS
from sdr_assets.domain.said_outright import SENTENCE_BREAKS, not_stated_after

_B = r"[ \t]+"
# Words that may not stand in the subject's noun phrase: a modal or a joining word ends it, and a thing
# to come ("your next board meeting") has no state yet.
_NOT_NOUN = (r"(?:will|would|can|could|may|might|shall|should|must|to|and|or|but|not|who|that|which|if|when|is|are"
             r"|was|were|has|have|had|do|does|did|be|been|being|just|also|already|still|probably|next|upcoming)")
_NOUN = rf"(?:(?!{_NOT_NOUN}(?![\w'’-]))[\w&'’-]+{_B})"
# What the prospect's people do day to day, and what they lack: "your reps spend hours on admin", "you
# still run forecasting in spreadsheets". What they do it on must stand in the grounds, not the verb.
_HABIT = "(?:spend|waste|struggle|juggle|lack|chase|drown|run)"
# Said of several ("your reps rely on", "your reps miss"), or of one ("your team relies on").
_HABIT_ALSO = (r"lose|loses|miss|misses|rely|relies|face|faces|(?:depend|lean|count)s?[ \t]+on|lives?[ \t]+in"
               r"|works?[ \t]+out[ \t]+of|comes?(?:[ \t]+(?:mostly|mainly|largely|primarily|entirely))?[ \t]+from")
_HABIT_VERB = LazyPattern(rf"(?:{_HABIT}s?|{_HABIT_ALSO})\Z")
# Said to her: "you rely on", "you depend on", "you live in".
_YOU_ALSO = r"lose|miss|rely|face|(?:depend|lean|count)[ \t]+on|live[ \t]+in|work[ \t]+out[ \t]+of"
_YOU_HABIT = LazyPattern(rf"[ \t]+(?:(?:still|already)[ \t]+[^\W\d_]+|{_HABIT}|{_YOU_ALSO})\Z")
# Such a subject opens its clause ("I know your reps spend hours on admin"), never one inside a noun's
# ("we cut the hours your reps spend on research").
_OPENS_CLAUSE = LazyPattern(r"(?i)(?:\A|[,;:\u2013\u2014]|(?<![^\W\d_])(?:and|but|so|because|since|while|that|know"
                            r"|see|saw|noticed|hear|heard|bet))[ \t]*\Z")
_STATE_VERB = (r"(?:(?:is|are|was|were|has|have|had)(?:(?:{b}(?:already|still|really|clearly|probably|now|just|"
               r"always|never|not))*{b}been)?|must{b}(?:have{b})?be(?:en)?|keeps?|kept|still{b}[^\W\d_]+"
               r"|(?:(?:just|already|also){b})?(?:[^\W\d_]{{3,}}ed|lost|grew|fell|rose|won|beat|took|made|sold|spent"
               r"|got|came|went|built|hit)"
               r"|{habit}s?|{also})"
               ).format(b=_B, habit=_HABIT, also=_HABIT_ALSO)
# What became of a target of theirs: "you beat your targets", "you just missed your number".
_RESULT_VERBS = ("hit", "beat", "smashed", "crushed", "exceeded", "surpassed", "topped", "missed", "blew past")
_RESULT = "(?:" + "|".join(v.replace(" ", r"[ \t]+") for v in _RESULT_VERBS) + ")"
_YOU_RESULT = LazyPattern(rf"{_RESULT}\Z")
_AFTER_YOU = (rf"(?:['’](?:re|ve){_B}(?:been{_B})?|{_B}(?:are|were|have|had|must{_B}be)(?:{_B}been)?{_B}"
              rf"|{_B}(?:(?:still|already){_B}[^\W\d_]+|{_HABIT}|{_YOU_ALSO}"
              rf"|(?:(?:just|already|recently|finally){_B})?{_RESULT})(?![\w'’-]))")
_SAID_OF = "(?i)(?:(?P<owner>(?:your|their){b}{n}{{1,4}}?)(?P<verb>{v})(?![\\w'’-]){b}?" \
    "|you(?P<you>{y}))(?P<rest>[^,;:.!?\\n\u2013\u2014()]*)"
# Where a sentence asks (also as "curious how you're ..."), sets a condition or speaks of a time to
# come, what follows states nothing.
_NOT_STATED = not_stated_after("till", "in case", "as long as", "before", "after", "imagine", "suppose", "how", "what",
                               "which", "where", "why")
# A share of their things ("most of your pipeline comes from referrals") is their subject: what stands before
# the share tells whether it opens its clause.
_SHARE = LazyPattern(r"(?i)(?<![^\W\d_])(?:most|much|all|half|some|many|part|a[ \t]+lot|lots|a[ \t]+third"
                     r"|a[ \t]+quarter)[ \t]+of[ \t]+\Z")
# A name after one of these is not the subject: "the sales process at Acme is ...".
_PREPOSITION = LazyPattern(r"(?i)(?<![^\W\d_])(?:at|in|of|for|with|from|to|by|about|on|like)[ \t]+\Z")
# A wish ("hope you're free today", "hope the launch went well") states nothing; a guess at what the
# reader does or thinks ("you're probably thinking about", "as CEO, you're probably close to every
# deal") tells no state of theirs.
_WISH = LazyPattern(r"(?i)(?<![^\W\d_])(?:hope|hoping|wish|wishing|trust)(?![^\W\d_])")
_GUESS = LazyPattern(r"(?i)(?<![^\W\d_])(?:probably|likely|perhaps|maybe|imagine|guess|bet)(?![^\W\d_])")
# The verb of an activity under way, which a restatement words its own way ("your team has been
# exploring" what the facts say it researches): what it is about must be in the facts. Said with how
# well it goes ("selling well"), it is a state.
# A word joined on by a hyphen or an apostrophe ("cutting-edge", "up-front") is one word, read whole.
_ACTIVITY = LazyPattern(r"(?i)[ \t]*[^\W\d_]+ing(?![^\W\d_]|['’-][^\W\d_])"
                        r"(?:[ \t]+(?:in|into|on|up|out|at|about)(?![^\W\d_]|['’-][^\W\d_]))?"
                        r"(?![ \t]+(?:well|badly|poorly|fast|quickly|slowly|strongly)(?![^\W\d_]))")
# A time called right for something ("your Series B is a good moment to revisit outbound") is advice.
_ADVICE = LazyPattern(r"(?i)[ \t]*(?:an?|the)[ \t]+(?:good|great|natural|right|perfect|ideal|logical)[ \t]+"
                      r"(?:moment|time|chance|opportunity|point)(?![^\W\d_])")
# A role opened or advertised ("Initech opened a RevOps Manager role") tells a hiring, an event the claim
# check judges by the facts of an opening: the verb is no state, what was opened is read as the rest.
_OPENED = LazyPattern(r"(?i)(?:(?:just|recently)[ \t]+)?(?:opened|listed|advertised|posted)\Z")
_OPENING = LazyPattern(r"(?i)(?<![^\W\d_])(?:role|roles|position|positions|opening|openings|job|jobs|vacancy|req)"
                       r"(?![^\W\d_])")
# Keeping on with the tools they work in ("your reps keep working in Salesforce", "keeps using HubSpot")
# says no state but where they work: that must stand in the grounds, not "keep".
_KEEP = LazyPattern(r"(?i)keeps?\Z")
_CONTINUED = LazyPattern(r"(?i)[ \t]*(?:working|using|selling|living|logging)(?![^\W\d_])")
_CLAUSE_END = LazyPattern(r"(?i)[ \t]+(?:and|but|so|because|which|who|while|since|as|where)(?![^\W\d_])")
_WORD = LazyPattern(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words that tie a fact's value to the prospect ("led by Accel", "1,200 employees", "based in Spain"),
# and words of degree or time that add no state of their own.
_TIES = frozenset("led lead backed by employees employee people staff based headquartered includes include uses use "
                  "runs run stack place team teams company product live available open stage now already still "
                  "really clearly currently just very quite mostly all much".split()) | frozenset(NUMBER_WORDS)
# Words of how something went, which say a state though light elsewhere ("the launch went well").
_HOW_IT_WENT = frozenset("well badly poorly".split())
# A claim phrase's words are judged by the claim check; a verb of a result stays this check's even where
# a phrase holds it ("hit the headlines"), so "you just hit your number" is still read.
_CLAIM_WORDS = frozenset(w for phrases in CLAIM_GROUPS.values() for p in phrases for w in p.split()) - frozenset(
    w for verb in _RESULT_VERBS for w in verb.split())
_CUES = Cues(("your ", "their ", "you're", "you’re", "you've", "you’ve", "you are", "you were", "you have",
              "you had", "you must", "you still", "you already", "you spend", "you waste", "you struggle",
              "you juggle", "you lack", "you chase", "you drown", "you lose", "you miss", "you rely", "you face",
              "you depend", "you lean", "you count", "you live", "you work out"))


_AFTER_NAME = "(?i)(?:['’]s{b}{n}{{0,3}}?|{b})(?P<verb>{v})(?![\\w'’-]){b}?(?P<rest>[^,;:.!?\\n\u2013\u2014()]*)"
# The subject as "your", "their" or "you", and as a name of the prospect's, with what follows: each
# compiled once, a name being tried where it starts (a pattern holding an account's names took 4 ms
# to compile, for each account of a world).
_SUBJECT = LazyPattern(_SAID_OF.format(b=_B, n=_NOUN, v=_STATE_VERB, y=_AFTER_YOU))
_SUBJECT_AFTER_NAME = LazyPattern(_AFTER_NAME.format(b=_B, n=_NOUN, v=_STATE_VERB))


class _Said:
    """A subject with its verb and the rest, as a match of it reads."""

    def __init__(self, start: int, match: re.Match[str], named: bool):
        self._start, self._match, self._named = start, match, named

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._match.end()

    def __getitem__(self, group: str) -> str | None:
        return None if self._named and group == "you" else self._match[group]


_THEIRS = LazyPattern(r"(?i)(?<![\w'’])(?:your|their|you)(?!\w)")
_WORD_CHAR = LazyPattern(r"\w")
_BEFORE_WORD = LazyPattern(r"[\w'’]")


@lru_cache(maxsize=512)
def _name(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(name), re.I)


@lru_cache(maxsize=512)
def _name_ahead(name: str) -> re.Pattern[str]:
    """Every place ``name`` starts, in any case, overlapping ones too."""
    return re.compile(f"(?={re.escape(name)})", re.I)


def _name_matches(name: str, text: str, at: int) -> int | None:
    """Where ``name`` said at ``at`` ends, in any case, as a pattern ignoring case would match it."""
    said = text[at:at + len(name)]
    if name.isascii() and said.isascii():
        return at + len(name) if said.lower() == name.lower() else None
    match = _name(name).match(text, at)
    return match.end() if match else None


# The characters outside ASCII that a pattern ignoring case takes for an ASCII letter, or whose lower case
# holds one: İ, ı, ſ and the Kelvin sign.
_FOLD_TO_ASCII = LazyPattern("[\u0130\u0131\u017f\u212a]")


def _name_starts(name: str, text: str, lower: str) -> list[int]:
    """Every place ``name`` may be said in ``text`` (``lower``: the text in lower case), overlapping ones too:
    where an ASCII name is found in lower case, unless the text holds a character that ignoring case could
    read as ASCII, or one whose lower case is longer (then where a pattern ignoring case finds it)."""
    if not name.isascii() or not text.isascii() and (len(lower) != len(text) or _FOLD_TO_ASCII.search(text)):
        return [m.start() for m in _name_ahead(name).finditer(text)]
    places, at, name_lower = [], lower.find(name.lower()), name.lower()
    while at >= 0:
        places.append(at)
        at = lower.find(name_lower, at + 1)
    return places


def _starts(text: str, lower: str, names: tuple[str, ...]) -> list[int]:
    """Where a subject of the prospect's may start, as one pattern ignoring case would find them one after
    the other: "your", "their" or "you", else a name of ``names`` (in order, the longest first), each a whole
    word."""
    ends = {m.start(): m.end() for m in _THEIRS.finditer(text)}
    for name in names:
        for at in _name_starts(name, text, lower):
            if at in ends or (at and _BEFORE_WORD.match(text, at - 1)):
                continue
            end = _name_matches(name, text, at)
            if end is not None and not _WORD_CHAR.match(text, end):
                ends[at] = end
    starts, resume = [], 0
    for at in sorted(ends):
        if at >= resume:
            starts.append(at)
            resume = ends[at]
    return starts


def _said_at(text: str, at: int, names: tuple[str, ...]) -> _Said | None:
    """The subject starting at ``at``: a name of ``names`` first, in order (the longest first), then "your",
    "their" or "you", as one alternation of them would match."""
    for name in names:
        if (end := _name_matches(name, text, at)) is not None and (rest := _SUBJECT_AFTER_NAME.match(text, end)):
            return _Said(at, rest, named=True)
    said = _SUBJECT.match(text, at)
    return _Said(at, said, named=False) if said else None


# An account's drafts share its grounds: their words are stemmed once.
@lru_cache(maxsize=16)
def _stems(grounds: str) -> frozenset[str]:
    return frozenset(map(word_stem, set(_WORD.findall(grounds))))


def _loose(said: str, known: frozenset[str]) -> list[str]:
    words = []
    for word in _WORD.findall(said):
        lower = word.lower().replace("’", "'")
        light = lower in LIGHT_WORDS and lower not in _HOW_IT_WENT
        if light or lower in _TIES or lower in _CLAIM_WORDS or word_stem(word) in known:
            continue
        words.append(word)
    return words


def standing_reasons(text: str, grounds: str, names: tuple[str, ...] = ()) -> list[str]:
    """A reason for each sentence of ``text`` that tells how the prospect's things stand in words the
    ``grounds`` never state; ``names``: the names the facts give the prospect and its product."""
    lower = text.lower()
    # A name of several words is said by its first too ("Maria" for Maria Lopez), unless that is a word
    # of no content ("The" of The Trade Desk).
    firsts = (name.split()[0] for name in names if name.strip())
    names = tuple(sorted(dict.fromkeys(n for n in (*names, *(f for f in firsts if f.lower() not in LIGHT_WORDS))
                                       if n and n.lower() in lower), key=len, reverse=True))
    if not names and not _CUES.any_in(lower):
        return []
    found, read_to = [], 0
    for start in _starts(text, lower, names):
        if start >= read_to and (said := _said_at(text, start, names)):
            found.append(said)
            read_to = said.end()
    if not found:
        return []
    # A match stays inside its sentence (none of its parts reads a sentence's end): each is judged there.
    breaks = list(SENTENCE_BREAKS.finditer(text))
    begins, ends = [0, *(b.end() for b in breaks)], [*(b.start() for b in breaks), len(text)]
    reasons, done_to = [], 0
    for said in found:
        if said.start() < done_to:
            continue
        at = bisect_right(begins, said.start()) - 1
        sentence, offset = text[begins[at]:ends[at]], begins[at]
        asked = sentence.rstrip().endswith("?") or _WISH.search(sentence)
        if asked or _NOT_STATED.search(sentence, 0, said.start() - offset):
            done_to = ends[at]
            continue
        rest = said["rest"]
        activity = _ACTIVITY.match(rest)
        rest = rest[activity.end():] if activity else rest
        if said["you"] and _GUESS.search(sentence):
            continue
        share = _SHARE.search(sentence, 0, said.start() - offset)
        subject_at = share.start() if share else said.start() - offset
        if _PREPOSITION.search(sentence, 0, subject_at) or _ADVICE.match(rest):
            continue
        result = _YOU_RESULT.search(said["you"] or "")
        verb = said["verb"] or (result.group() if result else "")
        habit = _HABIT_VERB.match(verb.lower()) or _YOU_HABIT.match(said["you"] or "")
        # "you" and a bare verb of a result, like a habit, tell one only opening a clause: "help you hit
        # your number" is what we do.
        if (habit or result) and not _OPENS_CLAUSE.search(sentence, 0, subject_at):
            continue
        clause_end = _CLAUSE_END.search(rest)
        rest = rest[:clause_end.start()] if clause_end else rest
        opened = _OPENED.match(verb) and _OPENING.search(rest)
        kept_on = activity and _KEEP.match(verb) and _CONTINUED.match(activity.group())
        words = f"{'' if habit and verb or opened or kept_on else verb} {rest}"
        if loose := _loose(words, _stems(grounds)):
            reasons.append(f"state of the prospect not in the facts ({', '.join(loose[:3])}): {sentence.strip()[:80]}")
            done_to = ends[at]
    return reasons
