"""Sentences a line break cuts in two, read whole: "I heard the round\\nwas oversubscribed".

A writer, or a model wrapping its text, may break a line inside a sentence. A check that reads one
line at a time would see two harmless halves of a claim, and a phrase such as "led by" broken over
the line would not be found, in a draft or in its template. A single line break is inside a sentence
where the next line goes on in lower case ("the round\\nwas"), or where the line before ends, without
a mark of punctuation, on a word no sentence ends with ("at\\nBrex", "on the\\nPivot"). A blank line
ends a paragraph, and a line that ends with a word that may end a sentence ("Hi Dana" above "Thanks
for") or with punctuation before a capital ("Best,\\nOwen") is left as it is.

Spaces are read the same way: two spaces or a tab between words ("shot  up", "is hoping\\tto") would
keep a phrase from being found as surely as a line break, so a run of them reads as one space.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

# Words after which an English sentence goes on: articles, prepositions, conjunctions, auxiliaries.
_GOES_ON = frozenset(
    "the a an of to in on at for with by from about into onto over under than and or but nor as is are was were "
    "be been being am has have had do does did will would can could should may might must shall that which who "
    "whose whom where when while because since until though although if whether your our their its my his her "
    "this these those very so such i we you they it".split())
_LAST_WORD = LazyPattern(r"[^\W\d_]+\Z")
# Only runs that read otherwise are replaced: a lone space between words, nearly every one, is left.
_SPACES = LazyPattern(r"[^\S\n]{2,}|[^\S\n ]")
_AROUND_BREAK = LazyPattern(r" \n ?|\n ")
# A blank other than a space: a text without one, two spaces in a row or a space beside a line break
# (nearly every draft) is read as it is.
_OTHER_BLANK = LazyPattern(r"[^\S\n ]")


def _inside(before: str, after: str) -> bool:
    """Whether a line break between the line ``before`` (not blank) and the line ``after`` is inside a
    sentence: the next line goes on in lower case, or the line before ends on a word that goes on."""
    letter = after.lstrip(" \t")[:1]
    if not before or not letter.isalpha():
        return False
    last = _LAST_WORD.search(before) if not letter.islower() else None
    return letter.islower() or (last is not None and last.group().lower() in _GOES_ON)


def joined(text: str) -> str:
    """``text`` with each line break inside a sentence read as a space."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    read = [lines[0]]
    for line in lines[1:]:
        if _inside(read[-1], line):
            read[-1] = f"{read[-1]} {line}"
        else:
            read.append(line)
    return "\n".join(read)


def one_spaced(text: str) -> str:
    """``text`` with each run of spaces, tabs or other blanks inside a line read as one space, and
    none beside a line break."""
    if "  " not in text and " \n" not in text and "\n " not in text and not _OTHER_BLANK.search(text):
        return text
    return _AROUND_BREAK.sub("\n", _SPACES.sub(" ", text))
