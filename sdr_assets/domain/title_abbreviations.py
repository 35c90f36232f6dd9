"""Titles and roles written short or long, read as the grounds write them: "CMO" for "Chief
Marketing Officer", "SDRs" for "Sales Development Representatives", "Vice President" for "VP",
"RevOps" for "Revenue Operations".

An abbreviation is the initials of two to five capitalised words the grounds run together (or a
common short form of a title's word); a draft may write either form of what the grounds say, and
the one it writes is rewritten as the grounds' before the name, number and title checks read it.
An abbreviation the grounds hold as written stays, unless a number counts it ("5 new AEs"); a long
form is not shortened into an ambiguous one ("Chief Product Officer" where the grounds say "CPO",
which may be People or Procurement); one of nothing in the grounds ("CFO" where they say "Chief
Marketing Officer") stays as written, and is checked as any name is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

# Short forms of words in titles and teams, each as its full form.
SHORT_FORMS = {"RevOps": "Revenue Operations", "SalesOps": "Sales Operations", "Ops": "Operations",
               "Mktg": "Marketing", "Eng": "Engineering", "Dir": "Director", "Mgr": "Manager", "Sr": "Senior",
               "Exec": "Executive", "Dev": "Development", "Biz": "Business"}
# The words a title's initials stand for ("Chief Revenue Officer", "Account Executive"): a run of other
# words ("Director Europe", "Kessler Maschinenbau") is no title and is never read as initials.
TITLE_WORDS = frozenset(
    "chief officer vice president executive executives senior general managing director directors head manager "
    "managers representative representatives account accounts development business sales marketing revenue "
    "operations operating financial finance technology technical information data security product people "
    "commercial customer success growth partner partnerships engineer engineering human resources legal "
    "counsel brand digital strategy analytics".split())
# A number and the words that may stand between it and its noun ("5 new AEs"): an abbreviation after
# one is the noun counted, always read in the grounds' long form (the number check reads the grounds
# so too).
# Short forms that stand for several titles ("CPO": Product, People or Procurement): a long form is
# never shortened into one, as the facts' short form may mean another title.
AMBIGUOUS = frozenset("CPO CCO CSO CDO CIO CAO CBO CXO CEX PM AM".split())
_COUNTED = LazyPattern(r"\d[ \t]+(?:(?:new|more|additional|extra|open|further)[ \t]+)*\Z")
_RUN = LazyPattern(r"[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)+")
_ACRONYM = LazyPattern(r"(?<![\w&'-])([A-Z]{2,5})(s?)(?![\w&-])")


def _is_title(words: list[str]) -> bool:
    return all(w.lower() in TITLE_WORDS for w in words)


def _expansions(grounds: str) -> dict[str, str]:
    """Initials → the words of the grounds they stand for, for every run of two to five capitalised
    words in a run of them ("Sales Development Representative": "SDR", "SD", "DR")."""
    found: dict[str, str] = {}
    for run in _RUN.finditer(grounds):
        words = run.group().split()
        for n in range(len(words)):
            for m in range(n + 2, min(len(words), n + 5) + 1):
                if not _is_title(words[n:m]):
                    break
                found.setdefault("".join(w[0] for w in words[n:m]), " ".join(words[n:m]))
    return found


def _long_forms(text: str, acronyms: set[str]) -> str:
    """``text`` with every run of capitalised words whose initials are an abbreviation of the grounds
    as that abbreviation ("Chief Revenue Officer" as "CRO")."""
    def shorten(run: re.Match[str]) -> str:
        words = run.group().split()
        if sum(w.lower() in TITLE_WORDS for w in words) < 2:
            return run.group()
        for n in range(len(words)):
            for m in range(min(len(words), n + 5), n + 1, -1):
                if _is_title(words[n:m]) and "".join(w[0] for w in words[n:m]) in acronyms:
                    return " ".join([*words[:n], "".join(w[0] for w in words[n:m]), *words[m:]])
        return run.group()
    return _RUN.sub(shorten, text)


@lru_cache(maxsize=1024)
def _grounds_forms(grounds: str) -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """The grounds' words, their titles' initials and the abbreviations they hold, read once per
    grounds (a draft's checks ask twice, and an account's drafts share their grounds)."""
    words = frozenset(re.findall(r"[A-Za-z]+", grounds))
    return words, _expansions(grounds), frozenset(m[0] for m in _ACRONYM.findall(grounds))


@lru_cache(maxsize=256)
def grounds_as_own_titles(grounds: str) -> str:
    """``grounds`` with their titles as they themselves write them, read once per grounds."""
    return as_grounds_titles(grounds, grounds)


def as_grounds_titles(text: str, grounds: str) -> str:
    """``text`` with each abbreviation or long form of a title the grounds write the other way as the
    grounds write it."""
    words, expansions, acronyms = _grounds_forms(grounds)
    for short, full in SHORT_FORMS.items():
        if short in text and short not in words and all(w in words for w in full.split()):
            text = re.sub(rf"(?<![\w-]){short}(?![\w-])", full, text)
        elif full in text and short in words and full not in grounds:
            text = re.sub(rf"(?<![\w-]){full}(?![\w-])", short, text)
    if acronyms:
        text = _long_forms(text, acronyms - expansions.keys() - AMBIGUOUS)

    def lengthen(m: re.Match[str]) -> str:
        if m[1] not in expansions or (m.group() in words and not _COUNTED.search(m.string, 0, m.start())):
            return m.group()
        return expansions[m[1]]
    return _ACRONYM.sub(lengthen, text)
