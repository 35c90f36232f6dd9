"""Role titles a draft states: "Head of Sales", "VP Marketing", "Director of Data & Analytics".

Each word of "Head of Sales" may be grounded on its own (a Head of Revenue Operations at a sales
software company) while the title is not. A title is a rank ("Head", "VP", "Director", ...), "of"
(optional after VP) and one or more capitalised words; it is grounded when the grounds hold the
same rank and words, with or without "of", or the words before the rank ("Sales Director").
"Vice President" reads as "VP" and "&" as "and". Capitalised words after a grounded title may be a
name that opens a line of the grounds (the company's).
"""

from __future__ import annotations

import re

from sdr_assets.domain.lexicon import TITLE_RANKS

_RANKS = "|".join(re.escape(r).replace(r"\ ", r"[ \t]+") for r in sorted(TITLE_RANKS, key=len, reverse=True))
_TITLE = re.compile(rf"(?i)(?<![^\W\d_])({_RANKS})[ \t]+(?:(of)[ \t]+)?(?=[^\W\d_])")
_NEXT = re.compile(r"[ \t]*([^\W\d_][\w'’-]*|&)")
_RANK_WORDS = frozenset(r.split()[0] for r in TITLE_RANKS)
_SPACES = re.compile(r"[ \t]+")
_HINT = re.compile(r"(?i)head|vp|vice|director|chief|manager")


def _field(text: str, pos: int) -> list[str]:
    """The capitalised words from ``pos`` on, with "and" or "&" between two of them; punctuation or
    a line break ends them."""
    tokens = []
    while (token := _NEXT.match(text, pos)) is not None:
        tokens.append(token.group(1))
        pos = token.end()
    field: list[str] = []
    for n, word in enumerate(tokens):
        if word.lower() in _RANK_WORDS:  # the next title: "Head of Data and VP of Sales"
            break
        if word[0].isupper():
            field.append(word)
        elif word in ("&", "and") and field and n + 1 < len(tokens) and tokens[n + 1][0].isupper():
            field.append(word)
        else:
            break
    return field[:-1] if field and field[-1] in ("&", "and") else field


def _known(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).replace("vice president", "vp").replace("&", "and")


def title_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each role title ``text`` states that ``grounds`` does not."""
    if not _HINT.search(text):
        return []
    reasons, known = [], None
    for match in _TITLE.finditer(text):
        rank, joined, field = _known(match.group(1)), match.group(2), _field(text, match.end())
        if not field or (joined is None and rank not in ("vp", "svp", "evp")):
            continue
        known = _known(grounds) if known is None else known
        if not any(_held(known, rank, field[:n]) and _opens_a_line(known, field[n:]) for n in range(len(field), 0, -1)):
            reasons.append(f"role title not in the facts: {' '.join(filter(None, (match.group(1), joined, *field)))}")
    return reasons


def _phrase(words: list[str]) -> str:
    return r"[ \t]+".join(re.escape(_known(w)) for w in words)


def _held(known: str, rank: str, field: list[str]) -> bool:
    """Whether the grounds hold the title: the rank then the words, or the words then the rank."""
    words = _phrase(field)
    return re.search(rf"(?<![^\W\d_]){re.escape(rank)}[ \t,]+(?:of[ \t]+)?{words}(?![^\W\d_])"
                     rf"|(?<![^\W\d_]){words}[ \t]+{re.escape(rank)}(?![^\W\d_])", known) is not None


def _opens_a_line(known: str, rest: list[str]) -> bool:
    """Whether capitalised words after a title open a line of the grounds, as a company's name does
    ("the Head of Revenue Operations Larkspur Analytics is hiring"); none after it always do."""
    return not rest or re.search(rf"(?m)^{_phrase(rest)}(?![^\W\d_])", known) is not None
