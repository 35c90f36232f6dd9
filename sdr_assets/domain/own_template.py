"""A draft verified as its own approved template: its grounds open with its whole text.

Its grounds are then the text, a line break and the facts, whatever values were filled in. A check finds
nothing in such a text where it stops only what it finds in the text, grounds it by finding the same words
in the grounds, and reads nothing across a line break: the grounds read as the text up to the break after
it, so what the check finds in the text it finds in the grounds, at the same place. A value holding a line
break could run across it: the text is then read whole.
"""

from __future__ import annotations

from sdr_assets.domain.address_lines import Roles


def opens_grounds(text: str, grounds: str) -> bool:
    """Whether ``grounds`` open with the whole of ``text``, then a line break or nothing, as the grounds
    of the approved template as filled open with it (``DraftRequest.grounds``)."""
    return grounds.startswith(text) and grounds[len(text):len(text) + 1] in ("", "\n")


def own_template(text: str, grounds: str, roles: Roles | None) -> bool:
    """Whether ``text`` is read as its own approved template: ``grounds`` open with it and no name or value
    of ``roles`` holds a line break, which could run a name or value of the text on into the facts."""
    return opens_grounds(text, grounds) and not (roles and _breaks_lines(roles))


def _breaks_lines(roles: Roles) -> bool:
    return any("\n" in value for value in (roles.contact, roles.sender, *roles.facts, *(v for _, v in roles.fields)))
