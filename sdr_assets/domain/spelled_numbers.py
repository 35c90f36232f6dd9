"""Numbers written in words, read as the digits the facts give: "three SDRs" as "3 SDRs", "twelve
million pounds" as "12M pounds", "$40 million" as "$40M".

A fact's number is written in digits, and a draft may write it either way: a number the grounds
give in digits is rewritten so, and then checked as any number is (its unit, currency and noun must
agree with the facts'); one they do not give stays in words, a number word the facts never state,
and is reported as the draft wrote it ("'ninety'"). A number the grounds give in words is read
there as digits (``numbers_as_digits``), so a draft's "23 new hires" is checked against their
"twenty-three new hires", noun and all, and "2 hires" never agrees with "two offices". Ordinals,
multiples and other words of number ("third", "twice", "dozens") are left as they are, and "one" is
a number only before a scale ("one million").
"""

from __future__ import annotations

import re
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern

_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALE_SUFFIX = {"thousand": "k", "million": "M", "millions": "M", "billion": "B", "billions": "B"}
_UNIT = "|".join(sorted(set(_UNITS) - {"zero", "one"}, key=len, reverse=True))
_TEN = "|".join(_TENS)
_SMALL = rf"(?:(?:{_TEN})(?:[ \t]*-[ \t]*|[ \t]+)(?:{_UNIT}|one)|{_TEN}|{_UNIT})"
_SCALE = r"(?:thousand|millions?|billions?)"
# A number in words: below a hundred, with hundreds, with a scale; or digits with a scale word.
_SPELLED = LazyPattern(
    rf"(?i)(?<![\w-])(?:(?P<words>(?:{_SMALL}|one(?=[ \t]+(?:hundred|{_SCALE})))"
    rf"(?:[ \t]+hundred(?:[ \t]+(?:and[ \t]+)?{_SMALL})?)?)"
    rf"|(?P<digits>\d+(?:\.\d+)?))(?:[ \t]+(?P<scale>{_SCALE}))?(?![\w-])")


def _value(words: str) -> int:
    total, part = 0, 0
    for word in re.findall(r"[a-z]+", words.lower()):
        if word == "hundred":
            part *= 100
        elif word != "and":
            part += _UNITS.get(word, _TENS.get(word, 0))
    return total + part


_GROUNDS_NUMBER = LazyPattern(r"\d[\d,.]*")
# A text without any of these has no number in words nor a scale word to read.
_NUMBER_WORD = LazyPattern(rf"(?i)(?<![^\W\d_])(?:{_TEN}|{_UNIT}|hundred|thousand|millions?|billions?)(?![^\W\d_])")


@lru_cache(maxsize=1024)
def _grounds_numbers(grounds: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers ``grounds`` give in digits and the words they say, read once per grounds."""
    known = frozenset(m.group().rstrip(".,").replace(",", "") for m in _GROUNDS_NUMBER.finditer(grounds))
    return known, frozenset(re.findall(r"[a-z]+", grounds.lower()))


def spelled_as_digits(text: str, grounds: str) -> str:
    """``text`` with every cardinal number in words, and every scale word after digits, as digits,
    where ``grounds`` give that number in digits and not in those words; a scale word the grounds use
    stays a word."""
    if not _NUMBER_WORD.search(text):
        return text
    known, said = _grounds_numbers(grounds)

    def digits(m: re.Match[str]) -> str:
        if m["digits"] and not m["scale"]:
            return m.group()
        number = str(_value(m["words"])) if m["words"] else m["digits"].replace(",", "")
        if number not in known or (m["words"] and set(re.findall(r"[a-z]+", m["words"].lower())) <= said):
            return m.group()
        if m["scale"] and m["scale"].lower() not in said:
            return number + _SCALE_SUFFIX[m["scale"].lower()]
        return number + m.group()[(m.end("words") if m["words"] else m.end("digits")) - m.start():]
    return _SPELLED.sub(digits, text)


@lru_cache(maxsize=1024)
def numbers_as_digits(grounds: str) -> str:
    """``grounds`` as written, then on a line of their own with each cardinal number in words as
    digits, a scale word after it kept ("twenty-three new hires" as "23 new hires"), so a number a
    text writes in digits is read with the noun ``grounds`` count with it, in either writing (a
    number word that is itself what a digit counts, "#1 two", stays a noun in the first)."""
    if not _NUMBER_WORD.search(grounds):
        return grounds
    digits = _SPELLED.sub(lambda m: str(_value(m["words"])) + m.group()[m.end("words") - m.start():]
                          if m["words"] else m.group(), grounds)
    return grounds if digits == grounds else f"{grounds}\n{digits}"
