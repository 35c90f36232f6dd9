"""Role titles a draft states: "Head of Sales", "VP of marketing", "Sales Director", "Director of FP&A".

Each word of "Head of Sales" may be grounded on its own (a Head of Revenue Operations at a sales
software company) while the title is not. A title is a rank ("Head", "VP", "Director", ...), "of"
(optional after VP) and the words of its field, in any case, up to a function word, punctuation or
the next rank; or capitalised field words before a rank ("Sales Director", "Managing Director"),
after any possessive ("Meridian's VP Sales" is a VP Sales).
It is grounded when the grounds hold the same rank and field, with or without "of", in either
order. "Vice President" reads as "VP" and "&" as "and". Words after a grounded title may be a name
that opens a line of the grounds (the company's: "the Head of Revenue Operations Acme is hiring").
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.cues import Cues
from sdr_assets.domain.languages import FUNCTION_WORDS
from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.lexicon import TITLE_RANKS

_RANKS = "|".join(re.escape(r).replace(r"\ ", r"[ \t]+") for r in sorted(TITLE_RANKS, key=len, reverse=True))
_TITLE = LazyPattern(rf"(?i)(?<![^\W\d_])({_RANKS})[ \t]+(?:(of)[ \t]+)?(?=[^\W\d_])")
# Capitalised field words before a rank that takes them first.
_FIELD_FIRST = LazyPattern(r"(?<![\w'’&-])((?:[^\W\d_a-z][\w'’&-]*[ \t]+){1,3})"
                          r"(?i:(director|manager|vp))(?![\w'’&-])(?![ \t]+of\b)")
_NEXT = LazyPattern(r"[ \t]*([^\W\d_][\w'’&-]*|&)")
_RANK_WORDS = frozenset(word for rank in TITLE_RANKS for word in rank.split())
_ENDS_FIELD = FUNCTION_WORDS["en"] - {"and"}
_SPACES = LazyPattern(r"[ \t]+")
_HINT_WORDS = Cues(("head", "vp", "vice", "director", "chief", "manager"))
_HINT = LazyPattern(f"(?i){'|'.join(_HINT_WORDS)}")


def _field(text: str, pos: int) -> list[str]:
    """The field words from ``pos`` on, all capitalised or all in lower case as the first is: up to a
    function word, punctuation, a line break or the next rank, with "and" or "&" only between two
    of them; a possessive ends them."""
    tokens = []
    while (token := _NEXT.match(text, pos)) is not None:
        tokens.append(token.group(1))
        pos = token.end()
    field: list[str] = []
    for word in tokens:
        lower = word.lower()
        if lower in ("&", "and"):
            field.append(word)
            continue
        if lower in _RANK_WORDS or lower in _ENDS_FIELD or (field and word[0].isupper() != field[0][0].isupper()):
            break
        if lower.endswith(("'s", "’s")):
            field.append(word[:-2])
            break
        field.append(word)
    while field and field[-1].lower() in ("&", "and"):
        field.pop()
    return field


def _known(text: str) -> str:
    return _SPACES.sub(" ", text.lower().replace("&", " and ")).replace("vice president", "vp").strip(" ")


@lru_cache(maxsize=64)
def _known_grounds(grounds: str) -> str:
    """``grounds`` as titles are compared, once for each: a draft's grounds are read for the model's
    text and again for the template's."""
    return _known(grounds)


def _phrase(words: list[str]) -> str:
    return r"[ \t]+".join(re.escape(part) for w in words for part in _known(w).split())


def _held(known: str, rank: str, field: list[str]) -> bool:
    """Whether the grounds hold the title: the rank then the words, or the words then the rank."""
    words = _phrase(field)
    return re.search(rf"(?<![^\W\d_]){re.escape(rank)}[ \t,]+(?:of[ \t]+)?{words}(?![^\W\d_])"
                     rf"|(?<![^\W\d_]){words}[ \t]+{re.escape(rank)}(?![^\W\d_])", known) is not None


def _opens_a_line(known: str, rest: list[str]) -> bool:
    """Whether words after a title open a line of the grounds, as a company's name does; none after
    it always do."""
    return not rest or re.search(rf"(?m)^{_phrase(rest)}(?![^\W\d_])", known) is not None


def _after_owner(words: list[str]) -> list[str]:
    """The words after the last possessive: an owner names whose the post is, not its field
    ("Meridian's VP Sales", "Acme’s Sales Director")."""
    owners = [n for n, word in enumerate(words) if word.lower().endswith(("'s", "’s"))]
    return words[owners[-1] + 1:] if owners else words


def _stated(text: str) -> list[tuple[int, str, list[str], bool, str]]:
    """Each title ``text`` states: (where, rank, field words, whether the field comes first, as written)."""
    titles = []
    for match in _TITLE.finditer(text):
        rank, joined, field = _known(match.group(1)), match.group(2), _field(text, match.end())
        if field and (joined is not None or rank in ("vp", "svp", "evp")):
            titles.append((match.start(), rank, field, False,
                           " ".join(filter(None, (match.group(1), joined, *field)))))
    for match in _FIELD_FIRST.finditer(text):
        words = _after_owner(match.group(1).split())
        while words and (words[0].lower() in FUNCTION_WORDS["en"] or words[0].lower() in _RANK_WORDS):
            words.pop(0)
        if words:
            titles.append((match.start(1), _known(match.group(2)), words, True, " ".join([*words, match.group(2)])))
    return sorted(titles, key=lambda t: t[0])


def _grounded(known: str, rank: str, field: list[str], first: bool) -> bool:
    """Some part of the field next to the rank is held with it, and the words beyond that part open
    a line of the grounds (a name)."""
    for n in range(len(field), 0, -1):
        part, rest = (field[-n:], field[:-n]) if first else (field[:n], field[n:])
        if _held(known, rank, part) and _opens_a_line(known, rest):
            return True
    return False


def _may_state_title(text: str) -> bool:
    """Whether ``text`` has a word every title holds, in any case: an ASCII text is read lower-cased,
    which for it is what the case-blind pattern reads, without trying it at every place."""
    if text.isascii():
        return _HINT_WORDS.any_in(text.lower())
    return _HINT.search(text) is not None


def title_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each role title ``text`` states that ``grounds`` does not."""
    if not _may_state_title(text):
        return []
    reasons, known = [], None
    for _, rank, field, first, shown in _stated(text):
        known = _known_grounds(grounds) if known is None else known
        if not _grounded(known, rank, field, first):
            reasons.append(f"role title not in the facts: {shown}")
    return reasons
