"""HTML its reader never sees: elements hidden by their style or by the ``hidden`` attribute.

A mail's preheader (``<div style="display:none">``) or a block hidden with ``mso-hide:all`` holds words
nobody wrote to us: read as hers, a hidden "unsubscribe" beside "Yes, let's talk" ended a lead, and a
hidden "Yes I'm interested" was shown as her words. They are set apart, for triage to read on its own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["split_hidden"]

# A style that hides what it styles and all inside it: no box, no visibility, no opacity, or Outlook's
# own. A size of 0 is not one: templates set ``font-size:0`` or ``max-height:0`` on a wrapper to
# close the gaps between blocks, and size the words inside again (``<span style="font-size:14px">``).
_HIDING_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
    r"opacity\s*:\s*0+(?:\.0*)?\s*(?:[;!]|$)", re.I)
# The cheap sign that a document may hide something, a hiding style or the attribute: the parser runs
# only then ("border:none" and "overflow:hidden", in most html, are no sign).
_MAY_HIDE_RE = re.compile(rf"{_HIDING_RE.pattern}|\shidden\b", re.I)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _hides(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "hidden" or name == "style" and value and _HIDING_RE.search(value) for name, value in attrs)


class _HiddenSpans(HTMLParser):
    """The (start, end) offsets of each outermost hidden element; one never closed runs to the end."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.spans: list[tuple[int, int]] = []
        self.tag: str | None = None
        self.depth = 0
        self.start = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.tag is None:
            if _hides(attrs):
                self.tag, self.depth, self.start = tag, 1, self._offset()
        elif tag == self.tag:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag != self.tag:
            return
        self.depth -= 1
        if self.depth == 0:
            at = self._offset()
            close = self.markup.find(">", at)
            self.spans.append((self.start, len(self.markup) if close < 0 else close + 1))
            self.tag = None

    def finish(self) -> list[tuple[int, int]]:
        self.close()
        if self.tag is not None:
            self.spans.append((self.start, len(self.markup)))
        return self.spans


def split_hidden(markup: str) -> tuple[str, str]:
    """(the markup without its hidden elements, the hidden elements' markup, one a line)."""
    if not _MAY_HIDE_RE.search(markup):
        return markup, ""
    finder = _HiddenSpans(markup)
    try:
        finder.feed(markup)
        spans = finder.finish()
    except Exception:  # markup the parser cannot follow: read as it is
        return markup, ""
    if not spans:
        return markup, ""
    shown, hidden, last = [], [], 0
    for start, end in spans:
        shown.append(markup[last:start])
        hidden.append(markup[start:end])
        last = end
    shown.append(markup[last:])
    return "".join(shown), "\n".join(hidden)
