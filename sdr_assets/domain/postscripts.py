"""A postscript's mark: "P.S.", "P.P.S." or "PS:" opening a line after the signature, followed on
its line (after a space or a no-break space) or alone on it; full-width forms ("ＰＳ：") too, as
marks are taken out before the text is folded.

The mark is an abbreviation, no name: its letters ("P", "S") are no words of a claim. Taken out,
the note's first word opens a line, as any sentence's first word does; what the note says is read
as the rest of the draft is.
"""

from __future__ import annotations

from sdr_assets.domain.lazy_patterns import LazyPattern

_SPACE = "[ \t\u00a0\u202f\u3000]"
_MARK = LazyPattern(rf"(?im)^({_SPACE}*)(?:[pＰｐ][.．]?{_SPACE}?){{1,2}}[sＳｓ][.．]?(?:{_SPACE}*[:：])?"
                    rf"(?:{_SPACE}+(?=\S)|{_SPACE}*\n(?={_SPACE}*\S))")


def without_postscript_marks(text: str) -> str:
    """``text`` with each line's opening postscript mark taken out."""
    return _MARK.sub(r"\1", text)
