"""The draft verifier: a draft may state only what its facts or the approved template state.

It runs on every draft, model-written or not, and returns the reasons a draft must not go out as
written (an empty tuple means it may). Text and grounds are read folded: NFKC, then letters of
other scripts that look like Latin ones as those ("Асеr" in Cyrillic reads as the name "Acer").
Structural checks always run: unfilled placeholders (``{x}``, ``<x>``, ``%x%``, ``$x``, ``((x))``,
a bare ``first_name``), links outside the play's allowed ones, "Re:"/"Fwd:" on a first touch,
length bounds, the tells of machine-written outreach, and an email's greeting and signature, which
name only the contact and the sender (``address_lines.py``), and no title that tells a gender research
never gives ("Ms. Chen", "Herr Weber", ``gendered_titles.py``). Grounding runs at one of three strengths,
chosen by measured precision and recall on the evaluation set (``python -m sdr_assets.verifier_eval``):

- ``names_numbers``: names (words with a capital, or with letters outside ASCII; not an English
  word capitalised only where it opens a sentence, "Vendors pick us") must appear in the grounds,
  numbers with the unit or noun they have there, letters only in scripts the grounds use and
  sentences only in English or a language the grounds are written in (``languages.py``), and a
  person greeted or congratulated in lower case ("hi tom,", ``lowercase_people.py``) is a name;
- ``lexicon``: also spelled-out numbers, technologies, well-known organisations written in lower
  case, a lower-case word before a legal form ("northwind Inc.", "northwind b.v.") or that is no
  English word where a draft names a company ("helped initech scale", ``lowercase_names.py``), claim
  phrases (acquisition, partnership, funding, customers, roles, superlatives, an earlier call or
  meeting, ...) that the grounds never state, themselves or by a phrase of the same sense, a
  prospect ranked first ("the first logistics company in Germany to", ``firsts.py``), a title called
  new ("New COO at Acme") where the facts tell of no change of role (``new_titles.py``), in a draft a
  reply the prospect never sent ("thanks for getting back") or what she did with our mail or site ("I
  saw you opened my email", ``engagement_claims.py``), a signal called news ("just
  raised", "recently") that research does not find news (``recency.py``), hearsay about the
  prospect ("I heard the round was oversubscribed") with words the grounds never state
  (``hearsay.py``), the prospect's earlier post ("I believe you ran finance at Brex before this")
  that no fact of an earlier post states (``past_roles.py``), the state of their business ("your
  round was oversubscribed", "sorry to hear about the churn") the grounds do not hold
  (``business_states.py``), how their data, numbers, people or product stand ("your routing rules
  are out of date", "Acme missed its targets") in words the grounds do not hold
  (``how_things_stand.py``), their pace made a trend ("congrats on the momentum", "things are busy
  at your end", ``momentum_claims.py``), a work or words of theirs ("I loved your talk at the summit",
  "you called GridSense the future", ``their_works.py``), others we served ("we helped another
  energy company", "several logistics leaders get their data from us", ``served_others.py``), their
  plans and what their money goes to ("the round will fund a push into enterprise",
  ``prospect_plans.py``), where the contact or the signal's person came from ("Maria joins from a
  big software company", ``career_origins.py``), a technology called live or its move done ("now
  that Snowflake is live across the company", ``adoption_stages.py``), a quote given the prospect
  ("your tagline, "..."") the grounds do not hold (``attributed_quotes.py``), a relation between us
  and a name of the facts ("Maria asked me to reach out", ``invented_relations.py``), an attachment
  or work done for the prospect (``work_never_done.py``), a price, free period, guarantee or deadline
  the approved template does not offer (``offer_terms.py``), or a promise that we ask no work ("with
  no engineering work", ``effort_promises.py``), a season or part of a year (``word_dates.py``), a
  predecessor and what the one who held a role before did ("your VP Sales before you set up HubSpot",
  ``predecessors.py``), what their people are made of ("your sales team is mostly new hires",
  ``team_makeup.py``), how a time of theirs went ("after a tough year", ``hard_periods.py``), how
  buyers want what they sell ("utilities are lining up to buy GridSense", ``product_demand.py``),
  an industry the facts do not give them ("as a fintech company, you", ``industry_claims.py``), the
  sender's long acquaintance with them or praise of them heard ("I've been following Initech for a
  while", "I hear great things about your team", ``familiarity.py``), the size of a team of theirs
  ("your 1,200-person sales team", ``team_sizes.py``), the contact's time in a post or
  experience ("as a seasoned VP Sales", "after years as VP Sales", ``tenure_claims.py``), and an
  event of theirs dated ahead ("your board meets next month", ``dated_events.py``);
- ``coverage``: also any sentence with several content words found nowhere in the grounds.

Before the checks read a draft's body, a line break inside a sentence is read as a space, as the
template's is in its grounds (``broken_lines.py``), so a claim broken over a line is read whole.
Then what restates the grounds is read as they write it: a length of time
or a day the sender offers is no number or name (``offered_time.py``, ``offered_days.py``), nor is
"in your first 90 days" (``first_days.py``), an amount of money spelled otherwise ("3,5 M€" for
"€3.5M") is the grounds' (``amounts.py``), and so is a figure rounded down under a bound ("over
1,000 people" for 1,200, ``rounded_figures.py``), a title abbreviated or spelled out is the grounds'
(``title_abbreviations.py``) and, beyond ``names_numbers``, a fact's number in words is its digits,
and a number in digits is checked against the grounds' numbers in words read as digits, with the
noun they count (``spelled_numbers.py``). A claim of a hire or new role in another language
is stopped as not judged (``foreign_claims.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Any

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.amounts import as_grounds_amounts
from sdr_assets.domain.rounded_figures import as_grounds_figures
from sdr_assets.domain.address_lines import Roles, address_line_reasons, subject_line_reasons
from sdr_assets.domain.attributed_quotes import quote_reasons
from sdr_assets.domain.broken_lines import joined, one_spaced
from sdr_assets.domain.business_states import business_state_reasons
from sdr_assets.domain.career_origins import origin_reasons
from sdr_assets.domain.claim_subjects import claim_subject_reasons
from sdr_assets.domain.claim_word_senses import without_other_senses, without_titles_of_no_one
from sdr_assets.domain.countries import COUNTRY_WORDS
from sdr_assets.domain.cues import Cues, cue_pattern
from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.dated_events import dated_event_reasons
from sdr_assets.domain.familiarity import familiarity_reasons
from sdr_assets.domain.firsts import first_claim_reasons
from sdr_assets.domain.foreign_claims import foreign_claim_reasons
from sdr_assets.domain.gendered_titles import gendered_title_reasons
from sdr_assets.domain.foreign_sentences import foreign_sentence_reasons
from sdr_assets.domain.hearsay import hearsay_reasons
from sdr_assets.domain.industry_claims import industry_reasons
from sdr_assets.domain.invented_relations import relation_reasons
from sdr_assets.domain.languages import FUNCTION_WORDS, language_reasons
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import (
    AI_TELLS, AMOUNT_NOUNS, BRACKETS, CLAIM_GROUPS, CLAIM_SENSES, CONFUSABLES, COUNT_NOUNS, CURRENCY_SIGNS,
    CURRENCY_WORDS, GENERIC_CAPITALISED, HIRING_ADJECTIVES, HIRING_CLAUSE, HIRING_VERBS, IMPLIED_BY, IMPLIED_NOT_BY,
    LEGAL_FORMS, NOUN_SENSES, NUMBER_ADJECTIVES, NUMBER_LINKS, NUMBER_WORDS, ORGANISATIONS, REPLY_CLAIMS, SCALES,
    TECHNOLOGIES,
)
from sdr_assets.domain.lowercase_dates import lowercase_dates
from sdr_assets.domain.lowercase_names import lowercase_names
from sdr_assets.domain.lowercase_people import lowercase_people
from sdr_assets.domain.messages import uncarried
from sdr_assets.domain.momentum_claims import momentum_reasons
from sdr_assets.domain.hires_named import without_hires_named
from sdr_assets.domain.new_hires import without_hires_to_come
from sdr_assets.domain.offer_terms import offer_term_reasons
from sdr_assets.domain.new_titles import new_title_reasons, people_named, people_titles
from sdr_assets.domain.first_days import without_first_days
from sdr_assets.domain.offered_days import without_offered_days
from sdr_assets.domain.offered_time import without_offered_time
from sdr_assets.domain.other_rounds import without_other_rounds
from sdr_assets.domain.ordinals import ordinal_reasons
from sdr_assets.domain.past_roles import past_role_reasons
from sdr_assets.domain.own_research import without_own_research
from sdr_assets.domain.own_template import opens_grounds, own_template
from sdr_assets.domain.own_side import without_own_titles
from sdr_assets.domain.postscripts import without_postscript_marks
from sdr_assets.domain.present_time import without_present_today
from sdr_assets.domain.recency import recency_reasons
from sdr_assets.domain.role_titles import title_reasons
from sdr_assets.domain.said_outright import SENTENCE_BREAKS
from sdr_assets.domain.sender_roles import sender_role_reasons
from sdr_assets.domain.served_others import served_others_reasons
from sdr_assets.domain.spelled_numbers import numbers_as_digits, spelled_as_digits
from sdr_assets.domain.staff_counts import said_as_staff
from sdr_assets.domain.their_works import their_work_reasons
from sdr_assets.domain.title_abbreviations import as_grounds_titles, grounds_as_own_titles
from sdr_assets.domain.predecessors import earlier_holder_reasons, predecessor_reasons
from sdr_assets.domain.engagement_claims import engagement_reasons
from sdr_assets.domain.effort_promises import effort_reasons
from sdr_assets.domain.hard_periods import period_reasons
from sdr_assets.domain.job_senses import without_job_senses
from sdr_assets.domain.product_demand import demand_reasons
from sdr_assets.domain.team_makeup import makeup_reasons
from sdr_assets.domain.team_sizes import team_size_reasons
from sdr_assets.domain.tenure_claims import tenure_reasons
from sdr_assets.domain.prospect_plans import plan_reasons
from sdr_assets.domain.how_things_stand import standing_reasons
from sdr_assets.domain.word_dates import word_date_reasons
from sdr_assets.domain.work_never_done import work_reasons

MODES = ("names_numbers", "lexicon", "coverage")
DEFAULT_MODE = "lexicon"

# A word: letters, then letters, apostrophes, ampersands and hyphens. ASCII text, nearly every
# draft, is read with the class that needs no alternation.
_WORD = LazyPattern(r"[^\W\d_](?:[^\W\d_]|['&-])*")
_ASCII_WORD = LazyPattern(r"[A-Za-z][A-Za-z'&-]*")
_DIGITS = LazyPattern(r"\d[\d,.]*")
_PLACEHOLDER = LazyPattern(r"\{|\}|\[[^\W\d_][\w -]*\]|<<|>>|\bTBD\b|\bXXX*\b|\bINSERT\b")
# Merge fields of other tools, and a field name left bare, each searched only where its mark is
# (outside links and addresses): <first_name>, %first_name%, $first_name, ((first_name)),
# *|FNAME|*, __FIRST_NAME__ or first_name, a blank ___, "Hi name", and a field named in parentheses
# as a model leaves one: "(link)", "(insert calendar link)", "Hi (first name)".
_PAREN_FIELD = (r"(?i)\([ \t]*(?:(?:insert|add|enter|your|their|the)[ \t]+)?(?:(?:first|last|full|company|calendar"
                r"|booking|meeting|sender|contact)[ \t]+)?(?:link|url|name|company|signature|title|date|topic)[ \t]*\)")
_FIELDS = (
    ("<", LazyPattern(r"<\s*[^\W\d_][\w .-]*>")),
    ("%", LazyPattern(r"%[^\W\d_]\w*%")),
    ("$", LazyPattern(r"\$[^\W\d_]\w*")),
    ("((", LazyPattern(r"\(\([^()]*\)\)")),
    ("*|", LazyPattern(r"\*\|[^|\s]*\|\*")),
    ("_", LazyPattern(r"__\w+__|\b[^\W\d_]+(?:_[^\W_]+)+\b|_{3,}")),
    ("name", LazyPattern(r"(?i)\b(?:hi|hello|hey|dear)\s+(?:first[ _-]?name|fname|name)\b")),
    ("(", LazyPattern(_PAREN_FIELD)),
)
_URL = LazyPattern(r"(?i)\b(?:https?://|www\.)[^\s<>()\"']+")
_EMAIL = LazyPattern(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Any name ending in a top-level domain of letters is a link a reader can follow: "optout-now.click/stop",
# "pipeline-help.eu". (A "word.Word" run together is read as one too, and is not sent.)
_TLDS = "[a-z]{2,24}"
_BARE_DOMAIN = LazyPattern(rf"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?:/[^\s]*)?")
# Text without one of these endings has no bare domain.
_DOMAIN_END = LazyPattern(rf"(?i)\.(?:{_TLDS})\b")
# HTML and Markdown a model writes, which a plain-text email shows as written: tags, entities, bold,
# code, and quote or heading lines.
_MARKUP = LazyPattern(r"(?im)</?[a-z][a-z0-9]*[ \t]*/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|\*\*[^*\n]+\*\*|__[^_\n]+__"
                     r"|`[^`\n]+`|^[ \t]{0,3}(?:#{1,6}[ \t]|>)")
# Every mark-up above holds one of these characters: a body without any is not scanned.
_MARKUP_MARKS = "<&*_`#>"
_JOINERS = LazyPattern(r"[-&]")
_STOP = frozenset(
    "about above after again against also among another because before being below between both cannot could "
    "doing during each every from further have having here into itself just more most other ought over own "
    "same should some such than that their theirs them themselves then there these they this those through "
    "under until very were what when where which while whom with would your yours yourself yourselves "
    "really maybe perhaps quite still rather thing things something anything people happy short note".split()
)


@dataclass(frozen=True)
class Bounds:
    """What a play allows in one message."""

    min_words: int = 12
    max_words: int = 180
    max_subject_chars: int = 90
    allowed_links: tuple[str, ...] = ()


def bounds_of(research: dict[str, Any]) -> Bounds:
    """A play's bounds from its ``research`` section (part of the approved version)."""
    return Bounds(
        min_words=int(research.get("min_words", Bounds.min_words)),
        max_words=int(research.get("max_words", Bounds.max_words)),
        max_subject_chars=int(research.get("max_subject_chars", Bounds.max_subject_chars)),
        allowed_links=tuple(str(link) for link in research.get("allowed_links") or ()),
    )


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


# NFKC would spell these out as letters ("AcmeTM").
_BEFORE_NFKC = str.maketrans({"\u2122": None, "\u2120": None})
_AFTER_NFKC = str.maketrans({**CONFUSABLES, **BRACKETS})


def _fold(text: str) -> str:
    """``text`` (quotes already straight) as every check reads it: NFKC, then look-alikes as Latin."""
    return text if text.isascii() else _fold_unicode(text)


# A draft's grounds and names are folded for several checks, and its facts for each draft to the account.
@lru_cache(maxsize=256)
def _fold_unicode(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC)).translate(_AFTER_NFKC)
    # A combining mark NFKC left on a Latin letter is no letter of its own: a reader still sees the word
    # ("acquı̇red", a dotless i and a dot above, shows as "acquired"), so the checks read it without it.
    return _MARK_ON_LATIN.sub("", folded) if _MARK_ON_LATIN.search(folded) else folded


_MARK_ON_LATIN = LazyPattern("(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


# Unicode's Default_Ignorable_Code_Point: what renders as nothing (zero-width and bidirectional
# characters, the combining grapheme joiner, variation selectors, Hangul fillers, tags).
_IGNORABLE = LazyPattern("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
                        "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# An emoji's presentation selectors, which show the symbol before them as an emoji ("\u2764\ufe0f").
_EMOJI_STYLE = frozenset("\ufe0e\ufe0f")


def _renders_nothing(c: str) -> bool:
    """A format character (category Cf) or any other default-ignorable one."""
    return unicodedata.category(c) == "Cf" or _IGNORABLE.match(c) is not None


def _hidden(text: str) -> list[str]:
    """The characters of ``text`` a reader does not see, except a presentation selector after a
    symbol (an emoji)."""
    return [c for n, c in enumerate(text) if _renders_nothing(c)
            and not (c in _EMOJI_STYLE and n and unicodedata.category(text[n - 1]) == "So")]


def _visible(text: str) -> str:
    """``text`` without the characters that render as nothing, as a reader sees it."""
    if text.isascii():
        return text
    return "".join(c for c in text if not _renders_nothing(c))


def _tokens(text: str) -> list[str]:
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)


def _scripts(text: str) -> set[str]:
    """The scripts of ``text``'s letters, named as Unicode names them (LATIN, CYRILLIC, CJK, ...)."""
    letters = {c for c in unicodedata.normalize("NFKC", text) if c.isalpha()}
    return {"LATIN" if c.isascii() else unicodedata.name(c, "UNKNOWN").split(" ", 1)[0] for c in letters}


def _script_reasons(text: str, grounds: str) -> list[str]:
    if text.isascii():
        return []
    foreign = _scripts(text) - _scripts(grounds) - {"LATIN"}  # the script every play is written in
    if not foreign:
        return []
    return [f"letters in a script the facts do not use: {', '.join(sorted(s.title() for s in foreign))}"]


def _invisible_reasons(text: str, grounds: str) -> list[str]:
    """Characters that render as nothing (zero-width space, soft hyphen, bidirectional overrides, the
    combining grapheme joiner, variation selectors) the facts do not hold: they split a word the checks
    read ("acq\u200buired", "acq\u034fuired") or reverse one, and a reader sees it whole."""
    if text.isascii():
        return []
    hidden = sorted(set(_hidden(text)) - set(grounds))
    if not hidden:
        return []
    return [f"an invisible character the facts do not hold: {', '.join(f'U+{ord(c):04X}' for c in hidden)}"]


# A funding round named in a draft must be the one research found ("Series A" for a Series B).
_ROUND_SAID = LazyPattern(
    r"(?i)\b(?:series[ \t]+([a-k])\b|(pre-?seed)\b|(seed)[ \t]+(?:round|funding|stage|investment))")
_ROUND_KNOWN = LazyPattern(r"(?i)\b(?:series[ \t]+([a-k])\b|(pre-?seed)\b|(seed)\b)")


def _rounds(pattern: LazyPattern, text: str) -> set[str]:
    return {f"series {m[1].lower()}" if m[1] else (m[2] or m[3]).lower().replace("preseed", "pre-seed")
            for m in pattern.finditer(text)}


def _round_reasons(text: str, grounds: str) -> list[str]:
    if "series" not in text.lower() and "seed" not in text.lower():
        return []
    loose = sorted(_rounds(_ROUND_SAID, text) - _rounds(_ROUND_KNOWN, grounds))
    return [f"funding round not in the facts: '{loose[0]}'"] if loose else []


def _numeral_reasons(text: str, grounds: str) -> list[str]:
    """Numerals that are not ASCII digits (Ⅶ, ½, ³), which NFKC turns into letters or digits."""
    if text.isascii():
        return []
    return [f"number not in the facts: {c}" for c in dict.fromkeys(text)
            if not c.isascii() and c.isnumeric() and c not in grounds]


def _bare(word: str) -> str:
    word = word.lower().strip("'-&")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=1 << 16)
def _forms(raw: str) -> tuple[str, tuple[str, ...]]:
    """A word as the grounds compare it, and its parts when hyphens or ampersands join it.

    Drafts repeat their template's words thousands of times: each spelling is worked out once.
    """
    word = _bare(raw)
    return word, tuple(part for part in _JOINERS.split(word) if part)


@lru_cache(maxsize=1 << 16)
def _spelling_words(raw: str) -> frozenset[str]:
    word, parts = _forms(raw)
    return frozenset((word, *parts))


def _token_words(tokens: list[str]) -> set[str]:
    return set().union(*map(_spelling_words, set(tokens)))


def _words(text: str) -> set[str]:
    """The compared forms of ``text``'s words (``text`` folded)."""
    return _token_words(_tokens(text))


def _number(token: str) -> str:
    return token.rstrip(".,").replace(",", "")


_UNIT = LazyPattern(r"[ \t]?%|[^\W\d_]+")
_NEXT_WORD = LazyPattern(r"(?:[ \t]+|[ \t]*-[ \t]*)([^\W\d_]+)")
_WORD_BEFORE = LazyPattern(r"([^\W\d_]+)[ \t]*\Z")
_CHAR_AFTER = LazyPattern(r"[ \t]?([^\w\s])")
_NOUN_SENSE = {noun: n for n, sense in enumerate(NOUN_SENSES) for noun in sense}


def _singular(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def _is_sign(char: str) -> bool:
    """A currency sign: a listed one, or any the Unicode standard counts as one (category Sc)."""
    return char in CURRENCY_SIGNS or unicodedata.category(char) == "Sc"


_HIRING_CLAUSE = LazyPattern(r"(?i)(?:(?<![^\W\d_])(?:" + "|".join(p.replace(" ", r"[ \t]+") for p in HIRING_CLAUSE)
                            + r")|['’]ll)(?![^\W\d_])")
_CLAUSE_BREAK = LazyPattern(r"[;.!?\n]")


def _hiring_clause(text: str, at: int) -> bool:
    """Whether the clause of ``text`` around ``at`` speaks of hiring to come ("hiring", "to ramp"); a
    subject line ("Three new SDRs", the text's first line) is read with the whole text."""
    if "\n" not in text[:at] and "\n" in text:
        return _HIRING_CLAUSE.search(text) is not None
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, at - 200), at)), default=max(0, at - 200))
    end = _CLAUSE_BREAK.search(text, at)
    return _HIRING_CLAUSE.search(text, start, end.start() if end else len(text)) is not None


def _quantity(text: str, start: int, end: int) -> tuple[str, str, str, int, bool] | None:
    """What the number at ``text[start:end]`` says: its currency, scale (k, m, b, %, x) and the noun
    it counts, where that reading ends, and whether a verb of hiring comes just before it ("hiring
    12 people") or it counts hires in a clause of hiring; None for digits inside a word ("B2B", "Q3").

    The reading stays on the number's line, so a text that the grounds open with reads the same there.
    """
    if start and text[start - 1].isalpha():
        return None
    before = text[max(0, start - 2):start].rstrip(" \t")
    currency = before[-1] if before and _is_sign(before[-1]) else ""
    word = _WORD_BEFORE.search(text, max(0, start - 12), start)
    hiring = word is not None and word.group(1).lower() in HIRING_VERBS
    if not currency:
        word = _WORD_BEFORE.search(text, max(0, start - 9), start)
        currency = CURRENCY_WORDS.get(word.group(1).lower(), "") if word else ""
    scale, noun, pos, adjective = "", None, end, ""
    unit = _UNIT.match(text, pos)
    if unit:
        pos, said = unit.end(), unit.group().strip().lower()
        scale, noun = (SCALES[said], None) if said in SCALES else ("", said)
    sign = _CHAR_AFTER.match(text, pos)
    if sign and not currency and _is_sign(sign.group(1)):  # "25.6M€", "25.6 M £"
        currency, pos = sign.group(1), sign.end()
    while noun is None:
        following = _NEXT_WORD.match(text, pos)
        if not following:
            noun = ""
            break
        word, pos = following.group(1).lower(), following.end()
        if not scale and len(word) > 1 and word in SCALES:
            scale = SCALES[word]
        elif not currency and word in CURRENCY_WORDS:
            currency = CURRENCY_WORDS[word]
        elif word in HIRING_ADJECTIVES:
            if not adjective and not _hiring_clause(text, start):  # "3 more SDRs" are no openings
                adjective = word
        elif word not in NUMBER_ADJECTIVES:
            noun = "" if word in NUMBER_LINKS else _singular(word)
    if adjective:  # "23 new engineers" are no "23 new hires", nor a headcount
        noun = f"{adjective} {noun}".rstrip()
    if noun == "hire" and not hiring:
        hiring = _hiring_clause(text, start)
    return currency, scale, noun, pos, hiring


_AMOUNT_NOUNS = frozenset(_singular(w) for w in AMOUNT_NOUNS)  # as a noun after a number is read ("serie")


def _agrees(said: tuple[str, str, str, int, bool], known: tuple[str, str, str, int, bool]) -> bool:
    """A number as the text uses it means what it means in the grounds: the same scale, no other
    currency, and (for a plain count) the same noun, or, where the grounds give the number alone
    (a headcount, a number of openings), a noun of people or roles. Openings may be said as the
    people a company is hiring ("hiring 12 people"), and a headcount never as people hired or added
    (people the facts too say are hired or added are the same people)."""
    (currency, scale, noun, _, hiring), (known_currency, known_scale, known_noun, _, known_hiring) = said, known
    if scale != known_scale or (currency and currency != known_currency):
        return False
    if known_currency and not currency and noun and noun not in _AMOUNT_NOUNS:
        return False  # the amount said as a count of something else ("25M users")
    if scale or known_currency or not noun:
        return True  # an amount, share or multiple: what follows it varies ("$25M round")
    if known_noun:
        (adjective, _, noun), (known_adjective, _, known_noun) = noun.rpartition(" "), known_noun.rpartition(" ")
        if adjective != known_adjective:
            return False
        sense, known_sense = _NOUN_SENSE.get(noun, -1), _NOUN_SENSE.get(known_noun, -2)
        if hiring and not known_hiring and known_sense == _NOUN_SENSE["people"]:
            return False  # people hired or added ("adding 85 people") are no headcount
        return noun == known_noun or sense == known_sense or (
            hiring and known_sense == _NOUN_SENSE["opening"] and sense == _NOUN_SENSE["people"])
    # A headcount is no count of hires made ("the 85 hires"): hires counted are openings only where
    # the clause speaks of hiring ("the 2 hires you are recruiting for").
    return noun in COUNT_NOUNS and (noun != "hire" or hiring)


def _openings_as_staff(text: str, start: int, said: tuple, known: list) -> bool:
    """Whether a count the grounds give as openings (in a clause of hiring) is said, outside one, as
    people there already ("your 5 SDRs already on the team")."""
    return not said[4] and any(k is not None and k[4] for k in known) and said_as_staff(text, start)


def _openings_as_roles(text: str, start: int, said: tuple, known: list, grounds: str) -> bool:
    """Whether a count the grounds give as openings is said, in a clause of hiring, as the people of
    the role hired ("hiring five reps", "ramping 5 new reps" for 5 openings for Sales Reps): the noun a
    word the grounds give, the role's."""
    noun = said[2].rpartition(" ")[2]
    return bool(noun) and any(k is not None and _NOUN_SENSE.get(k[2]) == _NOUN_SENSE["opening"] for k in known) \
        and noun in {_singular(w) for w in _WORD.findall(grounds.lower())} and (said[4] or _hiring_clause(text, start))


def _number_reasons(text: str, grounds: str) -> list[str]:
    reasons: list[str] = []
    found = [(m.start(), m.group()) for m in _DIGITS.finditer(text)]
    if not found:
        return reasons
    known = _grounds_quantities(grounds)
    for start, token in found:
        number = _number(token)
        if not number:
            continue
        if number not in known:
            reasons.append(f"number not in the facts: {number}")
            continue
        said = _quantity(text, start, start + len(token.rstrip(".,")))
        if said is not None and (not any(k is not None and _agrees(said, k) for k in known[number])
                                 and not _openings_as_roles(text, start, said, known[number], grounds)
                                 or _openings_as_staff(text, start, said, known[number])):
            shown = text[start - 1 if start and _is_sign(text[start - 1]) else start:said[3]]
            reasons.append(f"number not in the facts: {shown.strip()}")
    return reasons


@lru_cache(maxsize=64)
def _grounds_quantities(grounds: str) -> dict[str, list]:
    """What each number of ``grounds`` says, wherever they give it (``_quantity``), read once for each:
    a draft's grounds are read for the model's text and again for the template's."""
    known: dict[str, list] = {}
    for m in _DIGITS.finditer(grounds):
        token = m.group()
        known.setdefault(_number(token), []).append(_quantity(grounds, m.start(), m.start() + len(token.rstrip(".,"))))
    return known


@cache
def _phrases_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` as a whole word or words, the longest first where they share a start."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![^\W\d_])")


def _has_phrase(text_lower: str, phrase: str) -> bool:
    return _phrases_pattern((phrase,)).search(text_lower) is not None


_CLAIM_PHRASES = tuple(dict.fromkeys(p for phrases in CLAIM_GROUPS.values() for p in phrases))
# A phrase of letters alone stands as a whole word exactly when it is one of the text's runs of letters.
_ONE_WORD = frozenset(p for p in _CLAIM_PHRASES if re.fullmatch("[a-z]+", p))
_SEVERAL_WORDS = tuple(p for p in _CLAIM_PHRASES if p not in _ONE_WORD)
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = LazyPattern("[a-z]+")
# What grounds a phrase: itself and every phrase that shares a sense with it; and, in a text that
# speaks of no opening, every phrase that implies it.
_SAID_BY = {p: frozenset({p}.union(*(s for s in CLAIM_SENSES if p in s))) for p in _CLAIM_PHRASES}
_GROUNDED_BY = {p: _SAID_BY[p] | frozenset(IMPLIED_BY.get(p, ())) for p in _CLAIM_PHRASES}
_IMPLIED_NOT_BY = frozenset(IMPLIED_NOT_BY)
_GENERIC = frozenset(GENERIC_CAPITALISED)
_NAMED = frozenset(ORGANISATIONS)
_LISTED = _NAMED | frozenset(TECHNOLOGIES)
_LEGAL = frozenset(LEGAL_FORMS)
# Words split a dotted form ("b.v." reads as "b", "v"): it is looked for in the text itself.
_DOTTED_LEGAL = tuple(form for form in LEGAL_FORMS if "." in form)
_LEGAL_NAME = LazyPattern(r"(?i)(?<![^\W\d_])(?<!['’])([^\W\d_][^\W\d_'&-]*(?:['’][^\W\d_]+)*)[ \t]+(?:"
                         + "|".join(map(re.escape, sorted(LEGAL_FORMS, key=len, reverse=True))) + r")(?![^\W\d_])")
_ENGLISH_FUNCTION_WORDS = FUNCTION_WORDS["en"]
# Any tell of machine-written outreach, found in one search: nearly no draft holds one.
_TELLS = cue_pattern(AI_TELLS)
# Text without any of these has no placeholder.
_PLACEHOLDER_MARKS = ("{", "}", "[", "<<", ">>", "TBD", "XX", "INSERT")


def _first_word(phrase: str) -> str:
    first = _LETTERS.match(phrase)
    return first.group() if first else ""


# A phrase of several words is looked for only in a text that has its first word ("" for "#1").
_BY_FIRST_WORD: dict[str, list[str]] = {}
for _phrase in _SEVERAL_WORDS:
    _BY_FIRST_WORD.setdefault(_first_word(_phrase), []).append(_phrase)
_ORDER = {p: n for n, p in enumerate(_SEVERAL_WORDS)}
# The one-word phrases inside each longer one ("chief" in "chief financial", none in "head of").
_INNER = {p: _ONE_WORD.intersection(_LETTERS.findall(p)) for p in _SEVERAL_WORDS}


def _claim_phrases(lower: str) -> frozenset[str]:
    """The claim phrases ``lower`` states as whole words; a word inside a longer phrase it states
    ("chief" in "chief financial") is part of that phrase only, though another phrase overlaps it
    ("role" in "your new role")."""
    letters = _ASCII_LETTERS if lower.isascii() else _LETTERS
    runs = set(letters.findall(lower))
    candidates = [p for word in _BY_FIRST_WORD.keys() & (runs | {""}) for p in _BY_FIRST_WORD[word]]
    several = sorted((p for p in candidates if p in lower and _has_phrase(lower, p)), key=_ORDER.__getitem__)
    if any(_INNER[p] for p in several):
        runs = set(letters.findall(_blanked(lower, several)))
    return _ONE_WORD.intersection(runs).union(several)


def _blanked(lower: str, phrases: list[str]) -> str:
    """``lower`` with every place each of ``phrases`` stands blanked, each phrase found on its own:
    one pattern of them all would take "your new" and leave the "role" of "new role"."""
    spans = sorted(m.span() for p in phrases for m in _phrases_pattern((p,)).finditer(lower))
    out, at = [], 0
    for start, end in spans:
        out += [lower[at:start], " "] if start > at else [" "]
        at = max(at, end)
    return "".join(out) + lower[at:]


def _links(text: str, lower: str) -> list[str]:
    """URLs, then addresses, then bare domains, each in the order the text has them (a text without
    "://" or "www." has no URL, without "@" no address)."""
    urls = _URL.findall(text) if "://" in text or "www." in lower else []
    emails = _EMAIL.findall(text) if "@" in text else []
    rest = _URL.sub(" ", _EMAIL.sub(" ", text)) if urls or emails else text
    return urls + emails + (_BARE_DOMAIN.findall(rest) if _DOMAIN_END.search(rest) else [])


def _field(text: str) -> re.Match[str] | None:
    """The first merge field or bare field name in ``text``."""
    lower = text.lower()
    found = [m for mark, pattern in _FIELDS if mark in lower and (m := pattern.search(text))]
    return min(found, key=re.Match.start) if found else None


def _continues(link: str, base: str) -> bool:
    """Whether ``link`` is ``base`` or goes on from it at a boundary of its path, query or fragment:
    "https://book.example/meet" goes on from "https://book.example", "https://book.example.evil.com"
    does not."""
    link, base = link.lower(), base.lower().rstrip("/")
    return link.startswith(base) and link[len(base):len(base) + 1] in ("", "/", "?", "#")


def structural_reasons(subject: str, body: str, *, first_touch: bool, bounds: Bounds,
                       grounds: str = "", roles: Roles | None = None) -> list[str]:
    """Placeholders, links, bounds, tells, and the greeting and signature (the contact's and the
    sender's, given ``roles``)."""
    reasons: list[str] = []
    text = _fold(_norm(f"{subject}\n{body}"))
    lower = text.lower()
    links = _links(text, lower)
    placeholder = _PLACEHOLDER.search(text) if any(mark in text for mark in _PLACEHOLDER_MARKS) else None
    if placeholder is None:
        placeholder = _field(_URL.sub(" ", _EMAIL.sub(" ", text)) if links else text)
    if placeholder:
        reasons.append(f"unfilled placeholder {placeholder.group()!r}")
    if first_touch and re.match(r"(?i)\s*(re|fwd?)\s*:", _visible(_fold(_norm(subject)))):
        reasons.append("a first touch may not start with Re: or Fwd:")
    words = len(_tokens(_fold(body)))
    if not body.strip():
        reasons.append("empty body")
    elif words < bounds.min_words or words > bounds.max_words:
        reasons.append(f"body has {words} words, outside {bounds.min_words}-{bounds.max_words}")
    if first_touch and not subject.strip():
        reasons.append("empty subject")
    if any(mark in body for mark in _MARKUP_MARKS) and (markup := _MARKUP.search(body)):
        reasons.append(f"mark-up in a plain-text email: {markup.group().strip()!r}")
    if len(subject) > bounds.max_subject_chars:
        reasons.append(f"subject longer than {bounds.max_subject_chars} characters")
    grounds_lower = _fold(_norm(grounds)).lower() if links else ""
    for link in links:
        link = link.rstrip(".,;:!?)")
        if any(_continues(link, a) or _continues(a, link) for a in bounds.allowed_links) \
                or link.lower() in grounds_lower:
            continue
        reasons.append(f"link not allowed: {link}")
    if _TELLS.search(lower):
        reasons += [f"reads as machine-written: '{tell}'" for tell in AI_TELLS if tell in lower]
    reasons += address_line_reasons(body, grounds, roles)
    reasons += subject_line_reasons(_fold(_norm(subject)), grounds, roles)
    reasons += gendered_title_reasons(text, grounds, roles)
    return reasons


def _may_open_sentence(raw: str, word: str, parts: tuple[str, ...]) -> bool:
    """Whether ``raw`` may be an English word capitalised to open a sentence ("Vendors pick us"): a
    capital first letter only, an English word, and no technology or organisation the lexicon lists nor
    a country's name or adjective ("German teams")."""
    return (raw[0].isupper() and not any(c.isupper() for c in raw[1:]) and is_english(word)
            and word not in _LISTED and _LISTED.isdisjoint(parts) and word not in COUNTRY_WORDS)


def _capitalised_only_as_opener(text: str) -> set[str]:
    """The words (compared forms) ``text`` capitalises as the first word of a sentence (of the text,
    after ". ", "! ", "? " or a line break) and nowhere else."""
    openers: set[str] = set()
    inside: set[str] = set()
    for sentence in SENTENCE_BREAKS.split(text):
        for n, raw in enumerate(_tokens(sentence)):
            if any(c.isupper() for c in raw):
                (inside if n else openers).add(_bare(raw))
    return openers - inside


# Verbs and idioms that open a sentence before its object, which the English word list lacks or may
# read as a name: "Fancy a chat", "Keen to hear", "Mind if I", "Grab a coffee". Any other capitalised
# word opening a sentence before "a" or "the" is its subject ("Initech the leader", "Acme this spring").
_IDIOM_OPENERS = frozenset("fancy keen mind care reckon grab ping".split())
# Words that follow such an opener, never a verb of which it is the subject ("Fancy works with us").
_AFTER_VERB = frozenset("a an the your my our their his its this that these those some any me us him them "
                        "if whether to for".split())


def _verb_openers(text: str) -> set[str]:
    """The words of ``_IDIOM_OPENERS`` that open a sentence of ``text`` with a capital first letter only
    and a word of their determiners or objects right after them ("Fancy a chat", "Mind if I")."""
    found: set[str] = set()
    for sentence in SENTENCE_BREAKS.split(text):
        tokens = _tokens(sentence)
        if len(tokens) > 1 and tokens[1] in _AFTER_VERB and not any(c.isupper() for c in tokens[0][1:]) \
                and _bare(tokens[0]) in _IDIOM_OPENERS:
            found.add(_bare(tokens[0]))
    return found


def _openings_said(lower: str) -> set[str]:
    """The claim phrases said in a sentence of ``lower`` that speaks of an opening ("is the role still
    open?"): no joining implies them."""
    return set().union(*(_claim_phrases(s) for s in SENTENCE_BREAKS.split(lower)
                         if _IMPLIED_NOT_BY.intersection(_words(s))))


def grounding_reasons(text: str, grounds: str, mode: str = DEFAULT_MODE) -> list[str]:
    """Specific things ``text`` states that ``grounds`` (facts and approved template) never state."""
    if mode not in MODES:
        raise ValueError(f"unknown verifier mode {mode!r}; choose from {MODES}")
    text, grounds = _norm(text), _norm(grounds)
    if opens_grounds(text, grounds):
        # Grounds that open with the whole text (the approved template as filled, then the facts)
        # state every word, number and phrase of it, as no pattern below reads across a line break.
        return []
    reasons = _invisible_reasons(text, grounds) + _script_reasons(text, grounds) + _numeral_reasons(text, grounds)
    text = without_postscript_marks(text)
    shown, grounds = text, _fold(grounds)
    text = as_grounds_amounts(without_offered_days(without_first_days(without_offered_time(_fold(text)))), grounds)
    text = as_grounds_figures(text, grounds)
    text = text if mode == "names_numbers" else spelled_as_digits(text, grounds)
    text = without_own_titles(as_grounds_titles(text, grounds))
    reasons += _round_reasons(text, grounds)
    reasons += language_reasons(text, grounds)
    lower = text.lower()
    outside_links = _URL.sub("\n", text) if "://" in text or "www." in lower else text
    reasons += _number_reasons(outside_links, _counted_grounds(grounds, spelled=mode != "names_numbers"))
    allowed = _grounds_words(grounds)
    tokens = _tokens(text)
    # Sentences split only where no word runs, so a text's words are its sentences' words in turn.
    openers = verb_openers = None
    for raw in tokens:
        if raw.isascii() and raw.islower():
            continue
        word, parts = _forms(raw)
        if word in allowed or word in _GENERIC or all(p in allowed or p in _GENERIC for p in parts):
            continue
        if _may_open_sentence(raw, word, parts) and raw in shown:  # not read from look-alike letters
            openers = _capitalised_only_as_opener(text) if openers is None else openers
            if word in openers:
                continue
        if raw[0].isupper() and raw in shown:
            openers = _capitalised_only_as_opener(text) if openers is None else openers
            verb_openers = _verb_openers(text) if verb_openers is None else verb_openers
            if word in openers and word in verb_openers:
                continue
        reasons.append(f"name not in the facts: {raw.rstrip(chr(39))}")
    reasons += [f"date not in the facts: {date}" for date in lowercase_dates(text, allowed)]
    reasons += title_reasons(text, grounds)
    if mode == "names_numbers":
        return list(dict.fromkeys(reasons))
    words = _token_words(tokens)
    for word in NUMBER_WORDS:
        if word in words and word not in allowed:
            reasons.append(f"number not in the facts: '{word}'")
    reasons += ordinal_reasons(lower, allowed)
    for tech in TECHNOLOGIES:
        if tech in words and tech not in allowed:
            reasons.append(f"technology not in the facts: {tech}")
    if _NAMED.intersection(words):
        plain = _token_words([t for t in tokens if t.islower()])
        reasons += [f"name not in the facts: {name}" for name in ORGANISATIONS if name in plain and name not in allowed]
    prose = _URL.sub(" ", _EMAIL.sub(" ", text)) if "://" in text or "www." in lower or "@" in text else text
    prose = _BARE_DOMAIN.sub(" ", prose) if _DOMAIN_END.search(prose) else prose
    reasons += [f"name not in the facts: {name}" for name in lowercase_names(prose, allowed)]
    legal = _LEGAL.intersection(words) or ("." in text and any(form in lower for form in _DOTTED_LEGAL))
    for named in _LEGAL_NAME.finditer(text) if legal else ():
        name = named.group(1)
        # A capitalised name is checked as a name already.
        if name.islower() and _bare(name) not in _ENGLISH_FUNCTION_WORDS and not _words(named.group()) <= allowed:
            reasons.append(f"name not in the facts: {named.group()}")
    plain = without_hires_to_come(without_present_today(without_other_rounds(lower)))
    plain = without_hires_named(plain, grounds.lower())
    read = without_own_research(without_job_senses(without_other_senses(plain)))
    stated, grounded = _claim_phrases(read), None
    for group, phrases in CLAIM_GROUPS.items():
        used = [p for p in phrases if p in stated]
        if not used:
            continue
        grounded = _grounds_phrases(grounds) if grounded is None else grounded
        loose = [p for p in used if not _SAID_BY[p] & grounded
                 and (not _GROUNDED_BY[p] & grounded or p in _openings_said(plain))]
        if loose and group == "role_title":  # a title said of no one claims none: read only where it counts
            loose = [p for p in loose if p in _claim_phrases(without_titles_of_no_one(read))]
        if loose:
            reasons.append(f"{group.replace('_', ' ')} claim not in the facts: '{loose[0]}'")
    if mode == "coverage":
        for sentence in SENTENCE_BREAKS.split(text):
            novel = sorted(w for w in _words(sentence) - allowed
                           if len(w) >= 5 and w not in _STOP and w not in _GENERIC)
            if len(novel) >= 3:
                reasons.append(f"sentence not supported by the facts ({', '.join(novel[:4])}): {sentence.strip()[:80]}")
    return list(dict.fromkeys(reasons))


# What grounding reads of the grounds alone, worked out once for each: a draft's grounds are read for
# the model's text and again for the template's.
@lru_cache(maxsize=64)
def _grounds_words(grounds: str) -> frozenset[str]:
    return frozenset(_words(grounds))


@lru_cache(maxsize=64)
def _grounds_phrases(grounds: str) -> frozenset[str]:
    return _claim_phrases(without_other_rounds(grounds.lower()))


@lru_cache(maxsize=64)
def _counted_grounds(grounds: str, spelled: bool) -> str:
    """``grounds`` as numbers are checked against them: with their titles as they write them and,
    where ``spelled``, their numbers in words as digits too."""
    return grounds_as_own_titles(numbers_as_digits(grounds) if spelled else grounds)


def verify_draft(subject: str, body: str, grounds: str, *, first_touch: bool, bounds: Bounds,
                 mode: str = DEFAULT_MODE, roles: Roles | None = None, news: bool | None = None) -> tuple[str, ...]:
    """Every reason this draft may not be sent as written; empty when it may. An email's ``roles``
    (whom it goes to, who sends it) let the greeting name only the contact and the signature the sender;
    ``news``: whether research found the signal news (``facts.signal_is_news``), None where it did not
    know the signal's age."""
    carried = uncarried(subject, body)  # read as stored: the send step builds its message from them so
    subject, body = one_spaced(subject), one_spaced(body)
    reasons = carried + structural_reasons(subject, body, first_touch=first_touch, bounds=bounds, grounds=grounds,
                                           roles=roles)
    text = f"{subject}\n{joined(body)}"
    # The checks of what a text states that its grounds do not find nothing in a text whose grounds open
    # with it (its approved template as filled, then the facts): each grounds what it finds in the text by
    # finding it in the grounds, where the text is, and reads nothing across the line break after it. The
    # others read it whole: what decides them is the facts or roles, not the grounds (the signal's age,
    # a change of role, an earlier post, the sender's name), or they read the grounds' words otherwise
    # than the text's (hearsay, their works, business states).
    own = own_template(text, grounds, roles)
    reasons += grounding_reasons(text, grounds, mode)
    if not own:
        reasons += foreign_sentence_reasons(text, grounds)
        reasons += foreign_claim_reasons(text, grounds, roles.fields if roles else ())
        reasons += [f"name not in the facts: {name}" for name in lowercase_people(text, grounds)]
    reasons += sender_role_reasons(_norm(text), roles.sender) if roles and roles.sender else []
    if mode != "names_numbers":
        reasons += [] if own else first_claim_reasons(text, grounds)
        said, known = _fold(_norm(text)), _fold(_norm(grounds))
        reasons += recency_reasons(said, known, news)
        lower = said.lower()
        reasons += [] if own else _reply_reasons(lower, known.lower()) + engagement_reasons(said, known)
        # The people's names are worked out only for a text that calls a title new or tells an origin.
        people = partial(_people_named, roles.fields if roles else ())
        if "new" in lower:
            titles = ((_fold(_norm(n)), _fold(_norm(t))) for n, t in people_titles(roles.fields if roles else ()))
            reasons += new_title_reasons(said, known, people(), titles)
        reasons += claim_subject_reasons(said, known, roles)
        names = prospect_names(roles)
        leads = tuple(_fold(_norm(lead)) for lead in (roles.value("lead_investor"),) if lead) if roles else ()
        reasons += hearsay_reasons(said, known, names, leads) + ([] if own else quote_reasons(said, known, names))
        company = _fold(_norm(roles.value("company_name"))) if roles else ""
        reasons += past_role_reasons(said, known, company) + business_state_reasons(said, known)
        reasons += [] if own else standing_reasons(said, known, names) + momentum_reasons(said, known, names)
        reasons += their_work_reasons(said, known, names)
        reasons += [] if own else _claims_beyond_grounds(said, known, roles, names, people)
    return tuple(dict.fromkeys(reasons))


def offer_reasons(text: str, grounds: str, mode: str = DEFAULT_MODE) -> list[str]:
    """Terms we never offer unless ``grounds`` do (a free trial, a discount, a guarantee, a result by a
    date), others we served and promises of no work, in a text written to no one's facts (a suggested
    answer), as a draft's checks read them; none in the mode of names and numbers alone."""
    if mode == "names_numbers":
        return []
    said, known = _fold(_norm(text)), _fold(_norm(grounds))
    return offer_term_reasons(said, known, ()) + served_others_reasons(said, known) + effort_reasons(said, known)


def _claims_beyond_grounds(said: str, known: str, roles: Roles | None, names: tuple[str, ...],
                           people: partial[tuple[str, ...]]) -> list[str]:
    """The reasons of the checks that ground a claim only by the same words in ``known``, in turn."""
    reasons = served_others_reasons(said, known) + plan_reasons(said, known, names)
    reasons += origin_reasons(said, known, people)
    fields = roles.fields if roles else ()
    techs = tuple(_fold(_norm(v)) for f, v in fields if f == "technology" or f.startswith("tech_"))
    reasons += adoption_stage_reasons(said, known, techs)
    reasons += relation_reasons(said, known, roles) + work_reasons(said, known, names)
    reasons += offer_term_reasons(said, known, roles.facts if roles else ())
    reasons += word_date_reasons(said, known) + predecessor_reasons(said, known)
    reasons += makeup_reasons(said, known, names) + effort_reasons(said, known)
    reasons += period_reasons(said, known, names) + demand_reasons(said, known, names)
    reasons += earlier_holder_reasons(said, known) + industry_reasons(said, known, names)
    reasons += familiarity_reasons(said, known, names) + team_size_reasons(said, known)
    reasons += tenure_reasons(said, known) + dated_event_reasons(said, known)
    return reasons


@lru_cache(maxsize=64)
def _people_named(fields: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The names of the people ``fields`` give, folded, worked out once for a play's drafts to one account."""
    return tuple(_fold(_norm(n)) for n in people_named(fields))


def prospect_names(roles: Roles | None) -> tuple[str, ...]:
    """The names the facts give the prospect and theirs: company, contact, the signal's person, product
    and investors."""
    fields = ("company_name", "first_name", "last_name", "person", "contact_name", "product", "investors",
              "lead_investor")
    return tuple(_fold(_norm(v)) for f in fields if (v := roles.value(f))) if roles else ()


_REPLY_CUES = Cues(REPLY_CLAIMS)


def _reply_reasons(lower: str, grounds_lower: str) -> list[str]:
    """A reason for the first phrase of ``REPLY_CLAIMS`` the text says and its grounds do not: an
    outreach email answers no reply."""
    # A phrase stands as words only where it stands as letters: the plain test spares most texts the scan.
    if not _REPLY_CUES.any_in(lower) or not _phrases_pattern(REPLY_CLAIMS).search(lower):
        return []
    loose = [p for p in REPLY_CLAIMS if _has_phrase(lower, p) and not _has_phrase(grounds_lower, p)]
    return [f"earlier contact claim not in the facts: '{loose[0]}'"] if loose else []
