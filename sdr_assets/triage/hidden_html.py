"""HTML its reader never sees: elements hidden by their style, a ``<style>`` sheet's rule or the ``hidden``
attribute (``style_sheets`` says which).

A mail's preheader (``<div style="display:none">``) or a block hidden with ``mso-hide:all`` holds words
nobody wrote to us: read as hers, a hidden "unsubscribe" beside "Yes, let's talk" ended a lead, and a
hidden "Yes I'm interested" was shown as her words. They are set apart, for triage to read on its own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .style_sheets import StyleSheets

__all__ = ["split_hidden"]

# The cheap sign that a document may hide something, in an element's style, a sheet's rule or the
# attribute: the parser runs only then ("border:none" and "overflow:hidden", in most html, are no sign).
_MAY_HIDE_RE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
    r"opacity\s*:\s*0+(?:\.0*)?\s*(?:[;!}\"']|$)|\shidden\b", re.I)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _Tags(HTMLParser):
    """Each tag's offset, name and attributes (None for an end tag) in order, and the document's sheets:
    a sheet applies to the whole document wherever it stands, so what hides is known only at the end."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.tags: list[tuple[int, str, list[tuple[str, str | None]] | None]] = []
        self.sheets = StyleSheets()
        self.style: tuple[str, list[str]] | None = None  # the open ``<style>``'s media and text so far

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self._read_style()
            self.style = (dict(attrs).get("media") or "", [])
        if tag not in _VOID:
            self.tags.append((self._offset(), tag, attrs))

    def handle_endtag(self, tag):
        if tag == "style":
            self._read_style()
        self.tags.append((self._offset(), tag, None))

    def handle_data(self, data):
        if self.style is not None:
            self.style[1].append(data)

    def _read_style(self) -> None:
        if self.style is not None:
            self.sheets.read("".join(self.style[1]), self.style[0])
            self.style = None

    def close(self):
        super().close()
        self._read_style()


def _hidden_spans(markup: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each outermost hidden element; one never closed runs to the end."""
    parser = _Tags(markup)
    parser.feed(markup)
    parser.close()
    spans: list[tuple[int, int]] = []
    hidden, depth, start = None, 0, 0
    for at, tag, attrs in parser.tags:
        if attrs is not None:
            if hidden is None and parser.sheets.hides(tag, attrs):
                hidden, depth, start = tag, 1, at
            elif tag == hidden:
                depth += 1
        elif tag == hidden:
            depth -= 1
            if depth == 0:
                close = markup.find(">", at)
                spans.append((start, len(markup) if close < 0 else close + 1))
                hidden = None
    if hidden is not None:
        spans.append((start, len(markup)))
    return spans


def split_hidden(markup: str) -> tuple[str, str]:
    """(the markup without its hidden elements, the hidden elements' markup, one a line)."""
    if not _MAY_HIDE_RE.search(markup):
        return markup, ""
    try:
        spans = _hidden_spans(markup)
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
