"""The first days of a new job as a phrase: "in your first 90 days", "during their first 100 days"
count no fact about the prospect, so the number is blanked before the number checks read a text.
Only a person's first days are that phrase (your, their, his, her) and only the spans onboarding is
counted in (30, 60, 90 or 100 days): "the app shipped in the first 90 days" or "within the first 18
months" count something and are checked. Whether the phrase says the contact is new is read where
claims of a new role are (``new_roles.py``: "in your first 90 days" said to a contact the facts do
not name as new is one).
"""

from __future__ import annotations

import re

_FIRST_DAYS = re.compile(r"(?i)(?<![\w-])((?:in|during|within|over|for|through)[ \t]+(?:your|their|his|her)[ \t]+"
                         r"first[ \t]+)(30|60|90|100)([ \t]+days(?![\w-]))")


def without_first_days(text: str) -> str:
    """``text`` with the number of each "in your first 90 days" blanked (spaces of its length)."""
    if "first" not in text.lower():
        return text
    return _FIRST_DAYS.sub(lambda m: m[1] + " " * len(m[2]) + m[3], text)
