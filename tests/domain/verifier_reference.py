"""The draft verifier written plainly, pattern by pattern over the whole text, with none of the
shortcuts of ``sdr_assets/domain/verifier.py``: the reference it must agree with on every input
(``tests/domain/test_verifier_equivalence.py``). It reads a draft that is its own approved template
whole too, with every check, where the verifier spares it those that find nothing there
(``own_template.py``, ``tests/domain/test_own_template_checks.py``). A change of what the verifier checks is made here
too, in the same plain style. How a number's unit and noun are read is the verifier's own reading
(``_quantity``, ``_agrees``, ``_hiring_clause``), which its unit tests cover. So are the checks
imported whole below (greeting, signature and subject-line names, titles that tell a gender, whom a claim is
about, firsts, foreign sentences, lower-case people, recency, titles called new, hearsay, earlier posts, business
states, how the prospect's things stand, their pace, their people's make-up, a promise of no work, a time
of theirs judged, demand for what they sell, an earlier holder of a role, an industry called theirs, the sender's familiarity with them, the size of a team of theirs, the contact's tenure, an event of theirs dated ahead, quotes given the prospect, line breaks inside a
sentence, rounds of other things than money, "second" as an ordinal, counts said as staff already
there, the sender named at the prospect, and the grounded wordings: offered time, postscript marks, numbers in words, title
abbreviations, claim-word senses and their job senses, our own research, hires named, and which adjectives ``_quantity``
skips between a number and its noun): the equivalence holds what the verifier does around them, and
cannot see a defect inside them; their own tests (``tests/domain/test_verifier_grounded_wordings.py``,
``tests/domain/test_verifier_hearsay_quotes.py``, ``tests/domain/test_verifier_prospect_states.py``,
``tests/domain/test_verifier_pace_and_standing.py``, ``tests/domain/test_verifier_unnamed_claims.py``) hold
what they find.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from sdr_assets.domain.lexicon import (
    AI_TELLS, BRACKETS, CLAIM_GROUPS, CLAIM_SENSES, CONFUSABLES, DATE_NAMES, DATE_NAMES_ALSO_WORDS,
    GENERIC_CAPITALISED, IMPLIED_BY, IMPLIED_NOT_BY, LEGAL_FORMS, NOUN_SENSES, NUMBER_WORDS, ORGANISATIONS,
    REPLY_CLAIMS, TECHNOLOGIES, TITLE_RANKS, WORD_NAMED_COMPANIES,
)
from sdr_assets.domain.amounts import as_grounds_amounts
from sdr_assets.domain.rounded_figures import as_grounds_figures
from sdr_assets.domain.address_lines import Roles, address_line_reasons, subject_line_reasons
from sdr_assets.domain.claim_subjects import said_not_grounded
from sdr_assets.domain.claim_word_senses import without_other_senses, without_titles_of_no_one
from sdr_assets.domain.countries import COUNTRY_WORDS
from sdr_assets.domain.dated_events import dated_event_reasons
from sdr_assets.domain.english_words import is_english
from sdr_assets.domain.attributed_quotes import quote_reasons
from sdr_assets.domain.broken_lines import joined, one_spaced
from sdr_assets.domain.business_states import business_state_reasons
from sdr_assets.domain.how_things_stand import standing_reasons
from sdr_assets.domain.momentum_claims import momentum_reasons
from sdr_assets.domain.their_works import their_work_reasons
from sdr_assets.domain.served_others import served_others_reasons
from sdr_assets.domain.prospect_plans import plan_reasons
from sdr_assets.domain.career_origins import origin_reasons
from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from sdr_assets.domain.firsts import first_claim_reasons
from sdr_assets.domain.hearsay import hearsay_reasons
from sdr_assets.domain.invented_relations import relation_reasons
from sdr_assets.domain.offer_terms import offer_term_reasons
from sdr_assets.domain.predecessors import earlier_holder_reasons, predecessor_reasons
from sdr_assets.domain.industry_claims import industry_reasons
from sdr_assets.domain.familiarity import familiarity_reasons
from sdr_assets.domain.team_sizes import team_size_reasons
from sdr_assets.domain.tenure_claims import tenure_reasons
from sdr_assets.domain.engagement_claims import engagement_reasons
from sdr_assets.domain.effort_promises import effort_reasons
from sdr_assets.domain.hard_periods import period_reasons
from sdr_assets.domain.job_senses import without_job_senses
from sdr_assets.domain.product_demand import demand_reasons
from sdr_assets.domain.team_makeup import makeup_reasons
from sdr_assets.domain.word_dates import word_date_reasons
from sdr_assets.domain.work_never_done import work_reasons
from sdr_assets.domain.foreign_claims import foreign_claim_reasons
from sdr_assets.domain.gendered_titles import gendered_title_reasons
from sdr_assets.domain.foreign_sentences import foreign_sentence_reasons
from sdr_assets.domain.lowercase_people import lowercase_people
from sdr_assets.domain.hires_named import without_hires_named
from sdr_assets.domain.new_hires import without_hires_to_come
from sdr_assets.domain.new_titles import new_title_reasons, people_named, people_titles
from sdr_assets.domain.first_days import without_first_days
from sdr_assets.domain.offered_days import without_offered_days
from sdr_assets.domain.offered_time import without_offered_time
from sdr_assets.domain.ordinals import ordinal_reasons
from sdr_assets.domain.past_roles import past_role_reasons
from sdr_assets.domain.postscripts import without_postscript_marks
from sdr_assets.domain.sender_roles import sender_role_reasons
from sdr_assets.domain.spelled_numbers import numbers_as_digits, spelled_as_digits
from sdr_assets.domain.staff_counts import said_as_staff
from sdr_assets.domain.title_abbreviations import as_grounds_titles
from sdr_assets.domain.other_rounds import without_other_rounds
from sdr_assets.domain.own_research import without_own_research
from sdr_assets.domain.own_side import without_own_titles
from sdr_assets.domain.present_time import without_present_today
from sdr_assets.domain.recency import recency_reasons
from sdr_assets.domain.languages import FUNCTION_WORDS, LANGUAGE_NAMES, MIN_WORDS, THRESHOLD
from sdr_assets.domain.verifier import Bounds, _agrees, _hiring_clause, _quantity, _singular

MODES = ("names_numbers", "lexicon", "coverage")
DEFAULT_MODE = "lexicon"

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['&-])*")
_DIGITS = re.compile(r"\d[\d,.]*")
_PLACEHOLDER = re.compile(r"\{|\}|\[[^\W\d_][\w -]*\]|<<|>>|\bTBD\b|\bXXX*\b|\bINSERT\b")
_FIELD = re.compile(
    r"<\s*[^\W\d_][\w .-]*>|%[^\W\d_]\w*%|\$[^\W\d_]\w*|\(\([^()]*\)\)|\*\|[^|\s]*\|\*|__\w+__"
    r"|\b[^\W\d_]+(?:_[^\W_]+)+\b|_{3,}|(?i:\b(?:hi|hello|hey|dear)\s+(?:first[ _-]?name|fname|name)\b)"
    r"|(?i:\([ \t]*(?:(?:insert|add|enter|your|their|the)[ \t]+)?(?:(?:first|last|full|company|calendar|booking"
    r"|meeting|sender|contact)[ \t]+)?(?:link|url|name|company|signature|title|date|topic)[ \t]*\))"
)
_LEGAL_NAME = re.compile(r"(?i)(?<![^\W\d_])(?<!['’])([^\W\d_][^\W\d_'&-]*(?:['’][^\W\d_]+)*)[ \t]+(?:"
                         + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
                         + r")(?![^\W\d_])")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\"']+")
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_BARE_DOMAIN = re.compile(r"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b(?:/[^\s]*)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_JOINERS = re.compile(r"[-&]")
_STOP = frozenset(
    "about above after again against also among another because before being below between both cannot could "
    "doing during each every from further have having here into itself just more most other ought over own "
    "same should some such than that their theirs them themselves then there these they this those through "
    "under until very were what when where which while whom with would your yours yourself yourselves "
    "really maybe perhaps quite still rather thing things something anything people happy short note".split()
)


# Default_Ignorable_Code_Point, as Unicode's DerivedCoreProperties.txt lists it.
_IGNORABLE = [(0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
              (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
              (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
              (0xE0000, 0xE0FFF)]


@cache
def _unseen(c: str) -> bool:
    return unicodedata.category(c) == "Cf" or any(low <= ord(c) <= high for low, high in _IGNORABLE)


def _norm(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("\u2122", "").replace("\u2120", ""))
    text = text.translate(str.maketrans({**CONFUSABLES, **BRACKETS}))
    # A combining mark left on a Latin letter is read without it ("acquı̇sition" is "acquisition").
    return re.sub("(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", "", text)


def _scripts(text: str) -> set[str]:
    scripts = set()
    for c in set(unicodedata.normalize("NFKC", text)):
        if c.isalpha():
            scripts.add("LATIN" if c.isascii() else unicodedata.name(c, "UNKNOWN").split(" ")[0])
    return scripts


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
def _words(text: str) -> frozenset[str]:
    """The words of ``text`` as the grounds compare them; the same texts recur on every call."""
    found: set[str] = set()
    for raw in _WORD.findall(_norm(text)):
        word, parts = _forms(raw)
        found.add(word)
        found.update(parts)
    return frozenset(found)


def _number(token: str) -> str:
    return token.rstrip(".,").replace(",", "")


@cache
def _phrases_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``phrases`` as a whole word or words."""
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![^\W\d_])")


def _has_phrase(text_lower: str, phrase: str) -> bool:
    return _phrases_pattern((phrase,)).search(text_lower) is not None


_PHRASES = list(dict.fromkeys(p for group in CLAIM_GROUPS.values() for p in group))
_ONE_WORD = [p for p in _PHRASES if re.fullmatch("[a-z]+", p)]
_SEVERAL_WORDS = [p for p in _PHRASES if p not in _ONE_WORD]


def _longest_first(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![^\W\d_])")


_ONE_WORD_PATTERN = _longest_first(_ONE_WORD)
_SENSES = {p: ([set(s) for s in CLAIM_SENSES if p in s] or [{p}]) + [set(IMPLIED_BY.get(p, ()))] for p in _PHRASES}


@lru_cache(maxsize=1 << 12)
def _stated(lower: str) -> frozenset[str]:
    """Claim phrases of several words, each wherever it stands; then the one-word phrases outside them
    (outside every place each stands, though two overlap: "your new role")."""
    several = [p for p in _SEVERAL_WORDS if p in lower and _has_phrase(lower, p)]
    inside = {i for p in several for m in _phrases_pattern((p,)).finditer(lower) for i in range(*m.span())}
    rest = "".join(" " if i in inside else c for i, c in enumerate(lower))
    return frozenset(several) | frozenset(_ONE_WORD_PATTERN.findall(rest))


_UNACCENTED = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}


@lru_cache(maxsize=1 << 16)
def _plain(word: str) -> str:
    word = "".join(_UNACCENTED.get(c, c) for c in word.lower())
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_LISTED = frozenset().union(*FUNCTION_WORDS.values())


def _pieces(word: str) -> list[str]:
    listed = _LISTED
    if word in listed:
        return [word]
    read = []
    for part in word.split("-"):
        head, apostrophe, tail = part.partition("'")
        if apostrophe and tail and part not in listed:
            read += [head + "'", tail]
        elif len(part) > 1 or "-" not in word:  # "e-commerce" reads as a compound, not as "e"
            read.append(part)
    return read


def _languages(sentence: str, stated: set, names: set = frozenset(), short: bool = False) -> list[str]:
    """The other languages ``sentence`` is in, the likeliest first; words in ``stated`` pairs, and
    capitalised ones in ``names``, count for English only. With ``short``, a sentence of fewer than
    ``MIN_WORDS`` words read is in a language when all of them are its."""
    raws = _WORD.findall(sentence)
    words = [_plain(raw) for raw in raws]
    read, counts = 0, {code: 0 for code in FUNCTION_WORDS}
    for n, raw in enumerate(raws):
        if n > 0 and raw != "I" and raw != raw.lower():
            continue  # a name
        given = ((n > 0 and (words[n - 1], words[n]) in stated) or (n + 1 < len(words) and (words[n], words[n + 1]) in stated)
                 or (words[n], "") in stated or (raw != raw.lower() and words[n] in names))
        for piece in _pieces(words[n]):
            read += 1
            for code, listed in FUNCTION_WORDS.items():
                if piece in listed and (code == "en" or not given):
                    counts[code] += 1
    fewest = min(MIN_WORDS, read) if short else MIN_WORDS
    found = [code for code in FUNCTION_WORDS if code != "en" and counts[code] >= fewest
             and counts[code] > counts["en"] and counts[code] >= THRESHOLD * read]
    return sorted(found, key=lambda code: -counts[code])


@lru_cache(maxsize=256)
def _grounds_languages(grounds: str) -> tuple[frozenset, frozenset, frozenset]:
    """The grounds' word pairs (a lone word with ""), the languages of their lines and their
    capitalised words; once per grounds."""
    stated, allowed = set(), set()
    for line in _SENTENCE.split(grounds):
        words = [_plain(raw) for raw in _WORD.findall(line)]
        stated.update(zip(words, words[1:]))
        if len(words) == 1:
            stated.add((words[0], ""))
        allowed.update(_languages(line, set()))
    names = {_plain(raw) for raw in _WORD.findall(grounds) if raw != raw.lower()}
    return frozenset(stated), frozenset(allowed), frozenset(names)


@lru_cache(maxsize=256)
def _language_reasons(text: str, grounds: str) -> tuple[str, ...]:
    stated, allowed, names = _grounds_languages(grounds)
    reasons = []
    sentences = _SENTENCE.split(text)
    for n, sentence in enumerate(sentences):
        following = sentences[n + 1][:1] if n + 1 < len(sentences) else ""
        abbreviation = sentence.endswith(".") and re.match(r"[a-z\d]", following) is not None
        short = re.search(r"[^\W\d_]{2}", sentence) is not None and not abbreviation
        foreign = [code for code in _languages(sentence, stated, names, short) if code not in allowed]
        if foreign:
            reasons.append(f"sentence in {LANGUAGE_NAMES[foreign[0]]}, a language the facts and template are not "
                           f"written in: {sentence.strip()[:80]}")
    return tuple(reasons)


_NAME_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?:like|such as|including|includes?|incl\.?|e\.g\.,?|namely|help|helps|helped|helping|at"
    r"|than|vs\.?|versus|customers?|clients?|(?:work|works|worked|working|partnered|teamed up)\s+with"
    r"|(?:switch|switched|switching|move|moved|moving|migrated|migrating|came|coming)\s+(?:over\s+)?from"
    r"|(?:led|backed|funded|financed)\s+by|(?:sell|sells|selling|sold)\s+(?:to|into)"
    r"|(?:move|moved|moving|relocat\w*|expand\w*|launch\w*|open\w*|based|located|headquartered|offices?|plant"
    r"|factory|site|hq|warehouse|party|event|training|trained)(?:\s+[^\W\d_]+){0,2}\s+(?:in|to|into))"
    r"\s*:?\s*\Z")
_PLACE_BEFORE = re.compile(
    r"(?i)(?<![^\W\d_])(?:move|moved|moving|relocat\w*|expand\w*|launch\w*|open\w*|based|located|headquartered"
    r"|offices?|plant|factory|site|hq|warehouse|party|event|training|trained)(?:\s+[^\W\d_]+){0,2}"
    r"\s+(?:in|to|into)\s*:?\s*\Z")
_NAME_AFTER = re.compile(
    r"(?i)\s+(?:already\s+|also\s+|recently\s+)?(?:moved|switched|migrated|chose|picked|uses|use|used|cut|grew"
    r"|doubled|tripled|saw|sees|booked|books|went|relies|rely|trusts|trust|signed|replaced|reduced|increased"
    r"|improved|adopted|rolled|runs|ran|hit|hits|achieved|invested|backed|led"
    r"|(?:is\s+|are\s+)?on\s+(?:the|your|their|its)\s+cap\s+table)(?![^\W\d_])")
_LIST_JOIN = re.compile(r"\s*[,&/]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
_WORD_FORM = re.compile(r"(?:[^isu]s|ed|ings?|tions?|sions?|ments?|ness|ity|ities|ships?)\Z")


_OPENING_NOUNS = next(sense for sense in NOUN_SENSES if "opening" in sense)


def _in_grounds(word: str, allowed: frozenset[str]) -> bool:
    return word in allowed or all(part in allowed for part in re.split(r"[-&']", word) if part)


def _unknown_lowercase(raw: str, allowed: set[str]) -> bool:
    """A lower-case word that may name an organisation: no English word nor word form, no other
    language's function word, not listed, and not in the grounds."""
    word = _bare(raw)
    if not (raw.isascii() and raw.islower()) or len(word) < 3 or word in ORGANISATIONS or word in TECHNOLOGIES:
        return False
    if any(word in FUNCTION_WORDS[code] for code in FUNCTION_WORDS if code != "en"):
        return False
    if _WORD_FORM.search(word) or is_english(word):
        return False
    parts = [part for part in re.split(r"[-&']", word) if part]
    return word not in allowed and not all(part in allowed for part in parts)


@lru_cache(maxsize=256)
def _lowercase_names(text: str, allowed: frozenset[str]) -> tuple[str, ...]:
    words = list(_WORD.finditer(text))
    place = {m.start(): n for n, m in enumerate(words)}  # each word's index, by where it starts
    generic = set(GENERIC_CAPITALISED)

    def is_name(m: re.Match[str]) -> bool:
        raw = m.group()
        if _unknown_lowercase(raw, allowed) or _bare(raw) in ORGANISATIONS or _bare(raw) in TECHNOLOGIES:
            return True
        if not raw[0].isupper() or raw == "I" or _bare(raw) in generic:
            return False
        starts_sentence = re.search(r"(?:\A|[.!?:]\s+|\n)\s*\Z", text[:m.start()]) is not None
        return not starts_sentence

    found: list[str] = []
    for m in words:  # places in lower case with a plural's ending, after a word of a place or a move
        raw, word = m.group(), _bare(m.group())
        if raw.isascii() and raw.islower() and len(word) >= 4 and word.endswith("s") \
                and word not in ORGANISATIONS and word not in TECHNOLOGIES \
                and not any(word in FUNCTION_WORDS[code] for code in FUNCTION_WORDS if code != "en") \
                and not is_english(word) and not is_english(word[:-1]) and not _in_grounds(word, allowed) \
                and _PLACE_BEFORE.search(text[:m.start()]) and word not in found:
            found.append(word)
    companies: list[str] = []
    for n, m in enumerate(words):  # companies named by an English word, ending a customer's or a list's phrase
        raw, word = m.group(), _bare(m.group())
        if word not in WORD_NAMED_COMPANIES or not raw.islower() or _in_grounds(word, allowed) \
                or not re.match(r"\s*(?:[,.;:!?)]|\Z|(?:and|or)\s)", text[m.end():]):
            continue
        listed = n > 0 and _bare(words[n - 1].group()) in companies \
            and _LIST_JOIN.fullmatch(text[words[n - 1].end():m.start()]) is not None
        if listed or _NAME_BEFORE.search(text[:m.start()]):
            companies.append(word)
    found += [word for word in companies if word not in found]
    n = 0
    while n < len(words):
        if not is_name(words[n]):
            n += 1
            continue
        group = [words[n]]
        while True:
            join = _LIST_JOIN.match(text, group[-1].end())
            if not join or join.end() not in place or not is_name(words[place[join.end()]]):
                break
            group.append(words[place[join.end()]])
        n = place[group[-1].start()] + 1
        members = [m.group() for m in group if _unknown_lowercase(m.group(), allowed)]
        placed = (any(raw.endswith("'s") for raw in members) or _NAME_BEFORE.search(text[:group[0].start()])
                  or _NAME_AFTER.match(text[group[-1].end():]))
        if members and placed:
            found += [_bare(raw) for raw in members if _bare(raw) not in found]
    return tuple(found)


def _goes_on(link: str, base: str) -> bool:
    base = base.lower().rstrip("/")
    rest = link.lower()[len(base):]
    return link.lower()[:len(base)] == base and (rest == "" or rest[0] in "/?#")


def _round_name(m: re.Match[str]) -> str:
    if m[1]:
        return f"series {m[1].lower()}"
    return "pre-seed" if m[2] else "seed"


def structural_reasons(subject: str, body: str, *, first_touch: bool, bounds: Bounds,
                       grounds: str = "", roles: Roles | None = None) -> list[str]:
    reasons: list[str] = []
    text = _fold(_norm(f"{subject}\n{body}"))
    lower = text.lower()
    for match in [*_PLACEHOLDER.findall(text), *_FIELD.findall(_URL.sub(" ", _EMAIL.sub(" ", text)))]:
        reasons.append(f"unfilled placeholder {match!r}")
        break
    visible = "".join(c for c in _fold(_norm(subject)) if not _unseen(c))
    if first_touch and re.match(r"(?i)\s*(re|fwd?)\s*:", visible):
        reasons.append("a first touch may not start with Re: or Fwd:")
    words = len(_WORD.findall(_fold(body)))
    if not body.strip():
        reasons.append("empty body")
    elif words < bounds.min_words or words > bounds.max_words:
        reasons.append(f"body has {words} words, outside {bounds.min_words}-{bounds.max_words}")
    if first_touch and not subject.strip():
        reasons.append("empty subject")
    markup = re.search(r"(?im)</?[a-z][a-z0-9]*[ \t]*/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|\*\*[^*\n]+\*\*|__[^_\n]+__"
                       r"|`[^`\n]+`|^[ \t]{0,3}(?:#{1,6}[ \t]|>)", body)
    if markup:
        reasons.append(f"mark-up in a plain-text email: {markup.group().strip()!r}")
    if len(subject) > bounds.max_subject_chars:
        reasons.append(f"subject longer than {bounds.max_subject_chars} characters")
    grounds_lower = _fold(_norm(grounds)).lower()
    links = _URL.findall(text) + _EMAIL.findall(text) + _BARE_DOMAIN.findall(_URL.sub(" ", _EMAIL.sub(" ", text)))
    for link in links:
        link = link.rstrip(".,;:!?)")
        if any(_goes_on(link, a) or _goes_on(a, link) for a in bounds.allowed_links) \
                or link.lower() in grounds_lower:
            continue
        reasons.append(f"link not allowed: {link}")
    for tell in AI_TELLS:
        if tell in lower:
            reasons.append(f"reads as machine-written: '{tell}'")
    reasons += address_line_reasons(body, grounds, roles)
    reasons += subject_line_reasons(_fold(_norm(subject)), grounds, roles)
    reasons += gendered_title_reasons(text, grounds, roles)
    return reasons


def _date_reasons(text: str, allowed: set[str]) -> list[str]:
    """Each month or weekday written in lower case (or "May") that the grounds name in no spelling.
    One that is also a word is a date beside a day number or year, or after a preposition of time;
    "march" and "august" also after a determiner, and "may" there only where its clause ends."""
    found = []
    for raw, name in {**DATE_NAMES, "May": "may"}.items():
        if raw not in text:
            continue
        for m in re.finditer(rf"(?:(?<=mid-)|(?<![\w'’-])){raw}(?![\w'’-])", text):
            word = raw.lower()
            if word in allowed or name in allowed:
                continue
            before, after = text[:m.start()], text[m.end():]
            day_or_year = re.match(r"\.?[ \t]+(?:\d{1,2}(?:st|nd|rd|th)?|\d{4})(?![\w%])", after)
            preposition = re.search(r"(?i)(?:(?<![^\W\d_])(?:in|since|until|till|from|through|during|of|on|by)[ \t]+"
                                    r"|mid-|(?<!\d)\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?)\Z", before)
            determiner = re.search(r"(?i)(?<![^\W\d_])(?:early|mid|late|next|last|this|every|each|your|our|the"
                                   r"|whole|before|after)[ \t]+\Z", before)
            clause_ends = re.match(r"[ \t]*(?:[.,;:!?)]|\n|\Z)", after)
            dated = bool(day_or_year or preposition or (determiner and (word in ("march", "august")
                                                                         or (word == "may" and clause_ends))))
            if word not in DATE_NAMES_ALSO_WORDS or dated:
                found.append((m.start(), f"date not in the facts: {raw}"))
    return [reason for _, reason in sorted(found)]


@lru_cache(maxsize=256)
def _title_reasons(text: str, grounds: str) -> tuple[str, ...]:
    """Each role title the grounds do not hold: "<rank> of <field>" (VP without "of"), the field in
    one case up to a function word, punctuation or the next rank; or "<Field> <rank>" for director,
    manager and VP. Held: the rank and the field, or some part of it next to the rank with the
    words beyond it opening a line of the grounds."""
    def plain(s: str) -> str:
        return re.sub(r"[ \t]+", " ", s.lower().replace("&", " and ")).replace("vice president", "vp").strip(" ")

    english = FUNCTION_WORDS["en"]
    first_words = {word for rank in TITLE_RANKS for word in rank.split()}
    known = plain(grounds)

    def held(rank: str, part: list[str], rest: list[str]) -> bool:
        words = " ".join(plain(w) for w in part)
        title = (re.search(rf"(?<![^\W\d_]){re.escape(rank)}[ ,]+(?:of )?{re.escape(words)}(?![^\W\d_])", known)
                 or re.search(rf"(?<![^\W\d_]){re.escape(words)} {re.escape(rank)}(?![^\W\d_])", known))
        named = not rest or any(re.match(rf"{re.escape(' '.join(plain(w) for w in rest))}(?![^\W\d_])", line)
                                for line in known.split("\n"))
        return bool(title and named)

    found = []
    for rank in TITLE_RANKS:
        spaced = rank.replace(" ", r"[ \t]+")
        for m in re.finditer(rf"(?i)(?<![^\W\d_])({spaced})[ \t]+(?:(of)[ \t]+)?(?=[^\W\d_])", text):
            if m.group(2) is None and plain(rank) not in ("vp", "svp", "evp"):
                continue
            tokens = re.findall(r"[^\W\d_][\w'’&-]*|&", re.match(r"(?:[ \t]*(?:[^\W\d_][\w'’&-]*|&))*",
                                                                    text[m.end():]).group())
            field = []
            for word in tokens:
                if word.lower() in ("&", "and"):
                    field.append(word)
                    continue
                if word.lower() in first_words or (word.lower() in english and word.lower() != "and") or (
                        field and word[0].isupper() != field[0][0].isupper()):
                    break
                if word.lower().endswith(("'s", "’s")):
                    field.append(word[:-2])
                    break
                field.append(word)
            while field and field[-1].lower() in ("&", "and"):
                field.pop()
            if field and not any(held(plain(rank), field[:n], field[n:]) for n in range(1, len(field) + 1)):
                found.append((m.start(), "role title not in the facts: "
                              + " ".join(filter(None, (m.group(1), m.group(2), *field)))))
    for m in re.finditer(r"(?<![\w'’&-])((?:[^\W\d_a-z][\w'’&-]*[ \t]+){1,3})(?i:(director|manager|vp))"
                         r"(?![\w'’&-])(?![ \t]+of\b)", text):
        words = m.group(1).split()
        while any(w.lower().endswith(("'s", "’s")) for w in words):  # an owner, not the field
            words.pop(0)
        while words and (words[0].lower() in english or words[0].lower() in first_words):
            words.pop(0)
        if words and not any(held(plain(m.group(2)), words[-n:], words[:-n]) for n in range(1, len(words) + 1)):
            found.append((m.start(1), "role title not in the facts: " + " ".join([*words, m.group(2)])))
    return tuple(reason for _, reason in sorted(found))


@lru_cache(maxsize=256)
def _known_numbers(grounds: str, in_words: bool) -> dict[str, list]:
    """Each number of the (folded) grounds with what it counts, read as the text's are: a count's
    abbreviated noun as the text's; with ``in_words``, numbers in words as digits too. Once per
    grounds; the caller only reads it."""
    known: dict[str, list] = {}
    counted = numbers_as_digits(grounds) if in_words else grounds
    counted = as_grounds_titles(counted, counted)
    for m in _DIGITS.finditer(counted):
        known.setdefault(_number(m.group()), []).append(_quantity(counted, m.start(), m.start() + len(m.group().rstrip(".,"))))
    return known


def grounding_reasons(text: str, grounds: str, mode: str = DEFAULT_MODE) -> list[str]:
    """Specific things ``text`` states that ``grounds`` (facts and approved template) never state."""
    if mode not in MODES:
        raise ValueError(f"unknown verifier mode {mode!r}; choose from {MODES}")
    text, grounds = _norm(text), _norm(grounds)
    reasons: list[str] = []
    # An emoji's presentation selector (U+FE0E, U+FE0F) after a symbol is seen as part of it.
    hidden = sorted({c for n, c in enumerate(text) if _unseen(c) and c not in grounds
                     and not (c in "\ufe0e\ufe0f" and n > 0 and unicodedata.category(text[n - 1]) == "So")})
    if hidden:
        reasons.append(f"an invisible character the facts do not hold: {', '.join(f'U+{ord(c):04X}' for c in hidden)}")
    foreign = _scripts(text) - _scripts(grounds) - {"LATIN"}
    if foreign:
        reasons.append(f"letters in a script the facts do not use: {', '.join(sorted(s.title() for s in foreign))}")
    for c in dict.fromkeys(text):
        if not c.isascii() and c.isnumeric() and c not in grounds:
            reasons.append(f"number not in the facts: {c}")
    text = without_postscript_marks(text)
    shown = text
    grounds = _fold(grounds)
    text = as_grounds_amounts(without_offered_days(without_first_days(without_offered_time(_fold(text)))), grounds)
    text = as_grounds_figures(text, grounds)
    text = text if mode == "names_numbers" else spelled_as_digits(text, grounds)
    text = without_own_titles(as_grounds_titles(text, grounds))
    said_rounds = {_round_name(m) for m in re.finditer(
        r"(?i)\b(?:series[ \t]+([a-k])\b|(pre-?seed)\b|(seed)[ \t]+(?:round|funding|stage|investment))", text)}
    known_rounds = {_round_name(m) for m in re.finditer(r"(?i)\b(?:series[ \t]+([a-k])\b|(pre-?seed)\b|(seed)\b)",
                                                        grounds)}
    if said_rounds - known_rounds:
        reasons.append(f"funding round not in the facts: '{sorted(said_rounds - known_rounds)[0]}'")
    reasons += _language_reasons(text, grounds)
    outside = _URL.sub("\n", text)  # a link ends what a number before it counts
    known = _known_numbers(grounds, mode != "names_numbers")
    for m in _DIGITS.finditer(outside):
        number = _number(m.group())
        if not number:
            continue
        if number not in known:
            reasons.append(f"number not in the facts: {number}")
            continue
        said = _quantity(outside, m.start(), m.start() + len(m.group().rstrip(".,")))
        # Openings (a count the grounds give in a clause of hiring) said as people there already.
        as_staff = said is not None and not said[4] and any(k is not None and k[4] for k in known[number]) \
            and said_as_staff(outside, m.start())
        # Openings said, in a clause of hiring, as the people of the role the grounds give ("hiring five reps").
        noun = said[2].rpartition(" ")[2] if said is not None else ""
        as_role = bool(noun) and any(k is not None and k[2] in _OPENING_NOUNS for k in known[number]) \
            and noun in {_singular(w) for w in re.findall(r"[^\W\d_](?:[^\W\d_]|['&-])*", grounds.lower())} \
            and (said[4] or _hiring_clause(outside, m.start()))
        if said is not None and (not any(k is not None and _agrees(said, k) for k in known[number]) and not as_role
                                 or as_staff):
            start = m.start() - 1 if m.start() and unicodedata.category(outside[m.start() - 1]) == "Sc" else m.start()
            reasons.append(f"number not in the facts: {outside[start:said[3]].strip()}")
    allowed = _words(grounds)
    generic = set(GENERIC_CAPITALISED)
    listed = set(TECHNOLOGIES) | set(ORGANISATIONS)
    capitalised_inside = {_bare(raw) for sentence in _SENTENCE.split(text) for raw in _WORD.findall(sentence)[1:]
                          if any(c.isupper() for c in raw)}
    # An idiom or verb of a short list opening a sentence, a determiner or object after it ("Fancy a chat").
    verb_openers = set()
    for sentence in _SENTENCE.split(text):
        found = _WORD.findall(sentence)
        if len(found) > 1 and found[1] in "a an the your my our their his its this that these those some any me us " \
                "him them if whether to for".split() and not any(c.isupper() for c in found[0][1:]) \
                and _bare(found[0]) in ("fancy", "keen", "mind", "care", "reckon", "grab", "ping"):
            verb_openers.add(_bare(found[0]))
    for sentence in _SENTENCE.split(text):
        for n, raw in enumerate(_WORD.findall(sentence)):
            if raw.isascii() and not any(c.isupper() for c in raw):
                continue
            word, parts = _forms(raw)
            if word in allowed or word in generic or all(p in allowed or p in generic for p in parts):
                continue
            # An English word capitalised only to open a sentence ("Vendors pick us") names nothing.
            if n == 0 and raw[0].isupper() and not any(c.isupper() for c in raw[1:]) and is_english(word) \
                    and word not in listed and not any(p in listed for p in parts) and word not in capitalised_inside \
                    and word not in COUNTRY_WORDS \
                    and raw in shown:
                continue
            if raw[0].isupper() and word in verb_openers and word not in capitalised_inside and raw in shown:
                continue
            reasons.append(f"name not in the facts: {raw.rstrip(chr(39))}")
    reasons += _date_reasons(text, allowed)
    reasons += _title_reasons(text, grounds)
    if mode == "names_numbers":
        return list(dict.fromkeys(reasons))
    lower, grounds_lower = text.lower(), grounds.lower()
    words = _words(text)
    for word in NUMBER_WORDS:
        if word in words and word not in allowed:
            reasons.append(f"number not in the facts: '{word}'")
    reasons += ordinal_reasons(lower, allowed)
    for tech in TECHNOLOGIES:
        if tech in words and tech not in allowed:
            reasons.append(f"technology not in the facts: {tech}")
    lowercase = set()
    for raw in _WORD.findall(text):
        if raw == raw.lower() and raw != raw.upper():
            lowercase |= _words(raw)
    for name in ORGANISATIONS:
        if name in lowercase and name not in allowed:
            reasons.append(f"name not in the facts: {name}")
    prose = _BARE_DOMAIN.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))
    for name in _lowercase_names(prose, allowed):
        reasons.append(f"name not in the facts: {name}")
    for named in _LEGAL_NAME.finditer(text):
        name = named.group(1)
        if name.islower() and _bare(name) not in FUNCTION_WORDS["en"] and not _words(named.group()) <= allowed:
            reasons.append(f"name not in the facts: {named.group()}")
    plain = without_hires_to_come(without_present_today(without_other_rounds(lower)))
    plain = without_hires_named(plain, grounds_lower)
    stated = _stated(without_titles_of_no_one(without_own_research(without_job_senses(without_other_senses(plain)))))
    grounded = _stated(without_other_rounds(grounds_lower))
    # A phrase said in a sentence that speaks of an opening is implied by nothing (the last sense).
    openings: set[str] = set()
    for sentence in _SENTENCE.split(plain):
        if _words(sentence) & set(IMPLIED_NOT_BY):
            openings |= _stated(sentence)
    for group, phrases in CLAIM_GROUPS.items():
        for phrase in phrases:
            senses = _SENSES[phrase][:-1] if phrase in openings else _SENSES[phrase]
            if phrase in stated and not any(s & grounded for s in senses):
                reasons.append(f"{group.replace('_', ' ')} claim not in the facts: '{phrase}'")
                break
    if mode == "coverage":
        for sentence in _SENTENCE.split(text):
            novel = sorted(w for w in _words(sentence) - allowed
                           if len(w) >= 5 and w not in _STOP and w not in generic)
            if len(novel) >= 3:
                reasons.append(f"sentence not supported by the facts ({', '.join(novel[:4])}): {sentence.strip()[:80]}")
    return list(dict.fromkeys(reasons))


# The characters that hide inside a word or turn its direction, which no message carries.
_NOT_CARRIED = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u00ad\u2060\ufeff")


def uncarried(subject: str, body: str) -> list[str]:
    """What the send step refuses to build a message of, read character by character: in the subject a
    control character, a surrogate, a line or paragraph separator or a hidden one; a subject over 250
    characters or holding an encoded-word; in the body, with its CRLFs read as line breaks, a control
    character but the line break and tab, a surrogate or a hidden one."""
    reasons = []
    unsafe = [c for c in subject if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in _NOT_CARRIED]
    encoded = "=?" in subject and "?=" in subject[subject.index("=?") + 2:]
    if unsafe:
        reasons.append(f"subject holds the control character U+{ord(unsafe[0]):04X}")
    elif len(subject) > 250:
        reasons.append(f"subject is {len(subject)} characters long (at most 250)")
    elif encoded:
        reasons.append("subject holds an RFC 2047 encoded-word (=?...?=), which mail programs decode")
    unsafe = [c for c in body.replace("\r\n", "\n")
              if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t") or c in _NOT_CARRIED]
    if unsafe:
        reasons.append(f"body holds the control or hidden character U+{ord(unsafe[0]):04X}")
    return reasons


def verify_draft(subject: str, body: str, grounds: str, *, first_touch: bool, bounds: Bounds,
                 mode: str = DEFAULT_MODE, roles: Roles | None = None, news: bool | None = None) -> tuple[str, ...]:
    """Every reason this draft may not be sent as written; empty when it may."""
    carried = uncarried(subject, body)
    subject, body = one_spaced(subject), one_spaced(body)
    reasons = carried + structural_reasons(subject, body, first_touch=first_touch, bounds=bounds, grounds=grounds,
                                           roles=roles)
    body = joined(body)
    reasons += grounding_reasons(f"{subject}\n{body}", grounds, mode)
    reasons += foreign_sentence_reasons(f"{subject}\n{body}", grounds)
    reasons += foreign_claim_reasons(f"{subject}\n{body}", grounds, roles.fields if roles else ())
    reasons += [f"name not in the facts: {name}" for name in lowercase_people(f"{subject}\n{body}", grounds)]
    reasons += sender_role_reasons(_norm(f"{subject}\n{body}"), roles.sender) if roles and roles.sender else []
    if mode != "names_numbers":
        reasons += first_claim_reasons(f"{subject}\n{body}", grounds)
        said, known = _fold(_norm(f"{subject}\n{body}")), _fold(_norm(grounds))
        reasons += recency_reasons(said, known, news)
        for phrase in REPLY_CLAIMS:
            if _has_phrase(said.lower(), phrase) and not _has_phrase(known.lower(), phrase):
                reasons.append(f"earlier contact claim not in the facts: '{phrase}'")
                break
        reasons += engagement_reasons(said, known)
        people = tuple(_fold(_norm(n)) for n in people_named(roles.fields if roles else ()))
        titles = ((_fold(_norm(n)), _fold(_norm(t))) for n, t in people_titles(roles.fields if roles else ()))
        reasons += new_title_reasons(said, known, people, titles)
        reasons += said_not_grounded(said.lower(), known.lower(), roles) if roles is not None and roles.fields else []
        fields = ("company_name", "first_name", "last_name", "person", "contact_name", "product", "investors",
                  "lead_investor")
        names = tuple(_fold(_norm(roles.value(f))) for f in fields if roles and roles.value(f))
        leads = tuple(_fold(_norm(roles.value(f))) for f in ("lead_investor",) if roles and roles.value(f))
        reasons += hearsay_reasons(said, known, names, leads)
        reasons += quote_reasons(said, known, names)
        reasons += past_role_reasons(said, known, _fold(_norm(roles.value("company_name"))) if roles else "")
        reasons += business_state_reasons(said, known)
        reasons += standing_reasons(said, known, names)
        reasons += momentum_reasons(said, known, names)
        reasons += their_work_reasons(said, known, names)
        reasons += served_others_reasons(said, known)
        reasons += plan_reasons(said, known, names)
        reasons += origin_reasons(said, known, lambda: people)
        fields = roles.fields if roles else ()
        techs = tuple(_fold(_norm(v)) for f, v in fields if f == "technology" or f.startswith("tech_"))
        reasons += adoption_stage_reasons(said, known, techs)
        reasons += relation_reasons(said, known, roles)
        reasons += work_reasons(said, known, names)
        reasons += offer_term_reasons(said, known, roles.facts if roles else ())
        reasons += word_date_reasons(said, known) + predecessor_reasons(said, known)
        reasons += makeup_reasons(said, known, names) + effort_reasons(said, known)
        reasons += period_reasons(said, known, names) + demand_reasons(said, known, names)
        reasons += earlier_holder_reasons(said, known)
        reasons += industry_reasons(said, known, names)
        reasons += familiarity_reasons(said, known, names)
        reasons += team_size_reasons(said, known)
        reasons += tenure_reasons(said, known)
        reasons += dated_event_reasons(said, known)
    return tuple(dict.fromkeys(reasons))
