"""The phrases a text says that its grounds do not, each once, in the text's order."""

from __future__ import annotations

from collections.abc import Callable


def ungrounded(find: Callable[[str], list[str]], text: str, grounds: str) -> list[str]:
    """What ``find`` finds in ``text`` (lower case) and not in ``grounds`` (lower case); the grounds are
    read only where the text says something."""
    said = find(text.lower())
    if not said:
        return []
    known = set(find(grounds.lower()))
    return [phrase for phrase in dict.fromkeys(said) if phrase not in known]
