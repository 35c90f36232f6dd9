"""Whether an html element is hidden from its reader, by its own style, the ``hidden`` attribute or the
rules of the document's ``<style>`` sheets: the cascade of the four properties that hide.

A declaration hides when it sets ``display:none``, ``visibility:hidden``, ``opacity:0`` or Outlook's
``mso-hide:all``; any other value of those shows. For each property the cascade picks one: an
``!important`` one first, then the element's own style over a sheet's, a sheet's over the ``hidden``
attribute, then the more specific selector, then the later. Only rules a reader sees on every screen
hide: one directly in the sheet or in ``@media all`` / ``@media screen``. One that applies on some
screens only (``@media (max-width:600px)``, ``@media print``, ``@supports``) hides nothing, and one
that shows what the others hide leaves it shown, for a person on that screen reads it. Sheets are read
for simple selectors: ``*``, an element, a class, an id, an element with one class or id, and lists of
them. A rule with any other selector in its list hides nothing, though one whose last part is simple
(``td .x``) may show what that part names; the contents of other at-rules are not rules. In doubt,
nothing is hidden: her words are never lost, and a hidden opt-out read as hers is recorded.

The work is linear in the markup: each sheet is read once by one pattern whose every branch ends at the
first place it can, a rule's declarations are folded to one per property before its selectors are
read, and each selector keeps one entry, so an element costs a lookup per class it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["StyleSheets"]

# A sheet's tokens: a comment (one never closed runs to the end), a string, an escape, a brace, the
# html comment marks, or a run of anything else: no brace in a comment, string or escape opens a block.
TOKEN_RE = re.compile(
    r"""/\*.*?(?:\*/|\Z)|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|'[^'\\\n]*(?:\\.[^'\\\n]*)*'?|\\.?|<!--|-->|[{}]"""
    r"""|(?:[^{}/"'\\<-]|/(?!\*)|<(?!!--)|-(?!->))+""", re.S)
_SIMPLE_RE = re.compile(r"(\*|[a-zA-Z][a-zA-Z0-9]*)?(?:([.#])(-?[^\W\d][\w-]*))?")
_COMBINATOR_RE = re.compile(r"\s*[>+~]\s*|\s+")
_AT_NAME_RE = re.compile(r"@[\w-]*")
_EVERY_SCREEN_RE = re.compile(r"\s*(?:only\s+)?(?:all|screen)\s*")
_BLANKS_RE = re.compile(r"\s*")
_IMPORTANT_RE = re.compile(r"!\s*important\s*$")
_HIDING_VALUES = {"display": re.compile("none"), "visibility": re.compile("hidden"),
                  "opacity": re.compile(r"0+(?:\.0*)?"), "mso-hide": re.compile("all")}

ATTRIBUTE, SHEET, OWN_STYLE = 0, 1, 2  # where a declaration comes from, in the cascade's order
_NO_SPECIFICITY = (0, 0, 0)


def declarations(style: str) -> dict[str, tuple[bool, bool]]:
    """Property -> (important, hides) of the declaration that wins in ``style``, for the properties that hide."""
    winners: dict[str, tuple[bool, bool]] = {}
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if not colon or name not in _HIDING_VALUES:
            continue
        important = _IMPORTANT_RE.search(value)
        if important:
            value = value[:important.start()].rstrip()
        if important or not winners.get(name, (False,))[0]:
            winners[name] = (bool(important), bool(_HIDING_VALUES[name].fullmatch(value)))
    return winners


def _every_screen(media: str) -> bool:
    """Whether a media query list holds one for every screen (``all``, ``screen``, ``only screen``)."""
    return any(_EVERY_SCREEN_RE.fullmatch(query) for query in media.split(","))


def _subject(selector: str) -> tuple[tuple[str, str, str] | None, tuple[int, int, int], bool]:
    """(the key of the simple part the selector ends in or None, its specificity, whether that part is all of it)."""
    parts = _COMBINATOR_RE.split(selector.strip())
    simple = _SIMPLE_RE.fullmatch(parts[-1])
    if not simple or not simple.group(0):
        return None, _NO_SPECIFICITY, False
    element, kind, name = (simple.group(1) or "*").lower(), simple.group(2) or "", simple.group(3) or ""
    specificity = (kind == "#", kind == ".", element != "*")
    return (element, kind, name), specificity, len(parts) == 1


@dataclass
class _Said:
    """What the rules say of one selector and one property: the winner among the rules on every screen
    (its rank in the cascade and whether it hides), and the most important rule that may show it elsewhere
    (1 an ``!important`` one, 0 a plain one, -1 none)."""

    rank: tuple = ()
    hides: bool = False
    may_show: int = -1


@dataclass
class StyleSheets:
    """The rules of a document's sheets, by selector ``(element or "*", "." or "#" or "", class or id)``."""

    said: dict[tuple[str, str, str], dict[str, _Said]] = field(default_factory=dict)
    order: int = 0

    def read(self, sheet: str, media: str = "") -> None:
        """Fold in the rules of one ``<style>`` element's text (and its ``media``), after those read before it."""
        some_screens = bool(media.strip()) and not _every_screen(media)
        # The open blocks, the sheet first: ("group", on some screens only), ("rule", selectors, on some
        # screens only) or ("skip",), a block whose contents are not rules.
        blocks: list[tuple] = [("group", some_screens)]
        prelude: list[str] = []
        body: list[str] = []
        for token in TOKEN_RE.finditer(sheet):
            text = token.group()
            kind = blocks[-1][0]
            if kind == "skip":
                if text == "{":
                    blocks.append(("skip",))
                elif text == "}":
                    blocks.pop()
            elif kind == "rule":
                if text == "{":  # a nested block: a rule this reading does not know
                    blocks[-1] = ("skip",)
                    blocks.append(("skip",))
                elif text == "}":
                    self._fold(*blocks.pop()[1:], "".join(body))
                    body = []
                else:
                    body.append(" " if text.startswith("/*") else text)
            elif text == "{":
                blocks.append(self._opened("".join(prelude), some_screens=blocks[-1][1]))
                prelude, body = [], []
            elif text == "}" and len(blocks) > 1:
                blocks.pop()
                prelude = []
            elif len(blocks) > 1 or text not in ("<!--", "-->"):  # the marks are blanks at the sheet's own level
                prelude.append(" " if text.startswith("/*") else text)
        if blocks[-1][0] == "rule":  # a block never closed ends with its sheet
            self._fold(*blocks[-1][1:], "".join(body))

    def _opened(self, prelude: str, *, some_screens: bool) -> tuple:
        """The block a ``{`` opens after ``prelude``: statements such as ``@import x;`` before it end at ``;``."""
        start = _BLANKS_RE.match(prelude).end()
        while prelude.startswith("@", start) and (end := prelude.find(";", start)) >= 0:
            start = _BLANKS_RE.match(prelude, end + 1).end()
        at_rule = _AT_NAME_RE.match(prelude, start)
        if not at_rule:
            return ("rule", prelude[start:], some_screens)
        name = at_rule.group().lower()
        if name == "@media":
            return ("group", some_screens or not _every_screen(prelude[at_rule.end():]))
        return ("group", True) if name == "@supports" else ("skip",)

    def _fold(self, selectors: str, some_screens: bool, body: str) -> None:
        winners = declarations(body)
        if not winners:
            return
        subjects = [_subject(selector) for selector in selectors.split(",")]
        everywhere = not some_screens and all(key and whole for key, _, whole in subjects)
        for key, specificity, _ in subjects:
            if key is None:
                continue
            said = self.said.setdefault(key, {})
            for name, (important, hides) in winners.items():
                self.order += 1
                entry = said.setdefault(name, _Said())
                if everywhere:
                    rank = (important, SHEET, specificity, self.order)
                    if rank > entry.rank:
                        entry.rank, entry.hides = rank, hides
                elif not hides:
                    entry.may_show = max(entry.may_show, int(important))

    def hides(self, element: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether the element is hidden by one of the properties that hide, on every screen."""
        values = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        winners: dict[str, tuple[tuple, bool]] = {}
        if "hidden" in values:
            winners["display"] = ((False, ATTRIBUTE, _NO_SPECIFICITY, 0), True)
        for name, (important, hides) in declarations(values.get("style", "")).items():
            winners[name] = ((important, OWN_STYLE, _NO_SPECIFICITY, 0), hides)
        may_show: dict[str, int] = {}
        for key in self._keys(element, values):
            for name, said in self.said.get(key, {}).items():
                if said.rank and said.rank > winners.get(name, ((),))[0]:
                    winners[name] = (said.rank, said.hides)
                may_show[name] = max(may_show.get(name, -1), said.may_show)
        return any(hides and (may_show.get(name, -1), SHEET) < rank[:2] for name, (rank, hides) in winners.items())

    def _keys(self, element: str, values: dict[str, str]) -> list[tuple[str, str, str]]:
        if not self.said:
            return []
        kinds = [("", "")] + [(".", name) for name in set(values.get("class", "").split())]
        if values.get("id"):
            kinds.append(("#", values["id"]))
        return [(each, kind, name) for kind, name in kinds for each in (element, "*")]
