"""The first days of a new job as a phrase: "in your first 90 days", "their first 100 days", "the
first 30 days" count no fact about the prospect, so the number is blanked before the number checks
read a text. Whether the phrase says the contact is new is read where claims of a new role are
(``new_roles.py``: "in your first 90 days" said to a contact the facts do not name as new is one).
"""

from __future__ import annotations

import re

_FIRST_DAYS = re.compile(r"(?i)(?<![\w-])((?:in|during|within|over|for|before|after|by|of|through)[ \t]+"
                         r"(?:your|their|the|his|her|its|a|an)[ \t]+first[ \t]+)(\d{2,3})([ \t]+(?:days|weeks|months)"
                         r"(?![\w-]))")


def without_first_days(text: str) -> str:
    """``text`` with the number of each "in your first 90 days" blanked (spaces of its length)."""
    if "first" not in text.lower():
        return text
    return _FIRST_DAYS.sub(lambda m: m[1] + " " * len(m[2]) + m[3], text)
