"""A draft verified as its own approved template: its grounds open with its whole text."""


def opens_grounds(text: str, grounds: str) -> bool:
    """Whether ``grounds`` open with the whole of ``text``, then a line break or nothing, as the grounds
    of the approved template as filled open with it (``DraftRequest.grounds``)."""
    return grounds.startswith(text) and grounds[len(text):len(text) + 1] in ("", "\n")
