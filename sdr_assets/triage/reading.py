"""A reply's text in the one form triage's rules read: spaces are spaces, nothing is unseen.

"Please remove&nbsp;me", "un\u200bsubscribe" and a full-width "ＵＮＳＵＢＳＣＲＩＢＥ" read as a person
sees them. NFKC makes every space (no-break, narrow, figure, ideographic) a plain one and folds
full-width and compatibility letters; the characters that render as nothing (Unicode's
default-ignorable code points: zero-width spaces and joiners, soft hyphens, word joiners, byte order
marks, bidirectional controls, variation selectors) are dropped; line and paragraph separators
break lines.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["reading_form"]

_IGNORABLE_RE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                           "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
                           "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\u0085": "\n"})


def reading_form(text: str) -> str:
    """``text`` as the rules read it; ASCII text is returned as it is. Linear in its length."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", _IGNORABLE_RE.sub("", text).translate(_LINE_BREAKS))
