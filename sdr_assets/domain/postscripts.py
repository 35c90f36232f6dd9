"""A postscript's mark: "P.S.", "P.P.S." or "PS:" opening a line after the signature.

The mark is an abbreviation, no name: its letters ("P", "S") are no words of a claim. Taken out,
the note's first word opens a line, as any sentence's first word does; what the note says is read
as the rest of the draft is.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_MARK = LazyPattern(r"(?im)^([ \t]*)(?:p\.?[ \t]?){1,2}s\.?(?:[ \t]*:)?[ \t]+(?=\S)")


def without_postscript_marks(text: str) -> str:
    """``text`` with each line's opening postscript mark taken out."""
    return _MARK.sub(r"\1", text)
